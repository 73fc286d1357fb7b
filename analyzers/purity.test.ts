/**
 * The engine is pure (design.md): nothing under analyzers/ spawns processes, touches the file system,
 * speaks LSP or writes to the terminal. The CLI and the server translate. This test keeps it so.
 */
import { describe, expect, it } from 'vitest';
import fg from 'fast-glob';
import { readFileSync } from 'node:fs';

const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /from ['"](node:)?child_process['"]/, why: 'spawns processes' },
  { pattern: /from ['"](node:)?fs(\/promises)?['"]/, why: 'reads the file system (go through FileSource)' },
  { pattern: /from ['"]vscode-languageserver/, why: 'speaks LSP (server/ translates)' },
  { pattern: /from ['"](node:)?worker_threads['"]/, why: 'manages threads (cli/ does)' },
  { pattern: /\bconsole\.(log|error|warn|info|debug)\(/, why: 'writes to the terminal' },
  { pattern: /\bprocess\.(stdout|stderr|exit|env|argv)\b/, why: 'touches the process' },
  { pattern: /from ['"]\.\.\/(\.\.\/)?(host|cli|server|builder)\//, why: 'imports an adapter' },
];

describe('analyzers/ purity', () => {
  const files = fg.sync('analyzers/**/*.ts', { ignore: ['**/*.test.ts', '**/testing.ts', '**/test-*.ts'] });

  it('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s imports nothing impure', (file) => {
    const text = readFileSync(file, 'utf8');
    const offences = FORBIDDEN.filter((f) => f.pattern.test(text)).map((f) => `${f.why} (${f.pattern})`);
    expect(offences).toEqual([]);
  });
});
