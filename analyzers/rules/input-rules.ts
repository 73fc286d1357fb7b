/** Rules about input kpa could not read at all (KPA0xx). */
import type { Rule } from './define-rule.js';
import kpa001 from './kpa001-unreadable-file.js';

export const INPUT_RULES: Rule[] = [kpa001];
