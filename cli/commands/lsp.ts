/** Placeholder until the command lands; it says so and exits 2. */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('lsp')
    .allowUnknownOption()
    .argument('[args...]')
    .action(() => {
      io.stderr('kpa lsp is not available in this build yet\n');
      done(2);
    });
}
