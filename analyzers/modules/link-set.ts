/**
 * The link set of a plugin build: the modules of the packages in the transitive import closure of its
 * packages (spec §7: Go refuses a plugin when a package linked into both binaries was built from another
 * version, so only linked modules can break loading). Computed from the imports of the build's own packages
 * and, through the module cache, of every dependency package they reach: each import path is resolved to
 * its module by the longest module-path prefix among the module graph (go.mod requires and go.sum), the
 * module's directory is the cache's `<path>@<version>` (or what a `replace` points at), and its files are
 * filtered as `go build` would for the target's GOOS/GOARCH (build-constraints.ts, no _test.go).
 *
 * A module that vendors its dependencies (vendor/modules.txt, go 1.14 or later) is read from vendor/ instead,
 * as the go command builds it.
 *
 * A package whose sources cannot be read (no module cache, a module version missing from it, an import no
 * module provides) leaves the closure incomplete: the modules below it are not known, and `gaps` says why.
 */
import type { ImportFact, PackageFacts } from '../go/facts.js';
import { fileIncluded, readConstraintFromHeader, type BuildContext } from '../go/build-constraints.js';
import { scanHeader } from '../go/import-scan.js';
import type { ReplaceFact } from './facts.js';
import { trimSlash } from '../workspace.js';
import { moduleVersionDir, resolveDir, type DependencySource, type ModuleCacheSource } from './module-cache.js';

/** One module of the module graph, with the version the build uses and the replace that applies to it. */
export interface GraphModule {
  path: string;
  version: string;
  /** The `replace` that applies to this version, if any. */
  replace: ReplaceFact | null;
}

export interface LinkSetInput {
  /** The module that builds the plugin: its path (null when go.mod has no module line) and directory. */
  modulePath: string | null;
  moduleDir: string;
  /** The packages of the plugin build (its main packages and the workspace packages they import). */
  ownPackages: readonly PackageFacts[];
  graph: ReadonlyMap<string, GraphModule>;
  /**
   * The module's vendor directory when its go line makes the go command build from vendor/ (go 1.14 or
   * later); used when it holds vendor/modules.txt, as the go command does.
   */
  vendorDir?: string | null;
}

export interface LinkedModule {
  path: string;
  /** The first package of the module the closure reached. */
  pkg: string;
  /** The import of it in the plugin's own code, when its own code imports it. */
  importedBy: ImportFact | null;
  /** Otherwise the package (import path) of a dependency that imports it. */
  importer: string | null;
}

export interface LinkSet {
  /** Module path → how it is linked, in the order the closure reached them. */
  linked: Map<string, LinkedModule>;
  /** Every package of the closure was read: a module of the graph not in `linked` is not linked. */
  complete: boolean;
  /** Why the closure is incomplete, in a few words each (empty when complete). */
  gaps: string[];
}

interface PackageScan {
  imports: string[];
}

/**
 * Scans of package directories inside the module cache, per reader: `<path>@<version>` is immutable, so a
 * scan holds across analyses (the language server computes a link set per keystroke in a plugin package).
 */
const CACHED_SCANS = new WeakMap<ModuleCacheSource, Map<string, PackageScan | null>>();

const MAX_GAPS = 3;

