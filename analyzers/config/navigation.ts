/**
 * Pure questions the language server asks about plugin names in krakend.json: which name is under the
 * cursor, what to complete there, where a name is used and registered, and the edits that rename it
 * across the configs and the Go register calls. Offsets are UTF-16 offsets into the config text.
 */
import type { LocatedRange, Position, Range, TextEdit } from '../diagnostics.js';
import type { PluginKind } from '../go/plugin-kinds.js';
import { rangeContains } from '../positions.js';
import type { RegistrationFact } from '../go/facts.js';
import type { ConfigFacts, PluginNameFact, PluginReferenceFact, Span } from './facts.js';
import type { RegisteredName } from './plugin-registry.js';

export { pluginRegistry, type RegisteredName, type PluginRegistry } from './plugin-registry.js';

export interface PluginNameHit {
  reference: PluginReferenceFact;
  name: PluginNameFact;
}

const inside = (span: Span, offset: number) => offset > span.offset && offset < span.offset + span.length;

/** The plugin name whose string token holds `offset` (between or on its quotes' inner edges). */
export function pluginNameAt(config: ConfigFacts, offset: number): PluginNameHit | null {
  for (const reference of config.references) {
    for (const name of reference.names) {
      // A rendered template's name may come from a partial or another template: its offsets are that file's.
      if ((name.range as LocatedRange).file !== undefined) continue;
      if (offset >= name.offset && offset <= name.offset + name.length) return { reference, name };
    }
  }
  return null;
}

export interface NameCompletion {
  label: string;
  kind: PluginKind;
  /** The registering plugin package directory (absolute). */
  dir: string;
  /** "server plugin in /abs/plugins/auth" style; the server may shorten the directory. */
  detail: string;
  /** Names of the kind the namespace reads come first. */
  sameKind: boolean;
  sortText: string;
  /** What to replace (an existing string token, or an empty range at the cursor) and with what (quoted JSON). */
  range: Range;
  offset: number;
  length: number;
  newText: string;
}

/**
 * Completions for the `name` value under `offset`: inside a name string, or at an empty place in a name
 * list. Null when the offset is not in a plugin name position. `cursor` is the position of `offset`
 * (the server has it from the request); without it, it is derived from the nearest token on the line.
 */
export function completionsForName(
  config: ConfigFacts,
  offset: number,
  registered: readonly RegisteredName[],
  cursor?: Position,
): NameCompletion[] | null {
  const hit = pluginNameAt(config, offset);
  let reference: PluginReferenceFact;
  let target: { offset: number; length: number; range: Range };
  let current: string | null = null;
  if (hit && inside(hit.name, offset)) {
    reference = hit.reference;
    target = hit.name;
    current = hit.name.value;
  } else {
    if (hit) return null;
    // An unfinished list (parsing stopped inside it) ends where the error is: a cursor there is inside.
    const list = config.references.find(
      (r) => r.name?.type === 'array' && (inside(r.name.value, offset) || (config.status === 'invalid' && offset === r.name.value.offset + r.name.value.length)),
    );
    if (!list) return null;
    reference = list;
    const at = cursor ?? positionNear(list, offset);
    target = { offset, length: 0, range: { start: at, end: at } };
  }
  const used = new Set(reference.names.map((n) => n.value).filter((v) => v !== current));
  const seen = new Set<string>();
  const items: NameCompletion[] = [];
  for (const r of registered) {
    const key = `${r.kind}\u0000${r.name}`;
    if (used.has(r.name) || seen.has(key)) continue;
    seen.add(key);
    const sameKind = r.kind === reference.kind;
    items.push({
      label: r.name,
      kind: r.kind,
      dir: r.dir,
      detail: `${r.kind} plugin in ${r.dir}`,
      sameKind,
      sortText: `${sameKind ? 0 : 1}${r.name}`,
      range: target.range,
      offset: target.offset,
      length: target.length,
      newText: JSON.stringify(r.name),
    });
  }
  return items.sort((a, b) => a.sortText.localeCompare(b.sortText));
}

/** The position of `offset`, counted from the last token before it (exact when no line break lies between). */
function positionNear(ref: PluginReferenceFact, offset: number): Position {
  const value = ref.name!.value;
  const before = [...ref.names].reverse().find((n) => n.offset + n.length <= offset);
  const from = before ? { offset: before.offset + before.length, at: before.range.end } : { offset: value.offset, at: value.range.start };
  return { line: from.at.line, character: from.at.character + (offset - from.offset) };
}

