/**
 * The files `kpa init` writes for a plugin kind and Target: main.go with the exact registerer (method
 * signatures from analyzers/go/plugin-kinds.ts, spec §1), go.mod, a krakend.json wiring it at the right
 * level (spec §2), a Makefile calling `kpa build`, and a pre-commit config running `kpa lint`. Pure.
 */
import { PLUGIN_KIND_SPECS, type PluginKind } from '../../analyzers/go/plugin-kinds.js';
import type { Target } from '../../analyzers/target.js';
import { defaultOutputName } from '../plan.js';

export interface ScaffoldOptions {
  kind: PluginKind;
  /** The name the plugin registers and krakend.json lists. */
  name: string;
  modulePath: string;
  target: Target;
  /** `go` directive of go.mod, major.minor; defaults to the target's Go. */
  goDirective?: string;
  /** Include RegisterLogger (default true). */
  logger?: boolean;
}

export interface ScaffoldFile {
  /** Relative to the plugin directory. */
  path: string;
  content: string;
}

/** The loader symbol of each kind, as krakend test-plugin's flags name them (spec §4). */
const TEST_PLUGIN_FLAG: Record<PluginKind, string> = { server: '-s', client: '-c', modifier: '-m', middleware: '-w' };

export const PLUGIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MODULE_PATH = /^[A-Za-z0-9][A-Za-z0-9._~+-]*(\/[A-Za-z0-9._~+-]+)*$/;

/** `1.25.12` → `1.25`: a go.mod `go` line the target's toolchain accepts. */
export function goDirectiveFor(goVersion: string): string {
  const [major, minor] = goVersion.split('.');
  return `${major}.${minor ?? '0'}`;
}

export function scaffoldFiles(options: ScaffoldOptions): ScaffoldFile[] {
  return [
    { path: 'main.go', content: mainGo(options) },
    { path: 'go.mod', content: `module ${options.modulePath}\n\ngo ${options.goDirective ?? goDirectiveFor(options.target.manifest.go)}\n` },
    { path: 'krakend.json', content: krakendJson(options) },
    { path: 'Makefile', content: makefile(options) },
    { path: '.pre-commit-config.yaml', content: preCommitConfig(options) },
    { path: '.gitignore', content: '# built plugins (make amd64 / make arm64)\n*.so\n' },
  ];
}

const KIND_TITLE: Record<PluginKind, string> = {
  server: 'HTTP server (handler)',
  client: 'HTTP client (executor)',
  modifier: 'request/response modifier',
  middleware: 'middleware (Enterprise)',
};

function mainGo(o: ScaffoldOptions): string {
  const spec = PLUGIN_KIND_SPECS[o.kind];
  const body = KIND_BODY[o.kind]();
  const imports = ['encoding/json', 'fmt', ...body.imports].sort();
  const logger = o.logger === false ? '' : REGISTER_LOGGER;
  return `// Package main is the KrakenD ${KIND_TITLE[o.kind]} plugin ${JSON.stringify(o.name)}, scaffolded by kpa init
// for KrakenD ${o.target.spec.krakend}${o.kind === 'middleware' ? ' Enterprise' : ''}. Build it with \`make amd64\` or \`make arm64\` (kpa build), check it
// with \`kpa lint\`, and wire it as krakend.json shows.
package main

import (
${imports.map((i) => `\t"${i}"`).join('\n')}
)

// pluginName is the name this plugin registers: krakend.json lists it in "${spec.namespace}" → "name"
// and keeps its settings under the same key.
const pluginName = ${JSON.stringify(o.name)}

// ${spec.symbol} is the symbol KrakenD looks up. Keep it a value, never a pointer: plugin.Lookup already
// returns a pointer to the variable, and a pointer to a pointer has no methods.
var ${spec.symbol} = registerer(pluginName)

type registerer string

${body.code}
${logger}
// config is this plugin's own settings: the object under its name next to "name" in krakend.json.
type config struct {
	// Debug logs every call at DEBUG level. Replace it with your settings.
	Debug bool \`json:"debug"\`
}

// parseConfig reads the settings under key. KrakenD passes the whole namespace object, so a plugin
// must pick its own key out of it.
func parseConfig(extra map[string]interface{}, key string) (config, error) {
	cfg := config{}
	raw, ok := extra[key]
	if !ok {
		return cfg, fmt.Errorf("%s: no %q object next to \\"name\\" in the plugin's extra_config", pluginName, key)
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return cfg, fmt.Errorf("%s: %w", key, err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", key, err)
	}
	return cfg, nil
}

// Logger is the method set of KrakenD's logger (lura logging.Logger).
type Logger interface {
	Debug(v ...interface{})
	Info(v ...interface{})
	Warning(v ...interface{})
	Error(v ...interface{})
	Critical(v ...interface{})
	Fatal(v ...interface{})
}

var logger Logger = noopLogger{}

type noopLogger struct{}

func (noopLogger) Debug(_ ...interface{})    {}
func (noopLogger) Info(_ ...interface{})     {}
func (noopLogger) Warning(_ ...interface{})  {}
func (noopLogger) Error(_ ...interface{})    {}
func (noopLogger) Critical(_ ...interface{}) {}
func (noopLogger) Fatal(_ ...interface{})    {}
${body.extra ?? ''}
// main is never run: Go runs a plugin's init functions on plugin.Open, and KrakenD calls the registerer.
func main() {}
`;
}

