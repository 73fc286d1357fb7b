/**
 * Bundles the extension into one CommonJS file, dist/extension.js (vscode-languageclient and the pure kpa
 * modules it uses inlined; `vscode` is provided by the editor). `--metafile` prints what went in.
 */
import { build } from 'esbuild';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const result = await build({
  absWorkingDir: here,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  // jsonc-parser's UMD build requires its parts dynamically, which a bundle cannot follow; its ESM build is static.
  mainFields: ['module', 'main'],
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
if (process.argv.includes('--metafile')) console.log(inputs.join('\n'));
// The extension must stay a client: nothing of the analysis engine beyond target resolution and reading
// .kpa.json (its bounded JSON parser, ignore-glob and image-reference checks, and the path classifiers the
// glob's relative paths come with) belongs here.
const CLIENT_SIDE = /analyzers\/(manifests\/(resolve-target|generated\/release-data)|settings\/(parse-kpa-settings|glob)|config\/parse-json|image-reference|target|positions|workspace|fact-kinds|recipes\/recipe-files|config\/template\/fc-files)\.ts$/;
const engine = inputs.filter((i) => i.includes('analyzers/') && !CLIENT_SIDE.test(i));
if (engine.length) throw new Error(`the extension bundle pulled in engine code:\n${engine.join('\n')}`);
