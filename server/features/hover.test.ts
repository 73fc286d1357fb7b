import { describe, expect, test } from 'vitest';
import { getManifest, listReleases, resolveTarget } from '../../analyzers/manifests/resolve-target.js';
import { requireHover, sinceRelease } from './hover.js';

const resolved = resolveTarget({ krakend: 'latest' });
if (!('target' in resolved)) throw new Error(resolved.error);
const target = resolved.target;
const [modulePath, linked] = Object.entries(target.manifest.modules).find(([p]) => p.includes('lura'))!;

describe('go.mod require hover', () => {
  test('shows the version the target links and since which release', () => {
    const hover = requireHover(`\t${modulePath} ${linked}`, 4, target)!;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain(`KrakenD ${target.manifest.krakend} links \`${modulePath}\` **${linked}**`);
    expect(text).toContain('same version');
    const since = sinceRelease(modulePath, linked, target.manifest.krakend)!;
    expect(text).toContain(`since KrakenD ${since}`);
    // The release before `since` linked another version (or none), and every one from it on links this one.
    const releases = listReleases();
    const from = releases.indexOf(since);
    if (from > 0) expect(getManifest(releases[from - 1])!.modules[modulePath]).not.toBe(linked);
    expect(hover.range).toEqual({ start: { line: 4, character: 1 }, end: { line: 4, character: 1 + modulePath.length } });
  });

  test('says when the required version differs, for single-line requires too', () => {
    const text = (requireHover(`require ${modulePath} v0.0.1`, 2, target)!.contents as { value: string }).value;
    expect(text).toContain('This go.mod requires v0.0.1');
  });

  test('modules KrakenD does not link, and lines that are not requires', () => {
    expect((requireHover('\texample.com/other v1.2.3', 0, target)!.contents as { value: string }).value).toContain('does not link');
    expect(requireHover('module example.com/plugin', 0, target)).toBeNull();
    expect(requireHover('go 1.19', 0, target)).toBeNull();
    expect(requireHover('replace a => b v1.0.0', 0, target)).toBeNull();
  });
});
