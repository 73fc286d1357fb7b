/** Facts read from a built plugin (.so) or a KrakenD (any Go) executable, by analyzers/binary. Plain data. */
import type { ElfType } from './elf.js';
import type { GoBuildInfo } from './go-build-info.js';
import type { GoTypeInfo } from './go-runtime.js';

export interface BinaryFacts {
  file: string;
  /** Why the file is not a usable ELF object (not ELF, truncated, a directory, unreadable); other fields are null then. */
  error: string | null;
  /** `plugin` = a Go -buildmode=plugin object; `go-executable`; `shared-object`/`executable` = not Go. */
  kind: 'plugin' | 'go-executable' | 'go-shared-object' | 'shared-object' | 'executable' | 'other' | 'unreadable';
  elf: ElfFacts | null;
  go: GoFacts | null;
  /** What this static read could not decide, in plain words (shown by test-plugin and inspect). */
  undecided: string[];
  /**
   * Why kpa cannot tell whether a shared object is a Go plugin: its section headers are gone or damaged and
   * what the loader reads instead (the dynamic segment, the module data) did not say. Absent when it can tell.
   */
  kindUndecided?: string;
}

export interface ElfFacts {
  bits: 32 | 64;
  endian: 'little' | 'big';
  type: ElfType;
  machine: number;
  machineName: string;
  /** GOARCH matching e_machine (`amd64`, `arm64`, …), null when unknown. */
  goarch: string | null;
  needed: string[];
  soname: string | null;
  interpreter: string | null;
  /** Which C library it links: from DT_NEEDED / the interpreter. */
  libc: 'glibc' | 'musl' | null;
  /** GLIBC_x.y versions it requires, ascending, with a few symbols needing each. */
  glibcVersions: { version: string; symbols: string[] }[];
  /** Highest required GLIBC_ version (`2.34`), null when none. */
  maxGlibc: string | null;
  /** No .symtab: only the dynamic symbols are left. */
  stripped: boolean;
  /** `none` (sstrip'ed) or `damaged` (cut off, overwritten): kpa read the dynamic segment, as dlopen does. */
  sectionHeaders: 'present' | 'none' | 'damaged';
}

export interface GoFacts {
  /** `1.19.8` (no `go` prefix); null when the file does not say. */
  version: string | null;
  versionSource: 'build-info' | 'dwarf' | null;
  /** Present in executables only: Go does not write build info into plugins (cmd/link). */
  buildInfo: GoBuildInfo | null;
  /** The plugin path plugin.Open registers (module path of the main package, or plugin/unnamed-…). */
  pluginPath: string | null;
  /** Modules linked in, with versions: from the build info, or for plugins from the source file paths. */
  modules: { path: string; version: string; replace?: { path: string; version: string } }[];
  modulesSource: 'build-info' | 'file-paths' | null;
  /** Built with -trimpath; null when the file does not tell. */
  trimpath: boolean | null;
  /** Module cache directory the dependencies were compiled from (GOMODCACHE), when paths show it. */
  modCache: string | null;
  cgo: boolean | null;
  goarch: string | null;
  /** Package → link-time hash, in the order plugin.Open compares them with the host's. */
  packageHashes: { pkg: string; hash: string }[];
  /** Exported plugin symbols (plugin.Lookup targets) with their Go types. */
  exports: PluginExport[];
  exportsSource: 'ptab' | 'dynsym' | null;
}

export interface PluginExport {
  name: string;
  /** `var` or `func` (an exported function named like a registerer never loads). */
  kind: 'var' | 'func';
  /** The type Lookup returns (a pointer to the variable), with its method set; null when not readable. */
  type: GoTypeInfo | null;
}
