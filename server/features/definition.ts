/** Go to definition: from a krakend.json plugin name to the Go call that registers it. */
import type { DefinitionParams, Location } from 'vscode-languageserver';
import type { FeatureContext } from '../context.js';

export function definition(_params: DefinitionParams, _ctx: FeatureContext): Location[] {
  return [];
}
