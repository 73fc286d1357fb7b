/**
 * A small, pure ELF reader over a Uint8Array: header, program and section headers, symbols, the dynamic
 * section (DT_NEEDED, DT_SONAME), versioned symbol requirements (GLIBC_2.xx) and relocations, enough to
 * read pointers in a position-independent shared object the way the dynamic loader would resolve them.
 * Bad input is a value (`{ error }`), never an exception: a truncated or foreign file is a user mistake.
 *
 * dlopen reads program headers only: a file whose section headers are gone (sstrip sets e_shoff to 0), damaged,
 * or cut off with the bytes after its last loadable segment still loads. kpa then reads what the loader reads,
 * the dynamic segment, as the sections it names (.dynsym, .dynstr, .rela.dyn, .gnu.version*): see
 * `sectionsFromDynamic`.
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
const SHT_STRTAB = 3;
const SHT_RELA = 4;
const SHT_DYNAMIC = 6;
const SHT_NOBITS = 8;
const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const SHF_COMPRESSED = 0x800n;
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NEEDED = 1;
const DT_PLTRELSZ = 2;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_SYMTAB = 6;
const DT_RELA = 7;
const DT_RELASZ = 8;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_JMPREL = 23;
const DT_GNU_HASH = 0x6ffffef5;
const DT_VERSYM = 0x6ffffff0;
const DT_VERNEED = 0x6ffffffe;

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
  /**
   * Where `sections` come from: the section headers, or — when there are none (`none`) or they cannot be
   * trusted (`damaged`: past the end of the file, out of range) — the dynamic segment, as the loader reads it.
   */
  sectionHeaders: 'present' | 'none' | 'damaged' = 'present';
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
  const sections = readSectionHeaders(elf, h);
  if (Array.isArray(sections)) elf.sections.push(...sections);
  else {
    elf.sectionHeaders = sections;
    elf.sections.push(...sectionsFromDynamic(elf));
  }
  for (const p of elf.segments) {
    if (p.type === PT_LOAD && p.offset + Number(p.filesz) > bytes.length) {
      return { error: `the file is truncated: a loadable segment ends at byte ${p.offset + Number(p.filesz)} but the file has ${bytes.length}` };
    }
  }
  return elf;
}

