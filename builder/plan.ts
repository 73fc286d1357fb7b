/**
 * Chooses how to build a plugin for a Target: the image, the exact argv and environment, the output name
 * and what the user should know about the choice. Pure: no process, no file system (design.md, builder/).
 * builder/run.ts carries a plan out.
 */
import { imageReferenceProblem } from '../analyzers/image-reference.js';
import type { Arch, Flavour, Target } from '../analyzers/target.js';

/** Where the module is mounted in the builder container, read-only (the KrakenD docs use /app). */
export const CONTAINER_DIR = '/app';

/** Where the output directory is mounted, writable: the only host directory the build can write to. */
export const CONTAINER_OUT = '/out';

/** The builders' GOMODCACHE (GOPATH=/go): another path changes package hashes (spec §7.1, golang/go#63230). */
export const CONTAINER_GOMODCACHE = '/go/pkg/mod';

/** Packages a bare golang-alpine image lacks for `-buildmode=plugin` (cgo): what KrakenD's own Dockerfile adds. */
const ALPINE_CGO_PACKAGES = ['gcc', 'musl-dev'];

export type ImageSource =
  /** krakend/builder:X.Y.Z or krakend/builder:X.Y.Z-linux-generic */
  | 'builder'
  /** devopsfaith/krakend-plugin-builder:X (2.1.1–2.1.2) */
  | 'legacy-builder'
  /** a golang image with the release's Go, because no builder image existed */
  | 'golang'
  /** named by the user: --image or .kpa.json build.image */
  | 'custom';

export interface BuildPlanOptions {
  /** Absolute host directory of the plugin's main package; go build runs there. */
  dir: string;
  /** Absolute directory of the go.mod governing `dir` (mounted read-only in the container); defaults to `dir`. */
  moduleRoot?: string;
  /** Absolute host path of the .so go build writes; its directory is mounted writable. */
  output: string;
  /** Build with the `go` on PATH instead of a container. */
  local?: boolean;
  /** The builder image the user chose (already checked as an image reference) instead of KrakenD's. */
  image?: string;
  /** Run the container as this user, so what the build writes is the user's (null: the image's user). */
  user?: { uid: number; gid: number } | null;
  /** The container's name, so an interrupted build can be stopped (docker kill). */
  containerName?: string;
}

/** One thing the build container sees of the host, and why (shown with --dry-run). */
export interface BuildMount {
  kind: 'bind' | 'volume';
  /** The host directory, or the volume's name. */
  source: string;
  target: string;
  readOnly: boolean;
  why: string;
}

export interface BuildPlan {
  mode: 'docker' | 'local';
  /** The program to spawn (`docker` or `go`), looked up on PATH. */
  command: string;
  /** Its argv, passed as an array: never through a shell. */
  args: string[];
  /** Variables set for the Go toolchain (inside the container for docker, in the child's env for local). */
  env: Record<string, string>;
  /** Working directory of the spawned process. */
  cwd: string;
  image: string | null;
  imageSource: ImageSource | null;
  /** What the container sees of the host (none for a local build). */
  mounts: BuildMount[];
  /** The `-o` argument as go sees it. */
  output: string;
  /** What the user should know about this plan (shown on stderr, and with --dry-run). */
  notes: string[];
}

/** The C cross compiler each builder image carries for arm64 (spec §6.2). */
export function crossCompiler(flavour: Flavour): string {
  return flavour === 'alpine' ? 'aarch64-linux-musl-gcc' : 'aarch64-linux-gnu-gcc';
}

/**
 * `go build` arguments. Never `-trimpath`: KrakenD is built without it and a different setting changes
 * every package hash, so the plugin would not load (golang/go#68349).
 */
export function goBuildArgs(arch: Arch, flavour: Flavour, output: string, crossCompiling: boolean): string[] {
  const args = ['build'];
  // A value is never an option: go's flag package would take "-x.so" after -o as its value, but a reader would not.
  if (output.startsWith('-')) output = `./${output}`;
  // KrakenD docs (writing-plugins.md, spec §6.2): bfd because gold cannot link arm64 plugins that load.
  if (arch === 'arm64' && crossCompiling) args.push(`-ldflags=-extldflags=-fuse-ld=bfd -extld=${crossCompiler(flavour)}`);
  args.push('-buildmode=plugin', '-o', output, '.');
  return args;
}

