/**
 * Reads the Go runtime's own tables out of a plugin (.so): the module data (runtime.moduledata), its
 * plugin table (ptab: each exported symbol's name and type, exactly what plugin.Open hands to Lookup),
 * the package hashes plugin.Open compares with the host's, and the source file table. Type descriptors
 * are read far enough to render a type canonically and list its method set, so kpa's verdict on a
 * registerer matches the loader's type assertion (spec §1.7). Layouts are those of Go 1.16–1.25 on
 * 64-bit targets; only Go 1.19 is verified here (see the tests), others are validated as they are read.
 */
import type { ElfFile } from './elf.js';

// reflect.Kind values (runtime/typekind.go).
const KIND = { Array: 17, Chan: 18, Func: 19, Interface: 20, Map: 21, Pointer: 22, Slice: 23, String: 24, Struct: 25 } as const;
const KIND_NAMES = ['invalid', 'bool', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'array', 'chan', 'func', 'interface', 'map', 'ptr', 'slice', 'string', 'struct', 'unsafe.Pointer'];
const TFLAG_UNCOMMON = 1;
const TFLAG_EXTRA_STAR = 2;
const TFLAG_NAMED = 4;
/** Size of the _type header on 64-bit targets (unchanged from Go 1.14 to 1.25). */
const TYPE_SIZE = 48;

export interface ModuleData {
  addr: bigint;
  types: bigint;
  etypes: bigint;
  pluginPath: string;
  ptab: { name: string; typ: number }[];
  /** Packages plugin.Open checks against the host, in the order it checks them. */
  packageHashes: { pkg: string; hash: string }[];
  files: string[];
}

export interface GoMethod {
  name: string;
  /** Canonical func type (`func(string) error`, package paths spelled out); null when the linker dropped it. */
  type: string | null;
}

export interface GoTypeInfo {
  /** Canonical rendering, e.g. `*main.registerer`, `**main.cl`, `func()`. */
  type: string;
  kind: string;
  /** Method set of this exact type (what an interface assertion on it sees). */
  methods: GoMethod[];
  /** For pointers: the pointed-to type's rendering and kind. */
  elem?: { type: string; kind: string };
}

export interface ModuleDataOptions {
  /** Go minor version when known (from DWARF); selects the name encoding and map layout. */
  goMinor?: number | null;
}

/** The plugin's own module data, or null when it cannot be found (stripped symbols and an unknown layout). */
export function readModuleData(elf: ElfFile, options: ModuleDataOptions = {}): ModuleData | null {
  if (!elf.is64) return null;
  const candidates: bigint[] = [];
  const [sym] = elf.symbolsNamed(['local.moduledata']);
  if (sym) candidates.push(sym.value);
  else candidates.push(...moduleDataByPcHeader(elf));
  for (const addr of candidates) {
    const md = decodeModuleData(elf, addr, options);
    if (md) return md;
  }
  return null;
}

/** Without symbols: moduledata's first word is the only relocated pointer to the pclntab header. */
function moduleDataByPcHeader(elf: ElfFile): bigint[] {
  const out: bigint[] = [];
  for (const [where, p] of elf.relocations()) {
    if (!('addr' in p)) continue;
    const b = elf.bytesAt(p.addr, 8);
    if (b && b[0] >= 0xf0 && b[0] <= 0xf1 && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff && b[4] === 0 && b[5] === 0 && b[7] === 8) {
      out.push(BigInt(where));
    }
  }
  return out;
}

