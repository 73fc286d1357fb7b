/**
 * `.kpa.json`: the project's kpa settings. Pure: text in, settings plus positioned problems out
 * (the CLI finds the file by walking up from the checked path; the language server may read it too).
 *
 * {
 *   "target": { "krakend": "2.13", "flavour": "alpine", "arch": "amd64" },
 *   "rules": { "KPA101": "warning", "registerer-holds-pointer": "off" },
 *   "ignore": ["gen/**", "*_gen.go"]
 * }
 * Comments and trailing commas are allowed, as in tsconfig.json.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range, Severity } from '../diagnostics.js';
import { LineIndex } from '../positions.js';
import type { RuleSetting } from '../engine.js';
import { ARCHES, FLAVOURS, type Arch, type Flavour } from '../target.js';

export const SETTINGS_FILE_NAME = '.kpa.json';

export interface KpaSettings {
  target: { krakend?: string; flavour?: Flavour; arch?: Arch };
  /** Rule id → severity override or 'off' (names are normalised to ids). */
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** Where each accepted value sits, so later checks (an unknown KrakenD version) can point at it. */
  ranges: { target: Partial<Record<'krakend' | 'flavour' | 'arch', Range>> };
}

export interface SettingsProblem {
  message: string;
  range: Range;
}

export interface KnownRule {
  id: string;
  name: string;
}

export const EMPTY_SETTINGS: KpaSettings = { target: {}, rules: {}, ignore: [], ranges: { target: {} } };

const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'note', 'off'];
const TOP_KEYS = ['$schema', 'target', 'rules', 'ignore'];
const TARGET_KEYS = ['krakend', 'flavour', 'arch'];

export function parseKpaSettings(text: string, knownRules: readonly KnownRule[]): { settings: KpaSettings; problems: SettingsProblem[] } {
  const lines = new LineIndex(text);
  const problems: SettingsProblem[] = [];
  const rangeOf = (node: { offset: number; length: number }): Range => lines.offsetsToRange(node.offset, node.offset + node.length);
  const problem = (node: { offset: number; length: number }, message: string) => problems.push({ message, range: rangeOf(node) });
  const settings: KpaSettings = { target: {}, rules: {}, ignore: [], ranges: { target: {} } };

  if (text.trim() === '') {
    problem({ offset: 0, length: 0 }, 'the file is empty; write {} for no settings');
    return { settings, problems };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) problem(e, `not valid JSON: ${describeParseError(printParseErrorCode(e.error))}`);
  if (errors.length || !root) return { settings, problems };
  if (root.type !== 'object') {
    problem(root, 'settings must be a JSON object, e.g. {"rules": {"KPA101": "warning"}}');
    return { settings, problems };
  }

  for (const [keyNode, value] of properties(root)) {
    const key = keyNode.value as string;
    if (!TOP_KEYS.includes(key)) problem(keyNode, `unknown setting "${key}"; kpa reads ${quoteList(TOP_KEYS.slice(1))}`);
  }

  const target = findNodeAtLocation(root, ['target']);
  if (target) {
    if (target.type !== 'object') problem(target, '"target" must be an object such as {"krakend": "2.13", "flavour": "alpine", "arch": "amd64"}');
    else {
      for (const [keyNode, value] of properties(target)) {
        const key = keyNode.value as string;
        if (!TARGET_KEYS.includes(key)) {
          problem(keyNode, `unknown target setting "${key}"; kpa reads ${quoteList(TARGET_KEYS)}`);
          continue;
        }
        if (value.type !== 'string') {
          problem(value, `"target.${key}" must be a string`);
          continue;
        }
        const v = value.value as string;
        if (key === 'flavour' && !FLAVOURS.includes(v as Flavour)) {
          problem(value, `unknown flavour "${v}"; use ${quoteList(FLAVOURS)}`);
          continue;
        }
        if (key === 'arch' && !ARCHES.includes(v as Arch)) {
          problem(value, `unknown arch "${v}"; use ${quoteList(ARCHES)}`);
          continue;
        }
        if (key === 'krakend' && v.trim() === '') {
          problem(value, '"target.krakend" is empty; use a version such as "2.13.8", a minor such as "2.13", or "latest"');
          continue;
        }
        (settings.target as Record<string, string>)[key] = v;
        settings.ranges.target[key as 'krakend' | 'flavour' | 'arch'] = rangeOf(value);
      }
    }
  }

  const rules = findNodeAtLocation(root, ['rules']);
  if (rules) {
    if (rules.type !== 'object') problem(rules, '"rules" must be an object mapping a rule id to "error", "warning", "note" or "off"');
    else {
      for (const [keyNode, value] of properties(rules)) {
        const key = keyNode.value as string;
        const rule = knownRules.find((r) => r.id === key.toUpperCase() || r.name === key);
        if (!rule) {
          problem(keyNode, `unknown rule "${key}"${suggestRule(key, knownRules)}; run \`kpa rules\` for the list`);
          continue;
        }
        if (value.type !== 'string' || !SETTINGS.includes(value.value as RuleSetting)) {
          problem(value, `rule ${rule.id} must be set to ${quoteList(SETTINGS)}`);
          continue;
        }
        settings.rules[rule.id] = value.value as Severity | 'off';
      }
    }
  }

  const ignore = findNodeAtLocation(root, ['ignore']);
  if (ignore) {
    if (ignore.type !== 'array') problem(ignore, '"ignore" must be a list of glob patterns, e.g. ["gen/**"]');
    else {
      for (const item of ignore.children ?? []) {
        if (item.type !== 'string' || (item.value as string).trim() === '') problem(item, 'each "ignore" entry must be a non-empty glob pattern string');
        else settings.ignore.push(item.value as string);
      }
    }
  }
  return { settings, problems };
}

function* properties(object: Node): Generator<[Node, Node]> {
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) yield [key, value];
  }
}

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function suggestRule(key: string, knownRules: readonly KnownRule[]): string {
  const upper = key.toUpperCase();
  const close = knownRules.find((r) => r.id.replace(/^KPA/, '') === upper.replace(/^KPA/, '') || r.name === key.toLowerCase().replace(/[_ ]/g, '-'));
  return close ? ` (did you mean ${close.id}?)` : '';
}

function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
