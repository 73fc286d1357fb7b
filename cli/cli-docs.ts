/**
 * Renders docs/cli.md from the command definitions themselves (each command module registers its
 * options on a commander program), so the page cannot drift from `kpa help <command>`.
 * cli/cli-docs.test.ts fails when docs/cli.md is stale; regenerate with
 * `npx vitest run cli/cli-docs.test.ts -u`.
 */
import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import type { CliIO } from './io.js';

const HELP_WIDTH = 100;

const SILENT_IO: CliIO = { stdout() {}, stderr() {}, cwd: '/', env: {}, isTTY: false, stderrIsTTY: false };

export async function renderCliDocs(): Promise<string> {
  const out: string[] = [
    '# kpa command line',
    '',
    '<!-- Generated from the command definitions by cli/cli-docs.ts. Do not edit by hand:',
    '     run `npx vitest run cli/cli-docs.test.ts -u` after changing a command. -->',
    '',
    'Exit codes for every command: `0` clean, `1` findings at or above the chosen severity, `2` usage or input error.',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...COMMANDS.map((c) => `| [\`kpa ${c.name}\`](#kpa-${c.name}) | ${c.summary} |`),
    '',
  ];
  for (const entry of COMMANDS) {
    out.push(`## kpa ${entry.name}`, '', entry.summary, '');
    const program = new Command('kpa').configureHelp({ helpWidth: HELP_WIDTH });
    try {
      const mod = await entry.load();
      mod.register(program, SILENT_IO, () => {});
    } catch (err) {
      out.push(`(This build could not load the command: ${(err as Error).message.split('\n')[0]})`, '');
      continue;
    }
    const command = program.commands.find((c) => c.name() === entry.name);
    if (!command) continue;
    command.configureHelp({ helpWidth: HELP_WIDTH });
    out.push('```text', command.helpInformation().trimEnd(), '```', '');
  }
  return out.join('\n');
}
