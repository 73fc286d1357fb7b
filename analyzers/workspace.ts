/**
 * A snapshot of the files kpa looks at: paths plus a way to read them. The CLI fills it from disk,
 * the language server from open buffers over disk. The engine never touches the file system itself.
 */
import { factKindOf, isConfigFile } from './fact-kinds.js';
import { isEnvironmentFile } from './config/template/fc-files.js';

export type ReadFailureKind = 'unreadable' | 'binary' | 'encoding' | 'too-large';

/** `bom`: the file began with a UTF-8 byte order mark, dropped from `text`; Go source may, go.mod and JSON may not. */
export type ReadResult = { text: string; bom?: true } | { error: string; kind: ReadFailureKind };

export interface FileSource {
  /** Absolute paths ('/' separators) of every file the snapshot holds. */
  paths(): readonly string[];
  read(path: string): ReadResult;
  /** Raw bytes, for binaries (.so, executables). */
  readBytes?(path: string): Uint8Array | { error: string };
  /**
   * The prefilter's view of a Go file (go/source-skim.ts), for sources that read bytes cheaply: the text of a
   * file that mentions no plugin is then neither decoded whole nor kept. Without it, the file is read.
   */
  skimGo?(path: string): GoSourceSkim;
}

/**
 * A Go file as the prefilter sees it: whether it mentions a plugin (go/file-facts.ts `mentionsPlugin`), and when
 * not, its head: the text from its start to at least past its first top-level declaration keyword, or all of it.
 */
export type GoSourceSkim = { mentionsPlugin: true } | { mentionsPlugin: false; head: string } | Extract<ReadResult, { error: string }>;

/** Files larger than this are reported and not parsed (a generated 20 MB file still parses; 64 MB does not). */
export const MAX_SOURCE_BYTES = 64 * 1024 * 1024;

/**
 * Decodes file bytes the way every door of kpa does: NUL bytes mean a binary file, invalid UTF-8 is an
 * encoding error, a UTF-8 BOM is dropped.
 */
export function decodeSource(bytes: Uint8Array): ReadResult {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { kind: 'too-large', error: `file is ${bytes.length} bytes, larger than the ${MAX_SOURCE_BYTES} bytes kpa reads` };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { kind: 'binary', error: `binary file (NUL byte at offset ${nul})` };
  try {
    // ignoreBOM keeps the BOM in the decoded text (the default drops it unseen), so it can be reported.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return { kind: 'encoding', error: `not valid UTF-8 (first bad byte at offset ${bad})` };
  }
}

/**
 * The offset of the first byte TextDecoder's fatal mode refuses: besides a bad lead byte or a missing
 * continuation, an overlong form (E0 80), a surrogate (ED A0) or a code point above U+10FFFF (F4 90, F5…).
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    // The second byte's range depends on the lead (Unicode Table 3-7); later ones are 80..BF.
    const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (i + 1 >= bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < len; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len - 1;
  }
  return bytes.length;
}

/** A directory without its trailing '/' ('/' itself stays). */
export function trimSlash(dir: string): string {
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An absolute '/'-separated path with `.`, `..` and repeated slashes resolved (the engine has no node:path). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** Relative path with '/' separators; '.' for the same directory. Both paths absolute and normalised. */
export function relativePath(from: string, to: string): string {
  if (from === to) return '.';
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => '..');
  const rest = b.slice(i);
  const out = [...up, ...rest].join('/');
  return out === '' ? '.' : out;
}

export { isConfigFileName } from './fact-kinds.js';

/**
 * The snapshot, grouped the way the analyzers need it: Go packages (directories with .go files),
 * modules (go.mod with its go.sum), KrakenD configs and built plugins (.so), as the fact providers'
 * table assigns files to them (fact-kinds.ts). Reads are cached.
 */
export class Workspace {
  private cache = new Map<string, ReadResult>();
  readonly goPackages: Map<string, string[]>;
  readonly goModFiles: string[];
  readonly goSumFiles: string[];
  readonly configFiles: string[];
  /** Settings, partials and templates a flexible-configuration template may read (config/template/). */
  readonly flexibleConfigInputs: string[];
  /** Compose and .env files, which may set FC_* variables. */
  readonly environmentFiles: string[];
  readonly sharedObjects: string[];
  readonly recipeFiles: string[];

  constructor(
    readonly root: string,
    readonly source: FileSource,
  ) {
    const packages = new Map<string, string[]>();
    const goMods: string[] = [];
    const goSums: string[] = [];
    const configs: string[] = [];
    const flexibleInputs: string[] = [];
    const environment: string[] = [];
    const objects: string[] = [];
    const recipes: string[] = [];
    for (const path of [...source.paths()].sort()) {
      switch (factKindOf(path)) {
        case 'go': {
          const dir = dirname(path);
          let list = packages.get(dir);
          if (!list) packages.set(dir, (list = []));
          list.push(path);
          break;
        }
        case 'modules':
          (basename(path) === 'go.mod' ? goMods : goSums).push(path);
          break;
        case 'config':
          if (isConfigFile(path)) configs.push(path);
          else if (isEnvironmentFile(basename(path))) environment.push(path);
          else flexibleInputs.push(path);
          break;
        case 'binary':
          objects.push(path);
          break;
        case 'recipes':
          recipes.push(path);
          break;
      }
    }
    this.goPackages = packages;
    this.goModFiles = goMods;
    this.goSumFiles = goSums;
    this.configFiles = configs;
    this.flexibleConfigInputs = flexibleInputs;
    this.environmentFiles = environment;
    this.recipeFiles = recipes;
    this.sharedObjects = objects;
  }

  read(path: string): ReadResult {
    let result = this.cache.get(path);
    if (!result) {
      result = this.source.read(path);
      this.cache.set(path, result);
    }
    return result;
  }
}

/** A FileSource over files' bytes in memory, read as a disk's are (decodeSource; bytes for binaries): tests. */
export class BytesFileSource implements FileSource {
  constructor(private readonly files: Map<string, Uint8Array>) {}
  paths(): readonly string[] {
    return [...this.files.keys()];
  }
  read(path: string): ReadResult {
    const bytes = this.files.get(path);
    return bytes ? decodeSource(bytes) : { kind: 'unreadable', error: 'no such file' };
  }
  readBytes(path: string): Uint8Array | { error: string } {
    return this.files.get(path) ?? { error: 'no such file' };
  }
}

/** A FileSource over an in-memory map: tests, and the language server's open buffers. */
export class MemoryFileSource implements FileSource {
  constructor(private files: Map<string, string>) {}
  paths(): readonly string[] {
    return [...this.files.keys()];
  }
  read(path: string): ReadResult {
    const text = this.files.get(path);
    return text === undefined ? { kind: 'unreadable', error: 'no such file' } : { text };
  }
}
