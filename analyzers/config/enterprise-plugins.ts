/**
 * The plugin names KrakenD Enterprise registers itself: its built-in plugins, shipped as .so files in
 * /opt/krakend/plugins/ of every EE package and image (spec §2: EE's default plugin folder). A config naming
 * one of them under its kind's namespace names a known plugin, not a typo, although no Go code of the
 * workspace registers it. KrakenD Community Edition ships none of them: on CE such a name is registered by
 * nothing and skipped like any unknown name (spec §1.2–1.4).
 *
 * The list is read from public sources, never from EE itself (closed source); each entry says where.
 * `confirmed: false` is spec style UNCONFIRMED: the name is only a settings key of the schema (the
 * convention is key = registered name, spec §2) or a third-party page, no KrakenD page shows it in `name`.
 *
 * Sources (all read 2026-08):
 * - schema v2.13 = krakend/krakend-schema `v2.13/plugin/http-server.json` (properties geoip, ip-filter,
 *   jwk-aggregator, redis-ratelimit, static-filesystem, url-rewrite, virtualhost, wildcard; the last four
 *   deprecated), `v2.13/plugin/req-resp-modifier.json` (content-replacer, ip-filter,
 *   response-schema-validator), `v2.13/plugin/http-client.json` (`name` examples no-redirect, http-logger,
 *   static-filesystem). `v2.13/plugin/middleware.json` lists no built-in middleware.
 * - schema v1 = the same repository's unversioned `plugin/http-server.json` (KrakenD 1.x keys
 *   krakend-jwk-aggregator, krakend-static-live, krakend-basic-auth, krakend-geoip, krakend-wildcard,
 *   krakend-ipfilter, url-rewrite, virtualhost, redis-ratelimit) and `plugin/basic-auth.json` (deprecated).
 * - EE docs = www.krakend.io/docs/enterprise/<version>/…, pages whose example config writes the name in
 *   `"name"`: endpoints/geoip (v2.0–v2.8), endpoints/url-rewrite (v2.0–v2.8), throttling/ipfilter (key
 *   `ip-filter`, v2.1–v2.8; the current page names `plugin/http-server` and `plugin/req-resp-modifier`),
 *   authentication/multiple-identity-providers (v2.1 `jwk-aggregator`, v1.3 `krakend-jwk-aggregator`),
 *   service-settings/virtual-hosts (v2.2; v1.3 under the internal key), endpoints/serve-static-content
 *   (v2.0–v2.3 `static-filesystem` as server and client plugin; v1.3 `krakend-static-live`),
 *   backends/client-redirect (v2.0–v2.2 `no-redirect`, deprecated in v2.3; v1.3 `krakend-redirect`),
 *   backends/http-logger (v2.1–v2.7, an http-client plugin; the excerpt read stops before its name),
 *   endpoints/content-replacer (v2.6), endpoints/response-schema-validator (v2.1, v2.6).
 * - EE docs overview/plugins (current): "Built-in plugins are a legacy feature", more of them become
 *   native components every release and v3.0 removed most; the table of the plugins left was not readable.
 */
import type { PluginKind } from '../go/plugin-kinds.js';

export interface EnterprisePlugin {
  name: string;
  /** The kinds (namespaces) EE registers the name for. */
  kinds: readonly PluginKind[];
  /** Where the name was read (see the sources above). */
  source: string;
  /** False: UNCONFIRMED (only a schema settings key or a third-party page). */
  confirmed: boolean;
  /** The KrakenD releases that had it, where the sources say (deprecated, removed, 1.x names). */
  versions?: string;
}

