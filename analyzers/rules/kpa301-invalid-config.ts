import { defineRule } from './define-rule.js';
import { CONTENT_AFTER_VALUE } from '../config/parse-json.js';
import type { ConfigFacts } from '../config/facts.js';

/**
 * A krakend.json KrakenD cannot read: a syntax error, a root that is not an object, an unreadable file, duplicate keys.
 * A file whose top level is not an object at all (`"extra_config": { … }`) is a fragment to paste somewhere — a
 * README snippet, a partial — not a configuration anyone starts KrakenD with: a note, not an error.
 */
export default defineRule({
  id: 'KPA301',
  name: 'invalid-config',
  meta: {
    severity: 'error',
    levels: ['warning', 'note'],
    summary: 'the KrakenD configuration is not a valid JSON object',
    messages: {
      syntax: 'This configuration is not valid JSON: {detail}. KrakenD refuses to start with it; fix the JSON here (kpa checks the plugins in it once it parses).',
      rootNotObject: 'The configuration must be a JSON object, but {detail}. KrakenD cannot read its settings; wrap them in { … }.',
      unreadable: 'kpa could not read this configuration: {detail}. Check the path and the file.',
      fragment:
        'This file is not a KrakenD configuration but a fragment ({detail}): its top level is not a JSON object, so kpa did not check it. If KrakenD is started with it, wrap it in { … }; if it is a snippet to paste, ignore this note.',
      duplicateKey: 'The key "{key}" appears twice in this object; KrakenD keeps only the last one and silently drops the first. Remove or merge one of them.',
    },
    tags: ['config'],
  },
  needs: ['config'],
  check(ctx) {
    for (const config of ctx.facts.configs) {
      for (const p of config.problems) {
        switch (p.kind) {
          case 'syntax':
            if (isFragment(config, p.message)) ctx.report({ messageId: 'fragment', severity: 'note', data: { detail: p.message }, file: config.file, range: p.range });
            else ctx.report({ messageId: 'syntax', data: { detail: p.message }, file: config.file, range: p.range });
            break;
          case 'root-not-object':
            ctx.report({ messageId: 'rootNotObject', data: { detail: p.message }, file: config.file, range: p.range });
            break;
          case 'unreadable':
            ctx.report({ messageId: 'unreadable', data: { detail: p.message }, file: config.file, range: p.range });
            break;
          case 'duplicate-key':
            ctx.report({
              messageId: 'duplicateKey',
              data: { key: p.message },
              file: config.file,
              range: p.range,
              severity: 'warning',
              related: p.first ? [{ file: config.file, range: p.first.range, message: 'the first one, which KrakenD ignores' }] : undefined,
            });
            break;
        }
      }
    }
  },
});

/** A value that is not an object, followed by more: `"extra_config": { … }` pasted out of a configuration. */
function isFragment(config: ConfigFacts, message: string): boolean {
  return config.root === null && message === CONTENT_AFTER_VALUE;
}
