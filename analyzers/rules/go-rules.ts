/** The Go source rule family (KPA1xx), in id order. analyzers/rules/meta.test.ts keeps this list equal to the files. */
import type { Rule } from './define-rule.js';
import kpa100 from './kpa100-plugin-not-main-package.js';
import kpa101 from './kpa101-registerer-holds-pointer.js';
import kpa102 from './kpa102-registerer-interface-typed.js';
import kpa103 from './kpa103-registerer-not-a-variable.js';
import kpa104 from './kpa104-missing-register-method.js';
import kpa105 from './kpa105-register-method-signature.js';
import kpa106 from './kpa106-optional-method-near-miss.js';
import kpa107 from './kpa107-misspelled-plugin-symbol.js';
import kpa108 from './kpa108-go-syntax-error.js';
import kpa109 from './kpa109-dynamic-plugin-name.js';
import kpa110 from './kpa110-modifier-both-directions.js';
import kpa111 from './kpa111-registerer-type-unknown.js';
import kpa112 from './kpa112-symbol-excluded-by-build.js';
import kpa113 from './kpa113-package-name-mismatch.js';

export const GO_RULES: Rule[] = [kpa100, kpa101, kpa102, kpa103, kpa104, kpa105, kpa106, kpa107, kpa108, kpa109, kpa110, kpa111, kpa112, kpa113];