export const ENTERPRISE_PLUGINS: readonly EnterprisePlugin[] = [
  // plugin/http-server (handler plugins)
  { name: 'geoip', kinds: ['server'], source: 'schema v2.13; EE docs endpoints/geoip', confirmed: true },
  { name: 'ip-filter', kinds: ['server', 'modifier'], source: 'schema v2.13 (http-server and req-resp-modifier); EE docs throttling/ipfilter', confirmed: true },
  { name: 'url-rewrite', kinds: ['server'], source: 'schema v2.13, schema v1; EE docs endpoints/url-rewrite', confirmed: true },
  { name: 'jwk-aggregator', kinds: ['server'], source: 'schema v2.13; EE docs authentication/multiple-identity-providers (v2.1)', confirmed: true },
  { name: 'virtualhost', kinds: ['server'], source: 'schema v2.13 (deprecated), schema v1; EE docs service-settings/virtual-hosts (v2.2)', confirmed: true, versions: 'deprecated in the v2.13 schema' },
  { name: 'static-filesystem', kinds: ['server', 'client'], source: 'schema v2.13 (deprecated; a client `name` example); EE docs endpoints/serve-static-content (v2.0–v2.3)', confirmed: true, versions: 'a native component (server/static-filesystem, backend/static-filesystem) from EE 2.4' },
  // UNCONFIRMED: only a settings key of the v2.13 schema (deprecated there).
  { name: 'redis-ratelimit', kinds: ['server'], source: 'schema v2.13 (deprecated), schema v1', confirmed: false, versions: 'deprecated in the v2.13 schema' },
  // UNCONFIRMED: a settings key of the v2.13 schema (deprecated); the `name` seen only on a third-party page.
  { name: 'wildcard', kinds: ['server'], source: 'schema v2.13 (deprecated)', confirmed: false, versions: 'deprecated in the v2.13 schema' },
  // UNCONFIRMED: the deprecated plugin/basic-auth.json schema ("upgrade to basic auth middleware without plugin").
  { name: 'basic-auth', kinds: ['server'], source: 'schema plugin/basic-auth.json (deprecated)', confirmed: false, versions: 'replaced by the auth/basic component' },

  // plugin/req-resp-modifier
  { name: 'content-replacer', kinds: ['modifier'], source: 'schema v2.13; EE docs endpoints/content-replacer', confirmed: true },
  { name: 'response-schema-validator', kinds: ['modifier'], source: 'schema v2.13; EE docs endpoints/response-schema-validator', confirmed: true },

  // plugin/http-client
  { name: 'no-redirect', kinds: ['client'], source: 'schema v2.13 (`name` example); EE docs backends/client-redirect (v2.0–v2.2)', confirmed: true, versions: 'deprecated from EE 2.3 (backend/http/client no_redirect)' },
  // UNCONFIRMED: a `name` example of the v2.13 schema; the docs page read did not show the name itself.
  { name: 'http-logger', kinds: ['client'], source: 'schema v2.13 (`name` example); EE docs backends/http-logger', confirmed: false },

  // KrakenD EE 1.x names (configs with "version": 2 and the internal namespace keys)
  { name: 'krakend-jwk-aggregator', kinds: ['server'], source: 'schema v1; EE docs v1.3 multiple-identity-providers', confirmed: true, versions: 'EE 1.x' },
  { name: 'krakend-static-live', kinds: ['server', 'client'], source: 'schema v1; EE docs v1.3 serve-static-content', confirmed: true, versions: 'EE 1.x' },
  { name: 'krakend-redirect', kinds: ['client'], source: 'EE docs v1.3 backends/client-redirect', confirmed: true, versions: 'EE 1.x' },
  // UNCONFIRMED: settings keys of the 1.x schema only.
  { name: 'krakend-basic-auth', kinds: ['server'], source: 'schema v1', confirmed: false, versions: 'EE 1.x' },
  { name: 'krakend-geoip', kinds: ['server'], source: 'schema v1', confirmed: false, versions: 'EE 1.x' },
  { name: 'krakend-wildcard', kinds: ['server'], source: 'schema v1', confirmed: false, versions: 'EE 1.x' },
  { name: 'krakend-ipfilter', kinds: ['server'], source: 'schema v1', confirmed: false, versions: 'EE 1.x' },
];

const BY_NAME = new Map(ENTERPRISE_PLUGINS.map((p) => [p.name, p]));

/** The EE built-in plugin of that name, whatever its kind. */
export function enterprisePlugin(name: string): EnterprisePlugin | undefined {
  return BY_NAME.get(name);
}

/** The names EE registers for a kind. */
export function enterpriseNames(kind: PluginKind): string[] {
  return ENTERPRISE_PLUGINS.filter((p) => p.kinds.includes(kind)).map((p) => p.name);
}
