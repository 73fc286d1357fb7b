/**
 * Where the cursor is, in plugin-name terms: a name in a krakend.json, or the name argument of a Go register
 * call. Shared by completion, definition, references and rename (analyzers/config/navigation.ts answers).
 */
import type { Position } from '../../analyzers/diagnostics.js';
import type { EngineFacts } from '../../analyzers/facts.js';
import type { ConfigFacts } from '../../analyzers/config/facts.js';
import { pluginNameAt, pluginRegistry, registeredNameAt, type PluginNameHit, type RegisteredName } from '../../analyzers/config/navigation.js';
import type { PluginKind } from '../../analyzers/go/plugin-kinds.js';
import { LineIndex } from '../../analyzers/positions.js';
import { isConfigFile } from '../../analyzers/fact-kinds.js';
import type { Location } from 'vscode-languageserver';
import type { FeatureContext } from '../context.js';

export interface ConfigCursor {
  config: ConfigFacts;
  offset: number;
}

export type NameAtCursor =
  | { side: 'config'; name: string; kind: PluginKind; hit: PluginNameHit }
  | { side: 'go'; name: string; kind: PluginKind; registered: RegisteredName };

/** The config facts and UTF-16 offset of a cursor in a krakend.json (or a krakend*.tmpl template); null elsewhere. */
export function configCursor(path: string, position: Position, facts: EngineFacts, ctx: FeatureContext): ConfigCursor | null {
  if (!isConfigFile(path)) return null;
  const config = facts.configs.find((c) => c.file === path);
  const text = ctx.session.text(path);
  if (!config || text === null) return null;
  return { config, offset: new LineIndex(text).positionToOffset(position) };
}

export function nameAtCursor(path: string, position: Position, facts: EngineFacts, ctx: FeatureContext): NameAtCursor | null {
  const cursor = configCursor(path, position, facts, ctx);
  if (cursor) {
    const hit = pluginNameAt(cursor.config, cursor.offset);
    return hit ? { side: 'config', name: hit.name.value, kind: hit.reference.kind, hit } : null;
  }
  if (!path.endsWith('.go')) return null;
  const registered = registeredNameAt(pluginRegistry(facts).names, path, position);
  return registered ? { side: 'go', name: registered.name, kind: registered.kind, registered } : null;
}

export function toLocation(ctx: FeatureContext, file: string, range: Location['range']): Location {
  return { uri: ctx.documents.uriOf(file), range };
}
