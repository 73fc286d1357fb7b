/**
 * The Go module cache on disk, read-only, for the engine's link sets (analyzers/modules/link-set.ts): where
 * it is (`go env GOMODCACHE` when `go` is on PATH, else `$GOMODCACHE`, `$GOPATH/pkg/mod`, `~/go/pkg/mod`) and
 * a reader of its directories, which also reads the local directories a go.mod `replace` names. The lookup
 * waits for the first question (a workspace whose plugins import no dependency never runs `go env`), and one
 * reader serves every analysis of a process with the same environment, so the engine's per-version scans
 * (keyed by the reader) are read once.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, parse } from 'node:path';
import type { ModuleCacheSource } from '../analyzers/modules/module-cache.js';
import type { ReadResult } from '../analyzers/workspace.js';
import { readSourceFile, toPosix } from './disk-workspace.js';
import type { HostEnv } from './host-env.js';

type Env = HostEnv['env'];

export interface FoundModuleCache {
  /** The cache directory, when one exists. */
  dir: string | null;
  /** Where it was looked for, or why it is missing, for the engine's note. */
  why: string;
}

/** Finds the module cache as the go command would, without downloading anything. */
export function findModuleCache(env: Env): FoundModuleCache {
  const fromGo = goEnvModCache(env);
  if (fromGo !== null) {
    return isDir(fromGo) ? { dir: fromGo, why: '' } : { dir: null, why: `go env GOMODCACHE names ${fromGo}, which does not exist` };
  }
  const candidates: { dir: string; from: string }[] = [];
  if (env.GOMODCACHE) candidates.push({ dir: env.GOMODCACHE, from: '$GOMODCACHE' });
  const gopath = env.GOPATH?.split(delimiter).find((p) => p !== '');
  if (gopath) candidates.push({ dir: join(gopath, 'pkg', 'mod'), from: '$GOPATH/pkg/mod' });
  const home = env.HOME ?? homedir();
  if (home) candidates.push({ dir: join(home, 'go', 'pkg', 'mod'), from: '~/go/pkg/mod' });
  for (const c of candidates) if (isAbsolute(c.dir) && isDir(c.dir)) return { dir: c.dir, why: '' };
  return { dir: null, why: `no Go module cache was found (go is not on PATH; looked at ${candidates.map((c) => c.from).join(', ') || 'nothing'})` };
}

function goEnvModCache(env: Env): string | null {
  // Run away from the workspace and with the local toolchain only: a cloned go.mod or go.work naming a newer Go
  // (`go 1.99`, `toolchain …`) must not make a lint download and run another toolchain.
  const r = spawnSync('go', ['env', 'GOMODCACHE'], {
    cwd: parse(process.cwd()).root,
    env: { ...(env as NodeJS.ProcessEnv), GOTOOLCHAIN: 'local', GOWORK: 'off' },
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.error || r.status !== 0) return null;
  const dir = r.stdout.trim();
  return dir !== '' && isAbsolute(dir) ? dir : null;
}

function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** A read-only reader of the module cache (and of replace directories), found lazily. */
export class DiskModuleCache implements ModuleCacheSource {
  private found: FoundModuleCache | null = null;

  constructor(private readonly locate: () => FoundModuleCache) {}

  cacheDir(): string | null {
    this.found ??= this.locate();
    return this.found.dir === null ? null : toPosix(this.found.dir);
  }

  unavailable(): string {
    this.found ??= this.locate();
    return this.found.why;
  }

  listFiles(dir: string): readonly string[] | null {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return null;
    }
    const names: string[] = [];
    for (const e of entries) {
      if (e.isFile()) names.push(e.name);
      else if (e.isSymbolicLink() && isFile(join(dir, e.name))) names.push(e.name);
    }
    return names;
  }

  read(path: string): ReadResult {
    return readSourceFile(path);
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const readers = new Map<string, DiskModuleCache>();

/**
 * The reader for this environment: one per distinct GOMODCACHE / GOPATH / HOME / PATH / GOFLAGS / GOENV, so
 * the language server and repeated analyses share the engine's scans of immutable module versions.
 */
export function moduleCacheFor(env: Env): DiskModuleCache {
  const key = ['GOMODCACHE', 'GOPATH', 'HOME', 'PATH', 'GOFLAGS', 'GOENV'].map((k) => env[k] ?? '').join('\0');
  let reader = readers.get(key);
  if (!reader) readers.set(key, (reader = new DiskModuleCache(() => findModuleCache(env))));
  return reader;
}