const REGISTER_LOGGER = `
// RegisterLogger receives KrakenD's logger before Register… is called. Optional: KrakenD calls it only
// with exactly this signature.
func (registerer) RegisterLogger(v interface{}) {
	l, ok := v.(Logger)
	if !ok {
		return
	}
	logger = l
	logger.Debug(fmt.Sprintf("[PLUGIN: %s] logger loaded", pluginName))
}
`;

/** The request wrapper lura passes to modifiers and middlewares: these seven methods exist in every CE 2.x (spec §1.4.1). */
const REQUEST_WRAPPER = `
// RequestWrapper is the part of lura's request wrapper this plugin uses; copy, never import, lura's
// types (spec: a plugin importing lura must match KrakenD's lura version exactly). Context() exists only
// from KrakenD 2.6.0.
type RequestWrapper interface {
	Params() map[string]string
	Headers() map[string][]string
	Body() io.ReadCloser
	Method() string
	URL() *url.URL
	Query() url.Values
	Path() string
}
`;

interface KindBody {
  imports: string[];
  code: string;
  extra?: string;
}

const KIND_BODY: Record<PluginKind, () => KindBody> = {
  server: () => ({
    imports: ['context', 'net/http'],
    code: `// ${PLUGIN_KIND_SPECS.server.method} is what KrakenD's loader asserts; the signature must stay exactly this.
func (r registerer) ${PLUGIN_KIND_SPECS.server.goSignature} {
	f(string(r), r.newHandler)
}

// newHandler receives the whole "plugin/http-server" object and the next handler; the handler it
// returns replaces next, so it must call next to let KrakenD serve the request.
func (r registerer) newHandler(_ context.Context, extra map[string]interface{}, next http.Handler) (http.Handler, error) {
	cfg, err := parseConfig(extra, string(r))
	if err != nil {
		return nil, err
	}
	logger.Debug(fmt.Sprintf("[PLUGIN: %s] injected", r))
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if cfg.Debug {
			logger.Debug(fmt.Sprintf("[PLUGIN: %s] %s %s", r, req.Method, req.URL.Path))
		}
		next.ServeHTTP(w, req)
	}), nil
}
`,
  }),
  client: () => ({
    imports: ['context', 'io', 'net/http'],
    code: `// ${PLUGIN_KIND_SPECS.client.method} is what KrakenD's loader asserts; the signature must stay exactly this.
func (r registerer) ${PLUGIN_KIND_SPECS.client.goSignature} {
	f(string(r), r.newClient)
}

// newClient receives the whole "plugin/http-client" object of one backend. The handler it returns
// replaces KrakenD's HTTP client for that backend: it must do the request and write the response;
// failures are status codes, never errors.
func (r registerer) newClient(_ context.Context, extra map[string]interface{}) (http.Handler, error) {
	cfg, err := parseConfig(extra, string(r))
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if cfg.Debug {
			logger.Debug(fmt.Sprintf("[PLUGIN: %s] %s %s", r, req.Method, req.URL))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for name, values := range resp.Header {
			for _, v := range values {
				w.Header().Add(name, v)
			}
		}
		w.WriteHeader(resp.StatusCode)
		if _, err := io.Copy(w, resp.Body); err != nil {
			logger.Error(fmt.Sprintf("[PLUGIN: %s] copying the response: %s", r, err))
		}
	}), nil
}
`,
  }),
  modifier: () => ({
    imports: ['io', 'net/url'],
    code: `// ${PLUGIN_KIND_SPECS.modifier.method} is what KrakenD's loader asserts; the signature must stay exactly this.
// A name registered for both request and response only ever runs on the request, so the plugin registers
// one name for each.
func (r registerer) ${PLUGIN_KIND_SPECS.modifier.goSignature} {
	f(string(r)+"-request", r.newRequestModifier, true, false)
	f(string(r)+"-response", r.newResponseModifier, false, true)
}

// newRequestModifier is called once per endpoint or backend with the whole "plugin/req-resp-modifier" object.
func (r registerer) newRequestModifier(extra map[string]interface{}) func(interface{}) (interface{}, error) {
	name := string(r) + "-request"
	cfg, err := parseConfig(extra, name)
	if err != nil {
		logger.Error(fmt.Sprintf("[PLUGIN: %s] %s; passing requests through", name, err))
	}
	return func(input interface{}) (interface{}, error) {
		req, ok := input.(RequestWrapper)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected request type %T", name, input)
		}
		if cfg.Debug {
			logger.Debug(fmt.Sprintf("[PLUGIN: %s] %s %s", name, req.Method(), req.Path()))
		}
		// Return input, or a value implementing lura's RequestWrapper: anything else is silently ignored.
		return input, nil
	}
}

// newResponseModifier is called once per endpoint or backend with the whole "plugin/req-resp-modifier" object.
func (r registerer) newResponseModifier(extra map[string]interface{}) func(interface{}) (interface{}, error) {
	name := string(r) + "-response"
	cfg, err := parseConfig(extra, name)
	if err != nil {
		logger.Error(fmt.Sprintf("[PLUGIN: %s] %s; passing responses through", name, err))
	}
	return func(input interface{}) (interface{}, error) {
		resp, ok := input.(ResponseWrapper)
		if !ok {
			return nil, fmt.Errorf("%s: unexpected response type %T", name, input)
		}
		if cfg.Debug {
			logger.Debug(fmt.Sprintf("[PLUGIN: %s] complete: %v, %d keys", name, resp.IsComplete(), len(resp.Data())))
		}
		return input, nil
	}
}
`,
    extra: `${REQUEST_WRAPPER}
// ResponseWrapper is the part of lura's response wrapper this plugin uses (present in every CE 2.x).
type ResponseWrapper interface {
	Data() map[string]interface{}
	IsComplete() bool
}
`,
  }),
  middleware: () => ({
    imports: ['context', 'io', 'net/url'],
    code: `// ${PLUGIN_KIND_SPECS.middleware.method} is what KrakenD Enterprise's loader asserts; the signature must stay exactly this.
func (r registerer) ${PLUGIN_KIND_SPECS.middleware.goSignature} {
	f(string(r), r.newMiddleware)
}

// newMiddleware receives the whole "plugin/middleware" object and the next step; it returns the step
// that wraps next. It never returns nil: how KrakenD Enterprise treats a nil middleware is not documented.
func (r registerer) newMiddleware(extra map[string]interface{}, next func(context.Context, interface{}) (interface{}, error)) func(context.Context, interface{}) (interface{}, error) {
	cfg, err := parseConfig(extra, string(r))
	if err != nil {
		logger.Error(fmt.Sprintf("[PLUGIN: %s] %s; passing requests through", r, err))
		return next
	}
	return func(ctx context.Context, input interface{}) (interface{}, error) {
		if req, ok := input.(RequestWrapper); ok && cfg.Debug {
			logger.Debug(fmt.Sprintf("[PLUGIN: %s] %s %s", r, req.Method(), req.Path()))
		}
		return next(ctx, input)
	}
}
`,
    extra: REQUEST_WRAPPER,
  }),
};

