/**
 * Settings: the editor's `kpa.*` section (workspace/configuration, didChangeConfiguration) over the project's
 * `.kpa.json`. One schema with defaults; a bad value is reported once and ignored, never fatal.
 * Editor settings that are set win over .kpa.json: the user chose them for this editor session.
 */
import { parseKpaSettings, SETTINGS_FILE_NAME, type KpaSettings, type SettingsProblem } from '../analyzers/settings/parse-kpa-settings.js';
import type { RuleSetting } from '../analyzers/engine.js';
import { ALL_RULES, findRule } from '../analyzers/rules/index.js';
import { resolveTarget } from '../analyzers/manifests/resolve-target.js';
import { ARCHES, FLAVOURS, type Arch, type Flavour, type Target } from '../analyzers/target.js';

export { SETTINGS_FILE_NAME };

export interface EditorSettings {
  krakendVersion?: string;
  flavour?: Flavour;
  arch?: Arch;
  /** Rule id → severity override or 'off'. */
  rules: Record<string, RuleSetting>;
  /** Most files the initial workspace scan reads (bash-language-server's backgroundAnalysisMaxFiles). */
  maxScanFiles: number;
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { rules: {}, maxScanFiles: 20_000 };

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'note', 'off'];

/** Reads the `kpa` section the client sent; unknown or ill-typed values become problems and are skipped. */
export function readEditorSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const settings: EditorSettings = { rules: {}, maxScanFiles: DEFAULT_EDITOR_SETTINGS.maxScanFiles };
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('the "kpa" settings must be an object');
    return { settings, problems };
  }
  const r = raw as Record<string, unknown>;
  const str = (key: string): string | undefined => {
    const v = r[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') problems.push(`kpa.${key} must be a string`);
    return typeof v === 'string' ? v : undefined;
  };
  const krakend = str('krakendVersion');
  if (krakend) settings.krakendVersion = krakend.trim();
  const flavour = str('flavour');
  if (flavour && FLAVOURS.includes(flavour as Flavour)) settings.flavour = flavour as Flavour;
  else if (flavour) problems.push(`kpa.flavour "${flavour}" is not one of ${FLAVOURS.join(', ')}`);
  const arch = str('arch');
  if (arch && ARCHES.includes(arch as Arch)) settings.arch = arch as Arch;
  else if (arch) problems.push(`kpa.arch "${arch}" is not one of ${ARCHES.join(', ')}`);
  if (r.maxScanFiles !== undefined) {
    if (typeof r.maxScanFiles === 'number' && Number.isInteger(r.maxScanFiles) && r.maxScanFiles > 0) settings.maxScanFiles = r.maxScanFiles;
    else problems.push('kpa.maxScanFiles must be a positive whole number');
  }
  const rules = r.rules;
  if (rules !== undefined && rules !== null) {
    if (typeof rules !== 'object' || Array.isArray(rules)) problems.push('kpa.rules must map rule ids to "error", "warning", "note" or "off"');
    else {
      for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
        const rule = findRule(key);
        if (!rule) problems.push(`kpa.rules: unknown rule "${key}"`);
        else if (!RULE_SETTINGS.includes(value as RuleSetting)) problems.push(`kpa.rules.${key} must be "error", "warning", "note" or "off"`);
        else settings.rules[rule.id] = value as RuleSetting;
      }
    }
  }
  return { settings, problems };
}

export function readProjectSettings(text: string): { settings: KpaSettings; problems: SettingsProblem[] } {
  return parseKpaSettings(text, ALL_RULES.map((r) => ({ id: r.id, name: r.name })));
}

export interface EffectiveSettings {
  target: { krakend?: string; flavour?: Flavour; arch?: Arch };
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxScanFiles: number;
}

export function mergeSettings(project: KpaSettings | null, editor: EditorSettings): EffectiveSettings {
  const target = { ...(project?.target ?? {}) };
  if (editor.krakendVersion) target.krakend = editor.krakendVersion;
  if (editor.flavour) target.flavour = editor.flavour;
  if (editor.arch) target.arch = editor.arch;
  return {
    target: { krakend: target.krakend, flavour: target.flavour, arch: target.arch },
    rules: { ...(project?.rules ?? {}), ...editor.rules },
    ignore: [...(project?.ignore ?? [])],
    maxScanFiles: editor.maxScanFiles,
  };
}

/** The Target the settings name: null (with a problem to show) when it cannot be resolved. */
export function resolveSettingsTarget(settings: EffectiveSettings): { target: Target | null; problem?: string } {
  try {
    const result = resolveTarget(settings.target);
    return 'target' in result ? { target: result.target } : { target: null, problem: result.error };
  } catch (err) {
    return { target: null, problem: `the target could not be resolved: ${(err as Error).message}` };
  }
}
