/**
 * Releases kpa ships (release-data.ts) as Manifests, and user input (`--krakend 2.13`, `--flavour`,
 * `--arch`, or a manifest read from a binary) resolved to a Target. Mistakes are values, never throws.
 */
import { ARCHES, FLAVOURS, type Arch, type Flavour, type Manifest, type Target } from '../target.js';
import { RELEASE_DATA } from './generated/release-data.js';

/** Release versions, oldest → newest; a manifest is built only when asked for (most runs need one). */
const VERSIONS: readonly string[] = RELEASE_DATA.releases.map((r) => r.krakend);
const built = new Map<string, Manifest>();

/** The manifest of the release at `index`: the module changes of every release up to it, applied in order. */
function manifestAt(index: number): Manifest {
  const r = RELEASE_DATA.releases[index];
  let manifest = built.get(r.krakend);
  if (manifest) return manifest;
  // From the nearest release built before this one, if any: allManifests() then applies each change once.
  let from = index - 1;
  while (from >= 0 && !built.has(VERSIONS[from])) from--;
  const modules: Record<string, string> = from >= 0 ? { ...built.get(VERSIONS[from])!.modules } : {};
  for (let i = from + 1; i <= index; i++) {
    for (const [path, version] of Object.entries(RELEASE_DATA.releases[i].moduleChanges)) {
      if (version === null) delete modules[path];
      else modules[path] = version;
    }
  }
  manifest = Object.freeze({
    krakend: r.krakend,
    source: 'release',
    date: r.date,
    go: r.go,
    alpine: r.alpine,
    glibc: r.glibc,
    glibcInferred: r.glibcInferred,
    libcStringLinuxGeneric: r.libcStringLinuxGeneric,
    modulePath: r.modulePath,
    lura: r.lura,
    builders: r.builders,
    replaces: r.replaces,
    modules: Object.freeze(modules),
    notes: r.notes,
  }) as Manifest;
  built.set(r.krakend, manifest);
  return manifest;
}

/** Every CE release kpa knows, oldest → newest (`2.0.0` … `2.13.8`). */
export function listReleases(): string[] {
  return [...VERSIONS];
}

/** All release manifests, oldest → newest (shared, frozen: copy before changing). */
let all: readonly Manifest[] | undefined;

export function allManifests(): readonly Manifest[] {
  return (all ??= VERSIONS.map((_, i) => manifestAt(i)));
}

/** The manifest of one exact release, e.g. `2.13.8`. */
export function getManifest(version: string): Manifest | undefined {
  const index = VERSIONS.indexOf(version.replace(/^v/, ''));
  return index < 0 ? undefined : manifestAt(index);
}

/** `latest`, `X.Y` (newest patch) or `X.Y.Z` (a leading `v` is accepted) → a release version, or an error text. */
export function resolveVersion(input: string | undefined): { version: string } | { error: string } {
  const list = listReleases();
  const wanted = (input ?? 'latest').trim().replace(/^v/, '');
  if (wanted === '' || wanted === 'latest') return { version: list[list.length - 1] };
  if (getManifest(wanted)) return { version: wanted };
  if (/^\d+\.\d+$/.test(wanted)) {
    const patches = list.filter((v) => v.startsWith(wanted + '.'));
    if (patches.length) return { version: patches[patches.length - 1] };
  }
  return { error: `unknown KrakenD version "${input}". Known CE releases: ${list.join(', ')}; also "X.Y" (newest patch) and "latest" (${list[list.length - 1]}). For Enterprise or custom builds, write a manifest with \`kpa manifest from-binary\`` };
}

export interface ResolveTargetInput {
  krakend?: string;
  flavour?: string;
  arch?: string;
  /** A manifest from `kpa manifest from-binary`; when given, `krakend` is not looked up. */
  manifest?: Manifest;
}

export function resolveTarget(input: ResolveTargetInput): { target: Target } | { error: string } {
  const flavour = (input.flavour ?? 'alpine').trim().toLowerCase().replace(/^generic$|^linux_generic$|^linuxgeneric$/, 'linux-generic') as Flavour;
  if (!FLAVOURS.includes(flavour)) {
    return { error: `unknown flavour "${input.flavour}": use alpine (the Docker image, musl) or linux-generic (deb/rpm/tgz, glibc)` };
  }
  const arch = (input.arch ?? 'amd64').trim().toLowerCase().replace(/^x86_64$/, 'amd64').replace(/^aarch64$/, 'arm64') as Arch;
  if (!ARCHES.includes(arch)) return { error: `unknown arch "${input.arch}": use amd64 or arm64` };

  let manifest: Manifest;
  if (input.manifest) manifest = input.manifest;
  else {
    const resolved = resolveVersion(input.krakend);
    if ('error' in resolved) return resolved;
    manifest = getManifest(resolved.version)!;
  }
  const notes = builderNotes(manifest, flavour);
  if (notes.length) manifest = { ...manifest, notes: [...manifest.notes, ...notes] };
  return {
    target: {
      spec: { krakend: manifest.krakend, flavour, arch },
      manifest,
      goos: 'linux',
      goarch: arch,
      libc: flavour === 'alpine' ? 'musl' : 'glibc',
    },
  };
}

/** A flavour the release has no builder image for is not an error (people build by hand); it is a note. */
function builderNotes(manifest: Manifest, flavour: Flavour): string[] {
  if (manifest.source !== 'release') return [];
  if (flavour === 'linux-generic' && !manifest.builders.linuxGeneric) {
    return [`KrakenD ${manifest.krakend} has no linux-generic builder image: build the plugin yourself in golang:${manifest.go} on the glibc of the host that runs KrakenD.`];
  }
  return [];
}

/** The builder image for a target, or null when none existed (see manifest.notes). */
export function builderImage(target: Target): string | null {
  const b = target.manifest.builders;
  return target.spec.flavour === 'alpine' ? (b.alpine ?? b.legacy) : b.linuxGeneric;
}
