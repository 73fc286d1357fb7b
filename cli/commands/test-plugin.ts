/**
 * `kpa test-plugin`: a static drop-in for `krakend test-plugin` (spec §4). Same flags, same lines on
 * stderr, same exit codes; no KrakenD binary needed. The .so files are read, never loaded. Against a
 * Target (--krakend/--flavour/--arch or --manifest) it also predicts what that KrakenD's loader hits.
 */
import { readManifestOption } from '../../host/read-manifest.js';
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { analyzeBinary } from '../../analyzers/binary/index.js';
import { kindVerdict, targetMismatches, type Mismatch } from '../../analyzers/binary/plugin-verdict.js';
import type { BinaryFacts } from '../../analyzers/binary/facts.js';
import { PLUGIN_KIND_SPECS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import type { Manifest, Target } from '../../analyzers/target.js';
import { describeFsError, readRegularFile } from '../../host/disk-workspace.js';
import { escapeControlCharactersKeepingLayout } from '../../host/display-text.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, type CliIO } from '../io.js';

interface Options {
  server?: boolean;
  client?: boolean;
  modifier?: boolean;
  middleware?: boolean;
  krakend?: string;
  flavour?: string;
  arch?: string;
  manifest?: string;
}

/** Loader order of `krakend test-plugin`: server, modifier, client; EE middleware last. */
const ORDER: { kind: PluginKind; flag: keyof Options; label: string }[] = [
  { kind: 'server', flag: 'server', label: 'SERVER' },
  { kind: 'modifier', flag: 'modifier', label: 'MODIFIER' },
  { kind: 'client', flag: 'client', label: 'CLIENT' },
  { kind: 'middleware', flag: 'middleware', label: 'MIDDLEWARE' },
];

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('test-plugin'), { purpose: 'to check against', defaults: {}, manifest: true })
    .usage('[flags] [artifacts]')
    .description(
      'Tests that one or more plugins are loadable into KrakenD, statically: reads each .so (ELF, Go type data) without loading it.\n' +
        'Output and exit codes follow `krakend test-plugin`. With a target it also reports what that KrakenD would reject.\n' +
        'A static read cannot see panics in init() or Register…() and, without a manifest from the real binary, predicts\n' +
        'package-version errors from Go and module versions rather than from the binary\'s package hashes.',
    )
    .argument('[artifacts...]', 'plugin files (.so)')
    .option('-s, --server', 'The artifact should contain a Server Plugin.')
    .option('-c, --client', 'The artifact should contain a Client Plugin.')
    .option('-m, --modifier', 'The artifact should contain a Req/Resp Modifier Plugin.')
    .option('-w, --middleware', 'The artifact should contain a Middleware Plugin (Enterprise).')
    .action((artifacts: string[], opts: Options) => {
      done(runTestPlugin(artifacts, opts, io));
    });
}

export function runTestPlugin(artifacts: string[], opts: Options, io: CliIO): number {
  // Plugin names and paths come from the .so files: shown, never acted on.
  const say = (line: string) => io.stderr(escapeControlCharactersKeepingLayout(line) + '\n');
  if (artifacts.length === 0) {
    say('At least one plugin is required.');
    return 1;
  }
  const kinds = ORDER.filter((o) => opts[o.flag]);
  if (kinds.length === 0) {
    say('You must declare the expected type of the plugin.');
    return 1;
  }
  const target = resolveTargetOption(opts, io);
  const start = process.hrtime.bigint();
  let failed = 0;
  const loaded: BinaryFacts[] = [];
  for (const arg of artifacts) {
    const abs = resolve(io.cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        say(`[KO] Unable to open the plugin ${arg}.`);
        failed++;
        continue;
      }
    }
    const name = basename(arg);
    const loaderPath = join(dirname(arg), name);
    const result = isDir ? directoryResult(loaderPath) : testFile(abs, loaderPath, kinds.map((k) => k.kind), target, loaded);
    let ok = true;
    for (const k of kinds) {
      const line = result.lines.get(k.kind) ?? null;
      if (line === null) say(`[OK] ${k.label}\t${name}`);
      else {
        ok = false;
        say(`[KO] ${k.label}\t${name}: ${line}`);
      }
    }
    for (const note of result.notes) say(`  ${note}`);
    if (!ok) failed++;
  }
  const took = formatGoDuration(process.hrtime.bigint() - start);
  if (failed > 0) {
    say(`[KO] ${artifacts.length} tested plugin(s) in ${took}.\n${failed} plugin(s) failed.`);
    return 1;
  }
  say(`[OK] ${artifacts.length} tested plugin(s) in ${took}`);
  return 0;
}

interface FileResult {
  /** Per kind: the KO text, or null for OK. */
  lines: Map<PluginKind, string | null>;
  /** kpa's explanation lines printed under the file's lines. */
  notes: string[];
}

function directoryResult(loaderPath: string): FileResult {
  const msg = `${loaderPath} is a directory, not a plugin file (krakend test-plugin would skip it and report OK without loading anything)`;
  return { lines: new Map(ORDER.map((o) => [o.kind, msg])), notes: [] };
}

