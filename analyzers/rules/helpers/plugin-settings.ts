/**
 * Which settings keys a registered plugin's code reads (KPA312). KrakenD hands a factory the whole namespace
 * object (spec §2); the Go facts record, per function, what it does with that map (SettingsReadsFact) and,
 * per register call, which factory it registers (FactoryRef). Here the factory is followed — through the
 * functions of the package it hands the map to — and its keys are evaluated with the package's constants and
 * the plugin symbol's value (`extra[string(r)]` with `var HandlerRegisterer = registerer("x")`).
 *
 * The answer is all or nothing: the keys are returned only when kpa sees every use of the map. A factory
 * built at run time, a map handed to another package (json.Marshal, mapstructure.Decode), ranged over or
 * indexed with a computed key gives null: a convention is not a defect, and kpa then says nothing.
 */
import { derivation } from '../../analysis-context.js';
import type { RegisteredName } from '../../config/plugin-registry.js';
import type { Range } from '../../diagnostics.js';
import type { PackageFacts, SettingsReadsFact, StringExpr } from '../../go/facts.js';
import { constMap, evalStringExpr } from '../../go/package-facts.js';
import { PLUGIN_KIND_SPECS } from '../../go/plugin-kinds.js';
import type { RuleInputs } from '../define-rule.js';
import { packageOf } from './go-symbols.js';

export interface SettingsKey {
  key: string;
  /** Where the code reads it. */
  file: string;
  range: Range;
}

/** Package → its constants, by name: a memo keyed by the package facts themselves. */
const CONSTS = derivation('string constants per package', [], () => new WeakMap<PackageFacts, Map<string, StringExpr>>());

/** Follows one map through at most this many functions. */
const MAX_DEPTH = 8;

/**
 * The keys `entry`'s factory reads from its settings map, `name` left out (KrakenD's own key); null when
 * kpa cannot see every key it may read. An empty list: the factory reads no settings.
 */
export function settingsKeysRead(ctx: RuleInputs, entry: RegisteredName): SettingsKey[] | null {
  const reg = entry.registration;
  const factory = reg?.factory;
  if (!reg || !factory) return null;
  const pkg = packageOf(ctx, entry.dir);
  if (!pkg) return null;
  const memo = ctx.derived.derive(CONSTS);
  let consts = memo.get(pkg);
  if (!consts) memo.set(pkg, (consts = constMap(pkg.consts)));
  // `string(r)` in a method of the registerer type is the plugin symbol's value.
  const symbol = PLUGIN_KIND_SPECS[entry.kind].symbol;
  const symbolInit = pkg.values.find((v) => v.name === symbol && v.declKind === 'var')?.initString ?? null;

  let start: SettingsReadsFact | null | undefined;
  let receiver: string | null = null;
  switch (factory.kind) {
    case 'literal':
      start = factory.settings;
      receiver = reg.receiver;
      break;
    case 'func':
      start = pkg.values.find((v) => v.declKind === 'func' && v.name === factory.name)?.settings;
      break;
    case 'method':
      start = pkg.methods.find((m) => m.receiver === reg.receiver && m.name === factory.name)?.settings;
      receiver = reg.receiver;
      break;
    case 'other':
      return null;
  }
  if (!start) return null;

  const keys: SettingsKey[] = [];
  const seen = new Set<SettingsReadsFact>();
  const visit = (reads: SettingsReadsFact, recv: string | null, depth: number): boolean => {
    if (seen.has(reads)) return true;
    seen.add(reads);
    if (reads.opaque || depth > MAX_DEPTH) return false;
    for (const k of reads.keys) {
      const key = evalStringExpr(k.expr, consts!, recv !== null && recv === reg.receiver ? symbolInit : null);
      if (key === null) return false;
      if (key !== 'name' && !keys.some((x) => x.key === key)) keys.push({ key, file: k.file, range: k.range });
    }
    for (const pass of reads.passes) {
      const target = pass.method
        ? recv === null
          ? undefined
          : pkg.methods.find((m) => m.receiver === recv && m.name === pass.callee)?.settings
        : pkg.values.find((v) => v.declKind === 'func' && v.name === pass.callee)?.settings;
      // The map must arrive as the parameter whose uses were read.
      if (!target || target.param !== pass.arg) return false;
      if (!visit(target, pass.method ? recv : null, depth + 1)) return false;
    }
    return true;
  };
  return visit(start, receiver, 0) ? keys : null;
}
