/**
 * Bundles kpa's language server into the extension (server/), so the .vsix works without kpa installed:
 *   server/dist/kpa.mjs            kpa's CLI (`kpa lsp --stdio` and the rest) as one ES module
 *   server/dist/tree-sitter.wasm   web-tree-sitter's runtime, found next to the bundle
 *   server/node_modules/tree-sitter-go/tree-sitter-go.wasm   the Go grammar, found by require.resolve
 *   server/package.json, server/docs/rules/   kpa's version and the rule docs (hover, `kpa explain`)
 * The native tree-sitter binding stays out (it is built per Node ABI and VS Code's differs); the parser then
 * falls back to WebAssembly by itself (analyzers/go/parser.ts, `auto`). The Docker builder is left out too.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ext = join(here, '..');
const repo = join(ext, '..', '..');
const out = join(ext, 'server');

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: repo,
  stdin: {
    contents: "import { main } from './cli/main.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
    resolveDir: repo,
    sourcefile: 'kpa-entry.ts',
    loader: 'ts',
  },
  outfile: join(out, 'dist', 'kpa.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'esm',
  // Dependencies written in CommonJS call require(); an ES module has none unless it is made.
  banner: { js: "import { createRequire as kpaCreateRequire } from 'node:module'; const require = kpaCreateRequire(import.meta.url);" },
  external: ['tree-sitter', 'tree-sitter-go'],
  mainFields: ['module', 'main'],
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
});
cpSync(join(repo, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(out, 'dist', 'tree-sitter.wasm'));
mkdirSync(join(out, 'node_modules', 'tree-sitter-go'), { recursive: true });
cpSync(join(repo, 'node_modules/tree-sitter-go/tree-sitter-go.wasm'), join(out, 'node_modules/tree-sitter-go/tree-sitter-go.wasm'));
writeFileSync(join(out, 'node_modules/tree-sitter-go/package.json'), JSON.stringify({ name: 'tree-sitter-go', version: 'bundled' }) + '\n');
const kpa = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
writeFileSync(join(out, 'package.json'), JSON.stringify({ name: kpa.name, version: kpa.version, type: 'module', private: true }, null, 2) + '\n');
cpSync(join(repo, 'docs', 'rules'), join(out, 'docs', 'rules'), { recursive: true });
