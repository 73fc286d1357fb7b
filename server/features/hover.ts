/**
 * Hover: on a plugin symbol (or its Register… method, or a registered name) — kind, whether KrakenD loads it
 * and why, the exact method KrakenD asserts, the names it registers; on a go.mod `require` line — the version
 * the target KrakenD links and since which release.
 */
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Position } from '../../analyzers/diagnostics.js';
import { rangeContains } from '../../analyzers/positions.js';
import { LineIndex } from '../../analyzers/positions.js';
import { basename, dirname } from '../../analyzers/workspace.js';
import { PLUGIN_KIND_SPECS } from '../../analyzers/go/plugin-kinds.js';
import type { PluginSymbolFact } from '../../analyzers/go/plugin-symbols.js';
import type { RegistrationFact } from '../../analyzers/go/facts.js';
import { getManifest, listReleases } from '../../analyzers/manifests/resolve-target.js';
import type { Target } from '../../analyzers/target.js';
import type { FeatureContext } from '../context.js';

export const hoverCapability = true;

export function hover(params: HoverParams, ctx: FeatureContext): Hover | null {
  const path = ctx.documents.pathOf(params.textDocument.uri);
  if (!path) return null;
  const pos = params.position;
  if (path.endsWith('.go')) return goHover(path, pos, ctx);
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