function schemaVersion(target: Target): string {
  const [major, minor] = target.manifest.krakend.split('.');
  return `${major}.${minor}`;
}

/** A minimal krakend.json that wires the plugin where KrakenD reads its namespace (spec §2). */
function krakendJson(o: ScaffoldOptions): string {
  const ns = PLUGIN_KIND_SPECS[o.kind].namespace;
  const settings = { debug: true };
  const backend: Record<string, unknown> = { host: ['http://localhost:8080'], url_pattern: '/__health' };
  const endpoint: Record<string, unknown> = { endpoint: `/${o.name}`, backend: [backend] };
  const config: Record<string, unknown> = {
    $schema: `https://www.krakend.io/schema/v${schemaVersion(o.target)}/krakend.json`,
    version: 3,
    // KrakenD loads no plugin at all without this block. The folder is KrakenD's working directory, where
    // this file and the built .so sit (e.g. both mounted at /etc/krakend), so kpa lint can check them together.
    plugin: { folder: './', pattern: '.so' },
  };
  switch (o.kind) {
    case 'server': // service level; name may be a list
      config.extra_config = { [ns]: { name: [o.name], [o.name]: settings } };
      break;
    case 'client': // backend level; name must be a string
      backend.extra_config = { [ns]: { name: o.name, [o.name]: settings } };
      break;
    case 'modifier': // endpoint (or backend) level; name must be a list
      endpoint.extra_config = { [ns]: { name: [`${o.name}-request`, `${o.name}-response`], [`${o.name}-request`]: settings, [`${o.name}-response`]: settings } };
      break;
    case 'middleware': // Enterprise; endpoint (or backend) level; name is a list
      endpoint.extra_config = { [ns]: { name: [o.name], [o.name]: settings } };
      break;
  }
  config.endpoints = [endpoint];
  return JSON.stringify(config, null, 2) + '\n';
}

