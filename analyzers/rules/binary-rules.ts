/** The binary rule family, in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';
import kpa401 from './kpa401-binary-not-a-plugin.js';
import kpa402 from './kpa402-binary-registerer-rejected.js';
import kpa403 from './kpa403-binary-target-mismatch.js';

export const BINARY_RULES: Rule[] = [kpa401, kpa402, kpa403];