export interface ConfigNameReference {
  file: string;
  range: Range;
  offset: number;
  length: number;
  reference: PluginReferenceFact;
  /** 'name' = a `name` value; 'settings' = the settings key named like the plugin. */
  role: 'name' | 'settings';
  /** The range stands for a whole template action that writes the name (a rendered template): no edit can rename it there. */
  inexact: boolean;
}

/** Every use of `name` in the configs (under namespaces of `kind`, when given), settings keys included. */
export function configReferencesOf(configs: readonly ConfigFacts[], name: string, kind?: PluginKind): ConfigNameReference[] {
  const out: ConfigNameReference[] = [];
  for (const config of configs) {
    for (const reference of config.references) {
      if (kind && reference.kind !== kind) continue;
      const named = reference.names.filter((n) => n.value === name);
      if (named.length === 0) continue;
      for (const n of named) out.push({ ...where(config, n), offset: n.offset, length: n.length, reference, role: 'name' });
      for (const k of reference.settingsKeys) {
        if (k.value === name) out.push({ ...where(config, k), offset: k.offset, length: k.length, reference, role: 'settings' });
      }
    }
  }
  return out;
}

/** The file and range of a span: in a rendered template, the file the text came from (diagnostics.ts LocatedRange). */
function where(config: ConfigFacts, span: Span): { file: string; range: Range; inexact: boolean } {
  const range = span.range as LocatedRange;
  return { file: range.file ?? config.file, range: { start: range.start, end: range.end }, inexact: range.inexact === true };
}

/** The register calls for `name` (go-to-definition from a config name); same kind first when given. */
export function registrationsOf(registered: readonly RegisteredName[], name: string, kind?: PluginKind): RegisteredName[] {
  const all = registered.filter((r) => r.name === name);
  const same = kind ? all.filter((r) => r.kind === kind) : all;
  return same.length ? same : all;
}

/** The registered name whose register call's name argument holds `position` (Go side of find-references and rename). */
export function registeredNameAt(registered: readonly RegisteredName[], file: string, position: Position): RegisteredName | null {
  return registered.find((r) => r.file === file && rangeContains(r.range, position)) ?? null;
}

export interface RenamePlan {
  edits: TextEdit[];
  /** Register calls whose name is not a plain string literal: kpa does not rewrite expressions. */
  blocked: { file: string; range: Range; reason: string }[];
  /** Registrations that already use the new name for this kind: renaming would make the two collide (KPA310). */
  conflicts: RegisteredName[];
}

/**
 * Edits that rename the `kind` plugin name `from` to `to`: every config use (names and settings keys)
 * and every Go register call whose name argument is a string literal.
 */
export function renameEdits(configs: readonly ConfigFacts[], registered: readonly RegisteredName[], kind: PluginKind, from: string, to: string): RenamePlan {
  const uses = configReferencesOf(configs, from, kind);
  const edits: TextEdit[] = uses.filter((r) => !r.inexact).map((r) => ({ file: r.file, range: r.range, newText: JSON.stringify(to) }));
  const blocked: RenamePlan['blocked'] = uses
    .filter((r) => r.inexact)
    .map((r) => ({ file: r.file, range: r.range, reason: 'a template action writes the name here (flexible configuration); rename it where its value is set' }));
  for (const r of registered) {
    if (r.kind !== kind || r.name !== from) continue;
    const literal = r.registration ? goStringLiteral(r.registration, to) : null;
    if (literal === null) {
      blocked.push({ file: r.file, range: r.range, reason: `the name is computed (${r.registration?.nameText ?? 'unknown expression'}); rename it where it is defined` });
      continue;
    }
    edits.push({ file: r.file, range: r.range, newText: literal });
  }
  const conflicts = registered.filter((r) => r.kind === kind && r.name === to);
  return { edits, blocked, conflicts };
}

/** The new Go literal in the call's own quoting, or null when the name argument is not a single literal. */
function goStringLiteral(reg: RegistrationFact, to: string): string | null {
  const text = reg.nameText.trim();
  const expr = (reg as { nameExpr?: { kind: string } | null }).nameExpr;
  if (expr && expr.kind !== 'lit') return null;
  if (/^`[^`]*`$/.test(text) && !to.includes('`')) return '`' + to + '`';
  if (/^"(?:[^"\\\n]|\\.)*"$/.test(text)) return JSON.stringify(to);
  return null;
}