/** The arm64 cross-compile environment from the KrakenD docs (spec §6.2), in their order. */
export function crossCompileEnv(flavour: Flavour): Record<string, string> {
  return { CGO_ENABLED: '1', CC: crossCompiler(flavour), GOARCH: 'arm64', GOHOSTARCH: 'amd64' };
}

interface ImageChoice {
  image: string;
  source: ImageSource;
  /** The image has the arm64 cross compiler (only KrakenD's own builders since 2.1.3). */
  crossCompiler: boolean;
  /** The image lacks gcc/musl-dev; they are installed in the container before building. */
  needsCgoPackages: boolean;
  notes: string[];
}

const DEBIAN_BY_GLIBC: Record<string, { suite: string; version: number; glibc: string }> = {
  '2.31': { suite: 'bullseye', version: 11, glibc: '2.31' },
  '2.36': { suite: 'bookworm', version: 12, glibc: '2.36' },
};

/** Picks the builder image for a Target (spec §6.2, companion README "Builder images"). */
export function chooseImage(target: Target, custom?: string): ImageChoice {
  const m = target.manifest;
  const v = m.krakend;
  if (custom) {
    // Enterprise and custom builders are KrakenD's builders rebuilt: assume their arm64 cross compiler too.
    const notes = target.spec.arch === 'arm64' ? [`${custom} must carry ${crossCompiler(target.spec.flavour)} for arm64, as KrakenD's builders do.`] : [];
    return { image: custom, source: 'custom', crossCompiler: true, needsCgoPackages: false, notes };
  }
  if (target.spec.flavour === 'alpine') {
    if (m.builders.alpine) return { image: m.builders.alpine, source: 'builder', crossCompiler: true, needsCgoPackages: false, notes: [] };
    // The old plugin builder had no arm64 cross compiler and was pushed by hand for amd64 only.
    if (m.builders.legacy && target.spec.arch === 'amd64') {
      return {
        image: m.builders.legacy,
        source: 'legacy-builder',
        crossCompiler: false,
        needsCgoPackages: false,
        notes: [`KrakenD ${v} only had the old plugin builder ${m.builders.legacy} (no longer updated); kpa uses it.`],
      };
    }
    // A manifest read from a binary may not know its Alpine release: the image's default Alpine is the best guess.
    const alpine = m.alpine ?? '';
    const why = m.builders.legacy
      ? `KrakenD ${v}'s plugin builder ${m.builders.legacy} was amd64-only`
      : m.source === 'binary'
        ? `the manifest (read from a KrakenD binary) names no builder image`
        : `KrakenD ${v} published no plugin builder image`;
    return {
      image: `golang:${m.go}-alpine${alpine}`,
      source: 'golang',
      crossCompiler: false,
      needsCgoPackages: true,
      notes: [
        `${why}; kpa builds in golang:${m.go}-alpine${alpine}, the image KrakenD's own Dockerfile used for that release, ` +
          `after installing ${ALPINE_CGO_PACKAGES.join(' and ')} in it (needs network access from the container).`,
        ...(m.alpine ? [] : [`The Alpine release of KrakenD ${v} is unknown; the image's default Alpine may ship another musl (check with kpa test-plugin).`]),
      ],
    };
  }
  if (m.builders.linuxGeneric) {
    return { image: m.builders.linuxGeneric, source: 'builder', crossCompiler: true, needsCgoPackages: false, notes: [] };
  }
  // Debian of the golang image by the glibc the manifest knows (a binary's); bullseye is what KrakenD's builders used before 2.11.
  const debian = DEBIAN_BY_GLIBC[m.glibc ?? ''] ?? DEBIAN_BY_GLIBC['2.31'];
  return {
    image: `golang:${m.go}-${debian.suite}`,
    source: 'golang',
    crossCompiler: false,
    needsCgoPackages: false,
    notes: [
      `${m.source === 'binary' ? 'The manifest (read from a KrakenD binary) names' : `KrakenD ${v} published`} no linux-generic builder image; ` +
        `kpa builds in golang:${m.go}-${debian.suite} (Debian ${debian.version}, glibc ${debian.glibc}). ` +
        `Which glibc KrakenD ${v}'s own linux build used is UNCONFIRMED; check the result with \`kpa test-plugin\`.`,
    ],
  };
}

