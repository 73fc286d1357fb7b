/** Go to definition: from a krakend.json plugin name to the Go register call(s) that register it. */
import type { DefinitionParams, Location } from 'vscode-languageserver';
import { pluginRegistry, registrationsOf } from '../../analyzers/config/navigation.js';
import type { FeatureContext } from '../context.js';
import { nameAtCursor, toLocation } from './plugin-names.js';

export function definition(params: DefinitionParams, ctx: FeatureContext): Location[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return [];
  const { facts } = ctx.analysis();
  const at = nameAtCursor(path, params.position, facts, ctx);
  if (at?.side !== 'config') return [];
  return registrationsOf(pluginRegistry(facts).names, at.name, at.kind).map((r) => toLocation(ctx, r.file, r.range));
}