interface HeaderFields {
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** The section table, or why it is not used: there is none, or it does not fit the file (cut off, overwritten). */
function readSectionHeaders(elf: ElfFile, h: HeaderFields): ElfSection[] | 'none' | 'damaged' {
  const bytes = elf.bytes;
  if (h.shoff === 0 || h.shnum === 0) return 'none';
  if (h.shentsize !== (elf.is64 ? 64 : 40) || h.shoff + h.shnum * h.shentsize > bytes.length || h.shstrndx >= h.shnum) return 'damaged';
  const raw: (Omit<ElfSection, 'name'> & { nameOff: number })[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const o = h.shoff + i * h.shentsize;
    raw.push(
      elf.is64
        ? { nameOff: elf.u32(o), type: elf.u32(o + 4), flags: elf.u64(o + 8), addr: elf.u64(o + 16), offset: Number(elf.u64(o + 24)), size: Number(elf.u64(o + 32)), link: elf.u32(o + 40), info: elf.u32(o + 44), entsize: Number(elf.u64(o + 56)) }
        : { nameOff: elf.u32(o), type: elf.u32(o + 4), flags: BigInt(elf.u32(o + 8)), addr: BigInt(elf.u32(o + 12)), offset: elf.u32(o + 16), size: elf.u32(o + 20), link: elf.u32(o + 24), info: elf.u32(o + 28), entsize: elf.u32(o + 36) },
    );
  }
  // A section whose bytes lie past the end: the file was cut after its loadable segments (debug info and
  // symbol tables go first), or the table is garbage. The loader never reads it; neither does kpa.
  if (raw.some((r) => r.type !== SHT_NOBITS && r.size > 0 && r.offset + r.size > bytes.length)) return 'damaged';
  const shstr = raw[h.shstrndx];
  return raw.map(({ nameOff, ...rest }) => ({ ...rest, name: elf.cstring({ ...shstr, name: '' }, nameOff) }));
}

/**
 * The sections the dynamic segment names, as dlopen finds them without section headers: the dynamic table
 * itself, its string and symbol tables (the symbol count from DT_HASH, else from DT_GNU_HASH's chains), the
 * relocations and the symbol versions. Index 0 is the null section, as in a real table.
 */
function sectionsFromDynamic(elf: ElfFile): ElfSection[] {
  const dyn = elf.segments.find((p) => p.type === PT_DYNAMIC);
  if (!dyn || !elf.is64) return [];
  const tags = new Map<number, bigint>();
  const end = Math.min(dyn.offset + Number(dyn.filesz), elf.bytes.length);
  for (let off = dyn.offset; off + 16 <= end; off += 16) {
    const tag = Number(elf.u64(off));
    if (tag === 0) break;
    if (!tags.has(tag)) tags.set(tag, elf.u64(off + 8));
  }
  const out: ElfSection[] = [section('', 0, -1, 0)];
  function section(name: string, type: number, offset: number, size: number, link = 0): ElfSection {
    return { name, type, flags: 0n, addr: 0n, offset, size, link, info: 0, entsize: 0 };
  }
  /** A table at a virtual address, clipped to the file; null when the address is not in the file. */
  const add = (name: string, type: number, addr: bigint | undefined, size: number, link = 0): number => {
    if (addr === undefined) return 0;
    const offset = elf.offsetOf(addr);
    if (offset < 0) return 0;
    out.push(section(name, type, offset, Math.max(0, Math.min(size, elf.bytes.length - offset)), link));
    return out.length - 1;
  };
  const strtab = add('.dynstr', SHT_STRTAB, tags.get(DT_STRTAB), Number(tags.get(DT_STRSZ) ?? 0n));
  const symbols = dynamicSymbolCount(elf, tags);
  const dynsym = add('.dynsym', SHT_DYNSYM, tags.get(DT_SYMTAB), symbols * 24, strtab);
  out.push(section('.dynamic', SHT_DYNAMIC, dyn.offset, end - dyn.offset, strtab));
  add('.rela.dyn', SHT_RELA, tags.get(DT_RELA), Number(tags.get(DT_RELASZ) ?? 0n), dynsym);
  add('.rela.plt', SHT_RELA, tags.get(DT_JMPREL), Number(tags.get(DT_PLTRELSZ) ?? 0n), dynsym);
  add('.gnu.version', SHT_GNU_VERSYM, tags.get(DT_VERSYM), symbols * 2, dynsym);
  // Entries chain through their own next offsets; the reader stops at the end of the file.
  add('.gnu.version_r', SHT_GNU_VERNEED, tags.get(DT_VERNEED), elf.bytes.length, strtab);
  return out;
}

/** How many entries .dynsym has: DT_HASH's nchain, or one past the last symbol DT_GNU_HASH's chains reach. */
function dynamicSymbolCount(elf: ElfFile, tags: Map<number, bigint>): number {
  const u32 = (addr: bigint): number | null => elf.u32At(addr);
  const hash = tags.get(DT_HASH);
  if (hash !== undefined) return u32(hash + 4n) ?? 0;
  const gnu = tags.get(DT_GNU_HASH);
  if (gnu === undefined) return 0;
  const nbuckets = u32(gnu);
  const symoffset = u32(gnu + 4n);
  const bloomSize = u32(gnu + 8n);
  if (nbuckets === null || symoffset === null || bloomSize === null) return 0;
  const buckets = gnu + 16n + BigInt(bloomSize) * 8n;
  let last = 0;
  // A damaged count reads past the file at once: stop there rather than count to 2^32.
  for (let i = 0; i < nbuckets; i++) {
    const bucket = u32(buckets + BigInt(i) * 4n);
    if (bucket === null) return 0;
    last = Math.max(last, bucket);
  }
  if (last < symoffset) return symoffset;
  const chains = buckets + BigInt(nbuckets) * 4n;
  // The chain of the highest bucket ends at the entry whose low bit is set; a file's size bounds the walk.
  for (let guard = 0; guard < elf.bytes.length / 4; guard++, last++) {
    const entry = u32(chains + BigInt(last - symoffset) * 4n);
    if (entry === null) return last;
    if (entry & 1) return last + 1;
  }
  return last;
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
