/**
 * Choosing and loading the tree-sitter Go parser, for every door. KPA_PARSER=native|wasm|auto chooses the
 * binding; `auto` means the door's own preference, with the other binding as the fallback:
 * - the CLI prefers native: a default run parses few files, where native starts and parses faster;
 * - the language server prefers wasm: a wasm tree is freed the moment it is released, where a native one waits
 *   for V8 to collect its wrapper, so a long-running process's memory stays flat (docs/architecture.md).
 */
import type { GoParser, ParserBackend } from '../analyzers/go/parser.js';

export type ParserChoice = ParserBackend | 'auto';

const CHOICES: readonly ParserChoice[] = ['auto', 'native', 'wasm'];

/** KPA_PARSER as a choice; `problem` says why a value that is none of them was not taken (then: auto). */
export function parserChoice(env: Record<string, string | undefined>): { choice: ParserChoice; problem?: string } {
  const value = env.KPA_PARSER;
  if (value === undefined || CHOICES.includes(value as ParserChoice)) return { choice: (value as ParserChoice | undefined) ?? 'auto' };
  return { choice: 'auto', problem: `KPA_PARSER=${value}: use native, wasm or auto` };
}

/** Loads the chosen binding; `auto` tries `prefers` first, then the other. Throws when none loads. */
export async function loadParser(choice: ParserChoice, prefers: ParserBackend): Promise<GoParser> {
  const { loadGoParser } = await import('../analyzers/go/parser.js');
  if (choice !== 'auto') return loadGoParser(choice);
  try {
    return await loadGoParser(prefers);
  } catch {
    return loadGoParser(prefers === 'native' ? 'wasm' : 'native');
  }
}
