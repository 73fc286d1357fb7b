/**
 * The plugin names the workspace's Go code registers, by kind, joined from the Go analyzer's facts
 * (RegistrationFact calls, PluginSymbolFact names) and the modules' paths. Config rules and the
 * language server's config features read this one view.
 */
import { AnalysisContext, analysisContextOf, derivation } from '../analysis-context.js';
import type { Range } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { PackageFacts, RegistrationFact } from '../go/facts.js';
import type { PluginSymbolFact } from '../go/plugin-symbols.js';
import { METHOD_TO_KIND, type PluginKind } from '../go/plugin-kinds.js';
import type { ModuleFacts } from '../modules/facts.js';

export interface RegisteredName {
  name: string;
  kind: PluginKind;
  /** The plugin package directory. */
  dir: string;
  file: string;
  /** The name argument of the register call (or the symbol, when only PluginSymbolFact names are known). */
  range: Range;
  appliesToRequest?: boolean | null;
  appliesToResponse?: boolean | null;
  /** The register call, when the Go facts have it (rename needs its source text). */
  registration?: RegistrationFact;
}

export interface PluginRegistry {
  names: RegisteredName[];
  byName: Map<string, RegisteredName[]>;
  /** Register calls whose name kpa could not evaluate (a name built at run time). */
  dynamicNames: number;
  /** Plugin package directories (a plugin symbol or a register call). */
  packageDirs: string[];
}

interface PackageNames {
  names: RegisteredName[];
  dynamicNames: number;
  /** Whether the package has a register call of a plugin kind. */
  registers: boolean;
}

/** Per package facts object (or symbol list) → its names: the language server keeps unchanged packages' objects. */
type NamesMemo = WeakMap<object, { symbols: readonly PluginSymbolFact[] | undefined; names: PackageNames }>;

/** A memo keyed by the package objects themselves, so no edit makes it stale: it lives as long as the context. */
const PACKAGE_NAMES = derivation('registered names per package', [], (): NamesMemo => new WeakMap());

const PLUGIN_REGISTRY = derivation('plugin registry', ['go'], (facts, context) => buildPluginRegistry(facts, context.derive(PACKAGE_NAMES)));

/**
 * The registry of one analysis, built once: several config rules and server features ask for it. Given
 * facts, it is that of the analysis context analysing them when there is one, else built for the call.
 */
export function pluginRegistry(of: AnalysisContext | Pick<EngineFacts, 'go' | 'plugins'>): PluginRegistry {
  if (of instanceof AnalysisContext) return of.derive(PLUGIN_REGISTRY);
  const derived = analysisContextOf(of);
  return derived ? derived.derive(PLUGIN_REGISTRY) : buildPluginRegistry(of, new WeakMap());
}

function buildPluginRegistry(facts: Pick<EngineFacts, 'go' | 'plugins'>, memo: NamesMemo): PluginRegistry {
  const names: RegisteredName[] = [];
  let dynamicNames = 0;
  const dirs: string[] = [];
  const visit = (dir: string, pkg: PackageFacts | undefined) => {
    const symbols = facts.plugins.get(dir);
    const own = namesOfPackage(memo, dir, pkg, symbols);
    if (symbols || own.registers) dirs.push(dir);
    names.push(...own.names);
    dynamicNames += own.dynamicNames;
  };
  // Packages first, then plugin symbols of directories without package facts (hand-built facts only);
  // no set of all directories is built, which is most of the cost in a workspace of 1,000 packages.
  let withSymbols = 0;
  for (const pkg of facts.go) {
    if (facts.plugins.has(pkg.dir)) withSymbols++;
    visit(pkg.dir, pkg);
  }
  if (withSymbols < facts.plugins.size) {
    const packaged = new Set(facts.go.map((p) => p.dir));
    for (const dir of facts.plugins.keys()) if (!packaged.has(dir)) visit(dir, undefined);
  }
  const byName = new Map<string, RegisteredName[]>();
  for (const n of names) {
    let list = byName.get(n.name);
    if (!list) byName.set(n.name, (list = []));
    list.push(n);
  }
  return { names, byName, dynamicNames, packageDirs: [...new Set(dirs)].sort() };
}

function namesOfPackage(memo: NamesMemo, dir: string, pkg: PackageFacts | undefined, symbols: readonly PluginSymbolFact[] | undefined): PackageNames {
  const key: object | undefined = pkg ?? symbols;
  const known = key && memo.get(key);
  if (known && known.symbols === symbols) return known.names;
  const names = computeNamesOfPackage(dir, pkg, symbols ?? []);
  if (key) memo.set(key, { symbols, names });
  return names;
}

function computeNamesOfPackage(dir: string, pkg: PackageFacts | undefined, symbols: readonly PluginSymbolFact[]): PackageNames {
  const names: RegisteredName[] = [];
  let dynamicNames = 0;
  const regs = (pkg?.registrations ?? []).filter((r) => METHOD_TO_KIND[r.method]);
  const named = new Set<string>();
  const add = (entry: RegisteredName) => {
    names.push(entry);
    named.add(`${entry.kind} ${entry.name}`);
  };
  for (const kind of new Set([...regs.map((r) => METHOD_TO_KIND[r.method]), ...symbols.map((s) => s.kind)])) {
    const ofKind = regs.filter((r) => METHOD_TO_KIND[r.method] === kind);
    const unresolved = ofKind.filter((r) => r.name === null);
    for (const reg of ofKind) if (reg.name !== null) add(entryFor(reg.name, kind, dir, reg));
    const symbol = symbols.find((s) => s.kind === kind);
    if (!symbol) {
      dynamicNames += unresolved.length;
      continue;
    }
    // The symbol knows names its register calls take from the receiver (`f(string(r), …)`); point at that call.
    dynamicNames += symbol.dynamicNames;
    for (const name of symbol.names) {
      if (named.has(`${kind} ${name}`)) continue;
      const call = unresolved.shift();
      add(call ? entryFor(name, kind, dir, call) : { name, kind, dir, file: symbol.file, range: symbol.range });
    }
  }
  return { names, dynamicNames, registers: regs.length > 0 };
}

function entryFor(name: string, kind: PluginKind, dir: string, reg: RegistrationFact): RegisteredName {
  const entry: RegisteredName = { name, kind, dir, file: reg.file, range: reg.nameRange, registration: reg };
  if (kind === 'modifier') {
    entry.appliesToRequest = reg.appliesToRequest ?? null;
    entry.appliesToResponse = reg.appliesToResponse ?? null;
  }
  return entry;
}
