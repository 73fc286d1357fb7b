/**
 * krakend.json text → ConfigFacts. Only the parts KrakenD reads for plugins are built as nodes: the
 * service `plugin` block and the plugin namespaces inside the extra_config of the service, endpoints,
 * backends and async agents (spec §2). Everything else is scanned and dropped.
 */
import { LineIndex } from '../positions.js';
import type { ConfigFacts, ConfigProblemFact, PluginBlockFact, PluginNameFact, PluginReferenceFact, Span, StringValueFact, ValueFact } from './facts.js';
import { pluginNamespaceFor, type ConfigLevel } from './namespaces.js';
import { getProperty, parseJson, type JsonNode, type JsonPath } from './parse-json.js';

export interface ExtractOptions {
  /**
   * The text is the rendering of a flexible-configuration template (config/template/): spans go through
   * this map to the template files, and a syntax error is one (the text holds no template left to skip).
   */
  rendered?: { span: (offset: number, length: number) => Span };
}

export function extractConfigFacts(file: string, text: string, options: ExtractOptions = {}): ConfigFacts {
  const lines = new LineIndex(text);
  const span = options.rendered?.span ?? ((offset: number, length: number): Span => ({ offset, length, range: lines.offsetsToRange(offset, offset + length) }));
  const parsed = parseJson(text, { keep: isPluginRelevant, allowTrailingComma: /\.jsonc$/i.test(file) });
  const problems: ConfigProblemFact[] = [];
  let status: ConfigFacts['status'] = 'ok';

  if (parsed.error) {
    status = 'invalid';
    const template = options.rendered ? -1 : text.indexOf('{{');
    if (template >= 0) {
      // Flexible configuration (FC_ENABLE=1) is a Go template; kpa does not render it.
      status = 'template';
      problems.push({ kind: 'template', message: 'flexible configuration template', ...span(template, 2) });
    } else {
      problems.push({ kind: 'syntax', message: parsed.error.message, ...span(parsed.error.offset, parsed.error.length) });
    }
  } else if (parsed.root && parsed.root.type !== 'object') {
    status = 'invalid';
    problems.push({ kind: 'root-not-object', message: `the root is ${article(parsed.root.type)}`, ...span(parsed.root.offset, Math.min(parsed.root.length, 1)) });
  }
  for (const d of parsed.duplicates) {
    problems.push({ kind: 'duplicate-key', message: d.key, ...span(d.offset, d.length), first: span(d.firstOffset, d.firstLength) });
  }

  const root = parsed.root?.type === 'object' ? parsed.root : null;
  const references: PluginReferenceFact[] = [];
  let pluginBlock: PluginBlockFact | null = null;
  let loggingLevel: ValueFact | null = null;
  if (root && status !== 'template') {
    const block = getProperty(root, 'plugin');
    if (block?.value) {
      const v = block.value;
      pluginBlock = {
        ...span(v.offset, v.length),
        keyRange: span(block.keyOffset, block.keyLength).range,
        type: v.type,
        folder: valueFact(getProperty(v, 'folder')?.value, span),
        pattern: valueFact(getProperty(v, 'pattern')?.value, span),
      };
    }
    loggingLevel = loggingLevelOf(root, span);
    const collect = (container: JsonNode | null, level: ConfigLevel, location: string, owner: string | null) =>
      collectReferences(container, level, location, owner, span, references);
    collect(root, 'service', '', null);
    forEachItem(getProperty(root, 'endpoints')?.value, (endpoint, i) => {
      const owner = stringOf(getProperty(endpoint, 'endpoint')?.value);
      collect(endpoint, 'endpoint', `endpoints[${i}]`, owner);
      forEachItem(getProperty(endpoint, 'backend')?.value, (backend, j) => collect(backend, 'backend', `endpoints[${i}].backend[${j}]`, owner));
    });
    forEachItem(getProperty(root, 'async_agent')?.value, (agent, i) => {
      const owner = stringOf(getProperty(agent, 'name')?.value);
      collect(agent, 'async_agent', `async_agent[${i}]`, owner);
      forEachItem(getProperty(agent, 'backend')?.value, (backend, j) => collect(backend, 'backend', `async_agent[${i}].backend[${j}]`, owner));
    });
  }
  const rootFact = root ? { ...span(root.offset, root.length), properties: root.properties!.length } : null;
  return { file, status, problems, root: rootFact, pluginBlock, pluginFolder: null, references, comments: parsed.comments, maxDepth: parsed.maxDepth, loggingLevel };
}

type SpanOf = (offset: number, length: number) => Span;