function decodeModuleData(elf: ElfFile, addr: bigint, options: ModuleDataOptions): ModuleData | null {
  const W = 8n;
  const word = (i: number) => elf.wordAt(addr + BigInt(i) * W);
  const ptr = (i: number) => elf.localPointerAt(addr + BigInt(i) * W);
  // Known layouts first (types index, ptab index): Go 1.16–1.18, 1.19, 1.20+ (coverage counters added).
  const layouts: [number, number][] = [[35, 48], [35, 46], [37, 50]];
  for (let t = 33; t <= 41; t++) for (let p = t + 9; p <= t + 18; p++) if (!layouts.some(([a, b]) => a === t && b === p)) layouts.push([t, p]);
  for (const [t, p] of layouts) {
    const types = ptr(t);
    const etypes = ptr(t + 1);
    if (types === null || etypes === null || etypes <= types) continue;
    const len = word(p + 1);
    const cap = word(p + 2);
    if (len === null || cap === null || len !== cap || len > 100_000n) continue;
    const ptabAddr = len === 0n ? 0n : ptr(p);
    if (ptabAddr === null) continue;
    const pathPtr = ptr(p + 3);
    const pathLen = word(p + 4);
    if (pathPtr === null || pathLen === null || pathLen === 0n || pathLen > 4096n) continue;
    const pathBytes = elf.bytesAt(pathPtr, Number(pathLen));
    if (!pathBytes || pathBytes.some((b) => b <= 0x20 || b >= 0x7f)) continue;
    const ctx: TypeReader = new TypeReader(elf, types, etypes, options.goMinor ?? null);
    const ptab: { name: string; typ: number }[] = [];
    let ok = true;
    for (let i = 0n; i < len; i++) {
      const nameOff = elf.i32At(ptabAddr + i * 8n);
      const typ = elf.i32At(ptabAddr + i * 8n + 4n);
      const name = nameOff === null ? null : ctx.name(types + BigInt(nameOff));
      if (name === null || typ === null || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
        ok = false;
        break;
      }
      ptab.push({ name, typ });
    }
    if (!ok) continue;
    return {
      addr,
      types,
      etypes,
      pluginPath: new TextDecoder().decode(pathBytes),
      ptab,
      packageHashes: readPackageHashes(elf, addr + BigInt(p + 5) * W),
      files: readFileTable(elf, addr),
    };
  }
  return null;
}

/** moduledata.pkghashes: []modulehash{modulename, linktimehash string; runtimehash *string}. */
function readPackageHashes(elf: ElfFile, sliceAddr: bigint): { pkg: string; hash: string }[] {
  const base = elf.localPointerAt(sliceAddr);
  const len = elf.wordAt(sliceAddr + 8n);
  const out: { pkg: string; hash: string }[] = [];
  if (base === null || len === null || len > 100_000n) return out;
  for (let i = 0n; i < len; i++) {
    const e = base + i * 40n;
    const pkg = readString(elf, e);
    const hashPtr = elf.localPointerAt(e + 16n);
    const hashLen = elf.wordAt(e + 24n);
    const bytes = hashPtr !== null && hashLen !== null && hashLen < 256n ? elf.bytesAt(hashPtr, Number(hashLen)) : null;
    if (pkg === null || !bytes) break;
    out.push({ pkg, hash: toHex(bytes) });
  }
  return out;
}

/** moduledata.filetab (word 7, length word 8): NUL-separated source paths. */
function readFileTable(elf: ElfFile, md: bigint): string[] {
  const p = elf.localPointerAt(md + 7n * 8n);
  const len = elf.wordAt(md + 8n * 8n);
  if (p === null || len === null || len > 1n << 28n) return [];
  const bytes = elf.bytesAt(p, Number(len));
  if (!bytes) return [];
  return new TextDecoder().decode(bytes).split('\0').filter(Boolean);
}

