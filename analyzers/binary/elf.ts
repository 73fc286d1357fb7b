/**
 * A small, pure ELF reader over a Uint8Array: header, program and section headers, symbols, the dynamic
 * section (DT_NEEDED, DT_SONAME), versioned symbol requirements (GLIBC_2.xx) and relocations, enough to
 * read pointers in a position-independent shared object the way the dynamic loader would resolve them.
 * Bad input is a value (`{ error }`), never an exception: a truncated or foreign file is a user mistake.
 */

export const ELF_MACHINES: Record<number, { name: string; goarch: string }> = {
  3: { name: 'Intel 80386', goarch: '386' },
  8: { name: 'MIPS', goarch: 'mips' },
  20: { name: 'PowerPC', goarch: 'ppc' },
  21: { name: 'PowerPC64', goarch: 'ppc64' },
  22: { name: 'IBM S/390', goarch: 's390x' },
  40: { name: 'ARM', goarch: 'arm' },
  62: { name: 'x86-64', goarch: 'amd64' },
  183: { name: 'AArch64', goarch: 'arm64' },
  243: { name: 'RISC-V', goarch: 'riscv64' },
  258: { name: 'LoongArch', goarch: 'loong64' },
};

const ELF_TYPES: Record<number, ElfType> = { 1: 'relocatable', 2: 'executable', 3: 'shared-object', 4: 'core' };
export type ElfType = 'relocatable' | 'executable' | 'shared-object' | 'core' | 'unknown';

export interface ElfSection {
  name: string;
  type: number;
  flags: bigint;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
}

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: bigint;
  filesz: bigint;
  memsz: bigint;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: number;
  /** STB_LOCAL 0, STB_GLOBAL 1, STB_WEAK 2. */
  bind: number;
  /** STT_OBJECT 1, STT_FUNC 2 … */
  type: number;
  shndx: number;
  /** Version requirement (e.g. GLIBC_2.34) for undefined dynamic symbols, when .gnu.version says so. */
  version?: string;
}

/** A pointer-sized word as the loader would leave it: a plain address, or a reference to another object's symbol. */
export type Pointer = { addr: bigint } | { symbol: string };

const SHT_SYMTAB = 2;
const SHT_RELA = 4;
const SHT_NOBITS = 8;
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const SHF_COMPRESSED = 0x800n;
const PT_LOAD = 1;
const PT_INTERP = 3;
const DT_NEEDED = 1;
const DT_SONAME = 14;

/** Relocation types whose result is base + addend (the object's own addresses). */
const RELATIVE: Record<number, number> = { 62: 8, 183: 1027, 3: 8, 40: 23 };
/** Relocation types whose result is symbol + addend. */
const SYMBOLIC: Record<number, number[]> = { 62: [1, 6], 183: [257, 1025] };

