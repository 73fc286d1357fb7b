import { defineRule } from './define-rule.js';
import type { Fix } from '../diagnostics.js';
import { enterprisePlugin } from '../config/enterprise-plugins.js';
import type { ConfigFacts } from '../config/facts.js';
import { namespaceForKind } from '../config/namespaces.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import { PLUGIN_KIND_SPECS, type PluginKind } from '../go/plugin-kinds.js';
import { relativePath } from '../workspace.js';
import { goSignatureFor } from './helpers/go-fixes.js';
import { lookedUpNames, references } from './helpers/config-references.js';
import { attemptServesConfig, pluginAttempts, type PluginAttempt } from './helpers/plugin-attempts.js';

const KIND_WORDS: Record<PluginKind, string> = {
  server: "an HTTP server plugin's handler factory",
  client: "an HTTP client plugin's client factory",
  modifier: "a request/response modifier's factory",
  middleware: "an Enterprise middleware's factory",
};

interface Unregistered {
  config: ConfigFacts;
  name: string;
  kind: PluginKind;
}

/**
 * A main package meant as a plugin — built with -buildmode=plugin, or exporting a func of a plugin factory's
 * shape — that declares none of the symbols KrakenD looks up, while a config names a plugin nobody
 * registers: KrakenD opens the .so, finds no HandlerRegisterer, ClientRegisterer, ModifierRegisterer or
 * MiddlewareRegisterer (a DEBUG line each, spec §1.1) and skips the name (issue #14 class 8).
 */
export default defineRule({
  id: 'KPA313',
  name: 'plugin-attempt-without-symbol',
  meta: {
    severity: 'error',
    levels: ['warning'],
    summary: 'a package meant as a plugin declares no symbol KrakenD looks up',
    messages: {
      noSymbol:
        'The main package in {dir} looks like a KrakenD plugin ({evidence}), but it declares none of the symbols KrakenD looks up in a plugin: HandlerRegisterer, ClientRegisterer, ModifierRegisterer (MiddlewareRegisterer in Enterprise). So nothing registers {names}, which {configs} {verb}. {advice}',
    },
    fixable: true,
    tags: ['loading', 'silent'],
  },
  needs: ['config', 'go', 'recipes'],
  check(ctx) {
    const registry = pluginRegistry(ctx.derived);
    const unregistered: Unregistered[] = [];
    for (const { config, ref } of references(ctx.facts)) {
      for (const n of lookedUpNames(ref)) {
        // KrakenD Enterprise registers its built-in plugins itself: such a name is not the attempt's (KPA305 too).
        if (registry.byName.has(n.value) || enterprisePlugin(n.value)?.kinds.includes(ref.kind)) continue;
        unregistered.push({ config, name: n.value, kind: ref.kind });
      }
    }
    if (unregistered.length === 0) return;
    const rel = (p: string) => relativePath(ctx.facts.root, p);
    const place = (dir: string) => (rel(dir) === '.' ? 'the workspace root' : rel(dir));
    for (const attempt of pluginAttempts(ctx.derived)) {
      const served = unregistered.filter((u) => attemptServesConfig(attempt, u.config, ctx.facts.configs));
      // Names of the kind its exports have the shape of, when there are such names.
      const ofKind = attempt.kind ? served.filter((u) => u.kind === attempt.kind) : [];
      const names = ofKind.length ? ofKind : served;
      if (names.length === 0) continue;
      const unique = [...new Set(names.map((u) => u.name))];
      const configs = [...new Set(names.map((u) => rel(u.config.file)))];
      const kinds = new Set(names.map((u) => u.kind));
      const kind = attempt.kind ?? (kinds.size === 1 ? [...kinds][0] : null);
      const shaped = attempt.exports.find((e) => e.shaped);
      ctx.report({
        messageId: 'noSymbol',
        data: {
          dir: place(attempt.dir),
          evidence: evidence(attempt, rel),
          names: list(unique.slice(0, 3).map((n) => `"${n}"`)) + (unique.length > 3 ? ` and ${unique.length - 3} more` : ''),
          configs: list(configs),
          verb: configs.length > 1 ? 'name' : 'names',
          advice: advice(kind, unique, shaped?.value.name ?? null),
        },
        file: attempt.file,
        range: attempt.range,
        severity: attempt.builds.length || shaped?.exact ? undefined : 'warning',
        fixes: registererFix(attempt, kind, unique),
        related: [...new Map(names.map((u) => [`${u.config.file}\0${u.name}`, u])).values()].slice(0, 5).flatMap((u) =>
          u.config.references.flatMap((r) => r.names.filter((n) => n.value === u.name).map((n) => ({ file: u.config.file, range: n.range, message: `names "${u.name}" under ${r.namespace}` }))),
        ),
        details: { dir: attempt.dir, names: unique, kind, builtAsPlugin: attempt.builds.length > 0, exports: attempt.exports.map((e) => e.value.name) },
      });
    }
  },
});

