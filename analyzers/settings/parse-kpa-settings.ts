/**
 * `.kpa.json`: the project's kpa settings. Pure: text in, settings plus positioned problems out
 * (the CLI finds the file by walking up from the checked path; the language server may read it too).
 *
 * {
 *   "target": { "krakend": "2.13", "flavour": "alpine", "arch": "amd64" },
 *   "rules": { "KPA101": "warning", "registerer-holds-pointer": "off" },
 *   "ignore": ["gen/**", "*_gen.go"],
 *   "build": { "image": "registry.example.com/krakend/builder:2.13.8" }
 * }
 * Comments and trailing commas are allowed, as in tsconfig.json. The file comes with the repository, so it is
 * parsed by the same bounded, iterative parser as krakend.json (no nesting depth can overflow the stack), and
 * only the levels kpa reads are kept.
 */
import { getProperty, parseJson, type JsonNode } from '../config/parse-json.js';
import type { Range, Severity } from '../diagnostics.js';
import { imageReferenceProblem } from '../image-reference.js';
import { LineIndex } from '../positions.js';
import type { RuleSetting } from '../engine.js';
import { ARCHES, FLAVOURS, type Arch, type Flavour } from '../target.js';
import { globProblem } from './glob.js';

export const SETTINGS_FILE_NAME = '.kpa.json';

export interface KpaSettings {
  target: { krakend?: string; flavour?: Flavour; arch?: Arch };
  /** Rule id → severity override or 'off' (names are normalised to ids). */
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** `kpa build`'s settings: the builder image to use instead of KrakenD's (a mirror, Enterprise, a custom one). */
  build?: { image?: string };
  /** Where each accepted value sits, so later checks (an unknown KrakenD version) can point at it. */
  ranges: { target: Partial<Record<'krakend' | 'flavour' | 'arch', Range>>; buildImage?: Range };
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
const TOP_KEYS = ['$schema', 'target', 'rules', 'ignore', 'build'];
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
  // Nothing kpa reads lies deeper than "section.key": deeper values are checked for syntax, not kept.
  const { root, error } = parseJson(text, { allowTrailingComma: true, keep: (path) => path.length <= 2 });
  if (error) {
    // The parser words its limits for krakend.json (what Go refuses); kpa itself refuses them in .kpa.json.
    problem(error, `not valid JSON: ${error.message.replace(/, which Go's encoding\/json.*$/, '')}`);
    return { settings, problems };
  }
  if (!root) return { settings, problems };
  if (root.type !== 'object') {
    problem(root, 'settings must be a JSON object, e.g. {"rules": {"KPA101": "warning"}}');
    return { settings, problems };
  }

  for (const [keyNode, value] of properties(root)) {
    const key = keyNode.value as string;
    if (!TOP_KEYS.includes(key)) problem(keyNode, `unknown setting "${key}"; kpa reads ${quoteList(TOP_KEYS.slice(1))}`);
  }

  const target = getProperty(root, 'target')?.value;
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

  const rules = getProperty(root, 'rules')?.value;
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

  const ignore = getProperty(root, 'ignore')?.value;
  if (ignore) {
    if (ignore.type !== 'array') problem(ignore, '"ignore" must be a list of glob patterns, e.g. ["gen/**"]');
    else {
      for (const item of ignore.items ?? []) {
        if (!item) continue;
        if (item.type !== 'string' || (item.value as string).trim() === '') {
          problem(item, 'each "ignore" entry must be a non-empty glob pattern string');
          continue;
        }
        // A bad pattern is dropped with its position; the other patterns and settings still apply.
        const why = globProblem(item.value as string);
        if (why) problem(item, `"ignore" pattern is not usable: ${why}`);
        else settings.ignore.push(item.value as string);
      }
    }
  }
  parseBuildSettings(getProperty(root, 'build')?.value, settings, problem, rangeOf);
  return { settings, problems };
}

/** `"build": {"image": …}`: the image reaches docker's argv, so it must be an image reference (never an option). */
function parseBuildSettings(build: JsonNode | null | undefined, settings: KpaSettings, problem: (node: JsonNode, message: string) => void, rangeOf: (node: JsonNode) => Range): void {
  if (!build) return;
  if (build.type !== 'object') return problem(build, '"build" must be an object such as {"image": "krakend/builder:2.13.8"}');
  for (const [keyNode, value] of properties(build)) {
    const key = keyNode.value as string;
    if (key !== 'image') problem(keyNode, `unknown build setting "${key}"; kpa reads "image"`);
    else if (value.type !== 'string') problem(value, '"build.image" must be a string');
    else {
      const why = imageReferenceProblem(value.value as string);
      if (why) problem(value, `"build.image" ${why}`);
      else {
        settings.build = { image: value.value as string };
        settings.ranges.buildImage = rangeOf(value);
      }
    }
  }
}

/** Each property's key (as a node to point at) and value; duplicates yield twice, values not kept are skipped. */
function* properties(object: JsonNode): Generator<[JsonNode, JsonNode]> {
  for (const property of object.properties ?? []) {
    if (!property.value) continue;
    const key: JsonNode = { type: 'string', offset: property.keyOffset, length: property.keyLength, value: property.key, complete: true };
    yield [key, property.value];
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
