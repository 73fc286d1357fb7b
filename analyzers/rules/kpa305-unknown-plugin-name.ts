import { defineRule } from './define-rule.js';
import { enterpriseNames, enterprisePlugin } from '../config/enterprise-plugins.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { closestNames } from './helpers/closest-names.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { reachablePluginDirs } from './helpers/plugin-reach.js';
import { attemptServesConfig, pluginAttempts } from './helpers/plugin-attempts.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';
import { relativePath } from '../workspace.js';
import { namespaceForKind } from '../config/namespaces.js';

/**
 * A configured plugin name that no plugin in the workspace registers, and that KrakenD Enterprise does not
 * register either (its built-in plugins, analyzers/config/enterprise-plugins.ts): KrakenD skips it, at most
 * with a log line (spec §1.2–1.4). "Did you mean" suggestions come only from the plugins that config can load
 * (helpers/plugin-reach.ts) and the Enterprise built-ins of that kind.
 */
export default defineRule({
  id: 'KPA305',
  name: 'unknown-plugin-name',
  meta: {
    severity: 'warning',
    levels: ['note'],
    summary: 'a configured plugin name is registered by no workspace plugin nor KrakenD Enterprise',
    messages: {
      unknown: 'No plugin in the workspace registers the {kind} name "{name}", so KrakenD skips it without an error. {hint}',
      enterpriseKind:
        '"{name}" is a KrakenD Enterprise built-in {kinds} plugin{unconfirmed}, read under {namespaces}; under {namespace} KrakenD looks it up among {kind} plugins and skips it.',
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
      let reach: ReadonlySet<string> | undefined;
      for (const n of lookedUpNames(ref)) {
        if (registry.byName.has(n.value)) continue;
        // A name KrakenD Enterprise registers itself is a known name (on CE it is skipped: see the rule's doc).
        const builtIn = enterprisePlugin(n.value);
        if (builtIn?.kinds.includes(ref.kind)) continue;
        if (builtIn) {
          // An Enterprise built-in of another kind: EE looks it up in this kind's registry and skips it.
          ctx.report({
            messageId: 'enterpriseKind',
            data: {
              name: n.value,
              kinds: builtIn.kinds.join(' and '),
              namespaces: builtIn.kinds.map((k) => namespaceForKind(k).alias).join(' or '),
              namespace: ref.namespace,
              kind: ref.kind,
              unconfirmed: builtIn.confirmed ? '' : ' (UNCONFIRMED: kpa found the name only as a settings key of the KrakenD schema)',
            },
            file: config.file,
            range: n.range,
            details: { name: n.value, kind: ref.kind, enterpriseKinds: builtIn.kinds },
          });
          continue;
        }
        reach ??= reachablePluginDirs(ctx.derived, config);
        // Names already listed next to this one are not what the user meant.
        const listed = new Set(ref.names.map((x) => x.value));
        const reachable = [...new Set(registry.names.filter((r) => r.kind === ref.kind && reach!.has(r.dir)).map((r) => r.name))];
        const sameKind = reachable.filter((r) => !listed.has(r));
        const enterprise = new Set(enterpriseNames(ref.kind).filter((x) => !listed.has(x)));
        const suggestions = closestNames(n.value, [...sameKind, ...enterprise]);
        const quote = (s: string) =>
          enterprise.has(s) && !sameKind.includes(s) ? `"${s}" (a KrakenD Enterprise built-in${enterprisePlugin(s)?.confirmed ? '' : ', UNCONFIRMED'})` : `"${s}"`;
        let hint = suggestions.length
          ? `Did you mean ${suggestions.map(quote).join(' or ')}?`
          : sameKind.length
            ? `Registered ${ref.kind} names: ${sameKind.slice(0, 5).map((s) => `"${s}"`).join(', ')}.`
            : reachable.length
              ? `The ${ref.kind} plugins this config can load register only names listed here already (${reachable.slice(0, 5).map((s) => `"${s}"`).join(', ')}): remove "${n.value}", or check it against the plugin's code.`
              : `No plugin this config can load registers a ${ref.kind} name; check the name against the ${namespaceForKind(ref.kind).alias} plugin's code.`;
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
            title: sameKind.includes(s) ? `Use the registered name "${s}"` : `Use the KrakenD Enterprise name "${s}"`,
            edits: [{ file: config.file, range: n.range, newText: JSON.stringify(s) }],
          })),
          details: { name: n.value, kind: ref.kind, suggestions },
        });
      }
    }
  },
});