export function readString(elf: ElfFile, addr: bigint): string | null {
  const p = elf.localPointerAt(addr);
  const len = elf.wordAt(addr + 8n);
  if (len === 0n) return '';
  if (p === null || len === null || len > 1n << 20n) return null;
  const b = elf.bytesAt(p, Number(len));
  return b ? new TextDecoder().decode(b) : null;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Reads runtime type descriptors of one module (64-bit layouts). */
export class TypeReader {
  constructor(
    private elf: ElfFile,
    readonly types: bigint,
    readonly etypes: bigint,
    private goMinor: number | null,
  ) {}

  /** A runtime name (flags byte, length, bytes): varint length from Go 1.17, two bytes before. */
  name(addr: bigint): string | null {
    const head = this.elf.bytesAt(addr, 3);
    if (!head) return null;
    let len: number;
    let start: bigint;
    if (this.goMinor !== null && this.goMinor < 17) {
      len = (head[1] << 8) | head[2];
      start = addr + 3n;
    } else {
      len = 0;
      let shift = 0;
      let i = 1n;
      for (;;) {
        const b = this.elf.u8At(addr + i);
        if (b === null || shift > 28) return null;
        len |= (b & 0x7f) << shift;
        shift += 7;
        i++;
        if (!(b & 0x80)) break;
      }
      start = addr + i;
    }
    const bytes = len === 0 ? new Uint8Array(0) : this.elf.bytesAt(start, len);
    return bytes ? new TextDecoder().decode(bytes) : null;
  }

  typeAt(off: number): bigint {
    return this.types + BigInt(off);
  }

  kind(t: bigint): number | null {
    const k = this.elf.u8At(t + 23n);
    return k === null ? null : k & 31;
  }

  private tflag(t: bigint): number {
    return this.elf.u8At(t + 20n) ?? 0;
  }

  /** reflect's String() of the type: `main.registerer`, `func(string) error`. */
  str(t: bigint): string | null {
    const off = this.elf.i32At(t + 40n);
    if (off === null) return null;
    const s = this.name(this.types + BigInt(off));
    if (s === null) return null;
    return this.tflag(t) & TFLAG_EXTRA_STAR ? s.slice(1) : s;
  }

  /** Size of the kind-specific descriptor, i.e. where the uncommon type starts; null when unknown. */
  private descriptorSize(t: bigint): number | null {
    switch (this.kind(t)) {
      case KIND.Pointer:
      case KIND.Slice:
      case KIND.Func:
        return 56;
      case KIND.Chan:
        return 64;
      case KIND.Array:
        return 72;
      case KIND.Interface:
      case KIND.Struct:
        return 80;
      case KIND.Map:
        if (this.goMinor === null) return null;
        return this.goMinor >= 24 ? 112 : 88;
      case null:
        return null;
      default:
        return TYPE_SIZE;
    }
  }

  private uncommon(t: bigint): bigint | null {
    if (!(this.tflag(t) & TFLAG_UNCOMMON)) return null;
    const size = this.descriptorSize(t);
    return size === null ? null : t + BigInt(size);
  }

  pkgPath(t: bigint): string | null {
    const u = this.uncommon(t);
    if (u === null) return null;
    const off = this.elf.i32At(u);
    if (off === null) return null;
    return off === 0 ? '' : this.name(this.types + BigInt(off));
  }

  methods(t: bigint): GoMethod[] | null {
    const u = this.uncommon(t);
    if (u === null) return this.tflag(t) & TFLAG_UNCOMMON ? null : [];
    const mcount = this.elf.u16At(u + 4n);
    const moff = this.elf.u32At(u + 8n);
    if (mcount === null || moff === null) return null;
    const out: GoMethod[] = [];
    for (let i = 0; i < mcount; i++) {
      const m = u + BigInt(moff) + BigInt(i * 16);
      const nameOff = this.elf.i32At(m);
      const mtyp = this.elf.i32At(m + 4n);
      if (nameOff === null || mtyp === null) return null;
      const name = this.name(this.types + BigInt(nameOff));
      if (name === null) return null;
      out.push({ name, type: mtyp === -1 ? null : this.render(this.typeAt(mtyp)) });
    }
    return out;
  }

  /** Canonical rendering, the notation of analyzers/go/plugin-kinds.ts: `interface{}`, import paths. */
  render(t: bigint, depth = 0): string | null {
    if (depth > 24) return null;
    const k = this.kind(t);
    if (k === null) return null;
    if (this.tflag(t) & TFLAG_NAMED) {
      const s = this.str(t);
      if (s === null) return null;
      const pkg = this.pkgPath(t);
      const bracket = s.indexOf('[');
      const dot = (bracket < 0 ? s : s.slice(0, bracket)).indexOf('.');
      const local = dot < 0 ? s : s.slice(dot + 1);
      return pkg ? `${pkg}.${local}` : pkg === '' ? local : s;
    }
    const elem = (at: number) => {
      const p = this.elf.localPointerAt(t + BigInt(at));
      return p === null ? null : this.render(p, depth + 1);
    };
    switch (k) {
      case KIND.Pointer: {
        const e = elem(48);
        return e === null ? null : `*${e}`;
      }
      case KIND.Slice: {
        const e = elem(48);
        return e === null ? null : `[]${e}`;
      }
      case KIND.Array: {
        const e = elem(48);
        const n = this.elf.wordAt(t + 64n);
        return e === null || n === null ? null : `[${n}]${e}`;
      }
      case KIND.Chan: {
        const e = elem(48);
        const dir = this.elf.wordAt(t + 56n);
        if (e === null) return null;
        return dir === 1n ? `<-chan ${e}` : dir === 2n ? `chan<- ${e}` : `chan ${e}`;
      }
      case KIND.Map: {
        const key = elem(48);
        const val = elem(56);
        return key === null || val === null ? null : `map[${key}]${val}`;
      }
      case KIND.Func:
        return this.renderFunc(t, depth);
      case KIND.Interface: {
        const mhdr = this.elf.localPointerAt(t + 56n);
        const n = this.elf.wordAt(t + 64n);
        if (n === 0n) return 'interface{}';
        if (mhdr === null || n === null || n > 1000n) return null;
        const parts: string[] = [];
        for (let i = 0n; i < n; i++) {
          const nameOff = this.elf.i32At(mhdr + i * 8n);
          const ityp = this.elf.i32At(mhdr + i * 8n + 4n);
          if (nameOff === null || ityp === null) return null;
          const name = this.name(this.types + BigInt(nameOff));
          const sig = this.render(this.typeAt(ityp), depth + 1);
          if (name === null || sig === null) return null;
          parts.push(name + sig.slice('func'.length));
        }
        return `interface{ ${parts.join('; ')} }`;
      }
      default:
        // Unnamed structs and the rest: reflect's own string is precise enough for messages.
        return this.str(t) ?? KIND_NAMES[k] ?? null;
    }
  }

  private renderFunc(t: bigint, depth: number): string | null {
    const inCount = this.elf.u16At(t + 48n);
    const outWord = this.elf.u16At(t + 50n);
    if (inCount === null || outWord === null) return null;
    const outCount = outWord & 0x7fff;
    const variadic = (outWord & 0x8000) !== 0;
    const params = t + 56n + (this.tflag(t) & TFLAG_UNCOMMON ? 16n : 0n);
    const list: string[] = [];
    for (let i = 0; i < inCount + outCount; i++) {
      const p = this.elf.localPointerAt(params + BigInt(i * 8));
      const r = p === null ? null : this.render(p, depth + 1);
      if (r === null) return null;
      list.push(r);
    }
    const ins = list.slice(0, inCount);
    if (variadic && ins.length) ins[ins.length - 1] = '...' + ins[ins.length - 1].replace(/^\[\]/, '');
    const outs = list.slice(inCount);
    const results = outs.length === 0 ? '' : outs.length === 1 ? ` ${outs[0]}` : ` (${outs.join(', ')})`;
    return `func(${ins.join(', ')})${results}`;
  }

  /** Everything a verdict needs about one type: rendering, kind, method set, pointer element. */
  describe(t: bigint): GoTypeInfo | null {
    const k = this.kind(t);
    const type = this.render(t);
    const methods = this.methods(t);
    if (k === null || type === null || methods === null) return null;
    const info: GoTypeInfo = { type, kind: KIND_NAMES[k] ?? String(k), methods };
    if (k === KIND.Pointer) {
      const e = this.elf.localPointerAt(t + 48n);
      const ek = e === null ? null : this.kind(e);
      const et = e === null ? null : this.render(e);
      if (ek !== null && et !== null) info.elem = { type: et, kind: KIND_NAMES[ek] ?? String(ek) };
    }
    return info;
  }
}

/**
 * An executable that can load plugins (imports `plugin`) carries go.link.pkghashbytes.<pkg> for every
 * package; these are the `*runtimehash` values plugin.Open compares a plugin's link-time hashes with.
 */
export function readPackageHashSymbols(elf: ElfFile): { pkg: string; hash: string }[] {
  const prefix = 'go.link.pkghashbytes.';
  const seen = new Set<string>();
  const out: { pkg: string; hash: string }[] = [];
  for (const s of [...elf.symbols(), ...elf.dynamicSymbols()]) {
    if (!s.name.startsWith(prefix) || s.size === 0 || s.size > 256) continue;
    const pkg = s.name.slice(prefix.length);
    if (seen.has(pkg)) continue;
    const b = elf.bytesAt(s.value, s.size);
    if (!b) continue;
    seen.add(pkg);
    out.push({ pkg, hash: toHex(b) });
  }
  return out.sort((a, b) => a.pkg.localeCompare(b.pkg));
}
