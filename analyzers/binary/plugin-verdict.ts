/**
 * What KrakenD's loaders would do with a built plugin, read statically: the plugin.Open-level problems
 * against a Target (dlopen: arch, libc; Go's module init: plugin path, package hashes) and, per plugin
 * kind, the Lookup + type assertion (spec §1.1, §1.7, §4, §7.1). Messages reuse the exact texts Go and
 * lura print where kpa can know them; everything else is kpa's explanation, marked as such.
 */
import type { Target } from '../target.js';
import { PLUGIN_KIND_SPECS, type PluginKind } from '../go/plugin-kinds.js';
import type { BinaryFacts } from './facts.js';
import { compareDotted } from './index.js';

export type MismatchCode =
  | 'arch'
  | 'libc-family'
  | 'glibc-version'
  | 'duplicate-path'
  | 'package-hash'
  | 'go-version'
  | 'module-version'
  | 'trimpath'
  | 'host-cgo';

export interface Mismatch {
  code: MismatchCode;
  /** Stage that fails: dlopen (every loader, every time) or Go's module init (cached: "previous failure"). */
  stage: 'dlopen' | 'module-init';
  /** The error text after `plugin.Open("<path>"): ` (predicted unless the stage is exact). */
  loaderError: string;
  /** kpa's explanation: what differs and what to do. */
  explanation: string;
  details: Record<string, string>;
}

const KRAKEND_BUILDS_WITH_TRIMPATH = false;

function libcPath(goarch: string): string {
  return goarch === 'arm64' ? '/lib/aarch64-linux-gnu/libc.so.6' : '/lib/x86_64-linux-gnu/libc.so.6';
}

function targetName(target: Target): string {
  const m = target.manifest;
  return m.source === 'binary' ? `the KrakenD binary (${m.krakend})` : `KrakenD ${m.krakend} (${target.spec.flavour}, ${target.spec.arch})`;
}

/** First package of `module` (or of the standard library when module is null) in plugin.Open's check order. */
function firstPackage(facts: BinaryFacts, module: string | null): string {
  const hashes = facts.go?.packageHashes ?? [];
  const hit = hashes.find((h) => (module === null ? !h.pkg.split('/')[0].includes('.') : h.pkg === module || h.pkg.startsWith(module + '/')));
  return hit?.pkg ?? module ?? 'runtime';
}

/**
 * Everything about this file that keeps `target` from loading it, in the order the loader meets them.
 * `earlier` are the files loaded before it in the same process (same plugin path → "plugin already loaded").
 */