function makefile(o: ScaffoldOptions): string {
  const { krakend, flavour } = o.target.spec;
  const stem = defaultOutputName(o.modulePath, o.target).split(`-${krakend}-`)[0];
  return `# Builds the ${o.kind} plugin ${o.name} with kpa: \`make amd64\`, \`make arm64\` or \`make all\`.
# kpa build runs kpa lint first, then the KrakenD builder image of the target (or go on PATH: make amd64 LOCAL=--local).
# Change the target on the command line, e.g. \`make amd64 KRAKEND=2.13.8 FLAVOUR=linux-generic\`.
# KPA is how make runs kpa: the \`kpa\` on your PATH by default (kpa is not on the npm registry; install it from a
# checkout with \`npm install -g /path/to/kpa\`). Without one: \`make amd64 KPA=/path/to/kpa/bin/kpa.js\`.
KPA ?= kpa
KRAKEND ?= ${krakend}
FLAVOUR ?= ${flavour}
LOCAL ?=
# kpa build names the .so for the flavour, or with LOCAL=--local for what built it: this machine's C library.
LIBC ?= $(if $(wildcard /lib/ld-musl-*),musl,glibc)
VARIANT = $(if $(LOCAL),local-$(LIBC),$(FLAVOUR))
PLUGIN := ${stem}

.PHONY: all amd64 arm64 lint test clean

all: amd64 arm64

amd64:
\t$(KPA) build . --krakend $(KRAKEND) --flavour $(FLAVOUR) --arch amd64 $(LOCAL)

arm64:
\t$(KPA) build . --krakend $(KRAKEND) --flavour $(FLAVOUR) --arch arm64 $(LOCAL)

lint:
\t$(KPA) lint . --krakend $(KRAKEND) --flavour $(FLAVOUR)

test: amd64
\t$(KPA) test-plugin ${TEST_PLUGIN_FLAG[o.kind]} --krakend $(KRAKEND) --flavour $(FLAVOUR) --arch amd64 $(PLUGIN)-$(KRAKEND)-$(VARIANT)-amd64.so

clean:
\trm -f $(PLUGIN)-*.so
`;
}

function preCommitConfig(o: ScaffoldOptions): string {
  return `# pre-commit (https://pre-commit.com): run \`pre-commit install\` once; kpa lint then checks the plugin
# before every commit. Uses the kpa on PATH (kpa is not on the npm registry: \`npm install -g /path/to/kpa\` from a
# checkout, or use kpa's own kpa-lint hook, which pre-commit installs itself: see kpa's docs/ci.md).
repos:
  - repo: local
    hooks:
      - id: kpa-lint
        name: kpa lint (KrakenD plugins)
        entry: kpa lint
        args: ['.', '--krakend', '${o.target.spec.krakend}', '--flavour', '${o.target.spec.flavour}']
        language: system
        pass_filenames: false
        require_serial: true
        files: '(\\.go|(^|/)go\\.(mod|sum)|(^|/)krakend[^/]*\\.jsonc?|(^|/)\\.kpa\\.json)$'
`;
}
