/**
 * Hand-built engine facts for config rule tests and fixtures: krakend.json texts plus plugins described
 * by kind and names, so rules can be tested without parsing Go. Positions of the fake registrations are
 * line N of `<dir>/plugin.go` for the N-th name.
 */
import type { Diagnostic, Range } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import type { PackageFacts, RegistrationFact } from '../go/facts.js';
import { buildPackageFacts } from '../go/package-facts.js';
import { PLUGIN_KIND_SPECS, type PluginKind } from '../go/plugin-kinds.js';
import type { PluginSymbolFact } from '../go/plugin-symbols.js';
import type { ModuleFacts } from '../modules/facts.js';
import { runRules } from '../engine.js';
import type { Rule } from '../rules/define-rule.js';
import { configFactsFromText } from './index.js';

export interface HandName {
  name: string | null;
  request?: boolean;
  response?: boolean;
  /**
   * The settings keys the registered factory reads (`extra["key"]`, in a literal factory); null: a factory
   * kpa cannot follow. Left out: no factory fact at all (kpa cannot tell what it reads).
   */
  reads?: string[] | null;
}

export interface HandPlugin {
  dir: string;
  kind: PluginKind;
  names: (string | HandName)[];
}

export interface HandWorkspace {
  root?: string;
  /** Absolute path → text. */
  configs?: Record<string, string>;
  plugins?: HandPlugin[];
  /** go.mod directories and their module paths. */
  modules?: { dir: string; modulePath: string | null }[];
  sharedObjects?: string[];
}

const line = (n: number, from: number, to: number): Range => ({ start: { line: n, character: from }, end: { line: n, character: to } });

export function handFacts(spec: HandWorkspace): EngineFacts {
  const root = spec.root ?? '/w';
  const packages = new Map<string, PackageFacts>();
  const plugins = new Map<string, PluginSymbolFact[]>();
  for (const plugin of spec.plugins ?? []) {
    const file = `${plugin.dir}/plugin.go`;
    let pkg = packages.get(plugin.dir);
    if (!pkg) packages.set(plugin.dir, (pkg = emptyPackage(plugin.dir, file)));
    const kindSpec = PLUGIN_KIND_SPECS[plugin.kind];
    const registrations: RegistrationFact[] = plugin.names.map((n) => {
      const entry: HandName = typeof n === 'string' ? { name: n } : n;
      const at = pkg!.registrations.length + 10;
      // Cast: the Go facts contract grows while the Go analyzer lands; tests fill what config rules read.
      const reg = {
        method: kindSpec.method,
        receiver: 'registerer',
        name: entry.name,
        nameText: entry.name === null ? 'name' : JSON.stringify(entry.name),
        nameExpr: entry.name === null ? null : { kind: 'lit', value: entry.name },
        file,
        range: line(at, 1, 40),
        nameRange: line(at, 10, 12 + (entry.name?.length ?? 4)),
      } as unknown as RegistrationFact;
      if (entry.reads === null) reg.factory = { kind: 'other' };
      else if (entry.reads) {
        const keys = entry.reads.map((key, i) => ({ expr: { kind: 'lit' as const, value: key }, file, range: line(at + 1 + i, 2, 10 + key.length) }));
        reg.factory = { kind: 'literal', settings: { param: 0, name: 'extra', keys, passes: [], opaque: false } };
      }
      if (plugin.kind === 'modifier') {
        reg.appliesToRequest = entry.request ?? true;
        reg.appliesToResponse = entry.response ?? false;
      }
      pkg!.registrations.push(reg);
      return reg;
    });
    let symbols = plugins.get(plugin.dir);
    if (!symbols) plugins.set(plugin.dir, (symbols = []));
    symbols.push({
      kind: plugin.kind,
      symbol: kindSpec.symbol,
      dir: plugin.dir,
      file,
      range: line(symbols.length + 3, 4, 4 + kindSpec.symbol.length),
      declKind: 'var',
      typeName: 'registerer',
      loads: true,
      failures: [],
      names: registrations.filter((r) => r.name !== null).map((r) => r.name!),
      dynamicNames: registrations.filter((r) => r.name === null).length,
      optional: [],
      optionalMethods: [],
      method: null,
    });
  }
  const sharedObjects = [...(spec.sharedObjects ?? [])].sort();
  const configs = Object.entries(spec.configs ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, text]) => configFactsFromText(file, text, root, sharedObjects));
  const modules = (spec.modules ?? []).map((m) => ({
    goModFile: `${m.dir}/go.mod`,
    dir: m.dir,
    modulePath: m.modulePath,
    goMod: m.modulePath === null ? null : ({ file: `${m.dir}/go.mod`, module: { path: m.modulePath, range: line(0, 7, 7 + m.modulePath.length) } } as ModuleFacts['goMod']),
    goSum: null,
    goSumFile: null,
  })) as unknown as ModuleFacts[];
  return { root, go: [...packages.values()], plugins, modules, configs, binaries: [], recipes: [], inputProblems: [] };
}

function emptyPackage(dir: string, file: string): PackageFacts {
  const pkg = buildPackageFacts(dir, [], { goos: 'linux', goarch: 'amd64' });
  return { ...pkg, name: 'main', files: [file] };
}

export function runRule(rule: Rule, facts: EngineFacts): Diagnostic[] {
  return runRules(facts, { target: null }, [rule]);
}

/** `file:line messageId` (1-based line) per finding: compact expectations for rule tests. */
export function brief(diagnostics: Diagnostic[], root = '/w/'): string[] {
  return diagnostics.map((d) => `${d.file.replace(root, '')}:${d.range.start.line + 1} ${d.data?.messageId} ${d.severity}`);
}

/** The standard plugin set the rule tests share: a server, a client and a request/response modifier pair. */
export const STANDARD_PLUGINS: HandPlugin[] = [
  { dir: '/w/plugins/auth', kind: 'server', names: ['auth', 'logger'] },
  { dir: '/w/plugins/client', kind: 'client', names: ['s3-client'] },
  { dir: '/w/plugins/mods', kind: 'modifier', names: [{ name: 'geo-request' }, { name: 'geo-response', request: false, response: true }] },
];

/** Runs one rule over /w/krakend.json = `config` (an object is stringified) and the given workspace. */
export function checkConfig(rule: Rule, config: string | object, workspace: Omit<HandWorkspace, 'configs'> = { plugins: STANDARD_PLUGINS }): Diagnostic[] {
  const text = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
  return runRule(rule, handFacts({ ...workspace, configs: { '/w/krakend.json': text } }));
}

/** A config with the plugin block and one extra_config at `where` holding `namespace: value`. */
export function configWith(where: 'service' | 'endpoint' | 'backend', namespace: string, value: unknown): object {
  const extra = { extra_config: { [namespace]: value } };
  const backend = { url_pattern: '/', ...(where === 'backend' ? extra : {}) };
  return {
    version: 3,
    plugin: { folder: './plugins/', pattern: '.so' },
    ...(where === 'service' ? extra : {}),
    endpoints: [{ endpoint: '/a', ...(where === 'endpoint' ? extra : {}), backend: [backend] }],
  };
}
