/**
 * Where the engine reads Go sources that are not in the workspace: the module cache (GOMODCACHE, laid out as
 * `<cache>/<escaped module path>@<escaped version>/…`) and the directories a go.mod `replace` points at. The
 * host finds the cache and gives the engine a read-only reader (host/module-cache.ts); the engine never
 * touches the file system itself. The link set (link-set.ts) reads dependencies' imports through it.
 */
import { normalizePath, trimSlash, type ReadResult } from '../workspace.js';

export interface ModuleCacheSource {
  /**
   * The module cache directory (absolute, '/' separators), or null when none was found. Asked only when a
   * dependency's imports are needed, so a host may look it up lazily (`go env GOMODCACHE` costs a process).
   */
  cacheDir(): string | null;
  /** Why there is no cache, in a few words, when cacheDir() is null (e.g. "no Go module cache was found"). */
  unavailable(): string;
  /** The names of the regular files of a directory (absolute); null when it does not exist or cannot be listed. */
  listFiles(dir: string): readonly string[] | null;
  read(path: string): ReadResult;
}

/**
 * What a module's link set is computed with: the reader and the platform whose build constraints decide
 * which files of a dependency are compiled. Carried by ModuleFacts.dependencySource.
 */
export interface DependencySource {
  cache: ModuleCacheSource;
  goos: string;
  goarch: string;
  goMinor?: number;
}

/**
 * Go's case-escaping of module paths and versions in the module cache (golang.org/x/mod/module.EscapePath):
 * every upper-case letter becomes `!` and its lower-case form, so `github.com/Azure/x` is `github.com/!azure/x`.
 */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** The directory of `path@version` in the module cache. */
export function moduleVersionDir(cacheDir: string, path: string, version: string): string {
  return `${trimSlash(cacheDir)}/${escapeModulePath(path)}@${escapeModulePath(version)}`;
}

/** `base` joined with a relative or absolute '/'-separated path, `.` and `..` resolved (no file system). */
export function resolveDir(base: string, rel: string): string {
  const posix = rel.replace(/\\/g, '/');
  return normalizePath(rel.startsWith('/') ? posix : `${base}/${posix}`);
}
