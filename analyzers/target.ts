/**
 * A Target is what a plugin must match: a KrakenD release (or a custom binary's manifest), the libc
 * flavour of the build and the CPU architecture. Resolution from user input lives in
 * analyzers/manifests/ (resolveTarget); this file only holds the shapes everybody reads.
 */

export type Flavour = 'alpine' | 'linux-generic';
export type Arch = 'amd64' | 'arm64';

export const FLAVOURS: readonly Flavour[] = ['alpine', 'linux-generic'];
export const ARCHES: readonly Arch[] = ['amd64', 'arm64'];

export interface TargetSpec {
  /** Exact `2.13.8`, minor `2.13` (newest patch), or `latest`. */
  krakend: string;
  flavour: Flavour;
  arch: Arch;
}

export interface ManifestReplace {
  from: string;
  fromVersion: string | null;
  to: string;
  toVersion: string | null;
}

/** Everything kpa knows about one KrakenD build: from the shipped release data or read from a binary. */
export interface Manifest {
  /** KrakenD version, e.g. `2.13.8`; for a binary, what its build info says or `custom`. */
  krakend: string;
  source: 'release' | 'binary';
  date: string | null;
  /** Go toolchain version without the `go` prefix, e.g. `1.25.12`. */
  go: string;
  alpine: string | null;
  glibc: string | null;
  glibcInferred: boolean;
  /** The libc string `krakend version` would print for the linux-generic build, when known. */
  libcStringLinuxGeneric: string | null;
  modulePath: string;
  lura: string | null;
  builders: { alpine: string | null; linuxGeneric: string | null; legacy: string | null };
  replaces: ManifestReplace[];
  /** Module path → version KrakenD links (go.mod requires after replace). */
  modules: Record<string, string>;
  /** Free-form notes shown to users (e.g. "no builder image existed for this release"). */
  notes: string[];
  /** Build facts read from a real binary (`kpa manifest from-binary`); absent for shipped releases. */
  build?: ManifestBuild;
}

/** What a KrakenD binary's own build says (analyzers/binary): what a plugin must match beyond versions. */
export interface ManifestBuild {
  /** GOARCH of the binary (`amd64`, `arm64`). */
  goarch: string | null;
  /** C library it links: musl (Alpine/Docker) or glibc (deb/rpm/generic). */
  libc: 'musl' | 'glibc' | null;
  /** Highest GLIBC_x.y the binary needs: the host has at least this glibc. */
  glibcNeeded: string | null;
  cgo: boolean | null;
  trimpath: boolean | null;
  /** Every `build` setting of the build info (`-ldflags`, `GOAMD64`, `vcs.revision` …). */
  settings: Record<string, string>;
  /** Package → link-time hash the plugin loader compares with a plugin's (go.link.pkghashbytes.*). */
  packageHashes: Record<string, string>;
}

export interface Target {
  spec: TargetSpec;
  manifest: Manifest;
  goos: 'linux';
  goarch: Arch;
  libc: 'musl' | 'glibc';
}

export const DEFAULT_BUILD_CONTEXT = { goos: 'linux', goarch: 'amd64' } as const;