/**
 * `<name>-<krakend>-<flavour>-<arch>.so`, name = the module path's last element without a `/vN` suffix. A local
 * build (`local`) is named for what built it, not for the flavour: `<name>-<krakend>-local-<libc>-<arch>.so`
 * (`-local-<arch>` when this machine's C library is unknown). The local go and C library make the plugin, so an
 * alpine-named .so built against glibc would claim to load where it does not.
 */
export function defaultOutputName(modulePath: string, target: Target, local?: { libc: 'musl' | 'glibc' | 'unknown' }): string {
  const parts = modulePath.split('/').filter(Boolean);
  let name = parts[parts.length - 1] ?? 'plugin';
  if (/^v\d+$/.test(name) && parts.length > 1) name = parts[parts.length - 2];
  // From the repository's go.mod: never a hidden file, nor a word that reads as an option.
  name = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[-.]+/, '') || 'plugin';
  const variant = local ? (local.libc === 'unknown' ? 'local' : `local-${local.libc}`) : target.spec.flavour;
  return `${name}-${target.manifest.krakend}-${variant}-${target.spec.arch}.so`;
}

/**
 * `-v`/`--mount` for one mount. `-v` splits on ':', so a directory containing one goes through `--mount`, whose
 * value is a CSV record (quotes double inside a quoted field). Sources are absolute paths or kpa's volume names:
 * never an option.
 */
export function mountArgs(mount: Pick<BuildMount, 'source' | 'target' | 'readOnly'> & { kind?: BuildMount['kind'] }): string[] {
  const kind = mount.kind ?? 'bind';
  if (kind === 'bind' && !mount.source.startsWith('/')) throw new Error(`bind mount source must be absolute: ${mount.source}`);
  if (!mount.source.includes(':') && !mount.source.includes(',')) return ['-v', `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`];
  const source = `"source=${mount.source.replace(/"/g, '""')}"`;
  return ['--mount', `type=${kind},${source},target=${mount.target}${mount.readOnly ? ',readonly' : ''}`];
}

/** Where Go's build cache is kept in the container (a volume: the standard library is rebuilt for -buildmode=plugin). */
export const CONTAINER_GOCACHE = '/tmp/go-build';

/** A named volume kept between builds for one user (`go-mod`, `go-build`): per user, since Go writes read-only files. */
export function cacheVolume(kind: 'go-mod' | 'go-build', user: { uid: number } | null | undefined): string {
  return `kpa-${kind}-${user ? user.uid : 'image-user'}`;
}

