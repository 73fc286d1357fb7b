/**
 * Module versions compared the way Go does (golang.org/x/mod/semver): a leading `v` is required,
 * `v1` and `v1.2` are shorthands, build metadata (`+incompatible`) is ignored when ordering, and an
 * invalid version sorts below every valid one. check-plugin picks "the highest version per module" with
 * exactly this order (spec §3.2), so npm's semver (no `v`, no shorthands) would not do.
 */

/**
 * Reads a version in place (no regexp, no allocation; go.sum diffs call this per line): fills
 * out = [majorStart, majorEnd, minorStart, minorEnd, patchStart, patchEnd, prereleaseStart, prereleaseEnd]
 * (a part a shorthand leaves out has start -1 and reads as 0; prereleaseStart is -1 without prerelease) and
 * says whether the whole string is valid. Shorthands `v1` and `v1.2` may not carry a suffix. A number may have
 * any count of digits, as in Go (`go mod edit -fmt` accepts v1.2.1234567890123456789): parts are compared as
 * digit strings, never converted to numbers.
 */
function readVersion(v: string, out: number[]): boolean {
  const n = v.length;
  if (n < 2 || v.charCodeAt(0) !== 118) return false;
  let i = 1;
  for (let part = 0; part < 3; part++) {
    const start = i;
    while (i < n) {
      const c = v.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    if (i === start || (i - start > 1 && v.charCodeAt(start) === 48)) return false;
    out[2 * part] = start;
    out[2 * part + 1] = i;
    if (i === n) {
      for (let rest = part + 1; rest < 3; rest++) out[2 * rest] = out[2 * rest + 1] = -1;
      out[6] = -1;
      out[7] = n;
      return true;
    }
    if (part < 2) {
      if (v.charCodeAt(i) !== 46) return false;
      i++;
    }
  }
  out[6] = -1;
  out[7] = n;
  let c = v.charCodeAt(i);
  if (c === 45) {
    out[6] = i + 1;
    i = identifiers(v, i + 1, true);
    if (i < 0) return false;
    out[7] = i;
    c = v.charCodeAt(i);
  }
  if (i === n) return true;
  if (c !== 43) return false;
  return identifiers(v, i + 1, false) === n;
}

/** Compares two digit runs without leading zeros (start -1: the "0" a shorthand stands for): longer is higher. */
function compareDigits(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  const [x, xs, xe] = as < 0 ? ['0', 0, 1] : [a, as, ae];
  const [y, ys, ye] = bs < 0 ? ['0', 0, 1] : [b, bs, be];
  if (xe - xs !== ye - ys) return xe - xs < ye - ys ? -1 : 1;
  for (let k = 0; k < xe - xs; k++) {
    const d = x.charCodeAt(xs + k) - y.charCodeAt(ys + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Dot-separated identifiers of [0-9A-Za-z-] from `i`; returns where they end, or -1 if malformed. */
function identifiers(v: string, i: number, noLeadingZeros: boolean): number {
  const n = v.length;
  for (;;) {
    const start = i;
    let numeric = true;
    while (i < n) {
      const c = v.charCodeAt(i);
      const digit = c >= 48 && c <= 57;
      if (!digit && !((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) break;
      if (!digit) numeric = false;
      i++;
    }
    if (i === start) return -1;
    if (noLeadingZeros && numeric && i - start > 1 && v.charCodeAt(start) === 48) return -1;
    if (i < n && v.charCodeAt(i) === 46) {
      i++;
      continue;
    }
    return i;
  }
}

const A = [0, 0, 0, 0, 0, 0, 0, 0];
const B = [0, 0, 0, 0, 0, 0, 0, 0];

export function isValidGoSemver(v: string): boolean {
  return readVersion(v, A);
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] === y[i]) continue;
    const xn = /^\d+$/.test(x[i]);
    const yn = /^\d+$/.test(y[i]);
    if (xn && yn) return x[i].length !== y[i].length ? (x[i].length < y[i].length ? -1 : 1) : x[i] < y[i] ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** -1, 0 or 1, as golang.org/x/mod/semver.Compare: invalid versions are equal to each other and below valid ones. */
export function compareGoSemver(a: string, b: string): number {
  if (a === b) return 0;
  return compareRead(a, readVersion(a, A), A, b, readVersion(b, B), B);
}

/** compareGoSemver on versions already read into `x` / `y` (validity okA / okB). */
function compareRead(a: string, okA: boolean, x: readonly number[], b: string, okB: boolean, y: readonly number[]): number {
  if (!okA) return okB ? -1 : 0;
  if (!okB) return 1;
  for (let k = 0; k < 3; k++) {
    const order = compareDigits(a, x[2 * k], x[2 * k + 1], b, y[2 * k], y[2 * k + 1]);
    if (order !== 0) return order;
  }
  const preA = x[6] < 0 ? '' : a.slice(x[6], x[7]);
  const preB = y[6] < 0 ? '' : b.slice(y[6], y[7]);
  return comparePrerelease(preA, preB);
}

/**
 * The highest version offered so far, in compareGoSemver's order (a later version replaces the kept one
 * only when strictly higher, as `semver.Compare(prev, v) < 0`). It keeps the kept version read, so a
 * go.sum scan reads each line's version once instead of twice per comparison.
 */
export class GoSemverMax {
  private kept = '';
  private keptValid = false;
  private keptParts = [0, 0, 0, 0, 0, 0, 0, 0];
  private offered = [0, 0, 0, 0, 0, 0, 0, 0];

  get value(): string {
    return this.kept;
  }

  /** Starts over from `version` ('' = nothing kept yet). */
  reset(version: string): void {
    this.kept = version;
    this.keptValid = readVersion(version, this.keptParts);
  }

  offer(version: string): void {
    if (version === this.kept) return;
    const valid = readVersion(version, this.offered);
    if (compareRead(this.kept, this.keptValid, this.keptParts, version, valid, this.offered) >= 0) return;
    const parts = this.keptParts;
    this.keptParts = this.offered;
    this.offered = parts;
    this.kept = version;
    this.keptValid = valid;
  }
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
