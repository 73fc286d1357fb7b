import { describe, expect, it } from 'vitest';
import rule from './kpa304-plugin-folder-matches-nothing.js';
import { checkConfig, STANDARD_PLUGINS } from '../config/testing.js';

const built = { plugins: STANDARD_PLUGINS, sharedObjects: ['/w/plugins/auth.so', '/w/plugins/geo-amd64.so', '/w/out/x.so'] };
const block = (folder: unknown, pattern: unknown) => ({ version: 3, plugin: { folder, pattern } });
const messages = (folder: unknown, pattern: unknown, ws = built) => checkConfig(rule, block(folder, pattern), ws).map((d) => `${d.severity}: ${d.message}`);

describe('KPA304 plugin-folder-matches-nothing', () => {
  it('treats the pattern as a substring: ".so", "amd64" and "" match; a glob does not', () => {
    expect(messages('./plugins/', '.so')).toEqual([]);
    expect(messages('./plugins', 'amd64')).toEqual([]);
    expect(messages('plugins/', '')).toEqual([]);
    expect(messages('./plugins/', '*.so')).toEqual([expect.stringMatching(/^warning: .*it holds auth.so, geo-amd64.so.*not a glob/)]);
  });

  it('points at .so files elsewhere when the folder is wrong', () => {
    expect(messages('./build/', '.so')).toEqual([expect.stringMatching(/No built plugin in build .*another folder \(out\/x.so, plugins\/auth.so, plugins\/geo-amd64.so\)/)]);
  });

  it('only lists the folder itself, not its subfolders', () => {
    expect(messages('/w', 'x.so')).toEqual([expect.stringMatching(/another folder \(out\/x.so\)/)]);
  });

  it('says it cannot check an absolute folder outside the workspace', () => {
    expect(messages('/opt/krakend/plugins/', '.so')).toEqual([expect.stringMatching(/^note: The plugin folder \/opt\/krakend\/plugins is outside the workspace/)]);
  });

  it('reports a missing or non-string folder and pattern', () => {
    expect(messages(undefined, 1)).toEqual([expect.stringMatching(/no string "folder"/), expect.stringMatching(/no string "pattern"/)]);
  });

  it('stays silent while nothing is built', () => {
    expect(messages('./nowhere/', '.so', { plugins: STANDARD_PLUGINS, sharedObjects: [] })).toEqual([]);
  });
});
