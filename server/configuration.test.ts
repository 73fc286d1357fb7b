import { describe, expect, test } from 'vitest';
import { mergeSettings, readEditorSettings, readProjectSettings, resolveSettingsTarget } from './configuration.js';

describe('editor settings', () => {
  test('reads the kpa section, normalising rule names to ids', () => {
    const { settings, problems } = readEditorSettings({ krakendVersion: '2.13', flavour: 'linux-generic', arch: 'arm64', rules: { 'registerer-holds-pointer': 'warning' } });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ krakendVersion: '2.13', flavour: 'linux-generic', arch: 'arm64', rules: { KPA101: 'warning' } });
  });

  test('reports bad values and ignores them', () => {
    const { settings, problems } = readEditorSettings({ flavour: 'musl', arch: 7, rules: { KPA999: 'off', KPA101: 'loud' }, maxScanFiles: -1 });
    expect(settings).toEqual({ rules: {}, maxScanFiles: 20_000 });
    expect([...problems].sort()).toEqual([
      'kpa.arch must be a string',
      'kpa.flavour "musl" is not one of alpine, linux-generic',
      'kpa.maxScanFiles must be a positive whole number',
      'kpa.rules: unknown rule "KPA999"',
      'kpa.rules.KPA101 must be "error", "warning", "note" or "off"',
    ].sort());
  });

  test('editor values win over .kpa.json', () => {
    const project = readProjectSettings('{ "target": { "krakend": "2.10", "arch": "arm64" }, "rules": { "KPA101": "note", "KPA105": "off" } }').settings;
    const editor = readEditorSettings({ krakendVersion: '2.13', rules: { KPA101: 'error' } }).settings;
    expect(mergeSettings(project, editor)).toMatchObject({ target: { krakend: '2.13', arch: 'arm64' }, rules: { KPA101: 'error', KPA105: 'off' } });
  });

  test('resolves the target, or says why not', () => {
    const ok = resolveSettingsTarget(mergeSettings(null, readEditorSettings({ krakendVersion: '2.13' }).settings));
    expect(ok.target?.spec.krakend).toMatch(/^2\.13\.\d+$/);
    const bad = resolveSettingsTarget(mergeSettings(null, readEditorSettings({ krakendVersion: '9.9' }).settings));
    expect(bad.target).toBeNull();
    expect(bad.problem).toContain('unknown KrakenD version "9.9"');
  });
});
