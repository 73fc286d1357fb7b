/**
 * Hover: on a plugin symbol (or its Register… method, or a registered name) — kind, whether KrakenD loads it
 * and why, the exact method KrakenD asserts, the names it registers; on a plugin name in a krakend.json — the
 * plugin that registers it (kind, symbol, package, verdict, optional methods), or that nothing does; on a
 * go.mod `require` line — the version the target KrakenD links and since which release.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Position } from '../../analyzers/diagnostics.js';
import { rangeContains } from '../../analyzers/positions.js';
import { LineIndex } from '../../analyzers/positions.js';
import { basename, dirname, relativePath } from '../../analyzers/workspace.js';
import { isConfigFile } from '../../analyzers/fact-kinds.js';
import { pluginRegistry, type PluginRegistry, type RegisteredName } from '../../analyzers/config/navigation.js';
import { enterprisePlugin } from '../../analyzers/config/enterprise-plugins.js';
import type { PluginReferenceFact } from '../../analyzers/config/facts.js';
import { PLUGIN_KIND_SPECS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import type { PluginSymbolFact } from '../../analyzers/go/plugin-symbols.js';
import type { RegistrationFact } from '../../analyzers/go/facts.js';
import { getManifest, listReleases } from '../../analyzers/manifests/resolve-target.js';
import type { Target } from '../../analyzers/target.js';
import type { FeatureContext } from '../context.js';
import { nameAtCursor } from './plugin-names.js';

export const hoverCapability = true;

export function hover(params: HoverParams, ctx: FeatureContext): Hover | null {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return null;
  const pos = params.position;
  if (path.endsWith('.go')) return goHover(path, pos, ctx);
  if (isConfigFile(path)) return configHover(path, pos, ctx);
  if (basename(path) === 'go.mod') {
    const text = ctx.session.text(path);
    return text === null ? null : requireHover(new LineIndex(text).lineText(pos.line), pos.line, ctx.target);
  }
  return null;
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function goHover(path: string, pos: Position, ctx: FeatureContext): Hover | null {
  const { facts } = ctx.analysis();
  const symbols = facts.plugins.get(dirname(path)) ?? [];
  const symbol = symbols.find(
    (s) => (s.file === path && rangeContains(s.range, pos)) || (s.method?.file === path && rangeContains(s.method.range, pos)),
  );
  const pkg = facts.go.find((p) => p.dir === dirname(path));
  if (symbol) {
    const pending = symbol.loads === false && symbol.names.length === 0 ? wouldRegister(symbol, pkg?.registrations ?? []) : [];
    return { ...markdown(describeSymbol(symbol, pending)), range: symbol.file === path ? symbol.range : symbol.method!.range };
  }
  const registration = pkg?.registrations.find((r) => r.file === path && rangeContains(r.nameRange, pos));
  if (registration) return { ...markdown(describeRegistration(registration)), range: registration.nameRange };
  return null;
}

const VERDICT: Record<string, string> = {
  true: '✅ KrakenD loads this symbol.',
  false: '❌ KrakenD will not load this symbol.',
  null: '❔ kpa cannot tell statically whether KrakenD loads this symbol.',
};

/** Names the symbol's type registers, for a symbol that does not load (its verdict lists none). */
function wouldRegister(symbol: PluginSymbolFact, registrations: readonly RegistrationFact[]): string[] {
  const base = symbol.typeName?.replace(/^\*+/, '').replace(/^.*\./, '').replace(/\[.*$/, '');
  const method = PLUGIN_KIND_SPECS[symbol.kind].method;
  return registrations.filter((r) => r.method === method && r.receiver === base && r.name !== null).map((r) => r.name!);
}

export function describeSymbol(symbol: PluginSymbolFact, wouldRegisterNames: readonly string[] = []): string {
  const spec = PLUGIN_KIND_SPECS[symbol.kind];
  const lines = [`**${symbol.symbol}** · KrakenD ${symbol.kind} plugin (\`${spec.namespace}\`)${spec.enterprise ? ' · Enterprise only' : ''}`, ''];
  lines.push(VERDICT[String(symbol.loads)]);
  for (const f of symbol.failures) lines.push(`- ${f.detail}`);
  lines.push('', `KrakenD looks up \`${spec.symbol}\` and asserts exactly this method (on the variable's type or its pointer):`);
  lines.push('```go', spec.goSignature, '```');
  if (symbol.method && symbol.method.found) lines.push(`Found: \`${symbol.method.found}\``);
  if (symbol.names.length || symbol.dynamicNames) {
    const names = symbol.names.map((n) => `\`${n}\``).join(', ');
    const dynamic = symbol.dynamicNames ? `${names ? ' and ' : ''}${symbol.dynamicNames} name(s) computed at run time` : '';
    lines.push('', `Registers: ${names}${dynamic}`);
  }
  if (wouldRegisterNames.length) lines.push('', `Would register, once it loads: ${wouldRegisterNames.map((n) => `\`${n}\``).join(', ')}`);
  if (symbol.optional.length) lines.push('', `Optional methods KrakenD calls: ${symbol.optional.map((m) => `\`${m}\``).join(', ')}`);
  const nearMisses = symbol.optionalMethods.filter((m) => !m.matches);
  if (nearMisses.length) {
    lines.push('', `Never called (signature differs): ${nearMisses.map((m) => `\`${m.name}${m.found}\``).join(', ')}`);
  }
  return lines.join('\n');
}

function describeRegistration(r: RegistrationFact): string {
  const kind = Object.values(PLUGIN_KIND_SPECS).find((s) => s.method === r.method);
  const name = r.name === null ? `\`${r.nameText}\` (computed at run time: kpa cannot check it against krakend.json)` : `\`${r.name}\``;
  const where = kind ? ` Use it as \`"name"\` under \`${kind.namespace}\` in krakend.json.` : '';
  return `Registers the ${kind?.kind ?? ''} plugin name ${name}.${where}`;
}