export function computeLinkSet(input: LinkSetInput, source: DependencySource | null | undefined): LinkSet {
  const linked = new Map<string, LinkedModule>();
  const gaps: string[] = [];
  let moreGaps = 0;
  const gap = (text: string) => {
    if (gaps.includes(text)) return;
    if (gaps.length < MAX_GAPS) gaps.push(text);
    else moreGaps++;
  };
  const ctx: BuildContext = { goos: source?.goos ?? 'linux', goarch: source?.goarch ?? 'amd64', goMinor: source?.goMinor };
  const vendorDir = source && input.vendorDir && source.cache.listFiles(input.vendorDir)?.includes('modules.txt') ? input.vendorDir : null;
  const cacheDir = source && !vendorDir ? source.cache.cacheDir() : null;
  const localScans = new Map<string, PackageScan | null>();
  const ownDirs = new Map<string, PackageFacts>();
  for (const pkg of input.ownPackages) ownDirs.set(trimSlash(pkg.dir), pkg);

  const visited = new Set<string>();
  const queue: { path: string; importedBy: ImportFact | null; importer: string | null }[] = [];
  const enqueue = (path: string, importedBy: ImportFact | null, importer: string | null) => {
    if (visited.has(path)) return;
    visited.add(path);
    queue.push({ path, importedBy, importer });
  };
  for (const pkg of input.ownPackages) for (const imp of pkg.imports) enqueue(imp.path, imp, null);

  for (let i = 0; i < queue.length; i++) {
    const { path, importedBy, importer } = queue[i];
    if (path === 'C' || path === 'unsafe') continue;
    const owner = ownerOf(path, input);
    if (owner === 'main') {
      // A package of the module itself: its imports are the own packages' ones, or read from its directory.
      const dir = packageDir(input.moduleDir, input.modulePath!, path);
      if (ownDirs.has(dir)) continue;
      const scan = source ? scanDir(source, dir, ctx, localScans) : null;
      if (scan) for (const imp of scan.imports) enqueue(imp, null, path);
      else gap(source ? `package ${path} of this module was not found` : `package ${path} of this module could not be read`);
      continue;
    }
    if (owner === null) {
      if (isStandardImportPath(path)) continue;
      gap(`no module in go.mod or go.sum provides ${path}`);
      continue;
    }
    if (!linked.has(owner.path)) linked.set(owner.path, { path: owner.path, pkg: path, importedBy: importer === null ? importedBy : null, importer });
    const where = vendorDir ? { dir: `${vendorDir}/${owner.path}`, version: owner.version, cached: false } : moduleDirOf(owner, input.moduleDir, cacheDir);
    if (!source) {
      gap('the dependencies\' sources were not read');
      continue;
    }
    if (!where) {
      gap(source.cache.unavailable());
      continue;
    }
    const dir = packageDir(where.dir, owner.path, path);
    const scan = scanDir(source, dir, ctx, where.cached ? cachedScans(source.cache) : localScans);
    if (scan) {
      for (const imp of scan.imports) enqueue(imp, null, path);
      continue;
    }
    if (vendorDir) gap(`vendor/ has no buildable package ${path} (run \`go mod vendor\`)`);
    else if (source.cache.listFiles(where.dir) === null) {
      gap(where.cached ? `${owner.path}@${where.version} is not in the module cache (${cacheDir})` : `the replacement directory ${where.dir} of ${owner.path} cannot be read`);
    } else gap(`${owner.path}@${where.version} has no buildable package ${path}`);
  }
  if (moreGaps) gaps.push(`${moreGaps} more`);
  return { linked, complete: gaps.length === 0, gaps };
}

/** The module providing `importPath`: the main module or a graph module with the longest path prefix, else null. */
function ownerOf(importPath: string, input: LinkSetInput): GraphModule | 'main' | null {
  let p = importPath;
  for (;;) {
    if (p === input.modulePath) return 'main';
    const m = input.graph.get(p);
    if (m) return m;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return null;
    p = p.slice(0, slash);
  }
}

/** go/build's rule: a path whose first element has no dot is the standard library's (once no module claims it). */
function isStandardImportPath(path: string): boolean {
  const first = path.split('/', 1)[0];
  return !first.includes('.');
}

function packageDir(moduleDir: string, modulePath: string, importPath: string): string {
  const rest = importPath.slice(modulePath.length);
  return trimSlash(moduleDir) + rest;
}

/** Where a graph module's files are: its `<path>@<version>` in the cache, or the directory its replace names. */
function moduleDirOf(m: GraphModule, mainDir: string, cacheDir: string | null): { dir: string; version: string; cached: boolean } | null {
  if (m.replace && m.replace.toVersion === null) return { dir: resolveDir(mainDir, m.replace.to), version: m.version, cached: false };
  if (cacheDir === null) return null;
  if (m.replace) return { dir: moduleVersionDir(cacheDir, m.replace.to, m.replace.toVersion!), version: `${m.replace.toVersion} (replaced by ${m.replace.to})`, cached: true };
  return { dir: moduleVersionDir(cacheDir, m.path, m.version), version: m.version, cached: true };
}

function cachedScans(cache: ModuleCacheSource): Map<string, PackageScan | null> {
  let scans = CACHED_SCANS.get(cache);
  if (!scans) CACHED_SCANS.set(cache, (scans = new Map()));
  return scans;
}

/** The imports of the files `go build` compiles in `dir` for the platform; null when it holds no such file. */
function scanDir(source: DependencySource, dir: string, ctx: BuildContext, memo: Map<string, PackageScan | null>): PackageScan | null {
  const key = `${ctx.goos}/${ctx.goarch}:${dir}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const scan = readPackage(source.cache, dir, ctx);
  memo.set(key, scan);
  return scan;
}

function readPackage(cache: ModuleCacheSource, dir: string, ctx: BuildContext): PackageScan | null {
  const names = cache.listFiles(dir);
  if (!names) return null;
  const imports = new Set<string>();
  let files = 0;
  for (const name of [...names].sort()) {
    if (!name.endsWith('.go')) continue;
    const read = cache.read(`${dir}/${name}`);
    if ('error' in read) continue;
    if (!fileIncluded(name, readConstraintFromHeader(read.text), ctx).included) continue;
    const header = scanHeader(read.text, name);
    // go/build ignores files of `package documentation` (doc.go of old commands).
    if (header.packageName === null || header.packageName === 'documentation') continue;
    files++;
    for (const imp of header.imports) imports.add(imp.path);
  }
  return files ? { imports: [...imports].sort() } : null;
}

