/**
 * In CI, property tests run with a fixed seed so a result can be reproduced and a green run stays green;
 * locally each run explores new cases (a failure prints its seed and counterexample).
 */
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: 20261126 });
