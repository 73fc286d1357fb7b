/** Every rule kpa knows, in id order. Each family owns its list. */
import type { Rule } from './define-rule.js';
import { INPUT_RULES } from './input-rules.js';
import { GO_RULES } from './go-rules.js';
import { MODULE_RULES } from './module-rules.js';
import { CONFIG_RULES } from './config-rules.js';
import { BINARY_RULES } from './binary-rules.js';
import { RECIPE_RULES } from './recipe-rules.js';

export const ALL_RULES: readonly Rule[] = [...INPUT_RULES, ...GO_RULES, ...MODULE_RULES, ...CONFIG_RULES, ...BINARY_RULES, ...RECIPE_RULES].sort(
  (a, b) => a.id.localeCompare(b.id),
);

export function findRule(id: string): Rule | undefined {
  const key = id.toUpperCase();
  return ALL_RULES.find((r) => r.id === key || r.name === id);
}
