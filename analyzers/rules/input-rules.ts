/** Rules about the input itself (KPA0xx): files kpa could not read, suppression comments. */
import type { Rule } from './define-rule.js';
import kpa001 from './kpa001-unreadable-file.js';
import kpa002 from './kpa002-unused-suppression.js';

export const INPUT_RULES: Rule[] = [kpa001, kpa002];