function collectReferences(
  container: JsonNode | null,
  level: ConfigLevel,
  location: string,
  owner: string | null,
  span: SpanOf,
  out: PluginReferenceFact[],
): void {
  const extra = getProperty(container, 'extra_config')?.value;
  const inside = extra?.properties ? lastOfEachKey(extra.properties).map((prop) => ({ prop, inExtraConfig: true })) : [];
  const outside = container?.properties ? lastOfEachKey(container.properties).map((prop) => ({ prop, inExtraConfig: false })) : [];
  for (const { prop, inExtraConfig } of [...inside, ...outside]) {
    const ns = pluginNamespaceFor(prop.key);
    if (!ns || !prop.value) continue;
    const value = prop.value;
    const nameProp = getProperty(value, 'name');
    const names: PluginNameFact[] = [];
    const nonStringItems: ValueFact[] = [];
    const nameValue = nameProp?.value ?? null;
    if (nameValue?.type === 'string') {
      names.push({ value: nameValue.value as string, index: null, ...span(nameValue.offset, nameValue.length) });
    } else if (nameValue?.type === 'array') {
      nameValue.items!.forEach((item, index) => {
        if (!item) return;
        if (item.type === 'string') names.push({ value: item.value as string, index, ...span(item.offset, item.length) });
        else nonStringItems.push(valueFact(item, span)!);
      });
    }
    const settingsKeys: StringValueFact[] = value.properties
      ? lastOfEachKey(value.properties)
          .filter((p) => p.key !== 'name')
          .map((p) => ({ value: p.key, ...span(p.keyOffset, p.keyLength) }))
      : [];
    out.push({
      namespace: prop.key,
      alias: ns.alias,
      usesInternalKey: prop.key !== ns.alias,
      inExtraConfig,
      kind: ns.kind,
      level,
      location,
      owner,
      key: span(prop.keyOffset, prop.keyLength),
      valueType: value.type,
      value: span(value.offset, value.length),
      name: nameProp && nameValue ? { key: span(nameProp.keyOffset, nameProp.keyLength), type: nameValue.type, value: span(nameValue.offset, nameValue.length) } : null,
      names,
      nonStringItems,
      settingsKeys,
    });
  }
}

/** Go's decoder keeps the last of duplicate keys; so do we (the duplicate itself is a separate problem). */
function lastOfEachKey<P extends { key: string }>(props: P[]): P[] {
  const last = new Map<string, P>();
  for (const p of props) {
    last.delete(p.key);
    last.set(p.key, p);
  }
  return [...last.values()];
}

function forEachItem(node: JsonNode | null | undefined, fn: (item: JsonNode, index: number) => void): void {
  node?.items?.forEach((item, i) => {
    if (item?.type === 'object') fn(item, i);
  });
}

function stringOf(node: JsonNode | null | undefined): string | null {
  return node?.type === 'string' ? (node.value as string) : null;
}

function valueFact(node: JsonNode | null | undefined, span: SpanOf): ValueFact | null {
  if (!node) return null;
  const fact: ValueFact = { type: node.type, ...span(node.offset, node.length) };
  if (node.type === 'string') fact.value = node.value as string;
  return fact;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * Which values to build: the root object, `plugin`, the `endpoints`/`async_agent` lists with their
 * backends, labels (`endpoint`, `name`, `url_pattern`) and every plugin namespace under an extra_config,
 * or misplaced straight in the service, an endpoint, a backend or an async agent.
 */
/** The service logging namespaces (v2 alias and the v1-era key) whose `level` decides whether plugin load errors show (spec §7.4). */
const LOGGING_NAMESPACES = ['telemetry/logging', 'github_com/devopsfaith/krakend-gologging'];

function isLoggingPath(path: JsonPath): boolean {
  if (path[0] !== 'extra_config' || path.length < 2) return path[0] === 'extra_config';
  return LOGGING_NAMESPACES.includes(String(path[1])) && (path.length === 2 || (path.length === 3 && path[2] === 'level'));
}

function loggingLevelOf(root: JsonNode, span: SpanOf): ValueFact | null {
  const extra = getProperty(root, 'extra_config')?.value;
  if (!extra) return null;
  for (const namespace of LOGGING_NAMESPACES) {
    const logging = getProperty(extra, namespace)?.value;
    if (logging) return valueFact(getProperty(logging, 'level')?.value, span);
  }
  return null;
}

export function isPluginRelevant(path: JsonPath): boolean {
  const n = path.length;
  if (n === 0) return true;
  const top = path[0];
  if (top === 'plugin') return true;
  if (isLoggingPath(path)) return true;
  if (top !== 'endpoints' && top !== 'async_agent') return containerField(path, 0);
  if (n === 1) return true;
  if (typeof path[1] !== 'number') return false;
  if (n === 2) return true;
  const field = path[2];
  if (field === (top === 'endpoints' ? 'endpoint' : 'name')) return n === 3;
  if (field !== 'backend') return containerField(path, 2);
  if (n === 3) return true;
  if (typeof path[3] !== 'number') return false;
  if (n === 4) return true;
  if (path[4] === 'url_pattern') return n === 5;
  return containerField(path, 4);
}

/** A field of a service/endpoint/backend/agent object: its extra_config's plugin namespaces, or a namespace key itself. */
function containerField(path: JsonPath, at: number): boolean {
  const key = path[at];
  if (typeof key !== 'string') return false;
  if (key !== 'extra_config') return pluginNamespaceFor(key) !== null;
  if (path.length === at + 1) return true;
  const inner = path[at + 1];
  return typeof inner === 'string' && pluginNamespaceFor(inner) !== null;
}
