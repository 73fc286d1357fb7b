/** The build recipe rule family, in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';
import kpa501 from './kpa501-builder-image-mismatch.js';
import kpa502 from './kpa502-build-setting-changes-packages.js';
import kpa503 from './kpa503-cross-compile-arch.js';
import kpa504 from './kpa504-plugin-copied-where-not-loaded.js';

export const RECIPE_RULES: Rule[] = [kpa501, kpa502, kpa503, kpa504];
