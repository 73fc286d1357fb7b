import { defineRule } from './define-rule.js';

/**
 * A modifier registered with appliesToRequest and appliesToResponse both true: when KrakenD builds the
 * pipe it looks a name up as a request modifier first, so the response side never runs (spec §1.4).
 */
export default defineRule({
  id: 'KPA110',
  name: 'modifier-both-directions',
  meta: {
    severity: 'warning',
    summary: 'modifier registered for request and response runs only on the request',
    messages: {
      both:
        '{name} is registered for both request and response, but KrakenD looks each configured name up as a request modifier first, so it never runs on the response. Register two names, e.g. "{name}-request" (true, false) and "{name}-response" (false, true).',
    },
    tags: ['silent'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const pkg of ctx.facts.go) {
      for (const reg of pkg.registrations) {
        if (reg.method !== 'RegisterModifiers' || reg.appliesToRequest !== true || reg.appliesToResponse !== true) continue;
        ctx.report({ messageId: 'both', data: { name: reg.name ?? reg.nameText }, file: reg.file, range: reg.range, details: { dir: pkg.dir, name: reg.name } });
      }
    }
  },
});
