import { defineRule } from './define-rule.js';

/**
 * A `// kpa:ignore` comment that suppresses nothing. The findings come from analyzers/suppressions.ts,
 * which runs after every other rule (it needs their findings), so check() has nothing to do.
 */
export default defineRule({
  id: 'KPA002',
  name: 'unused-suppression',
  meta: {
    severity: 'warning',
    summary: 'a kpa:ignore comment suppresses no finding',
    messages: {
      unused: 'This comment suppresses {rule}, but the next line has no {rule} finding. Remove the comment, or move it to the line just above the finding.',
      unknownRule: '{rule} is not a kpa rule, so this comment suppresses nothing. Write a rule id from `kpa rules`, e.g. `// kpa:ignore KPA101 reason`.',
      missingRule: 'This kpa:ignore comment names no rule, so it suppresses nothing. Write `// kpa:ignore KPA101 reason` with the id of the finding on the next line.',
    },
    tags: ['input', 'suppression'],
  },
  needs: [],
  check() {},
});
