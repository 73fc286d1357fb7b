/**
 * Plugin attempts: main packages meant as KrakenD plugins that declare none of the symbols KrakenD looks up
 * (issue #14 class 8, `var Plugin = func(…)` beside a krakend.json naming "gtfsrt"). A main package is one
 * when it declares no plugin symbol and no Register… call, and
 *
 * - a build recipe builds it with `-buildmode=plugin`, or
 * - it exports a package-level var or func of a plugin factory's shape: a func taking or returning
 *   `context.Context`, `map[string]interface{}` or `http.Handler`, or a modifier's `func(interface{})
 *   (interface{}, error)`. Nothing imports a main package, so its exported names are there for a lookup.
 *
 * The prefilter parses main packages with exported vars or funcs (go/main-exports.ts), so the values are
 * known; a recipe-built main package exporting nothing stays unparsed, and is pointed at by its first file.
 * KPA313 explains such a package when a config names a plugin nobody registers; KPA305 then knows the
 * workspace holds plugin code to compare the name with.
 */
import { derivation, type AnalysisContext } from '../../analysis-context.js';
import type { Range } from '../../diagnostics.js';
import type { ConfigFacts } from '../../config/facts.js';
import type { PackageFacts, TypeExpr, ValueFact } from '../../go/facts.js';
import { METHOD_TO_KIND, PLUGIN_KINDS, type PluginKind } from '../../go/plugin-kinds.js';
import { renderType } from '../../go/type-expr.js';
import type { PluginBuildCommand } from '../../recipes/facts.js';
import { dirname } from '../../workspace.js';
import { builtDirs } from '../../recipes/build-command.js';

/**
 * The factory each kind registers, canonical (go/type-expr.ts renderType): the second parameter of the
 * Register… method's function (go/plugin-kinds.ts signatures; plugin-attempts.test.ts keeps them equal).
 */
export const FACTORY_TYPES: Record<PluginKind, string> = {
  server: 'func(context.Context, map[string]interface{}, net/http.Handler) (net/http.Handler, error)',
  client: 'func(context.Context, map[string]interface{}) (net/http.Handler, error)',
  modifier: 'func(map[string]interface{}) func(interface{}) (interface{}, error)',
  middleware:
    'func(map[string]interface{}, func(context.Context, interface{}) (interface{}, error)) func(context.Context, interface{}) (interface{}, error)',
};

/** Types a plugin factory takes or returns; one of them in an exported func of a main package is a plugin shape. */
const PLUGIN_PARTS = new Set(['context.Context', 'map[string]interface{}', 'net/http.Handler', 'func(interface{}) (interface{}, error)']);

export interface AttemptExport {
  value: ValueFact;
  /** Whether its type has a plugin factory's shape. */
  shaped: boolean;
  /** The kind whose factory it is exactly, or guessed from its shape; null when the shape does not say. */
  kind: PluginKind | null;
  /** True when its type is exactly that kind's factory type. */
  exact: boolean;
}

export interface PluginAttempt {
  dir: string;
  pkg: PackageFacts;
  /** Recipe commands that build it with -buildmode=plugin. */
  builds: PluginBuildCommand[];
  /** Its exported package-level vars and funcs, plugin-shaped ones first. */
  exports: AttemptExport[];
  /** The kind its shaped exports point to, when they agree on one. */
  kind: PluginKind | null;
  /** Where to point: the first shaped export, else the first export, else the package clause of its first file. */
  file: string;
  range: Range;
}

const isExported = (name: string) => /^\p{Lu}/u.test(name);

/** The func type of an export: its own, or that of the local defined or alias type it is declared with. */
function funcType(t: TypeExpr | null, pkg: PackageFacts): TypeExpr | null {
  if (t?.kind === 'named' && t.pkg === '') {
    const decl = pkg.types.find((d) => d.name === t.name && d.typeParams.length === 0);
    return decl?.type.kind === 'func' ? decl.type : null;
  }
  return t?.kind === 'func' ? t : null;
}

