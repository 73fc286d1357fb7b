/**
 * `kpa explain-error` as users run it: `node bin/kpa.js` spawned in a plugin workspace, the log given as a
 * file, on stdin (piped, or `-`) or as text; JSON checked against docs/schemas/explain-error-v1.schema.json.
 */
import { Ajv } from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getManifest } from '../../analyzers/manifests/resolve-target.js';
import { REPO } from '../../server/stdio-client.js';
import { writePluginWorkspace as workspace, XXHASH } from '../../fixtures/logs/plugin-workspace.js';

const WANT = getManifest('2.7.2')!.modules[XXHASH];
const LOG = join(REPO, 'fixtures/logs/ce-1012-xxhash.log');
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'docs/schemas/explain-error-v1.schema.json'), 'utf8')) as object);
const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

function kpa(args: string[], cwd: string, input?: string | Buffer) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/kpa.js'), 'explain-error', ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.stderr).not.toMatch(STACK_TRACE);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(stdout: string) {
  const parsed = JSON.parse(stdout) as { target: Record<string, unknown>; errors: Record<string, unknown>[] };
  expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  return parsed;
}

let stale: string;
let pinned: string;
beforeAll(() => {
  stale = workspace('v2.1.0');
  pinned = workspace(WANT);
});
afterAll(() => {
  for (const dir of [stale, pinned]) rmSync(dir, { recursive: true, force: true });
});

describe('kpa explain-error', () => {
  test('a log file: the module KrakenD links at another version, with the go get that aligns it', () => {
    const r = kpa([LOG, '--format', 'json'], stale);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.target).toMatchObject({ krakend: '2.7.2', source: 'log' });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ line: 3, cause: 'module-version', subject: XXHASH, plugin: '/opt/krakend/plugins/ratelimit.so', repeats: 3 });
    expect(out.errors[0].explanation).toContain('builds it at v2.1.0 (go.mod)');
    expect(out.errors[0].fix).toContain(`go get ${XXHASH}@${WANT}`);
  });

  test('go.sum already at the version KrakenD links: build settings', () => {
    const out = json(kpa([LOG, '--format', 'json'], pinned).stdout);
    expect(out.errors[0]).toMatchObject({ cause: 'build-settings', subject: XXHASH });
  });

  test('stdin, piped without an argument or as -, and the text as the argument', () => {
    const log = readFileSync(LOG, 'utf8');
    for (const args of [[], ['-']]) {
      const r = kpa([...args, '--format', 'json'], stale, log);
      expect(r.code).toBe(0);
      expect(json(r.stdout).errors[0].cause).toBe('module-version');
    }
    const text = kpa(['plugin.Open("p"): plugin was built with a different version of package runtime', '--krakend', '2.7.2'], stale);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('text:1: go-version · runtime');
    expect(text.stdout).toContain('Build with Go 1.22.7');
    expect(text.stdout).toContain('krakend/builder:2.7.2');
  });

  test('the target: --krakend and .kpa.json win over the log, and say so', () => {
    expect(json(kpa([LOG, '--format', 'json', '--krakend', '2.8.0'], stale).stdout).target).toMatchObject({ krakend: '2.8.0', source: 'flags' });
    const dir = workspace('v2.1.0');
    try {
      writeFileSync(join(dir, '.kpa.json'), '{ "target": { "krakend": "2.6.0", "flavour": "linux-generic" } }\n');
      expect(json(kpa([LOG, '--format', 'json'], dir).stdout).target).toMatchObject({ krakend: '2.6.0', flavour: 'linux-generic', source: 'settings' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a .kpa.json kpa cannot follow: exit 2, its problems named', () => {
    const dir = workspace();
    try {
      writeFileSync(join(dir, '.kpa.json'), '{ "target": { "krakend": 2.7 } }\n');
      const r = kpa([LOG], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^\.kpa\.json:1:\d+: /);
      expect(r.stderr).toContain('kpa: fix .kpa.json (settings for kpa) and run again');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('text output: one block per failure, log data escaped', () => {
    const r = kpa([], stale, 'KRAKEND DEBUG: plugin #0 (/p/\u001b[2Jx.so): plugin.Open("/p/x"): plugin already loaded\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stdin:1: already-loaded');
    expect(r.stdout).toContain('/p/\\x1b[2Jx.so');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('1 plugin failure.');
  });

  test('a log with nothing plugin-related: exit 0, and why it may be empty', () => {
    const r = kpa([join(REPO, 'fixtures/logs/nothing-plugin-related.log')], stale);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No plugin failure in');
  });

  test('usage and input errors: exit 2, one line naming the input', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kpa-explain-error-bad-')));
    try {
      writeFileSync(join(dir, 'junk.log'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
      mkdirSync(join(dir, 'folder'));
      writeFileSync(join(dir, 'ok.log'), 'KRAKEND INFO: Listening on port: 8080\n');
      writeFileSync(join(dir, 'huge.log'), '');
      truncateSync(join(dir, 'huge.log'), 65 * 1024 * 1024);
      const cases: [string[], RegExp][] = [
        [['missing.log'], /^kpa: missing\.log: no such file or directory/],
        [['junk.log'], /^kpa: junk\.log: not a text log: binary file/],
        [['folder'], /^kpa: folder: is a directory/],
        [['huge.log'], /^kpa: huge\.log: 68157440 bytes, more than the \d+ bytes kpa reads/],
        [['ok.log', '--krakend', '9.9.9'], /unknown KrakenD version "9\.9\.9"/],
        [['ok.log', '--format', 'xml'], /argument 'xml' is invalid/],
      ];
      for (const [args, message] of cases) {
        const r = kpa(args, dir);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stdout).toBe('');
        // commander words its own choice errors (and may add a help hint); kpa's are one line.
        if (!args.includes('xml')) expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(message);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
