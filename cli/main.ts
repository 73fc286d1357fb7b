/**
 * `kpa`: parses argv and runs one command. Returns the exit code (ESLint style); bin/kpa.js sets it.
 * Only the chosen command's module is loaded, so `kpa --help` stays light.
 */
import { Command, CommanderError } from 'commander';
import { escapeControlCharactersKeepingLayout } from '../host/display-text.js';
import { kpaVersion } from '../host/version.js';
import { COMMANDS } from './commands/index.js';
import { processIO, UsageError, type CliIO } from './io.js';


function baseProgram(io: CliIO): Command {
  const program = new Command('kpa')
    .description('KrakenD Plugin Analyzer: finds why a KrakenD Go plugin will not load, while you write it')
    .version(kpaVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run `kpa help <command>` for its options)');
  return program;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const program = baseProgram(io);
  const first = argv.find((a) => !a.startsWith('-'));
  const wantsHelpFor = first === 'help' ? argv[argv.indexOf('help') + 1] : undefined;
  const entry = COMMANDS.find((c) => c.name === (wantsHelpFor ?? first));
  let code = 0;
  const done = (c: number) => {
    code = c;
  };
  if (entry) {
    try {
      const mod = await entry.load();
      mod.register(program, io, done);
    } catch (err) {
      io.stderr(`kpa: the ${entry.name} command could not start: ${(err as Error).message}\n`);
      return 2;
    }
  } else {
    for (const c of COMMANDS) program.command(c.name).description(c.summary);
  }
  try {
    await program.parseAsync(wantsHelpFor ? [wantsHelpFor, '--help'] : argv, { from: 'user' });
    if (argv.length === 0) {
      program.outputHelp();
    }
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      // Usage errors quote file names and values from the workspace: shown, never acted on by the terminal.
      io.stderr(`kpa: ${escapeControlCharactersKeepingLayout(err.message)}\n`);
      return err.exitCode;
    }
    io.stderr(`kpa: internal error: ${(err as Error)?.stack ?? String(err)}\nPlease report this with the input that caused it.\n`);
    return 3;
  }
}
