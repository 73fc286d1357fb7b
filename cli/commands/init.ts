/**
 * `kpa init <dir> --kind …`: scaffolds a plugin that is right by construction for a Target
 * (builder/init/scaffold.ts chooses the files; this door validates input and writes them).
 */
import { Option, type Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { PLUGIN_KINDS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import { resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { goDirectiveFor, MODULE_PATH, PLUGIN_NAME, scaffoldFiles } from '../../builder/init/scaffold.js';
import { addTargetOptions } from '../target-options.js';
import { UsageError, type CliIO } from '../io.js';
import { toPosix } from '../../host/disk-workspace.js';
import { writeFilesInto } from '../../host/safe-write.js';

export interface InitOptions {
  kind?: string;
  krakend?: string;
  flavour?: string;
  module?: string;
  name?: string;
  force?: boolean;
  logger?: boolean;
  goDirective?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  addTargetOptions(program.command('init'), { purpose: 'to scaffold for', defaults: { krakend: 'latest', flavour: 'alpine' }, arch: false, flavourFor: '(the Makefile\'s default)' })
    .description('scaffold a plugin that is right by construction for a target')
    .argument('<dir>', 'directory to create the plugin in (created when missing)')
    .addOption(new Option('--kind <kind>', 'plugin kind').choices([...PLUGIN_KINDS]))
    .option('--module <path>', 'Go module path; it is also the plugin path, which must be unique per KrakenD (default: the name)')
    .option('--name <name>', 'the name the plugin registers and krakend.json uses (default: the directory name)')
    .option('--no-logger', 'leave out RegisterLogger')
    .option('--force', 'overwrite existing files')
    // Tests build the scaffold with an older local Go than the target's; not for users.
    .addOption(new Option('--go-directive <version>', 'go directive of go.mod (default: the target Go, major.minor)').hideHelp())
    .action(async (dir: string, opts: InitOptions) => done(initCommand(dir, opts, io)));
}

export function initCommand(dirArg: string, opts: InitOptions, io: CliIO): number {
  if (!opts.kind) throw new UsageError(`choose the plugin kind: kpa init ${dirArg} --kind ${PLUGIN_KINDS.join('|')}`);
  const kind = opts.kind as PluginKind;
  const resolved = resolveTarget({ krakend: opts.krakend, flavour: opts.flavour });
  if ('error' in resolved) throw new UsageError(resolved.error);
  const target = resolved.target;

  const dir = toPosix(resolve(io.cwd, dirArg));
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${dirArg}: exists and is not a directory`);
  const name = opts.name ?? nameFromDir(basename(dir));
  if (!PLUGIN_NAME.test(name)) {
    throw new UsageError(`--name ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-', starting with a letter or digit`);
  }
  const modulePath = opts.module ?? name;
  if (!MODULE_PATH.test(modulePath)) throw new UsageError(`--module ${JSON.stringify(modulePath)}: not a Go module path (e.g. github.com/acme/krakend-${name})`);
  const goDirective = opts.goDirective ?? goDirectiveFor(target.manifest.go);
  if (!/^1\.\d+(\.\d+)?$/.test(goDirective)) throw new UsageError(`--go-directive ${goDirective}: write 1.N`);

  const files = scaffoldFiles({ kind, name, modulePath, target, goDirective, logger: opts.logger });
  const existing = writeFilesInto(dir, dirArg, files, Boolean(opts.force));

  io.stdout(`Created a ${kind} plugin "${name}" (module ${modulePath}) for KrakenD ${target.spec.krakend}, Go ${target.manifest.go}, in ${dirArg}:\n`);
  for (const f of files) io.stdout(`  ${f.path}${existing.includes(f.path) ? ' (overwritten)' : ''}\n`);
  io.stdout(`Next: cd ${dirArg} && kpa lint . && make amd64\n`);
  if (kind === 'middleware') {
    io.stderr(
      `note: middleware plugins load only in KrakenD Enterprise. kpa's release data is Community Edition: the Go version ` +
        `(${target.manifest.go}) and the builder images kpa build uses are those of CE ${target.spec.krakend}; build with your ` +
        `Enterprise version's builder (krakend/builder-ee:<version>) instead.\n`,
    );
  }
  return 0;
}

/** A directory name made into a plugin name: `My Plugin!` → `my-plugin`. */
function nameFromDir(base: string): string {
  const name = base
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  return name || 'plugin';
}