export function targetMismatches(facts: BinaryFacts, target: Target, path: string, earlier: BinaryFacts[] = []): Mismatch[] {
  const out: Mismatch[] = [];
  const elf = facts.elf;
  const go = facts.go;
  if (!elf) return out;
  const where = targetName(target);
  const m = target.manifest;
  const hostGoarch = m.build?.goarch ?? target.goarch;
  const hostLibc = m.build?.libc ?? target.libc;
  if (elf.goarch !== hostGoarch) {
    out.push({
      code: 'arch',
      stage: 'dlopen',
      loaderError: `${path}: cannot open shared object file: wrong ELF machine (${elf.machineName})`,
      explanation: `built for ${elf.goarch ?? elf.machineName} but ${where} runs on ${hostGoarch}: rebuild with GOARCH=${hostGoarch}${hostGoarch === 'arm64' ? ' (cross-compile: CGO_ENABLED=1, CC=aarch64-linux-musl-gcc or aarch64-linux-gnu-gcc)' : ''}.`,
      details: { have: elf.goarch ?? String(elf.machine), want: hostGoarch },
    });
  }
  if (elf.libc && hostLibc && elf.libc !== hostLibc) {
    const musl = hostLibc === 'musl';
    out.push({
      code: 'libc-family',
      stage: 'dlopen',
      loaderError: musl
        ? `Error relocating ${path}: ${glibcOnlySymbol(facts)}: symbol not found`
        : `${elf.needed.find((n) => n.startsWith('libc.musl')) ?? 'libc.musl-x86_64.so.1'}: cannot open shared object file: No such file or directory`,
      explanation: musl
        ? `built against glibc (${elf.needed.join(', ') || 'libc.so.6'}) but ${where} is built with musl (Alpine): build it in the Alpine builder${m.builders.alpine ? ` ${m.builders.alpine}` : ''}.`
        : `built against musl (Alpine) but ${where} uses glibc: build it in the linux-generic builder${m.builders.linuxGeneric ? ` ${m.builders.linuxGeneric}` : ''}.`,
      details: { have: elf.libc, want: hostLibc },
    });
  } else if (elf.libc === 'glibc' && hostLibc === 'glibc' && elf.maxGlibc) {
    const hostGlibc = m.glibc ?? m.build?.glibcNeeded ?? null;
    if (hostGlibc && compareDotted(elf.maxGlibc, hostGlibc) > 0) {
      const needs = elf.glibcVersions.filter((v) => compareDotted(v.version, hostGlibc) > 0);
      const symbols = needs.flatMap((v) => v.symbols).slice(0, 4);
      out.push({
        code: 'glibc-version',
        stage: 'dlopen',
        loaderError: `${libcPath(hostGoarch)}: version \`GLIBC_${elf.maxGlibc}' not found (required by ${path})`,
        explanation: `needs glibc ${elf.maxGlibc}${symbols.length ? ` (${symbols.join(', ')})` : ''} but ${where} is built on glibc ${hostGlibc}${m.build ? ' or newer' : ''}: build it in ${m.builders.linuxGeneric ?? `an image with glibc ${hostGlibc}`}.`,
        details: { have: elf.maxGlibc, want: hostGlibc },
      });
    }
  }
  if (!go) return out;
  if (go.pluginPath && earlier.some((e) => e.go?.pluginPath === go.pluginPath)) {
    out.push({
      code: 'duplicate-path',
      stage: 'module-init',
      loaderError: 'plugin already loaded',
      explanation: `another file given before it has the same plugin path "${go.pluginPath}" (the module path of its main package): give each plugin its own module path in go.mod.`,
      details: { pluginPath: go.pluginPath },
    });
  }
  if (m.build?.cgo === false) {
    out.push({
      code: 'host-cgo',
      stage: 'module-init',
      loaderError: 'plugin: not implemented',
      explanation: `${where} was built with CGO_ENABLED=0, so it cannot load any plugin: rebuild KrakenD with CGO_ENABLED=1.`,
      details: {},
    });
  }
  const hostHashes = m.build?.packageHashes ?? {};
  const exact = Object.keys(hostHashes).length > 0;
  let hashLine: string | null = null;
  if (exact) {
    const bad = go.packageHashes.find((h) => hostHashes[h.pkg] !== undefined && hostHashes[h.pkg] !== h.hash);
    if (bad) hashLine = `plugin was built with a different version of package ${bad.pkg}`;
  }
  const explain: Mismatch[] = [];
  if (go.version && go.version !== m.go) {
    explain.push({
      code: 'go-version',
      stage: 'module-init',
      loaderError: `plugin was built with a different version of package ${firstPackage(facts, null)}`,
      explanation: `built with Go ${go.version} but ${where} was built with Go ${m.go}: build it with Go ${m.go}${m.builders.alpine || m.builders.linuxGeneric ? ` (${target.spec.flavour === 'alpine' ? m.builders.alpine ?? m.builders.legacy : m.builders.linuxGeneric})` : ''}.`,
      details: { have: go.version, want: m.go },
    });
  }
  const replaced = new Map(m.replaces.map((r) => [r.to, r.toVersion]));
  for (const mod of go.modules) {
    const want = m.modules[mod.path] ?? (replaced.has(mod.path) ? replaced.get(mod.path) : undefined);
    if (!want || want === mod.version) continue;
    explain.push({
      code: 'module-version',
      stage: 'module-init',
      loaderError: `plugin was built with a different version of package ${firstPackage(facts, mod.path)}`,
      explanation: `links ${mod.path} ${mod.version} but ${where} links ${want}: run \`go get ${mod.path}@${want}\` and rebuild.`,
      details: { module: mod.path, have: mod.version, want },
    });
  }
  const hostTrimpath = m.build?.trimpath ?? KRAKEND_BUILDS_WITH_TRIMPATH;
  if (go.trimpath !== null && go.trimpath !== hostTrimpath) {
    explain.push({
      code: 'trimpath',
      stage: 'module-init',
      loaderError: `plugin was built with a different version of package ${firstPackage(facts, null)}`,
      explanation: go.trimpath
        ? `built with -trimpath but ${where} was not: every package hash differs; build without -trimpath.`
        : `built without -trimpath but ${where} was built with it: build with -trimpath.`,
      details: { have: String(go.trimpath), want: String(hostTrimpath) },
    });
  }
  if (exact) {
    // The binary's own package hashes decide; the other findings only explain why they differ.
    if (hashLine) {
      out.push({
        code: 'package-hash',
        stage: 'module-init',
        loaderError: hashLine,
        explanation: `its package hashes differ from ${where}'s (read from the binary: this is exactly what plugin.Open compares).`,
        details: {},
      });
      out.push(...explain.map((e) => ({ ...e, loaderError: hashLine! })));
    }
  } else out.push(...explain);
  return out;
}

