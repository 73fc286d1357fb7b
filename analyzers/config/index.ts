/** Entry point of the config analyzer: facts for every krakend.json in the workspace. */
import type { ReadResult, Workspace } from '../workspace.js';
import type { ConfigFacts } from './facts.js';
import { extractConfigFacts } from './extract-config-facts.js';
import { resolvePluginFolder } from './plugin-folder.js';
import { renderedConfigFacts, type TemplateWorkspace } from './template/render-config.js';
import type { EnvSource } from './template/fc-folders.js';

/**
 * Facts for the workspace's krakend*.json / krakend*.jsonc files plus `extraConfigFiles` (absolute
 * paths, e.g. from `kpa lint --config`), each once, in path order.
 */
export function computeConfigFacts(ws: Workspace, extraConfigFiles: readonly string[] = []): ConfigFacts[] {
  const files = [...new Set([...ws.configFiles, ...extraConfigFiles])].sort();
  return files.map((file) => configFactsForFile(ws, file));
}

export function configFactsForFile(ws: Workspace, file: string): ConfigFacts {
  let read = ws.read(file);
  if ('error' in read && read.kind === 'encoding') read = decodeAsGoJson(ws, file) ?? read;
  if ('error' in read) {
    return {
      file,
      status: 'invalid',
      problems: [{ kind: 'unreadable', message: read.error, offset: 0, length: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
      root: null,
      pluginBlock: null,
      pluginFolder: null,
      references: [],
      comments: 0,
      maxDepth: 0,
    };
  }
  let facts = configFactsFromText(file, read.text, ws.root, ws.sharedObjects);
  const rendered = renderedConfigFacts(file, read.text, facts, templateWorkspace(ws));
  if (rendered) {
    rendered.pluginFolder = resolvePluginFolder(file, rendered.pluginBlock, ws.root, ws.sharedObjects);
    facts = rendered;
  }
  if ('bom' in read) {
    // decodeSource dropped it; Go's encoding/json, which reads KrakenD's configuration, does not accept one.
    const start = { line: 0, character: 0 };
    facts.problems.unshift({ kind: 'syntax', message: BOM_IN_JSON, offset: 0, length: 0, range: { start, end: start } });
    facts.status = 'invalid';
  }
  return facts;
}

/**
 * Go's encoding/json, which reads KrakenD's configuration, takes invalid UTF-8 inside a string as U+FFFD
 * (a description saved in Latin-1 loads) and refuses it elsewhere as an invalid character: decoded the same
 * lenient way, the parser finds exactly those.
 */
function decodeAsGoJson(ws: Workspace, file: string): ReadResult | null {
  const bytes = ws.source.readBytes?.(file);
  if (!(bytes instanceof Uint8Array)) return null;
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text };
}

/** What a flexible-configuration template may read: the workspace's settings, partials and templates, and where FC_* is set. */
function templateWorkspace(ws: Workspace): TemplateWorkspace {
  const text = (path: string) => {
    const r = ws.read(path);
    return 'text' in r ? r.text : null;
  };
  let envSources: EnvSource[] | null = null;
  return {
    inputs: ws.flexibleConfigInputs,
    get envSources() {
      envSources ??= [...ws.recipeFiles, ...ws.environmentFiles].flatMap((file) => {
        const body = text(file);
        return body === null ? [] : [{ file, text: body }];
      });
      return envSources;
    },
    read: text,
  };
}

const BOM_IN_JSON =
  "the file starts with a UTF-8 byte order mark, which Go's encoding/json rejects (\"invalid character 'ï' looking for beginning of value\"); save it as UTF-8 without a BOM";

/** Facts for a config text (an editor buffer), with its plugin folder resolved against the workspace's .so files. */
export function configFactsFromText(file: string, text: string, root: string, sharedObjects: readonly string[]): ConfigFacts {
  const facts = extractConfigFacts(file, text);
  facts.pluginFolder = resolvePluginFolder(file, facts.pluginBlock, root, sharedObjects);
  return facts;
}

export { extractConfigFacts, resolvePluginFolder };
