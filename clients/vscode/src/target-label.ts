/**
 * The Target shown in the status bar, resolved as the server does: editor settings over `.kpa.json`, then
 * kpa's defaults (latest release, alpine, amd64). Bundled from kpa's pure engine, so the two never disagree.
 */
import { resolveTarget } from '../../../analyzers/manifests/resolve-target.js';
import { parseKpaSettings } from '../../../analyzers/settings/parse-kpa-settings.js';

export { listReleases } from '../../../analyzers/manifests/resolve-target.js';

export interface TargetSettings {
  krakendVersion?: string;
  flavour?: string;
  arch?: string;
}

export interface TargetLabel {
  text: string;
  tooltip: string;
  ok: boolean;
}

/** `projectSettingsText` is the workspace's .kpa.json, or null when there is none. */
export function describeTarget(editor: TargetSettings, projectSettingsText: string | null): TargetLabel {
  const project = projectSettingsText === null ? {} : parseKpaSettings(projectSettingsText, []).settings.target;
  const pick = (value: string | undefined, fallback: string | undefined) => (value && value.trim() !== '' ? value : fallback);
  const input = {
    krakend: pick(editor.krakendVersion, project.krakend),
    flavour: pick(editor.flavour, project.flavour),
    arch: pick(editor.arch, project.arch),
  };
  const result = resolveTarget(input);
  if ('error' in result) return { text: '$(warning) KrakenD ?', tooltip: `kpa: ${result.error}`, ok: false };
  const { krakend, flavour, arch } = result.target.spec;
  const from = editor.krakendVersion ? 'the kpa.krakendVersion setting' : project.krakend ? '.kpa.json' : 'the newest release kpa knows';
  return {
    text: `KrakenD ${krakend} · ${flavour} · ${arch}`,
    tooltip: `kpa checks plugins against KrakenD ${krakend} (${flavour}, ${arch}), from ${from}; Go ${result.target.manifest.go}. Click to choose another release.`,
    ok: true,
  };
}
