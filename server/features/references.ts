/** Find references: from a Go registered name (or a config name) to every krakend.json use of it. */
import type { Location, ReferenceParams } from 'vscode-languageserver';
import type { FeatureContext } from '../context.js';

export function references(_params: ReferenceParams, _ctx: FeatureContext): Location[] {
  return [];
}
