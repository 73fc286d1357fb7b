import { defineRule } from './define-rule.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { closestNames } from './helpers/closest-names.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { attemptServesConfig, pluginAttempts } from './helpers/plugin-attempts.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';
import { relativePath } from '../workspace.js';
import { namespaceForKind } from '../config/namespaces.js';

/** A configured plugin name that no plugin in the workspace registers: KrakenD skips it, at most with a DEBUG line (spec §1.2–1.4). */
export default defineRule({
  id: 'KPA305',
  name: 'unknown-plugin-name',
  meta: {
    severity: 'warning',
    summary: 'a configured plugin name is registered by no plugin in the workspace',
    messages: {
      unknown: 'No plugin in the workspace registers the {kind} name "{name}", so KrakenD skips it without an error. {hint}',
    },
    fixable: true,
    tags: ['config'],
  },
  needs: ['config', 'go', 'recipes'],
  check(ctx) {
    const registry = pluginRegistry(ctx.derived);
    // With no plugin code in the workspace there is nothing to compare against (third-party .so files); a main
    // package meant as a plugin that declares no symbol is plugin code (helpers/plugin-attempts.ts, KPA313).
    if (registry.names.length === 0 && registry.dynamicNames === 0 && pluginAttempts(ctx.derived).length === 0) return;
    for (const { config, ref } of references(ctx.facts)) {
      for (const n of lookedUpNames(ref)) {
        if (registry.byName.has(n.value)) continue;
        // Names already listed next to this one are not what the user meant.
        const listed = new Set(ref.names.map((x) => x.value));
        const sameKind = registry.names.filter((r) => r.kind === ref.kind && !listed.has(r.name)).map((r) => r.name);
        const suggestions = closestNames(n.value, sameKind);
        let hint = suggestions.length
          ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`
          : sameKind.length
            ? `Registered ${ref.kind} names: ${[...new Set(sameKind)].slice(0, 5).map((s) => `"${s}"`).join(', ')}.`
            : `No plugin here registers any ${ref.kind} name; check the name against the ${namespaceForKind(ref.kind).alias} plugin's code.`;
        const attempt = suggestions.length || sameKind.length ? undefined : pluginAttempts(ctx.derived).find((a) => attemptServesConfig(a, config, ctx.facts.configs));
        if (attempt) hint += ` The main package in ${relativePath(ctx.facts.root, attempt.dir)} looks like a plugin but declares no ${PLUGIN_KIND_SPECS[ref.kind].symbol}, the symbol KrakenD looks up for ${namespaceForKind(ref.kind).alias} names.`;
        if (registry.dynamicNames > 0) hint += ' Some names are computed at run time, so kpa may not know them all.';
        ctx.report({
          messageId: 'unknown',
          data: { kind: ref.kind, name: n.value, hint },
          file: config.file,
          range: n.range,
          severity: registry.dynamicNames > 0 ? 'note' : undefined,
          fixes: suggestions.slice(0, 1).map((s) => ({
            title: `Use the registered name "${s}"`,
            edits: [{ file: config.file, range: n.range, newText: JSON.stringify(s) }],
          })),
          details: { name: n.value, kind: ref.kind, suggestions },
        });
      }
    }
  },
});
