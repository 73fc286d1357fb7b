/** The module rule family, in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';
import kpa201 from './kpa201-module-file-syntax.js';
import kpa202 from './kpa202-module-version-mismatch.js';
import kpa203 from './kpa203-krakend-replace-missing.js';
import kpa204 from './kpa204-module-path-renamed.js';
import kpa205 from './kpa205-go-version-mismatch.js';
import kpa206 from './kpa206-lura-version-mismatch.js';

export const MODULE_RULES: Rule[] = [kpa201, kpa202, kpa203, kpa204, kpa205, kpa206];
