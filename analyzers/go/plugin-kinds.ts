/**
 * The four KrakenD plugin kinds: the exported symbol each loader looks up and the exact method it
 * asserts (spec §1.2–1.5). Signatures are canonical type strings (see type-identity.ts): parameter names
 * dropped, `any` spelled `interface{}`, package qualifiers spelled as import paths.
 */

export type PluginKind = 'server' | 'client' | 'modifier' | 'middleware';

export const PLUGIN_KINDS: readonly PluginKind[] = ['server', 'client', 'modifier', 'middleware'];

export interface OptionalMethodSpec {
  name: string;
  /** Canonical signature `(params) results` without the name. */
  signature: string;
  /** How Go code writes it, for messages and fixes. */
  goSignature: string;
  /** When KrakenD calls it (CE version notes). */
  since: string;
}

export interface PluginKindSpec {
  kind: PluginKind;
  symbol: string;
  method: string;
  signature: string;
  goSignature: string;
  /** The text the loader logs when the symbol lacks the method (spec §1.2–1.5, §7.1). */
  loaderError: string;
  enterprise: boolean;
  optional: OptionalMethodSpec[];
  /** The namespace a krakend.json uses to wire this kind (spec §2). */
  namespace: string;
}

const REGISTER_LOGGER: OptionalMethodSpec = {
  name: 'RegisterLogger',
  signature: '(interface{})',
  goSignature: 'RegisterLogger(logger interface{})',
  since: 'CE 2.0.0',
};

const REGISTER_CONTEXT: OptionalMethodSpec = {
  name: 'RegisterContext',
  signature: '(context.Context)',
  goSignature: 'RegisterContext(ctx context.Context)',
  since: 'CE 2.6.0 (modifiers; lura v2.6.0)',
};

export const PLUGIN_KIND_SPECS: Record<PluginKind, PluginKindSpec> = {
  server: {
    kind: 'server',
    symbol: 'HandlerRegisterer',
    method: 'RegisterHandlers',
    signature:
      '(func(string, func(context.Context, map[string]interface{}, net/http.Handler) (net/http.Handler, error)))',
    goSignature:
      'RegisterHandlers(f func(name string, handler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error)))',
    loaderError: 'http-server-handler plugin loader: unknown type',
    enterprise: false,
    optional: [REGISTER_LOGGER],
    namespace: 'plugin/http-server',
  },
  client: {
    kind: 'client',
    symbol: 'ClientRegisterer',
    method: 'RegisterClients',
    signature: '(func(string, func(context.Context, map[string]interface{}) (net/http.Handler, error)))',
    goSignature:
      'RegisterClients(f func(name string, handler func(context.Context, map[string]interface{}) (http.Handler, error)))',
    loaderError: 'http-request-executor plugin loader: unknown type',
    enterprise: false,
    optional: [REGISTER_LOGGER],
    namespace: 'plugin/http-client',
  },
  modifier: {
    kind: 'modifier',
    symbol: 'ModifierRegisterer',
    method: 'RegisterModifiers',
    signature: '(func(string, func(map[string]interface{}) func(interface{}) (interface{}, error), bool, bool))',
    goSignature:
      'RegisterModifiers(f func(name string, factory func(map[string]interface{}) func(interface{}) (interface{}, error), appliesToRequest bool, appliesToResponse bool))',
    loaderError: 'modifier plugin loader: unknown type',
    enterprise: false,
    optional: [REGISTER_LOGGER, REGISTER_CONTEXT],
    namespace: 'plugin/req-resp-modifier',
  },
  middleware: {
    kind: 'middleware',
    symbol: 'MiddlewareRegisterer',
    method: 'RegisterMiddlewares',
    signature:
      '(func(string, func(map[string]interface{}, func(context.Context, interface{}) (interface{}, error)) func(context.Context, interface{}) (interface{}, error)))',
    goSignature:
      'RegisterMiddlewares(f func(name string, factory func(map[string]interface{}, func(context.Context, interface{}) (interface{}, error)) func(context.Context, interface{}) (interface{}, error)))',
    // Enterprise is closed source: this text comes from the lura PR #750 prototype (spec §1.5, UNCONFIRMED).
    loaderError: 'middleware plugin loader: unknown type',
    enterprise: true,
    optional: [REGISTER_LOGGER, REGISTER_CONTEXT],
    namespace: 'plugin/middleware',
  },
};

export const SYMBOL_TO_KIND: Record<string, PluginKind> = Object.fromEntries(
  PLUGIN_KINDS.map((k) => [PLUGIN_KIND_SPECS[k].symbol, k]),
);

export const METHOD_TO_KIND: Record<string, PluginKind> = Object.fromEntries(
  PLUGIN_KINDS.map((k) => [PLUGIN_KIND_SPECS[k].method, k]),
);
