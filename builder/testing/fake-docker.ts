/**
 * A FAKE `docker` client for tests: no Docker engine runs on the machines kpa is tested on, so tests put
 * this executable first on PATH. It records every invocation (argv, environment, cwd) as a JSON line and
 * imitates the real client's observable behaviour for `version`, `image inspect`, `pull` and `run`:
 * exit codes (125 for docker's own failures, the container's code otherwise) and the real messages.
 * It never builds anything: on a successful `run` it writes a placeholder file where `go build -o` would. It
 * answers `go version` in any image with FAKE_DOCKER_GO (default 1.25.12) and remembers which volumes it created (with their kpa.user label).
 *
 * FAKE_DOCKER_MODE selects the scenario:
 *   ok              daemon up, image present, build succeeds (prints go-like progress)
 *   missing-image   like ok, but `image inspect` fails so kpa must pull (the pull succeeds)
 *   compile-error   the build prints Go compiler errors, leaves a half-written output, exits 1
 *   stream          the build writes a partial output, prints "step 1", waits for FAKE_DOCKER_GATE to
 *                   exist, then prints "step 2" and writes the output
 *   pull-fail       the image is absent and `docker pull` fails with the registry's message
 *   no-daemon       every command fails as the real client does without a daemon
 *   daemon-lost     checks pass, then `docker run` fails with exit 125 and the daemon message
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeDockerCall {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface FakeDocker {
  /** Put this first on PATH. */
  binDir: string;
  logFile: string;
  calls(): FakeDockerCall[];
  /** The calls whose first argument is `run`. */
  runs(): FakeDockerCall[];
}

/** The real client's text without a daemon (docker 28, checked on this machine with no engine running). */
export const NO_DAEMON_MESSAGE = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
export const PULL_FAILURE_MESSAGE = 'Error response from daemon: manifest for {image} not found: manifest unknown: manifest unknown';

const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const argv = process.argv.slice(2);
const mode = process.env.FAKE_DOCKER_MODE || 'ok';
fs.appendFileSync(process.env.FAKE_DOCKER_LOG, JSON.stringify({ argv, env: process.env, cwd: process.cwd() }) + '\n');
const NO_DAEMON = ${JSON.stringify(NO_DAEMON_MESSAGE)};
const PULL_FAILURE = ${JSON.stringify(PULL_FAILURE_MESSAGE)};
const out = (s) => process.stdout.write(s + '\n');
const err = (s) => process.stderr.write(s + '\n');

function csvFields(value) {
  const fields = []; let cur = ''; let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) { if (c === '"' && value[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c; }
    else if (c === '"') quoted = true; else if (c === ',') { fields.push(cur); cur = ''; } else cur += c;
  }
  fields.push(cur);
  return fields;
}

/** Where -o lands on the host: the bind mount whose target holds it (a read-only mount cannot be written). */
function hostOutput(args) {
  const mounts = []; let workdir = '/';
  for (let i = 0; i < args.length && !(args[i] === 'go' || args[i] === 'sh'); i++) {
    if (args[i] === '-v') { const parts = args[++i].split(':'); mounts.push({ source: parts[0], target: parts[1], ro: parts[2] === 'ro' }); }
    else if (args[i] === '--mount') { const m = { ro: false }; for (const f of csvFields(args[++i])) { const [k, ...rest] = f.split('='); if (k === 'source') m.source = rest.join('='); if (k === 'target') m.target = rest.join('='); if (k === 'readonly') m.ro = true; } mounts.push(m); }
    else if (args[i] === '-w') workdir = args[++i];
  }
  const o = args.indexOf('-o');
  if (o < 0) return null;
  const inContainer = path.posix.resolve(workdir, args[o + 1]);
  const m = mounts.find((m) => inContainer.startsWith(m.target + '/'));
  if (!m) return null;
  if (m.ro) { err('go: open ' + inContainer + ': read-only file system'); process.exit(1); }
  return path.join(m.source, inContainer.slice(m.target.length + 1));
}

function image(args) {
  // the first argument after the options (every option kpa uses takes a value except --rm)
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--rm') continue;
    if (args[i].startsWith('-')) { i++; continue; }
    return args[i];
  }
  return null;
}