/** Whether a func type has a plugin factory's shape, and which kind it is (or looks like). */
export function factoryShape(t: TypeExpr | null, pkg: PackageFacts): Omit<AttemptExport, 'value'> {
  const fn = funcType(t, pkg);
  if (!fn || fn.kind !== 'func') return { shaped: false, kind: null, exact: false };
  const aliases = (name: string) => pkg.types.find((d) => d.alias && d.name === name)?.type;
  const text = renderType(fn, aliases);
  const exact = PLUGIN_KINDS.find((k) => FACTORY_TYPES[k] === text);
  if (exact) return { shaped: true, kind: exact, exact: true };
  const params = fn.params.map((p) => renderType(p, aliases));
  const results = fn.results.map((r) => renderType(r, aliases));
  if (![...params, ...results].some((p) => PLUGIN_PARTS.has(p))) return { shaped: false, kind: null, exact: false };
  // Near a factory: say which one it resembles, when the types say it (a func declaration's parameters are
  // not extracted, only its results).
  let kind: PluginKind | null = null;
  if (params.includes('net/http.Handler')) kind = 'server';
  else if (results.join(', ') === 'net/http.Handler, error') kind = params.length === 2 ? 'client' : params.length === 3 ? 'server' : null;
  else if (results[0] === 'func(interface{}) (interface{}, error)') kind = 'modifier';
  else if (results[0] === 'func(context.Context, interface{}) (interface{}, error)') kind = 'middleware';
  return { shaped: true, kind, exact: false };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const ATTEMPTS = derivation('plugin attempts without a plugin symbol', ['go', 'recipes'], (facts): PluginAttempt[] => {
  const builds = new Map<string, PluginBuildCommand[]>();
  for (const recipe of facts.recipes) {
    for (const build of recipe.pluginBuilds) {
      for (const dir of builtDirs(build)) {
        const list = builds.get(dir);
        if (list) list.push(build);
        else builds.set(dir, [build]);
      }
    }
  }
  const attempts: PluginAttempt[] = [];
  for (const pkg of facts.go) {
    if (pkg.name !== 'main' || pkg.files.length === 0) continue;
    if (facts.plugins.get(pkg.dir)?.length || pkg.registrations.some((r) => METHOD_TO_KIND[r.method])) continue;
    const exports = pkg.values
      .filter((v) => v.declKind !== 'const' && isExported(v.name))
      .map((value): AttemptExport => ({ value, ...factoryShape(value.type, pkg) }))
      .sort((a, b) => Number(b.shaped) - Number(a.shaped));
    const built = builds.get(pkg.dir) ?? [];
    if (built.length === 0 && !exports.some((e) => e.shaped)) continue;
    const kinds = new Set(exports.filter((e) => e.kind).map((e) => e.kind));
    const first = exports[0]?.value;
    const clause = pkg.fileFacts.find((f) => f.file === pkg.files[0])?.packageRange;
    attempts.push({
      dir: pkg.dir,
      pkg,
      builds: built,
      exports,
      kind: kinds.size === 1 ? [...kinds][0] : null,
      file: first?.file ?? pkg.files[0],
      range: first?.nameRange ?? clause ?? ZERO,
    });
  }
  return attempts;
});

export function pluginAttempts(derived: AnalysisContext): readonly PluginAttempt[] {
  return derived.derive(ATTEMPTS);
}

function within(dir: string, parent: string): boolean {
  return dir === parent || dir.startsWith(parent.endsWith('/') ? parent : parent + '/');
}

/**
 * Whether `config` may be the one meant to load the attempt: a recipe builds it into the config's plugin
 * folder, or the config sits in the deepest directory above the attempt that holds configs, or no config
 * sits above it (configs in `config/`, the plugin in `plugin/`). Independent examples of a monorepo, each
 * with its own krakend.json, are not linked.
 */
export function attemptServesConfig(attempt: PluginAttempt, config: ConfigFacts, configs: readonly ConfigFacts[]): boolean {
  const folder = config.pluginFolder?.folder;
  if (folder && attempt.builds.some((b) => (b.output ? dirname(b.output) : b.partial ? null : b.cwd) === folder)) return true;
  let nearest: string | null = null;
  for (const c of configs) {
    const dir = dirname(c.file);
    if (within(attempt.dir, dir) && (nearest === null || dir.length > nearest.length)) nearest = dir;
  }
  return nearest === null || nearest === dirname(config.file);
}
