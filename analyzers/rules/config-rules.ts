/** The config rule family, in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';
import kpa301 from './kpa301-invalid-config.js';
import kpa302 from './kpa302-config-template-skipped.js';
import kpa303 from './kpa303-plugin-block-missing.js';
import kpa304 from './kpa304-plugin-folder-matches-nothing.js';
import kpa305 from './kpa305-unknown-plugin-name.js';
import kpa306 from './kpa306-plugin-name-wrong-kind.js';
import kpa307 from './kpa307-plugin-namespace-wrong-level.js';
import kpa308 from './kpa308-plugin-name-wrong-type.js';
import kpa309 from './kpa309-modifier-registered-both-ways.js';
import kpa310 from './kpa310-duplicate-plugin-name.js';
import kpa311 from './kpa311-duplicate-plugin-module-path.js';
import kpa312 from './kpa312-plugin-settings-key-missing.js';
import kpa313 from './kpa313-plugin-attempt-without-symbol.js';
import kpa314 from './kpa314-logging-hides-plugin-errors.js';

export const CONFIG_RULES: Rule[] = [kpa301, kpa302, kpa303, kpa304, kpa305, kpa306, kpa307, kpa308, kpa309, kpa310, kpa311, kpa312, kpa313, kpa314];