const cmd = argv[0] === 'image' || argv[0] === 'volume' ? argv[0] + ' ' + argv[1] : argv[0];
if (mode === 'no-daemon') {
  if (cmd === 'run' || cmd === 'pull') { err('docker: ' + NO_DAEMON); err(''); err("Run 'docker " + cmd + " --help' for more information"); process.exit(cmd === 'run' ? 125 : 1); }
  err(NO_DAEMON); process.exit(1);
}
if (cmd === 'version') { out('28.2.2'); process.exit(0); }
if (cmd === 'image inspect') {
  if (mode === 'missing-image' || mode === 'pull-fail') { out(''); err('Error response from daemon: No such image: ' + argv[argv.length - 1]); process.exit(1); }
  out('sha256:0123456789abcdef'); process.exit(0);
}
if (cmd === 'pull') {
  const img = argv[argv.length - 1];
  if (mode === 'pull-fail') { err(PULL_FAILURE.replace('{image}', img)); process.exit(1); }
  out(img.split(':')[1] + ': Pulling from ' + img.split(':')[0]); out('Status: Downloaded newer image for ' + img); process.exit(0);
}
if (cmd === 'volume inspect') { const f = process.env.FAKE_DOCKER_LOG + '.volume-' + argv[argv.length - 1]; if (fs.existsSync(f)) { out(fs.readFileSync(f, 'utf8')); process.exit(0); } err('Error: No such volume: ' + argv[argv.length - 1]); process.exit(1); }
if (cmd === 'volume create') { const label = argv.find((a) => a.startsWith('kpa.user=')); fs.writeFileSync(process.env.FAKE_DOCKER_LOG + '.volume-' + argv[argv.length - 1], label ? label.slice(9) : ''); out(argv[argv.length - 1]); process.exit(0); }
if (cmd === 'rm') { out(argv[argv.length - 1]); process.exit(0); }
if (cmd === 'run' && argv[argv.length - 2] === 'go' && argv[argv.length - 1] === 'version') { out('go version go' + (process.env.FAKE_DOCKER_GO || '1.25.12') + ' linux/amd64'); process.exit(0); }
if (cmd === 'run' && argv.includes('--entrypoint')) process.exit(0);
if (cmd === 'run') {
  if (mode === 'daemon-lost') { err('docker: ' + NO_DAEMON); err(''); err("Run 'docker run --help' for more information"); process.exit(125); }
  const target = hostOutput(argv);
  if (mode === 'compile-error') {
    if (target) fs.writeFileSync(target, 'half-written');
    err('# example.com/broken');
    err('./main.go:7:2: undefined: undefinedThing');
    err('./main.go:9:22: cannot use "x" (untyped string constant) as int value in assignment');
    err('\thave string');
    err('\twant int');
    process.exit(1);
  }
  if (mode === 'stream') {
    if (target) fs.writeFileSync(target, 'partial');
    out('step 1');
    const gate = process.env.FAKE_DOCKER_GATE;
    const until = Date.now() + 10000;
    while (!fs.existsSync(gate)) { if (Date.now() > until) { err('gate timeout: kpa did not show step 1 before the build ended'); process.exit(99); } Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }
    out('step 2');
  } else {
    err('go: downloading nothing (fake docker: image ' + image(argv) + ')');
  }
  if (!target) { err('fake docker: no -o under the mount'); process.exit(2); }
  fs.writeFileSync(target, 'fake plugin built by the fake docker\n' + JSON.stringify(argv) + '\n');
  process.exit(0);
}
err('fake docker: unsupported command ' + argv.join(' ')); process.exit(2);
`;

export function installFakeDocker(root: string): FakeDocker {
  const binDir = join(root, 'fake-docker-bin');
  mkdirSync(binDir, { recursive: true });
  const exe = join(binDir, 'docker');
  writeFileSync(exe, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(exe, 0o755);
  const logFile = join(root, 'fake-docker-calls.jsonl');
  const calls = (): FakeDockerCall[] =>
    existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as FakeDockerCall)
      : [];
  return { binDir, logFile, calls, runs: () => calls().filter((c) => c.argv[0] === 'run') };
}