const list = (items: string[]) => (items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

function evidence(attempt: PluginAttempt, rel: (p: string) => string): string {
  const parts: string[] = [];
  const build = attempt.builds[0];
  if (build) parts.push(`${rel(build.file)}:${build.range.start.line + 1} builds it with -buildmode=plugin`);
  const shaped = attempt.exports.filter((e) => e.shaped);
  if (shaped.length) {
    const e = shaped[0];
    const what = e.kind ? `shaped like ${KIND_WORDS[e.kind]}` : 'taking or returning what a plugin factory does';
    parts.push(`it exports ${e.value.name}, a ${e.value.declKind} ${what}`);
  } else if (attempt.exports.length) {
    parts.push(`it exports ${list(attempt.exports.slice(0, 3).map((e) => e.value.name))}`);
  }
  return parts.join(' and ');
}

function advice(kind: PluginKind | null, names: string[], factory: string | null): string {
  if (!kind) {
    return 'Declare the symbol of the plugin\'s kind, a package-level variable whose type has the Register… method KrakenD calls (RegisterHandlers, RegisterClients, RegisterModifiers or RegisterMiddlewares), and register the name from that method.';
  }
  const spec = PLUGIN_KIND_SPECS[kind];
  const name = names.length === 1 ? names[0] : names[0] ?? 'name';
  const args = kind === 'modifier' ? `"${name}", ${factory ?? 'factory'}, true, false` : `"${name}", ${factory ?? 'factory'}`;
  return `KrakenD looks up ${spec.symbol} for ${namespaceForKind(kind).alias} names: declare \`var ${spec.symbol} = registerer("${name}")\`, whose type has \`${spec.goSignature}\`, and call f(${args}) there.`;
}

/** `type registerer string` + its Register… method + the symbol, after the factory, when that is safe to write. */
function registererFix(attempt: PluginAttempt, kind: PluginKind | null, names: string[]): Fix[] {
  const shaped = attempt.exports.find((e) => e.shaped);
  if (!shaped?.exact || kind !== shaped.kind || (kind !== 'server' && kind !== 'client') || names.length !== 1) return [];
  const pkg = attempt.pkg;
  const spec = PLUGIN_KIND_SPECS[kind];
  const taken = new Set([...pkg.types.map((t) => t.name), ...pkg.values.map((v) => v.name)]);
  if (taken.has('registerer') || taken.has(spec.symbol)) return [];
  const file = shaped.value.file;
  const { text, imports } = goSignatureFor(pkg, file, spec.signature);
  const at = shaped.value.range.end;
  const factory = shaped.value.name;
  const code = [
    '',
    '',
    `// registerer hands ${factory} to KrakenD under the name it holds.`,
    'type registerer string',
    '',
    `func (r registerer) ${spec.method}(f ${text.slice(1, -1)}) {`,
    `\tf(string(r), ${factory})`,
    '}',
    '',
    `// ${spec.symbol} is the symbol KrakenD looks up in the plugin.`,
    `var ${spec.symbol} = registerer(${JSON.stringify(names[0])})`,
  ].join('\n');
  return [{ title: `Declare ${spec.symbol} registering ${factory} as "${names[0]}"`, edits: [...imports, { file, range: { start: at, end: at }, newText: code }] }];
}
