/**
 * Module versions compared the way Go does (golang.org/x/mod/semver): a leading `v` is required,
 * `v1` and `v1.2` are shorthands, build metadata (`+incompatible`) is ignored when ordering, and an
 * invalid version sorts below every valid one. check-plugin picks "the highest version per module" with
 * exactly this order (spec §3.2), so npm's semver (no `v`, no shorthands) would not do.
 */

interface ParsedVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: string;
}

const cache = new Map<string, ParsedVersion | null>();

function parse(v: string): ParsedVersion | null {
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  const m = /^v(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/.exec(v);
  let result: ParsedVersion | null = null;
  if (m && !(m[4] && !validPrerelease(m[4]))) {
    // Shorthands (v1, v1.2) may not carry a prerelease or build suffix; the regexp already ensures that.
    result = { major: m[1], minor: m[2] ?? '0', patch: m[3] ?? '0', prerelease: m[4] ?? '' };
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(v, result);
  return result;
}

function validPrerelease(pre: string): boolean {
  // Numeric identifiers must not have leading zeros.
  return pre
    .slice(1)
    .split('.')
    .every((id) => !/^\d+$/.test(id) || id === '0' || !id.startsWith('0'));
}

export function isValidGoSemver(v: string): boolean {
  return parse(v) !== null;
}

function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = a.slice(1).split('.');
  const y = b.slice(1).split('.');
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] === y[i]) continue;
    const xn = /^\d+$/.test(x[i]);
    const yn = /^\d+$/.test(y[i]);
    if (xn && yn) return compareNumeric(x[i], y[i]);
    if (xn) return -1;
    if (yn) return 1;
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/**
 * `vMAJOR.MINOR.PATCH` with nothing after it, read without allocating: the shape of nearly every version
 * in a go.sum. Returns false for anything else (prerelease, build, shorthand, invalid).
 */
const plain: [number, number, number] = [0, 0, 0];
function readPlain(v: string, out: [number, number, number]): boolean {
  if (v.charCodeAt(0) !== 118) return false;
  let part = 0;
  let n = 0;
  let digits = 0;
  for (let i = 1; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && n === 0) return false; // leading zero
      n = n * 10 + (c - 48);
      digits++;
    } else if (c === 46 && digits > 0 && part < 2) {
      out[part++] = n;
      n = 0;
      digits = 0;
    } else return false;
  }
  if (part !== 2 || digits === 0 || digits > 15) return false;
  out[2] = n;
  return true;
}

/** -1, 0 or 1, as golang.org/x/mod/semver.Compare: invalid versions are equal to each other and below valid ones. */
export function compareGoSemver(a: string, b: string): number {
  if (a === b) return 0;
  const x = plain;
  if (readPlain(a, x)) {
    const a0 = x[0];
    const a1 = x[1];
    const a2 = x[2];
    if (readPlain(b, x)) {
      if (a0 !== x[0]) return a0 < x[0] ? -1 : 1;
      if (a1 !== x[1]) return a1 < x[1] ? -1 : 1;
      return a2 === x[2] ? 0 : a2 < x[2] ? -1 : 1;
    }
  }
  const pa = parse(a);
  const pb = parse(b);
  if (!pa) return pb ? -1 : 0;
  if (!pb) return 1;
  return (
    compareNumeric(pa.major, pb.major) ||
    compareNumeric(pa.minor, pb.minor) ||
    compareNumeric(pa.patch, pb.patch) ||
    comparePrerelease(pa.prerelease, pb.prerelease)
  );
}

/**
 * Go toolchain versions (`1.21`, `1.21rc1`, `1.21.0`, `1.25.12`), ordered as Go's internal gover does:
 * `1.21` < `1.21rc1` < `1.21.0` < `1.21.1`. Returns null for a string that is not a Go version.
 */
export interface GoToolchainVersion {
  major: number;
  minor: number;
  /** -1 for a language version without patch (`1.21`). */
  patch: number;
  /** `rc1`, `beta2`, or '' for a release. */
  pre: string;
}

export function parseGoToolchainVersion(v: string): GoToolchainVersion | null {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(rc\d+|beta\d+))?$/.exec(v);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] !== undefined ? Number(m[3]) : -1, pre: m[4] ?? '' };
}

export function compareGoToolchainVersions(a: GoToolchainVersion, b: GoToolchainVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  // `1.21` (language version) < `1.21rc1` < `1.21.0`.
  const rank = (v: GoToolchainVersion) => (v.patch >= 0 ? 2 : v.pre ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.patch !== b.patch) return a.patch - b.patch;
  return a.pre < b.pre ? -1 : a.pre > b.pre ? 1 : 0;
}