export class ElfFile {
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly type: ElfType;
  readonly machine: number;
  readonly sections: ElfSection[] = [];
  readonly segments: ElfSegment[] = [];
  private view: DataView;
  private symtabCache?: ElfSymbol[];
  private dynsymCache?: ElfSymbol[];
  private relocCache?: Map<number, Pointer>;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.is64 = bytes[4] === 2;
    this.littleEndian = bytes[5] === 1;
    this.type = ELF_TYPES[this.u16(16)] ?? 'unknown';
    this.machine = this.u16(18);
  }

  get ptrSize(): number {
    return this.is64 ? 8 : 4;
  }

  u8(off: number): number {
    return this.view.getUint8(off);
  }
  u16(off: number): number {
    return this.view.getUint16(off, this.littleEndian);
  }
  u32(off: number): number {
    return this.view.getUint32(off, this.littleEndian);
  }
  i32(off: number): number {
    return this.view.getInt32(off, this.littleEndian);
  }
  u64(off: number): bigint {
    return this.view.getBigUint64(off, this.littleEndian);
  }
  word(off: number): bigint {
    return this.is64 ? this.u64(off) : BigInt(this.u32(off));
  }

  section(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** Section contents; compressed (SHF_COMPRESSED) sections are returned raw, see `compressedPayload`. */
  sectionBytes(s: ElfSection): Uint8Array {
    if (s.type === SHT_NOBITS) return new Uint8Array(0);
    return this.bytes.subarray(s.offset, s.offset + s.size);
  }

  /** For a SHF_COMPRESSED section: the zlib stream and its inflated size; null when not zlib-compressed. */
  compressedPayload(s: ElfSection): { zlib: Uint8Array; size: number } | null {
    const raw = this.sectionBytes(s);
    if ((s.flags & SHF_COMPRESSED) === 0n || raw.length < 24) return null;
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const chType = v.getUint32(0, this.littleEndian);
    if (chType !== 1) return null;
    const size = this.is64 ? Number(v.getBigUint64(8, this.littleEndian)) : v.getUint32(4, this.littleEndian);
    return { zlib: raw.subarray(this.is64 ? 24 : 12), size };
  }

  /** File offset of a virtual address, or -1 when it is not backed by file bytes (bss, unmapped). */
  offsetOf(addr: bigint): number {
    for (const p of this.segments) {
      if (p.type === PT_LOAD && addr >= p.vaddr && addr < p.vaddr + p.filesz) return p.offset + Number(addr - p.vaddr);
    }
    return -1;
  }

  /** `len` bytes at a virtual address, or null when they are not all in the file. */
  bytesAt(addr: bigint, len: number): Uint8Array | null {
    const off = this.offsetOf(addr);
    if (off < 0 || off + len > this.bytes.length || this.offsetOf(addr + BigInt(Math.max(len - 1, 0))) < 0) return null;
    return this.bytes.subarray(off, off + len);
  }

  u32At(addr: bigint): number | null {
    const off = this.offsetOf(addr);
    return off < 0 || off + 4 > this.bytes.length ? null : this.u32(off);
  }
  i32At(addr: bigint): number | null {
    const off = this.offsetOf(addr);
    return off < 0 || off + 4 > this.bytes.length ? null : this.i32(off);
  }
  u16At(addr: bigint): number | null {
    const off = this.offsetOf(addr);
    return off < 0 || off + 2 > this.bytes.length ? null : this.u16(off);
  }
  u8At(addr: bigint): number | null {
    const off = this.offsetOf(addr);
    return off < 0 || off >= this.bytes.length ? null : this.u8(off);
  }
  /** A plain integer word (length, count); relocations do not apply. */
  wordAt(addr: bigint): bigint | null {
    const off = this.offsetOf(addr);
    return off < 0 || off + this.ptrSize > this.bytes.length ? null : this.word(off);
  }

  /** A pointer-sized word after dynamic relocation: what the running process would read there. */
  pointerAt(addr: bigint): Pointer | null {
    const reloc = this.relocations().get(Number(addr));
    if (reloc) return reloc;
    const w = this.wordAt(addr);
    return w === null ? null : { addr: w };
  }

  /** `pointerAt` for pointers into this object only (null for foreign symbols or nil). */
  localPointerAt(addr: bigint): bigint | null {
    const p = this.pointerAt(addr);
    return p && 'addr' in p && p.addr !== 0n ? p.addr : null;
  }

  symbols(): ElfSymbol[] {
    return (this.symtabCache ??= this.readSymbols(SHT_SYMTAB));
  }

  dynamicSymbols(): ElfSymbol[] {
    if (!this.dynsymCache) {
      const syms = this.readSymbols(SHT_DYNSYM);
      this.attachVersions(syms);
      this.dynsymCache = syms;
    }
    return this.dynsymCache;
  }

  /** A symbol by name from .symtab, then .dynsym. */
  findSymbol(name: string): ElfSymbol | undefined {
    return this.symbols().find((s) => s.name === name) ?? this.dynamicSymbols().find((s) => s.name === name);
  }

  dynamic(): { needed: string[]; soname: string | null } {
    const dyn = this.sections.find((s) => s.name === '.dynamic');
    const needed: string[] = [];
    let soname: string | null = null;
    if (!dyn) return { needed, soname };
    const strtab = this.sections[dyn.link];
    const entSize = this.is64 ? 16 : 8;
    for (let off = dyn.offset; off + entSize <= dyn.offset + dyn.size && off + entSize <= this.bytes.length; off += entSize) {
      const tag = Number(this.word(off));
      const val = Number(this.word(off + this.ptrSize));
      if (tag === 0) break;
      if (tag === DT_NEEDED) needed.push(this.cstring(strtab, val));
      else if (tag === DT_SONAME) soname = this.cstring(strtab, val);
    }
    return { needed, soname };
  }

  /** The program interpreter (PT_INTERP), e.g. /lib/ld-musl-x86_64.so.1. */
  interpreter(): string | null {
    const p = this.segments.find((s) => s.type === PT_INTERP);
    if (!p) return null;
    const end = this.bytes.indexOf(0, p.offset);
    return new TextDecoder().decode(this.bytes.subarray(p.offset, end < 0 ? p.offset + Number(p.filesz) : end));
  }

  /** Versions required from each needed library (.gnu.version_r), e.g. libc.so.6 → [GLIBC_2.2.5, GLIBC_2.34]. */
  versionRequirements(): { file: string; versions: string[] }[] {
    const sec = this.sections.find((s) => s.type === SHT_GNU_VERNEED);
    if (!sec) return [];
    return this.verneedEntries(sec).map((e) => ({ file: e.file, versions: e.aux.map((a) => a.name) }));
  }

  private verneedEntries(sec: ElfSection): { file: string; aux: { name: string; index: number }[] }[] {
    const strtab = this.sections[sec.link];
    const out: { file: string; aux: { name: string; index: number }[] }[] = [];
    let off = sec.offset;
    for (let guard = 0; guard < 1000 && off + 16 <= this.bytes.length; guard++) {
      const cnt = this.u16(off + 2);
      const file = this.cstring(strtab, this.u32(off + 4));
      const auxOff = this.u32(off + 8);
      const next = this.u32(off + 12);
      const aux: { name: string; index: number }[] = [];
      let a = off + auxOff;
      for (let i = 0; i < cnt && a + 16 <= this.bytes.length; i++) {
        aux.push({ index: this.u16(a + 6) & 0x7fff, name: this.cstring(strtab, this.u32(a + 8)) });
        const an = this.u32(a + 12);
        if (an === 0) break;
        a += an;
      }
      out.push({ file, aux });
      if (next === 0) break;
      off += next;
    }
    return out;
  }

  private attachVersions(syms: ElfSymbol[]): void {
    const versym = this.sections.find((s) => s.type === SHT_GNU_VERSYM);
    const verneed = this.sections.find((s) => s.type === SHT_GNU_VERNEED);
    if (!versym || !verneed) return;
    const names = new Map<number, string>();
    for (const e of this.verneedEntries(verneed)) for (const a of e.aux) names.set(a.index, a.name);
    for (let i = 0; i < syms.length && versym.offset + 2 * i + 2 <= this.bytes.length; i++) {
      const v = names.get(this.u16(versym.offset + 2 * i) & 0x7fff);
      if (v) syms[i].version = v;
    }
  }

  private readSymbols(type: number): ElfSymbol[] {
    const sec = this.sections.find((s) => s.type === type);
    if (!sec) return [];
    const strtab = this.sections[sec.link];
    const entSize = this.is64 ? 24 : 16;
    const out: ElfSymbol[] = [];
    const end = Math.min(sec.offset + sec.size, this.bytes.length);
    for (let off = sec.offset; off + entSize <= end; off += entSize) {
      const nameOff = this.u32(off);
      let info: number, shndx: number, value: bigint, size: number;
      if (this.is64) {
        info = this.u8(off + 4);
        shndx = this.u16(off + 6);
        value = this.u64(off + 8);
        size = Number(this.u64(off + 16));
      } else {
        value = BigInt(this.u32(off + 4));
        size = this.u32(off + 8);
        info = this.u8(off + 12);
        shndx = this.u16(off + 14);
      }
      out.push({ name: this.cstring(strtab, nameOff), value, size, bind: info >> 4, type: info & 0xf, shndx });
    }
    return out;
  }

  /** Dynamic relocations by target address (RELA only: every 64-bit Go target kpa cares about uses RELA). */
  relocations(): Map<number, Pointer> {
    if (this.relocCache) return this.relocCache;
    // Number keys: Map lookups on BigInt keys are several times slower, and addresses stay below 2^53.
    const map = new Map<number, Pointer>();
    const relative = RELATIVE[this.machine];
    const symbolic = SYMBOLIC[this.machine] ?? [];
    const dynsyms = this.dynamicSymbols();
    for (const sec of this.sections) {
      if (sec.type !== SHT_RELA || !this.is64) continue;
      const end = Math.min(sec.offset + sec.size, this.bytes.length);
      for (let off = sec.offset; off + 24 <= end; off += 24) {
        const where = Number(this.u64(off));
        const type = this.u32(off + (this.littleEndian ? 8 : 12));
        const symIndex = this.u32(off + (this.littleEndian ? 12 : 8));
        if (type === relative) map.set(where, { addr: BigInt.asUintN(64, this.view.getBigInt64(off + 16, this.littleEndian)) });
        else if (symbolic.includes(type)) {
          const addend = this.view.getBigInt64(off + 16, this.littleEndian);
          const sym = dynsyms[symIndex];
          if (!sym) continue;
          // A symbol this object defines resolves here unless another object interposes it (Go's do, by design).
          map.set(where, sym.shndx !== 0 ? { addr: sym.value + BigInt.asUintN(64, addend) } : { symbol: sym.name });
        }
      }
    }
    return (this.relocCache = map);
  }

  cstring(strtab: ElfSection | undefined, off: number): string {
    if (!strtab) return '';
    const start = strtab.offset + off;
    if (start >= this.bytes.length) return '';
    // Symbol tables hold tens of thousands of short ASCII names: build them without a decoder call each.
    let out = '';
    for (let i = start; i < this.bytes.length; i++) {
      const c = this.bytes[i];
      if (c === 0) return out;
      if (c >= 0x80) {
        let end = this.bytes.indexOf(0, start);
        if (end < 0) end = this.bytes.length;
        return latin1OrUtf8(this.bytes.subarray(start, end));
      }
      out += String.fromCharCode(c);
    }
    return out;
  }

  /** Symbols of .symtab with one of these names, without decoding every name (large Go symbol tables). */
  symbolsNamed(names: string[]): ElfSymbol[] {
    if (this.symtabCache) return this.symtabCache.filter((x) => names.includes(x.name));
    const sec = this.sections.find((x) => x.type === SHT_SYMTAB);
    if (!sec) return [];
    const strtab = this.sections[sec.link];
    if (!strtab) return [];
    const wanted = names.map((n) => new TextEncoder().encode(n + '\0'));
    const entSize = this.is64 ? 24 : 16;
    const out: ElfSymbol[] = [];
    const end = Math.min(sec.offset + sec.size, this.bytes.length);
    for (let off = sec.offset; off + entSize <= end; off += entSize) {
      const at = strtab.offset + this.u32(off);
      let w: Uint8Array | undefined;
      for (const n of wanted) {
        let i = 0;
        while (i < n.length && this.bytes[at + i] === n[i]) i++;
        if (i === n.length) {
          w = n;
          break;
        }
      }
      if (!w) continue;
      const name = new TextDecoder().decode(w.subarray(0, w.length - 1));
      out.push(this.is64
        ? { name, value: this.u64(off + 8), size: Number(this.u64(off + 16)), bind: this.u8(off + 4) >> 4, type: this.u8(off + 4) & 0xf, shndx: this.u16(off + 6) }
        : { name, value: BigInt(this.u32(off + 4)), size: this.u32(off + 8), bind: this.u8(off + 12) >> 4, type: this.u8(off + 12) & 0xf, shndx: this.u16(off + 14) });
    }
    return out;
  }
}

