/** The config rule family, in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';

export const CONFIG_RULES: Rule[] = [];