function testFile(abs: string, loaderPath: string, kinds: PluginKind[], target: Target | null, loaded: BinaryFacts[]): FileResult {
  const lines = new Map<PluginKind, string | null>();
  const notes: string[] = [];
  const all = (text: string | null) => kinds.forEach((k) => lines.set(k, text));
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(abs);
  } catch (err) {
    all(`plugin.Open("${loaderPath}"): ${abs}: ${describeFsError(err)}`);
    return { lines, notes };
  }
  const facts = analyzeBinary(abs, bytes);
  const open = `plugin.Open("${loaderPath}")`;
  if (facts.error) {
    const dl = facts.error.startsWith('invalid ELF header') ? 'invalid ELF header' : facts.error.startsWith('the file is truncated') ? (bytes.length < 64 ? 'file too short' : 'ELF load command past end of file') : facts.error;
    all(`${open}: ${abs}: ${dl}`);
    notes.push(`kpa: ${facts.error}.`);
    return { lines, notes };
  }
  if (facts.kind === 'executable' || facts.kind === 'go-executable') {
    all(`${open}: ${abs}: cannot dynamically load position-independent executable`);
    notes.push('kpa: this is a program, not a plugin: build the plugin with `go build -buildmode=plugin`.');
    return { lines, notes };
  }
  if (facts.kind !== 'plugin' && facts.kindUndecided) {
    all(null);
    notes.push(`kpa: cannot decide statically: ${facts.kindUndecided}.`);
    return { lines, notes };
  }
  if (facts.kind !== 'plugin') {
    all('fatal error: runtime: no plugin module data');
    notes.push(`kpa: this is ${facts.go ? 'a Go shared object that is not a plugin' : 'a shared object that is not a Go plugin'}; KrakenD would crash here instead of logging an error. Build the plugin with \`go build -buildmode=plugin\`.`);
    return { lines, notes };
  }
  const mismatches: Mismatch[] = target ? targetMismatches(facts, target, abs, loaded) : [];
  loaded.push(facts);
  const blocking = mismatches[0];
  kinds.forEach((k, i) => {
    if (blocking) {
      // Go caches a failed module init: the loaders after the first see "(previous failure)".
      const cached = blocking.stage === 'module-init' && i > 0;
      const shownPath = cached || blocking.stage === 'dlopen' ? loaderPath : withoutSo(loaderPath);
      lines.set(k, `plugin.Open("${shownPath}"): ${blocking.loaderError}${cached ? ' (previous failure)' : ''}`);
      return;
    }
    const v = kindVerdict(facts, k);
    const spec = PLUGIN_KIND_SPECS[k];
    if (v.status === 'missing') lines.set(k, `The plugin does not contain a ${spec.symbol}.`);
    else if (v.status === 'unknown-type') {
      lines.set(k, v.loaderError);
      notes.push(`kpa: ${v.explanation}`);
    } else {
      lines.set(k, null);
      if (v.status === 'undecided') notes.push(`kpa: cannot decide statically: ${v.explanation}`);
    }
  });
  for (const m of mismatches) notes.push(`kpa: ${m.explanation}`);
  for (const u of facts.undecided) notes.push(`kpa: cannot tell from this file: ${u}.`);
  return { lines, notes };
}

function withoutSo(p: string): string {
  return p.endsWith('.so') && p.length > 3 ? p.slice(0, -3) : p;
}

function resolveTargetOption(opts: Options, io: CliIO): Target | null {
  if (opts.krakend === undefined && opts.flavour === undefined && opts.arch === undefined && opts.manifest === undefined) return null;
  let manifest: Manifest | undefined;
  if (opts.manifest !== undefined) manifest = readManifestOption(opts.manifest, io.cwd, opts.manifest);
  const flavour = opts.flavour ?? (manifest?.build?.libc === 'glibc' ? 'linux-generic' : undefined);
  const arch = opts.arch ?? (manifest?.build?.goarch === 'arm64' || manifest?.build?.goarch === 'amd64' ? manifest.build.goarch : undefined);
  const r = resolveTarget({ krakend: opts.krakend, flavour, arch, manifest });
  if ('error' in r) throw new UsageError(r.error);
  return r.target;
}

/** Reads `--manifest`; shared with `kpa manifest`. */

/** Go's time.Duration.String(): `850ns`, `13.498341ms`, `1.5s`, `2m3.2s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const n = Number(ns);
  const trim = (v: string) => v.replace(/\.?0+$/, '');
  if (n < 1e3) return `${n}ns`;
  if (n < 1e6) return `${trim((n / 1e3).toFixed(3))}µs`;
  if (n < 1e9) return `${trim((n / 1e6).toFixed(6))}ms`;
  const totalSeconds = n / 1e9;
  const h = Math.floor(totalSeconds / 3600);
  const mnt = Math.floor((totalSeconds % 3600) / 60);
  const s = trim((totalSeconds % 60).toFixed(9));
  return `${h ? `${h}h` : ''}${h || mnt ? `${mnt}m` : ''}${s}s`;
}
