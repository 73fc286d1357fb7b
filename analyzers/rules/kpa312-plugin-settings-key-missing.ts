import { defineRule } from './define-rule.js';
import { enterprisePlugin } from '../config/enterprise-plugins.js';
import type { StringValueFact } from '../config/facts.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { relativePath } from '../workspace.js';
import { closestNames } from './helpers/closest-names.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { settingsKeysRead, type SettingsKey } from './helpers/plugin-settings.js';

/**
 * A plugin factory gets the whole namespace object and picks its settings from it (spec §2). Which key it
 * picks is not a convention kpa guesses: the rule follows the registered factory in the plugin's code
 * (helpers/plugin-settings.ts) and reports only when that code reads its settings from keys of which none is
 * next to `name`. A note: the plugin runs without settings (with its defaults). A warning: the settings are
 * there, under a key no plugin named beside it reads (a near miss of the key, or the only such key), so they
 * are silently ignored. When kpa cannot see every key the code reads, it says nothing.
 */
export default defineRule({
  id: 'KPA312',
  name: 'plugin-settings-key-missing',
  meta: {
    severity: 'note',
    levels: ['warning'],
    summary: 'the plugin code reads its settings from a key the config does not have',
    messages: {
      missing:
        'The {kind} plugin "{name}" reads its settings from {keys} ({where}), and there is no such key next to "name", so it runs without settings.',
      ignored:
        'The {kind} plugin "{name}" reads its settings from {keys} ({where}), but here they are under "{unread}", a key no plugin named here reads, so the plugin runs without them. Rename "{unread}" to "{key}".',
    },
    fixable: true,
    tags: ['config'],
  },
  needs: ['config', 'go'],
  check(ctx) {
    const registry = pluginRegistry(ctx.derived);
    const root = ctx.facts.root;
    for (const { config, ref } of references(ctx.facts)) {
      const names = lookedUpNames(ref);
      if (names.length === 0) continue;
      /**
       * What each named plugin reads: the keys its code reads, or null when kpa cannot tell. An Enterprise
       * built-in counts as reading the key named like it (its schema settings key; kpa has no code to show
       * it, so it is never reported itself); a name nothing of this kind registers reads nothing (KrakenD
       * skips it; KPA305/KPA306 say so).
       */
      const readsOf = new Map<string, SettingsKey[] | null>();
      const fromCode = new Set<string>();
      for (const n of names) {
        if (readsOf.has(n.value)) continue;
        const entries = (registry.byName.get(n.value) ?? []).filter((e) => e.kind === ref.kind);
        if (entries.length === 0) {
          const ee = enterprisePlugin(n.value);
          readsOf.set(n.value, ee?.kinds.includes(ref.kind) ? [{ key: n.value, file: config.file, range: n.range }] : []);
          continue;
        }
        fromCode.add(n.value);
        let keys: SettingsKey[] | null = [];
        for (const entry of entries) {
          const read = settingsKeysRead(ctx, entry);
          if (read === null) {
            keys = null;
            break;
          }
          for (const k of read) if (!keys.some((x) => x.key === k.key)) keys.push(k);
        }
        readsOf.set(n.value, keys);
      }
      const present = ref.settingsKeys;
      // A name still holding a template marker is rendered first: kpa does not know which plugin it is.
      const everyReaderKnown = names.length === ref.names.length && [...readsOf.values()].every((r) => r !== null);
      const readByAny = new Set([...readsOf.values()].flatMap((r) => (r ? r.map((k) => k.key) : [])));
      // The plugins whose code reads keys of which none is here, each once.
      const missing = [...new Set(names.map((n) => n.value))]
        .map((name) => ({ name, keys: readsOf.get(name) }))
        .filter((m): m is { name: string; keys: SettingsKey[] } => fromCode.has(m.name) && !!m.keys?.length && !m.keys.some((k) => present.some((p) => p.value === k.key)));
      // Settings under a key no plugin named here reads are ignored: known only when kpa knows every reader.
      const unread: StringValueFact[] = everyReaderKnown ? present.filter((p) => !readByAny.has(p.value)) : [];
      for (const n of names) {
        const m = missing.find((x) => x.name === n.value);
        if (!m) continue;
        const { keys } = m;
        const listed = keys.map((k) => `"${k.key}"`).join(' or ');
        const first = keys[0];
        const where = `${relativePath(root, first.file)}:${first.range.start.line + 1}`;
        const keyWord = keys.length === 1 ? `the ${listed} key` : `the ${listed} keys`;
        // Whose settings an ignored key holds: a near miss of the key the plugin reads, or the only ignored key
        // when this plugin is the only one missing its settings. Otherwise kpa cannot tell, and only notes.
        const near = closestNames(first.key, unread.map((p) => p.value), 1)[0] ?? (unread.length === 1 && missing.length === 1 ? unread[0].value : undefined);
        const rename = near === undefined ? undefined : unread.find((p) => p.value === near);
        if (!rename) {
          ctx.report({
            messageId: 'missing',
            data: { kind: ref.kind, name: n.value, keys: keyWord, where },
            file: config.file,
            range: n.range,
            details: { name: n.value, kind: ref.kind, keysRead: keys.map((k) => k.key) },
          });
          continue;
        }
        ctx.report({
          messageId: 'ignored',
          data: { kind: ref.kind, name: n.value, keys: keyWord, where, unread: rename.value, key: first.key },
          file: config.file,
          range: n.range,
          severity: 'warning',
          related: [
            { file: first.file, range: first.range, message: `"${n.value}" reads "${first.key}" here` },
            { file: config.file, range: rename.range, message: `"${rename.value}" is read by no plugin named here` },
          ],
          fixes: [{ title: `Rename "${rename.value}" to "${first.key}"`, edits: [{ file: config.file, range: rename.range, newText: JSON.stringify(first.key) }] }],
          details: { name: n.value, kind: ref.kind, keysRead: keys.map((k) => k.key), unread: rename.value },
        });
      }
    }
  },
});
