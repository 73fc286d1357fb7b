/**
 * `kpa check-plugin`: a drop-in for `krakend check-plugin` of CE ≥ 2.7.1 (spec §3): the same flags,
 * comparison, texts (on stderr, as cobra's cmd.Println) and exit codes, against a shipped release
 * manifest instead of the running binary (`--krakend`, default newest). kpa's own usage errors exit 2.
 */
import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import {
  compareDescriptors,
  describeGoSum,
  formatDiffs,
  krakendDescriptor,
} from '../../analyzers/manifests/check-plugin-compare.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { parseGoMod } from '../../analyzers/modules/go-mod.js';
import { decodeSource } from '../../analyzers/workspace.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, type CliIO } from '../io.js';
import { readRegularFile } from '../../host/disk-workspace.js';
import { escapeControlCharactersKeepingLayout } from '../../host/display-text.js';

interface CheckPluginOptions {
  sum: string;
  go?: string;
  libc: string;
  format?: boolean;
  krakend?: string;
  flavour?: string;
  arch?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('check-plugin'), { purpose: 'to compare with', defaults: { krakend: 'latest', flavour: 'alpine', arch: 'amd64' } })
    .description('drop-in for `krakend check-plugin`: compare a plugin go.sum with a KrakenD release')
    .option('-s, --sum <path>', 'path to the go.sum file to analyze', './go.sum')
    .option('-g, --go <version>', 'version of the go compiler used for building the plugin (default: the release Go)')
    .option('-l, --libc <version>', 'version of the libc library used', '')
    .option('-f, --format', 'shortcut for go get / go mod edit commands with the versions KrakenD wants')
    .addHelpText('after', '\nExample:\n  kpa check-plugin -g 1.25.12 -s ./go.sum -f --krakend 2.13\n\nOutput and exit codes follow krakend check-plugin of CE 2.7.1 and later (on stderr).')
    .action((options: CheckPluginOptions) => done(runCheckPlugin(options, io)));
}

export function runCheckPlugin(options: CheckPluginOptions, io: CliIO): number {
  const resolved = resolveTarget({ krakend: options.krakend, flavour: options.flavour, arch: options.arch });
  if ('error' in resolved) throw new UsageError(resolved.error);
  const { manifest, spec } = resolved.target;
  // Module paths, versions and file names come from the plugin's go.sum and go.mod: shown, never acted on.
  const say = (line: string) => io.stderr(escapeControlCharactersKeepingLayout(line) + '\n');

  const sumPath = resolve(io.cwd, options.sum);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(sumPath);
  } catch (err) {
    say(goOpenError(options.sum, err));
    return 1;
  }
  const decoded = decodeSource(bytes);
  if ('error' in decoded) {
    // krakend check-plugin would silently compare garbage; a file that is not text is an input error here.
    say(`kpa: ${options.sum} is not a go.sum: ${decoded.error}`);
    return 2;
  }
  const plugin = describeGoSum(decoded.text);
  if ('error' in plugin) {
    say(plugin.error);
    return 1;
  }
  const { descriptor, libc } = krakendDescriptor(manifest, spec.flavour);
  const diffs = compareDescriptors(descriptor, { go: options.go ?? manifest.go, libc: options.libc, deps: plugin.deps }, libc.matches);
  if (diffs.length === 0) {
    say('No incompatibilities found!');
    return 0;
  }
  let indirect = new Set<string>();
  if (options.format) {
    const goModName = join(dirname(options.sum), 'go.mod');
    let text: string;
    try {
      text = readRegularFile(resolve(io.cwd, goModName)).toString('utf8');
    } catch (err) {
      say(`reading go.mod: ${goOpenError(goModName, err)}`);
      return 1;
    }
    const goMod = parseGoMod(goModName, text);
    const fatal = goMod.problems.find((p) => p.severity === 'error');
    if (fatal) {
      say(`parsing go.mod: ${goModName}:${fatal.range.start.line + 1}: ${fatal.message}`);
      return 1;
    }
    indirect = new Set(goMod.requires.filter((r) => r.indirect).map((r) => r.path));
  }
  io.stderr(escapeControlCharactersKeepingLayout(formatDiffs(diffs, Boolean(options.format), indirect)));
  say(`${diffs.length} incompatibilities found`);
  return 1;
}

/** The text of Go's *PathError for os.Open / os.ReadFile. */
function goOpenError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error)?.message ?? String(err);
  if (code === 'EISDIR') return `read ${path}: is a directory`;
  return `open ${path}: ${reason}`;
}