const utf8 = new TextDecoder('utf-8');

export function latin1OrUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Parses the headers; `{ error }` says in plain words why the bytes are not a usable ELF file. */
export function parseElf(bytes: Uint8Array): ElfFile | { error: string } {
  if (bytes.length === 0) return { error: 'the file is empty' };
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return { error: describeForeign(bytes) };
  }
  if (bytes.length < 52) return { error: `the file is truncated: ${bytes.length} bytes, shorter than an ELF header` };
  if ((bytes[4] !== 1 && bytes[4] !== 2) || (bytes[5] !== 1 && bytes[5] !== 2)) {
    return { error: 'invalid ELF header (unknown class or byte order)' };
  }
  const elf = new ElfFile(bytes);
  if (elf.is64 && bytes.length < 64) return { error: `the file is truncated: ${bytes.length} bytes, shorter than an ELF header` };
  const h = elf.is64
    ? { phoff: Number(elf.u64(32)), shoff: Number(elf.u64(40)), phentsize: elf.u16(54), phnum: elf.u16(56), shentsize: elf.u16(58), shnum: elf.u16(60), shstrndx: elf.u16(62) }
    : { phoff: elf.u32(28), shoff: elf.u32(32), phentsize: elf.u16(42), phnum: elf.u16(44), shentsize: elf.u16(46), shnum: elf.u16(48), shstrndx: elf.u16(50) };
  if (h.phoff + h.phnum * h.phentsize > bytes.length) {
    return { error: `the file is truncated: its program headers end at byte ${h.phoff + h.phnum * h.phentsize} but the file has ${bytes.length}` };
  }
  for (let i = 0; i < h.phnum; i++) {
    const o = h.phoff + i * h.phentsize;
    elf.segments.push(
      elf.is64
        ? { type: elf.u32(o), offset: Number(elf.u64(o + 8)), vaddr: elf.u64(o + 16), filesz: elf.u64(o + 32), memsz: elf.u64(o + 40) }
        : { type: elf.u32(o), offset: elf.u32(o + 4), vaddr: BigInt(elf.u32(o + 8)), filesz: BigInt(elf.u32(o + 16)), memsz: BigInt(elf.u32(o + 20)) },
    );
  }
  if (h.shnum > 0) {
    if (h.shoff + h.shnum * h.shentsize > bytes.length) {
      return { error: `the file is truncated: its section headers end at byte ${h.shoff + h.shnum * h.shentsize} but the file has ${bytes.length}` };
    }
    const raw: (Omit<ElfSection, 'name'> & { nameOff: number })[] = [];
    for (let i = 0; i < h.shnum; i++) {
      const o = h.shoff + i * h.shentsize;
      raw.push(
        elf.is64
          ? { nameOff: elf.u32(o), type: elf.u32(o + 4), flags: elf.u64(o + 8), addr: elf.u64(o + 16), offset: Number(elf.u64(o + 24)), size: Number(elf.u64(o + 32)), link: elf.u32(o + 40), info: elf.u32(o + 44), entsize: Number(elf.u64(o + 56)) }
          : { nameOff: elf.u32(o), type: elf.u32(o + 4), flags: BigInt(elf.u32(o + 8)), addr: BigInt(elf.u32(o + 12)), offset: elf.u32(o + 16), size: elf.u32(o + 20), link: elf.u32(o + 24), info: elf.u32(o + 28), entsize: elf.u32(o + 36) },
      );
    }
    const shstr = raw[h.shstrndx];
    for (const r of raw) {
      if (r.type !== SHT_NOBITS && r.size > 0 && r.offset + r.size > bytes.length) {
        return { error: `the file is truncated: a section ends at byte ${r.offset + r.size} but the file has ${bytes.length}` };
      }
      const { nameOff, ...rest } = r;
      elf.sections.push({ ...rest, name: shstr ? elf.cstring({ ...shstr, name: '' } as ElfSection, nameOff) : '' });
    }
  }
  for (const p of elf.segments) {
    if (p.type === PT_LOAD && p.offset + Number(p.filesz) > bytes.length) {
      return { error: `the file is truncated: a loadable segment ends at byte ${p.offset + Number(p.filesz)} but the file has ${bytes.length}` };
    }
  }
  return elf;
}

/** Names the common non-ELF files people pass by mistake (macOS builds, archives, text). */
function describeForeign(bytes: Uint8Array): string {
  const b0 = bytes[0], b1 = bytes[1], b2 = bytes[2], b3 = bytes[3];
  const magic = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) {
    return 'invalid ELF header: this is a macOS (Mach-O) file; KrakenD runs on Linux, build the plugin in the KrakenD builder image';
  }
  if (magic === 0xcafebabe) return 'invalid ELF header: this is a macOS universal (fat) binary; build the plugin for Linux';
  if (b0 === 0x4d && b1 === 0x5a) return 'invalid ELF header: this is a Windows (PE) file; build the plugin for Linux';
  if (b0 === 0x21 && b1 === 0x3c) return 'invalid ELF header: this is an ar archive (a static library), not a shared object';
  if (b0 === 0x1f && b1 === 0x8b) return 'invalid ELF header: this is a gzip file; unpack it first';
  if (bytes.length < 4 && bytes.every((b, i) => b === [0x7f, 0x45, 0x4c, 0x46][i])) {
    return `the file is truncated: ${bytes.length} bytes, shorter than an ELF header`;
  }
  return 'invalid ELF header: not an ELF file';
}