export function planBuild(target: Target, options: BuildPlanOptions): BuildPlan {
  const { flavour, arch } = target.spec;
  if (options.local) return planLocalBuild(target, options);

  const choice = chooseImage(target, options.image);
  // prepareBuild names the field a bad image came from; this stops any other caller from passing one on.
  const bad = imageReferenceProblem(choice.image);
  if (bad) throw new Error(`refusing to plan a build: the image ${JSON.stringify(choice.image)} ${bad}`);
  const notes = [...choice.notes];
  const root = options.moduleRoot ?? options.dir;
  const sub = options.dir === root ? '' : options.dir.slice(root.length).replace(/^\/+/, '');
  const slash = options.output.lastIndexOf('/');
  const outDir = options.output.slice(0, slash) || '/';
  const mounts: BuildMount[] = [
    { kind: 'bind', source: root, target: CONTAINER_DIR, readOnly: true, why: 'the module the plugin is built from (go.mod and every package it may import); read-only' },
    { kind: 'bind', source: outDir, target: CONTAINER_OUT, readOnly: false, why: 'where go build writes the .so; the only host directory the build can write to' },
    {
      kind: 'volume',
      source: cacheVolume('go-mod', options.user),
      target: CONTAINER_GOMODCACHE,
      readOnly: false,
      why: "module downloads, kept between builds at the builders' GOMODCACHE (another path changes package hashes)",
    },
    { kind: 'volume', source: cacheVolume('go-build', options.user), target: CONTAINER_GOCACHE, readOnly: false, why: "Go's build cache, kept between builds" },
  ];
  const args = ['run', '--rm'];
  if (options.containerName) args.push('--name', options.containerName);
  if (options.user) args.push('--user', `${options.user.uid}:${options.user.gid}`);
  for (const m of mounts) args.push(...mountArgs(m));
  args.push('-w', sub ? `${CONTAINER_DIR}/${sub}` : CONTAINER_DIR);
  // A user without a home in the image: Go needs a writable HOME and build cache; the module cache is the volume.
  let env: Record<string, string> = { HOME: '/tmp', GOCACHE: CONTAINER_GOCACHE, GOMODCACHE: CONTAINER_GOMODCACHE };
  let crossCompiling = false;
  if (arch === 'arm64') {
    if (choice.crossCompiler) {
      env = { ...env, ...crossCompileEnv(flavour) };
      crossCompiling = true;
    } else {
      // No cross compiler in that image: run the arm64 variant of the image under emulation instead.
      args.push('--platform', 'linux/arm64');
      notes.push(
        `${choice.image} has no arm64 cross compiler, so kpa runs its linux/arm64 variant; on an amd64 host ` +
          'that needs QEMU emulation (binfmt_misc) for Docker, and is slow.',
      );
    }
  }
  for (const [k, v] of Object.entries(env)) args.push('-e', `${k}=${v}`);
  args.push(choice.image);
  const output = `${CONTAINER_OUT}/${options.output.slice(slash + 1)}`;
  const goArgs = goBuildArgs(arch, flavour, output, crossCompiling);
  if (choice.needsCgoPackages) {
    // The script is constant; the go arguments travel as positional parameters, so no value is ever re-parsed by sh.
    args.push('sh', '-c', `apk add --no-cache ${ALPINE_CGO_PACKAGES.join(' ')} >&2 && exec go "$@"`, 'sh', ...goArgs);
  } else {
    args.push('go', ...goArgs);
  }
  return {
    mode: 'docker',
    command: 'docker',
    args,
    env,
    cwd: options.dir,
    image: choice.image,
    imageSource: choice.source,
    mounts,
    output,
    notes,
  };
}

function planLocalBuild(target: Target, options: BuildPlanOptions): BuildPlan {
  const { flavour, arch } = target.spec;
  // Plugins need cgo; set GOOS/GOARCH explicitly so a stray environment cannot change the target.
  const env: Record<string, string> = { CGO_ENABLED: '1', GOOS: 'linux', GOARCH: arch };
  const notes: string[] = [];
  if (arch === 'arm64') {
    env.CC = crossCompiler(flavour);
    notes.push(`arm64 needs the ${crossCompiler(flavour)} cross compiler on PATH.`);
  }
  const output = relativeOutput(options.dir, options.output);
  return {
    mode: 'local',
    command: 'go',
    args: goBuildArgs(arch, flavour, output, arch === 'arm64'),
    env,
    cwd: options.dir,
    image: null,
    imageSource: null,
    mounts: [],
    output,
    notes,
  };
}

/** `output` relative to `dir` when it lies below it (what a user would type there), else absolute. */
function relativeOutput(dir: string, output: string): string {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return output.startsWith(prefix) ? output.slice(prefix.length) : output;
}

/** POSIX-shell quoting of one word, for printing a command the user can paste. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The plan as one shell line: `VAR=x … go build …` for local builds, `docker run …` otherwise. */
export function formatCommand(plan: BuildPlan): string {
  const prefix = plan.mode === 'local' ? Object.entries(plan.env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('') : '';
  return prefix + [plan.command, ...plan.args].map(shellQuote).join(' ');
}