function configHover(path: string, pos: Position, ctx: FeatureContext): Hover | null {
  const { facts } = ctx.analysis();
  const at = nameAtCursor(path, pos, facts, ctx);
  if (at?.side !== 'config') return null;
  const text = describeConfigName(at.name, at.hit.reference, pluginRegistry(facts), facts.plugins, ctx.session.root);
  const { start, end } = at.hit.name.range;
  return { ...markdown(text), range: { start, end } };
}

/**
 * What a plugin name of a config names: the plugins of the workspace that register it for the namespace's kind
 * (else those registering it for another kind), or that none does, and whether KrakenD Enterprise has it built in.
 */
export function describeConfigName(
  name: string,
  reference: Pick<PluginReferenceFact, 'kind' | 'namespace'>,
  registry: Pick<PluginRegistry, 'byName' | 'dynamicNames'>,
  plugins: ReadonlyMap<string, readonly PluginSymbolFact[]>,
  root: string,
): string {
  const kind = reference.kind;
  const rel = (file: string) => relativePath(root, file) || '.';
  const lines = [`**\`${name}\`** · ${kind} plugin name under \`${reference.namespace}\``, ''];
  const all = registry.byName.get(name) ?? [];
  const same = all.filter((r) => r.kind === kind);
  const other = all.filter((r) => r.kind !== kind);
  const builtIn = enterprisePlugin(name);
  const describe = (list: readonly RegisteredName[]) => {
    for (const r of list) lines.push(...describeRegistrant(r, plugins.get(r.dir)?.find((s) => s.kind === r.kind), rel), '');
  };
  if (same.length) {
    lines.push(same.length === 1 ? 'Registered by:' : `Registered by ${same.length} plugins: when both are loaded, the one whose file loads last replaces the other (KPA310).`, '');
    describe(same);
    if (builtIn?.kinds.includes(kind)) lines.push(`KrakenD Enterprise also has a built-in ${kind} plugin \`${name}\`.`);
    return lines.join('\n').trimEnd();
  }
  lines.push(`❌ No plugin of the workspace registers the ${kind} name \`${name}\`: KrakenD looks it up among ${kind} plugins and skips it without an error.`);
  if (registry.dynamicNames) lines.push('', `${registry.dynamicNames} register call(s) compute their name at run time: kpa cannot tell whether one is \`${name}\`.`);
  if (builtIn) {
    const unconfirmed = builtIn.confirmed ? '' : ' (UNCONFIRMED: read only from ' + builtIn.source + ')';
    const versions = builtIn.versions ? ` (${builtIn.versions})` : '';
    lines.push(
      '',
      builtIn.kinds.includes(kind)
        ? `\`${name}\` is a KrakenD Enterprise built-in ${kind} plugin${unconfirmed}${versions}: Enterprise loads it from its own plugin folder; KrakenD Community Edition has no such plugin and skips the name.`
        : `\`${name}\` is a KrakenD Enterprise built-in ${joinKinds(builtIn.kinds)} plugin${unconfirmed}${versions}, read under ${builtIn.kinds.map((k) => `\`${PLUGIN_KIND_SPECS[k].namespace}\``).join(' or ')}: under \`${reference.namespace}\` it is skipped.`,
    );
  }
  if (other.length) {
    lines.push('', `Registered as another kind of plugin, which this namespace does not read:`, '');
    describe(other);
  }
  return lines.join('\n').trimEnd();
}

