import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareGoSemver, compareGoToolchainVersions, GoSemverMax, isValidGoSemver, parseGoToolchainVersion } from './go-semver.js';

describe('compareGoSemver (golang.org/x/mod/semver order)', () => {
  it('orders numerically, not as strings', () => {
    expect(compareGoSemver('v0.10.0', 'v0.9.0')).toBe(1);
    expect(compareGoSemver('v1.2.3', 'v1.2.3')).toBe(0);
    expect(compareGoSemver('v2.0.0', 'v10.0.0')).toBe(-1);
  });

  it('puts prereleases and pseudo-versions below the release and ignores build metadata', () => {
    expect(compareGoSemver('v2.14.2-0.20260316170719-6d79b4ef723b', 'v2.14.2')).toBe(-1);
    expect(compareGoSemver('v2.14.2-0.20260316170719-6d79b4ef723b', 'v2.14.1')).toBe(1);
    expect(compareGoSemver('v1.0.0-rc.2', 'v1.0.0-rc.10')).toBe(-1);
    expect(compareGoSemver('v1.0.0-alpha', 'v1.0.0-1')).toBe(1);
    expect(compareGoSemver('v59.3.1+incompatible', 'v59.3.1')).toBe(0);
  });

  it('accepts shorthands and ranks invalid versions below valid ones and equal to each other', () => {
    expect(compareGoSemver('v1', 'v1.0.0')).toBe(0);
    expect(compareGoSemver('v1.2', 'v1.2.1')).toBe(-1);
    expect(compareGoSemver('', 'v0.0.1')).toBe(-1);
    expect(compareGoSemver('1.0.0', '')).toBe(0);
    expect(compareGoSemver('v01.0.0', 'bad')).toBe(0);
    expect(isValidGoSemver('v1.0.0-01')).toBe(false);
    expect(isValidGoSemver('v1.0-beta')).toBe(false);
  });

  it('reads numbers of any length, as Go does (go mod edit -fmt accepts v1.2.1234567890123456789)', () => {
    expect(isValidGoSemver('v1.2.1234567890123456789')).toBe(true);
    expect(isValidGoSemver('v1.2.01234567890123456789')).toBe(false);
    expect(compareGoSemver('v1.2.1234567890123456789', 'v1.2.1234567890123456788')).toBe(1);
    expect(compareGoSemver('v1.2.99999999999999999', 'v1.2.100000000000000000')).toBe(-1);
    expect(compareGoSemver('v1.2.9007199254740993', 'v1.2.9007199254740992')).toBe(1);
    expect(compareGoSemver('v1', 'v1.0.00')).toBe(1);
    expect(compareGoSemver('v1.0', 'v1.0.0')).toBe(0);
  });

  it('agrees between the allocation-free path and the general one', () => {
    const versions = ['v0.0.1', 'v0.1.0', 'v1.0.0', 'v1.0.0-pre', 'v1.0.10', 'v1.0.9', 'v1.10.0', 'v1.9.9+meta', 'v2', 'x', ''];
    for (const a of versions) for (const b of versions) expect(compareGoSemver(a, b)).toBe(-compareGoSemver(b, a) || 0);
  });
});

describe('GoSemverMax', () => {
  it('keeps what folding `compareGoSemver(kept, v) < 0 ? v : kept` keeps, from any start', () => {
    const version = fc.constantFrom('v0.0.1', 'v0.1.0', 'v1', 'v1.0.0', 'v1.0.0-pre', 'v1.0.0-pre.2', 'v1.0.10', 'v1.0.9', 'v1.9.9+meta', 'v1.9.9', 'x', '', 'v01.0.0');
    fc.assert(
      fc.property(version, fc.array(version, { maxLength: 10 }), (start, offered) => {
        const max = new GoSemverMax();
        max.reset(start);
        let kept = start;
        for (const v of offered) {
          max.offer(v);
          if (compareGoSemver(kept, v) < 0) kept = v;
          expect(max.value).toBe(kept);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// golang.org/x/mod/semver's grammar as one regexp, to check the hand-written reader against.
const GRAMMAR = /^v(0|[1-9]\d*)(\.(0|[1-9]\d*)(\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?)?$/;

describe('isValidGoSemver', () => {
  it('accepts exactly the semver grammar on random version-like strings', () => {
    const piece = fc.constantFrom('v', '0', '1', '01', '12', '.', '-', '+', 'rc', 'a', '-0', '.0', 'incompatible', '', '1234567890123456789');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const v = parts.join('');
        expect(isValidGoSemver(v)).toBe(GRAMMAR.test(v));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('Go toolchain versions', () => {
  it('orders 1.21 < 1.21rc1 < 1.21.0 < 1.21.1 < 1.22', () => {
    const order = ['1.21', '1.21rc1', '1.21.0', '1.21.1', 'go1.22'].map((v) => parseGoToolchainVersion(v)!);
    for (let i = 1; i < order.length; i++) expect(compareGoToolchainVersions(order[i - 1], order[i])).toBeLessThan(0);
    expect(parseGoToolchainVersion('1.x')).toBeNull();
  });
});
