import { defineRule } from './define-rule.js';
import type { Range } from '../diagnostics.js';
import { imageRole } from '../recipes/image-ref.js';
import type { PluginBuildCommand, RecipeCopy, RecipeFacts } from '../recipes/facts.js';
import { basename, dirname, normalizePath, trimSlash } from '../workspace.js';

/**
 * KrakenD opens the files of krakend.json's `plugin.folder` whose name contains `plugin.pattern` (lura's scan uses
 * strings.Contains, spec §2, §7.4): a plugin a recipe puts in another folder, or names without the pattern, is never
 * loaded, and a copy whose name merely contains it (`x.so.bak`) is loaded as a second plugin.
 */
export default defineRule({
  id: 'KPA504',
  name: 'plugin-copied-where-not-loaded',
  meta: {
    severity: 'warning',
    summary: 'a recipe puts a plugin where krakend.json does not load it',
    messages: {
      otherFolder: 'The plugin ends up in {folder} of the image, but {config} loads plugins from {configFolder}: KrakenD never opens it. Copy it to {configFolder}, or point plugin.folder at {folder}.',
      nameWithoutPattern: 'The plugin file {name} does not contain "{pattern}", the plugin.pattern of {config}: KrakenD skips it. Name it so that it contains "{pattern}".',
      strayName: 'KrakenD opens every file of the plugin folder whose name contains "{pattern}", so {name} is opened too: a second copy of a plugin fails with "plugin already loaded", anything else with "invalid ELF header". Keep only the plugins there.',
    },
    tags: ['recipes'],
  },
  needs: ['recipes', 'config'],
  check(ctx) {
    const blocks = ctx.facts.configs
      .map((c) => ({ file: c.file, folder: c.pluginBlock?.folder?.value, pattern: c.pluginBlock?.pattern?.value }))
      .filter((b): b is { file: string; folder: string; pattern: string } => typeof b.folder === 'string' && typeof b.pattern === 'string');
    if (!blocks.length || ctx.facts.recipes.length === 0) return;
    const patterns = new Set(blocks.map((b) => b.pattern));
    const pattern = patterns.size === 1 ? blocks[0].pattern : null;
    const config = blocks.length === 1 ? basename(blocks[0].file) : 'krakend.json';
    // Folders are paths where KrakenD runs; only absolute ones compare with paths in an image.
    const folders = blocks.every((b) => b.folder.startsWith('/')) ? new Set(blocks.map((b) => trimSlash(normalizePath(b.folder)))) : null;
    for (const recipe of ctx.facts.recipes) {
      for (const placed of placedPlugins(recipe)) {
        if (pattern !== null && pattern !== '' && !placed.name.includes(pattern)) {
          ctx.report({ messageId: 'nameWithoutPattern', data: { name: placed.name, pattern, config }, file: recipe.file, range: placed.range });
        } else if (pattern && !placed.name.endsWith('.so')) {
          ctx.report({ messageId: 'strayName', data: { name: placed.name, pattern }, file: recipe.file, range: placed.range });
        }
        if (folders && placed.inImage && !folders.has(placed.folder)) {
          ctx.report({ messageId: 'otherFolder', data: { folder: placed.folder + '/', config, configFolder: [...folders].map((f) => f + '/').join(' or ') }, file: recipe.file, range: placed.range });
        }
      }
      if (!pattern) continue;
      // A renamed copy beside its original (a backup): loaded as a second plugin when it sits in the plugin folder.
      for (const copy of recipe.copies ?? []) {
        const name = basename(copy.dest);
        const source = copy.sources.length === 1 ? copy.sources[0] : null;
        if (!source?.endsWith('.so') || copy.dest.endsWith('/') || name === basename(source) || dirname(copy.dest) !== dirname(source)) continue;
        if (name.includes(pattern) && !name.endsWith('.so')) ctx.report({ messageId: 'strayName', data: { name, pattern }, file: recipe.file, range: copy.destRange });
      }
    }
  },
});

interface PlacedPlugin {
  /** The file name it gets. */
  name: string;
  /** The folder (no trailing slash): an image path when inImage. */
  folder: string;
  inImage: boolean;
  range: Range;
}

/**
 * Where each plugin build's .so ends up: copied by a Dockerfile `COPY --from=<stage>` into a KrakenD runtime stage
 * (an image path), or, for builds nothing copies, the -o name it is written under (the folder then unknown).
 */
function placedPlugins(recipe: RecipeFacts): PlacedPlugin[] {
  const out: PlacedPlugin[] = [];
  const runtimeStage = recipe.kind === 'dockerfile' && (recipe.images ?? []).some((i) => i.source === 'from' && imageRole(i.name) === 'runtime');
  for (const build of recipe.pluginBuilds) {
    const written = build.outputWord;
    if (!written || written.value.includes('$') || !written.value.endsWith(written.value.split('/').pop()!)) continue;
    const copies = runtimeStage ? (recipe.copies ?? []).filter((c) => c.from !== null && c.range.start.line > build.range.end.line) : [];
    const outputPath = written.value.startsWith('/') ? written.value : null;
    const copied = copies.filter((c) => outputPath && c.sources.some((s) => s === outputPath || outputPath.startsWith(trimSlash(s) + '/')));
    for (const copy of copied) out.push(copiedTo(copy, outputPath!));
    if (!copied.length && !copiedElsewhere(recipe, build)) out.push({ name: basename(written.value), folder: dirname(written.value), inImage: false, range: written.range });
  }
  return out;
}

function copiedTo(copy: RecipeCopy, output: string): PlacedPlugin {
  const source = copy.sources.find((s) => s === output) ?? copy.sources[0];
  // A folder copied, or a file copied into a folder (dest ending in /), keeps the file's name.
  if (source !== output || copy.dest.endsWith('/')) {
    const inside = source === output ? basename(output) : output.slice(trimSlash(source).length + 1);
    const path = normalizePath(`${trimSlash(copy.dest)}/${inside}`);
    return { name: basename(path), folder: dirname(path), inImage: true, range: copy.destRange };
  }
  return { name: basename(copy.dest), folder: dirname(normalizePath(copy.dest)), inImage: true, range: copy.destRange };
}

/** A script or Makefile that cp/mv's the .so afterwards renames or moves it: its -o name is not the last word. */
function copiedElsewhere(recipe: RecipeFacts, build: PluginBuildCommand): boolean {
  const name = basename(build.outputWord!.value);
  return (recipe.copies ?? []).some((c) => c.sources.some((s) => basename(s) === name || s.endsWith('/')));
}
