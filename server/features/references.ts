/** Find references: every krakend.json use of a plugin name, from the Go register call or from a config use. */
import type { Location, ReferenceParams } from 'vscode-languageserver';
import { configReferencesOf, pluginRegistry, registrationsOf } from '../../analyzers/config/navigation.js';
import type { FeatureContext } from '../context.js';
import { nameAtCursor, toLocation } from './plugin-names.js';

export function references(params: ReferenceParams, ctx: FeatureContext): Location[] {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return [];
  const { facts } = ctx.analysis();
  const at = nameAtCursor(path, params.position, facts, ctx);
  if (!at) return [];
  const uses = configReferencesOf(facts.configs, at.name, at.kind)
    .filter((r) => r.role === 'name')
    .map((r) => toLocation(ctx, r.file, r.range));
  if (!params.context.includeDeclaration) return uses;
  const declarations = registrationsOf(pluginRegistry(facts).names, at.name, at.kind).map((r) => toLocation(ctx, r.file, r.range));
  return [...declarations, ...uses];
}
