/**
 * The krakend.json namespaces that wire plugins (spec §2): the short alias, the internal key lura's
 * ExtraConfig.Normalize rewrites it to, the plugin kind, where KrakenD reads it and the `name` shape.
 */
import type { PluginKind } from '../go/plugin-kinds.js';

/** Where an extra_config sits. Async-agent backends count as backends (lura reads them the same way). */
export type ConfigLevel = 'service' | 'endpoint' | 'backend' | 'async_agent';

/** How KrakenD reads `name`: one string, one list, or either (spec §1.2–1.5). */
export type NameShape = 'string' | 'list' | 'string-or-list';

export interface PluginNamespace {
  alias: string;
  /** Internal key; null where it is not public (Enterprise middleware, spec §2 UNCONFIRMED). */
  internalKey: string | null;
  kind: PluginKind;
  levels: readonly ConfigLevel[];
  nameShape: NameShape;
  enterprise: boolean;
}

export const PLUGIN_NAMESPACES: readonly PluginNamespace[] = [
  {
    alias: 'plugin/http-server',
    internalKey: 'github_com/devopsfaith/krakend/transport/http/server/handler',
    kind: 'server',
    levels: ['service'],
    nameShape: 'string-or-list',
    enterprise: false,
  },
  {
    alias: 'plugin/http-client',
    internalKey: 'github.com/devopsfaith/krakend/transport/http/client/executor',
    kind: 'client',
    levels: ['backend'],
    nameShape: 'string',
    enterprise: false,
  },
  {
    alias: 'plugin/req-resp-modifier',
    internalKey: 'github.com/devopsfaith/krakend/proxy/plugin',
    kind: 'modifier',
    levels: ['endpoint', 'backend'],
    nameShape: 'list',
    enterprise: false,
  },
  {
    alias: 'plugin/middleware',
    internalKey: null,
    kind: 'middleware',
    levels: ['endpoint', 'backend'],
    nameShape: 'list',
    enterprise: true,
  },
];

const BY_KEY = new Map<string, PluginNamespace>();
for (const ns of PLUGIN_NAMESPACES) {
  BY_KEY.set(ns.alias, ns);
  if (ns.internalKey) BY_KEY.set(ns.internalKey, ns);
}

/** The namespace a key of an extra_config object names, by alias or internal key; null for other keys. */
export function pluginNamespaceFor(key: string): PluginNamespace | null {
  return BY_KEY.get(key) ?? null;
}

export function namespaceForKind(kind: PluginKind): PluginNamespace {
  return PLUGIN_NAMESPACES.find((ns) => ns.kind === kind)!;
}

export const LEVEL_WORDS: Record<ConfigLevel, string> = {
  service: 'the service (root) extra_config',
  endpoint: 'an endpoint extra_config',
  backend: 'a backend extra_config',
  async_agent: 'an async_agent extra_config',
};