function joinKinds(kinds: readonly PluginKind[]): string {
  return kinds.join('/');
}

/** One plugin registering a name: its symbol and where, its package, whether it loads, its optional methods. */
function describeRegistrant(r: RegisteredName, symbol: PluginSymbolFact | undefined, rel: (file: string) => string): string[] {
  const at = (file: string, range: { start: { line: number } }) => `${rel(file)}:${range.start.line + 1}`;
  const lines: string[] = [];
  const call = r.registration ? `; register call at \`${at(r.file, r.range)}\`` : '';
  if (!symbol) {
    const spec = PLUGIN_KIND_SPECS[r.kind];
    lines.push(`- a ${r.kind} register call at \`${at(r.file, r.range)}\`, package \`${rel(r.dir)}\`: no \`${spec.symbol}\` declared there, so KrakenD reaches it only if another plugin's ${spec.method} calls it`);
    return lines;
  }
  lines.push(`- **${symbol.symbol}** (${r.kind} plugin) at \`${at(symbol.file, symbol.range)}\`, package \`${rel(r.dir)}\`${call}`);
  lines.push(`- ${VERDICT[String(symbol.loads)]}`);
  for (const f of symbol.failures) lines.push(`  - ${f.detail}`);
  lines.push(`- Optional methods KrakenD calls: ${symbol.optional.length ? symbol.optional.map((m) => `\`${m}\``).join(', ') : 'none'}`);
  const nearMisses = symbol.optionalMethods.filter((m) => !m.matches);
  if (nearMisses.length) lines.push(`- Never called (signature differs): ${nearMisses.map((m) => `\`${m.name}${m.found}\``).join(', ')}`);
  if (r.kind === 'modifier' && (r.appliesToRequest != null || r.appliesToResponse != null)) {
    const applies = [r.appliesToRequest ? 'requests' : null, r.appliesToResponse ? 'responses' : null].filter(Boolean).join(' and ');
    if (applies) lines.push(`- Modifies ${applies}`);
  }
  return lines;
}

const REQUIRE_LINE = /^\s*(?:require\s+)?([^\s()"/][^\s()"]*)\s+(v[^\s/]+)/;

/** Hover text for one go.mod line, when it requires a module (inside a require block or on its own). */
export function requireHover(line: string, lineNumber: number, target: Target | null): Hover | null {
  const trimmed = line.trim();
  if (/^(module|go|toolchain|replace|exclude|retract)\b/.test(trimmed) || trimmed.startsWith('//')) return null;
  const m = REQUIRE_LINE.exec(line);
  if (!m) return null;
  const [, modulePath, required] = m;
  const start = line.indexOf(modulePath);
  const range = { start: { line: lineNumber, character: start }, end: { line: lineNumber, character: start + modulePath.length } };
  if (!target) {
    return { ...markdown(`\`${modulePath}\` ${required}\n\nSet \`kpa.krakendVersion\` (or \`target.krakend\` in .kpa.json) to see the version KrakenD links.`), range };
  }
  const krakend = target.manifest.krakend;
  const linked = target.manifest.modules[modulePath];
  if (!linked) {
    return { ...markdown(`KrakenD ${krakend} does not link \`${modulePath}\`: the plugin may require any version of it.`), range };
  }
  const since = sinceRelease(modulePath, linked, krakend);
  const lines = [`KrakenD ${krakend} links \`${modulePath}\` **${linked}**${since ? ` (since KrakenD ${since})` : ''}.`];
  lines.push(
    '',
    linked === required
      ? '✅ This go.mod requires the same version.'
      : `This go.mod requires ${required}: a plugin must build with exactly the version KrakenD links, or it fails with "plugin was built with a different version of package".`,
  );
  return { ...markdown(lines.join('\n')), range };
}

/** The oldest release from which KrakenD has linked `version` without a break up to `krakend`. */
export function sinceRelease(modulePath: string, version: string, krakend: string): string | null {
  const releases = listReleases();
  const end = releases.indexOf(krakend);
  if (end < 0) return null;
  let since: string | null = null;
  for (let i = end; i >= 0; i--) {
    if (getManifest(releases[i])?.modules[modulePath] !== version) break;
    since = releases[i];
  }
  return since;
}