/** A symbol the musl loader will not find in a glibc-built object (the first *_chk or versioned one). */
function glibcOnlySymbol(facts: BinaryFacts): string {
  const syms = facts.elf?.glibcVersions.flatMap((v) => v.symbols) ?? [];
  return syms.find((s) => s.startsWith('__') && s.endsWith('_chk')) ?? syms.find((s) => s.startsWith('__')) ?? '__vfprintf_chk';
}

export type KindStatus = 'ok' | 'missing' | 'unknown-type' | 'undecided';

export interface KindVerdict {
  kind: PluginKind;
  status: KindStatus;
  /** The lura loader error for unknown-type (`http-server-handler plugin loader: unknown type`). */
  loaderError: string | null;
  /** Why, in kpa's words (the type Lookup returns, what is missing, what to do). */
  explanation: string | null;
}

/** Lookup of the kind's symbol and lura's type assertion to its Registerer interface. */
export function kindVerdict(facts: BinaryFacts, kind: PluginKind): KindVerdict {
  const spec = PLUGIN_KIND_SPECS[kind];
  const exp = facts.go?.exports.find((e) => e.name === spec.symbol);
  const base = { kind, loaderError: null, explanation: null };
  if (!exp) {
    if (facts.go?.exportsSource === null) {
      return { ...base, status: 'undecided', explanation: `kpa could not read the exported symbols, so whether ${spec.symbol} exists is not known.` };
    }
    return { ...base, status: 'missing' };
  }
  const unknown = (explanation: string): KindVerdict => ({ kind, status: 'unknown-type', loaderError: spec.loaderError, explanation });
  const want = 'func' + spec.signature;
  if (exp.kind === 'func') return unknown(`${spec.symbol} is a function, not a variable: declare \`var ${spec.symbol} = registerer("…")\` of a type with ${spec.goSignature}.`);
  const t = exp.type;
  if (!t) return { ...base, status: 'undecided', explanation: `the Go type of ${spec.symbol} could not be read from this file, so kpa cannot tell whether it has ${spec.method}.` };
  const method = t.methods.find((mm) => mm.name === spec.method);
  if (method && method.type === null) {
    return { ...base, status: 'undecided', explanation: `${spec.method} is listed on ${t.type} but the linker dropped its type, so kpa cannot compare its signature.` };
  }
  if (method && method.type === want) return { ...base, status: 'ok' };
  if (t.elem?.kind === 'ptr') {
    return unknown(`${spec.symbol} holds a pointer: Lookup returns ${t.type}, which has no methods. Declare the variable as a value (\`var ${spec.symbol} = ${t.elem.type.slice(1).replace(/^.*\//, '')}{}\`, not \`&…{}\`).`);
  }
  if (t.elem?.kind === 'interface') {
    return unknown(`${spec.symbol} is declared with an interface type: Lookup returns ${t.type}, a pointer to an interface, which has no methods. Declare it with the concrete type.`);
  }
  if (method) return unknown(`${spec.method} has the wrong signature: have ${method.type!.slice(4)}, want ${spec.signature} (named func types and other parameter types are not identical).`);
  return unknown(`${t.elem?.type ?? t.type} has no method ${spec.method}: add ${spec.goSignature}.`);
}
