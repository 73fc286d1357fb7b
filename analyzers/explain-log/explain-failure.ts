/**
 * One classified plugin failure → what it means and what to do in this workspace (issue #15, spec §6–§8):
 * the versions the target links against go.sum, the target's Go and builder image, the flavour, the
 * cross-compile flags, the names the workspace registers and the rule kpa reports for a symbol.
 */
import { AnalysisContext, analysisContextOf, derivation } from '../analysis-context.js';
import { pluginRegistry } from '../config/plugin-registry.js';
import type { Diagnostic, Fix } from '../diagnostics.js';
import type { EngineFacts } from '../facts.js';
import { compatFindings } from '../manifests/compat-findings.js';
import { moduleViewOf, versionFix, type PluginModuleView } from '../manifests/compat.js';
import { builderImage } from '../manifests/resolve-target.js';
import { modulesThatBuildPlugins } from '../plugin-builds.js';
import { closestNames } from '../rules/helpers/closest-names.js';
import type { Target } from '../target.js';
import { basename, relativePath } from '../workspace.js';
import { classifyFailure, LOADER_SYMBOLS, type Cause, type Classified } from './failure-causes.js';
import type { LogFailure } from './log-failures.js';
import type { StatedRelease } from './stated-release.js';

export interface ExplainedFailure extends LogFailure {
  cause: Cause;
  subject: string | null;
  explanation: string;
  fix: string;
  /** The fix as edits, where it is an edit to a go.mod or go.sum of the workspace (the editor's quick fix). */
  fixes: Fix[];
}

export interface ExplainContext {
  target: Target;
  /** What the log says about the binary that wrote it (its Go may differ from the release data: ce#910). */
  stated: StatedRelease;
  /** The workspace's facts and kpa's findings on it; null when there is no workspace to read. */
  facts: EngineFacts | null;
  diagnostics: readonly Diagnostic[];
}

export function explainFailure(failure: LogFailure, ctx: ExplainContext): ExplainedFailure {
  const classified = classifyFailure(failure.error);
  const explained = EXPLAIN[classified.cause](classified, failure, ctx);
  return { ...failure, cause: classified.cause, subject: classified.subject, fixes: [], ...explained };
}

type Explained = Partial<Pick<ExplainedFailure, 'cause' | 'subject' | 'fixes'>> & { explanation: string; fix: string };
type Explainer = (c: Classified, failure: LogFailure, ctx: ExplainContext) => Explained;

const EXPLAIN: Record<Cause, Explainer> = {
  'go-version': (c, _f, ctx) => {
    const go = targetGo(ctx);
    const cgo = CGO_PACKAGES.has(c.pkg!)
      ? ` Package ${c.pkg} also differs when the plugin is built with CGO_ENABLED=0 while KrakenD was built with cgo (ce#491): build with CGO_ENABLED=1.`
      : '';
    const goMod = goDirectivesAbove(ctx, go);
    return {
      explanation: `${c.pkg} belongs to Go's standard library, so the plugin was built with another Go release than the KrakenD binary (${describeGo(ctx)}): every standard package a plugin shares with the binary must come from the same Go release, patch included. With the same release, the build flags differ: -trimpath changes standard packages too (the Go loader reports internal/goarch for a -trimpath plugin).${cgo}${goMod}`,
      fix: `Build with Go ${go}: ${buildIn(ctx, go)}`,
    };
  },
  'module-version': (c, f, ctx) => explainModule(c.pkg!, f, ctx),
  'build-settings': (c, f, ctx) => explainModule(c.pkg!, f, ctx),
  libc: (c, _f, ctx) => explainLibc(c, ctx),
  arch: (c, _f, ctx) => {
    const how = c.subject
      ? `The dynamic linker met ${c.subject}, which it does not support: the plugin was built for another platform than the binary loading it — typically in a Debian golang image or on macOS for the Alpine image (ce#476, ce#831), or for arm64 loaded on amd64 and the reverse.`
      : 'The plugin was built for another CPU architecture or ELF class than the KrakenD binary loading it.';
    return { explanation: how, fix: `${buildIn(ctx, targetGo(ctx))}${crossCompile(ctx)}` };
  },
  'not-elf': (c, f, ctx) => ({
    explanation: c.subject
      ? `${f.plugin ?? 'The file'} is a shared object but no Go plugin (it lacks ${c.subject}): a C library, or a Go build without -buildmode=plugin, in the plugin folder.`
      : `${f.plugin ?? 'The file'} is not a Linux shared object: it was built on macOS or Windows, or it is no plugin at all (a copy that failed, a Git LFS pointer, a renamed file — lura opens every file whose name contains the pattern, such as x.so.bak; ce#254).`,
    fix: `Build the plugin for Linux in the builder image and copy only the .so into the plugin folder: ${buildIn(ctx, targetGo(ctx))}`,
  }),
  'file-missing': (c, f, ctx) => explainMissing(c, f, ctx),
  'already-loaded': (_c, f, ctx) => {
    const twins = sameModuleBinaries(f, ctx);
    const sources = twins.length > 1 ? [] : sameModuleSources(f, ctx);
    const named =
      twins.length > 1
        ? ` In this workspace ${twins.join(' and ')} share the plugin path ${pluginPathOf(f, ctx)}.`
        : sources.length > 1
          ? ` In this workspace ${sources.join(' and ')} declare the same module path, ${ctx.facts!.modules.find((m) => shown(ctx, m.goModFile) === sources[0])!.modulePath}.`
          : '';
    return {
      explanation: `Go registers each plugin under the module path of its main package; ${f.plugin ?? 'this file'} has the same one as a file opened before, so Go refuses it (ce#834).${named}`,
      fix: 'Give every plugin its own module path (`module` line of its go.mod), or keep only one copy of the plugin in the plugin folder.',
    };
  },
  'wrong-signature': (c, _f, ctx) => explainSignature(c, ctx),
  'symbol-missing': (c, f, ctx) => {
    const kinds = f.plugin ? symbolsOfFile(f.plugin, ctx) : [];
    const other = kinds.length && c.subject && !kinds.includes(c.subject) ? ` kpa finds ${kinds.join(', ')} in the plugin built as ${basename(f.plugin!)}: this line is expected.` : '';
    return {
      explanation: `KrakenD's loaders look up every plugin file for their own symbol (HandlerRegisterer, ClientRegisterer, ModifierRegisterer); a file of another kind lacks ${c.subject ?? 'it'}, and that is normal (logged at DEBUG; ce#242, ce#284).${other} It is a failure only when the file is meant to be that kind: then the symbol is misnamed, unexported or not in package main.`,
      fix: c.subject ? `Nothing, if the file is another kind of plugin. Otherwise declare \`var ${c.subject} = registerer(…)\` (a value, exported, in package main); \`kpa lint\` checks it.` : 'Nothing, if the file is another kind of plugin; otherwise run `kpa lint` on its sources.',
    };
  },
  'not-registered': (c, _f, ctx) => explainNotRegistered(c, ctx),
  'fatal-module-data': (_c, _f, ctx) => ({
    explanation: `The Go runtime found the plugin's module data inconsistent with the binary's and stopped the process: the plugin does not match the binary's build, usually because it was built for another KrakenD release or Go (ce#328, ce#415).`,
    fix: `Rebuild the plugin for KrakenD ${ctx.target.manifest.krakend}: ${buildIn(ctx, targetGo(ctx))}`,
  }),
  'no-plugin-support': () => ({
    explanation: 'The KrakenD binary was built without cgo or for a platform without Go plugins (plugin_stubs.go): it cannot load any plugin.',
    fix: 'Run an official KrakenD build (the Docker image, or the deb/rpm/tgz packages for Linux), or build KrakenD with CGO_ENABLED=1 for Linux.',
  }),
  unknown: (_c, f) => ({
    explanation: `kpa does not know this plugin error${f.plugin ? ` for ${f.plugin}` : ''}.`,
    fix: 'Run `kpa lint` in the plugin\'s folder, and `kpa test-plugin` on the built .so file.',
  }),
};

/** Standard packages with a cgo and a pure-Go build: CGO_ENABLED=0 changes them (ce#491). */
const CGO_PACKAGES = new Set(['net', 'os/user', 'runtime/cgo', 'plugin']);

function targetGo(ctx: ExplainContext): string {
  return ctx.stated.go && ctx.stated.go !== ctx.target.manifest.go && sameRelease(ctx) ? ctx.stated.go : ctx.target.manifest.go;
}

/** Whether the stated Go belongs to the target's binary (the log's own release, or no release stated). */
function sameRelease(ctx: ExplainContext): boolean {
  return ctx.stated.krakend === null || ctx.stated.krakend.replace(/-ee$/, '') === ctx.target.manifest.krakend;
}

function describeGo(ctx: ExplainContext): string {
  const m = ctx.target.manifest;
  const go = targetGo(ctx);
  if (go !== m.go) return `the log says KrakenD ${m.krakend} runs Go ${go}, although its release builds with Go ${m.go} (ce#910: trust the binary)`;
  return `KrakenD ${m.krakend} is built with Go ${m.go}`;
}

function buildIn(ctx: ExplainContext, go: string): string {
  const image = go === ctx.target.manifest.go ? builderImage(ctx.target) : null;
  const alpine = ctx.target.manifest.alpine;
  const fallback = ctx.target.spec.flavour === 'alpine' ? `golang:${go}-alpine${alpine ?? ''}` : `golang:${go}-bullseye`;
  const use = image ?? fallback;
  const flavour = ctx.target.spec.flavour === 'alpine' ? 'the Docker image (alpine, musl)' : 'the deb/rpm/tgz packages (linux-generic, glibc)';
  return `build in ${use} for ${flavour}, e.g. \`docker run --rm -v "$PWD:/app" -w /app ${use} go build -buildmode=plugin -o plugin.so .\` (no -trimpath, the image's default GOMODCACHE /go/pkg/mod, CGO_ENABLED=1).`;
}

/** The flags spec §6.2 gives for an arm64 plugin built on amd64. */
function crossCompile(ctx: ExplainContext): string {
  if (ctx.target.spec.arch !== 'arm64') return ' For an arm64 KrakenD, cross-compile with --arch arm64 (kpa explain-error --arch arm64 shows the flags).';
  const cc = ctx.target.spec.flavour === 'alpine' ? 'aarch64-linux-musl-gcc' : 'aarch64-linux-gnu-gcc';
  return ` For arm64: \`CGO_ENABLED=1 CC=${cc} GOARCH=arm64 GOHOSTARCH=amd64 go build -buildmode=plugin -ldflags='-extldflags=-fuse-ld=bfd -extld=${cc}' -o plugin.so .\``;
}

function goDirectivesAbove(ctx: ExplainContext, go: string): string {
  const above: string[] = [];
  for (const m of ctx.facts?.modules ?? []) {
    const toolchain = m.goMod?.toolchain?.name.replace(/^go/, '');
    if (toolchain && toolchain !== go) above.push(`${shown(ctx, m.goModFile)} asks for toolchain go${toolchain}`);
  }
  return above.length ? ` ${above.join('; ')}: that Go builds the plugin unless GOTOOLCHAIN=local.` : '';
}

// --- modules ---------------------------------------------------------------------------------------------

interface ModuleAnswer {
  module: string;
  /** What KrakenD links: its version, or its replacement. */
  want: string | null;
  wantPath: string;
  view: PluginModuleView | null;
}

function explainModule(pkg: string, failure: LogFailure, ctx: ExplainContext): Explained {
  const views = moduleViews(ctx);
  const answer = moduleOfPackage(pkg, failure.plugin, ctx, views);
  const { module, want, wantPath, view } = answer;
  const krakend = `KrakenD ${ctx.target.manifest.krakend}`;
  if (want === null) {
    return {
      cause: 'module-version',
      subject: module,
      explanation: `Package ${pkg} (module ${module}) is built into both KrakenD and the plugin at different versions. kpa's data for ${krakend} do not list ${module}: the log is probably from another release or a custom build.`,
      fix: `Point kpa at the binary that wrote the log (--krakend, or --manifest from \`kpa manifest from-binary\`), then pin ${module} to the version it links.`,
    };
  }
  const mine = view?.modules.get(module) ?? null;
  const same = mine !== null && (mine.version === want || mine.version === `=> ${wantPath} ${want}`);
  if (mine && !same) {
    const fix = versionFix(view!, mine, want);
    return {
      cause: 'module-version',
      subject: module,
      explanation: `Package ${pkg} belongs to ${module}; the plugin builds it at ${mine.version} (${shown(ctx, mine.require ? view!.module.goModFile : (view!.module.goSumFile ?? view!.module.goModFile))}) but ${krakend} links ${wantPath} ${want}: every module the two share must have the same version.`,
      fix: `${fix.command ? `\`${fix.command}\`` : fix.title} (then \`go mod tidy\` and rebuild).`,
      fixes: fix.edits.length ? [fix] : [],
    };
  }
  if (mine && same) {
    const others = differingDependencies(ctx, module);
    const also = others.length
      ? ` These linked modules differ from what ${krakend} links and may reach ${module}'s packages: ${others.map((f) => `${f.module} ${f.have} (wants ${f.want})`).join(', ')}.`
      : ' No other linked module of the workspace differs from what KrakenD links.';
    return {
      cause: 'build-settings',
      subject: module,
      explanation: `The plugin's go.sum already has ${module} ${want}, the version ${krakend} links, yet package ${pkg} differs: the plugin was built with other settings than KrakenD — -trimpath, a GOMODCACHE/GOPATH other than the builder's /go/pkg/mod (golang/go#63230, #68349; ce#788), other build flags — or a dependency of ${module} differs.${also}`,
      fix: `${buildIn(ctx, targetGo(ctx))}${others.length ? ` Align: ${others.map((f) => `\`go get ${f.module}@${f.want}\``).join(', ')}.` : ''}`,
    };
  }
  return {
    cause: 'module-version',
    subject: module,
    explanation: `Package ${pkg} belongs to ${module}, which ${krakend} links at ${want}; the plugin was built with another version${ctx.facts?.modules.length ? ' (no go.mod or go.sum of this workspace lists it: the plugin was built elsewhere)' : ''}.`,
    fix: `In the plugin's module: \`go get ${module}@${want}\`${wantPath !== module ? ` (KrakenD replaces it with ${wantPath}: \`go mod edit -replace ${module}=${wantPath}@${want}\`)` : ''}, then \`go mod tidy\` and rebuild.`,
  };
}

/** The views of the modules that build plugins, once per analysis (the language server's context keeps them across edits of other kinds). */
const MODULE_VIEWS = derivation('module views of the plugin builds, for explain-log', ['go', 'modules', 'recipes'], (_facts, context) =>
  modulesThatBuildPlugins(context).map(({ module, packages }) => moduleViewOf(module, packages)),
);

function moduleViews(ctx: ExplainContext): readonly PluginModuleView[] {
  return ctx.facts ? contextOf(ctx.facts).derive(MODULE_VIEWS) : [];
}

function contextOf(facts: EngineFacts): AnalysisContext {
  return analysisContextOf(facts) ?? new AnalysisContext(facts);
}

/** The module of a package: the longest module path that prefixes it, among KrakenD's and the workspace's. */
function moduleOfPackage(pkg: string, plugin: string | null, ctx: ExplainContext, views: readonly PluginModuleView[]): ModuleAnswer {
  const m = ctx.target.manifest;
  const candidates = new Set<string>([...Object.keys(m.modules), ...m.replaces.map((r) => r.from)]);
  for (const view of views) for (const path of view.modules.keys()) candidates.add(path);
  let module: string | null = null;
  for (const path of candidates) if ((pkg === path || pkg.startsWith(path + '/')) && (!module || path.length > module.length)) module = path;
  module ??= guessModule(pkg);
  const replace = m.replaces.find((r) => r.from === module);
  const want = replace ? (replace.toVersion ?? null) : (m.modules[module] ?? null);
  const having = views.filter((v) => v.modules.has(module!));
  const view = (plugin && having.length > 1 ? having.find((v) => builtAs(v, plugin, ctx)) : undefined) ?? having[0] ?? null;
  return { module, want, wantPath: replace ? replace.to : module, view };
}

/** Whether a module builds the plugin file the log names: a plugin package of it built as (or named like) that file. */
function builtAs(view: PluginModuleView, plugin: string, ctx: ExplainContext): boolean {
  const dir = view.module.dir;
  return pluginDirsFor(plugin, ctx).some((d) => d === dir || d.startsWith(dir + '/'));
}

/** Without a module that claims it: the repository root of the usual hosts, with a /vN suffix. */
function guessModule(pkg: string): string {
  const parts = pkg.split('/');
  const hosted = /^(github\.com|gitlab\.com|bitbucket\.org)$/.test(parts[0]) ? 3 : parts[0] === 'google.golang.org' || parts[0] === 'golang.org' ? (parts[1] === 'x' ? 3 : 2) : 3;
  const root = parts.slice(0, hosted);
  if (/^v\d+$/.test(parts[hosted] ?? '')) root.push(parts[hosted]);
  return root.join('/');
}

function differingDependencies(ctx: ExplainContext, except: string): { module: string; have: string; want: string }[] {
  if (!ctx.facts) return [];
  return compatFindings(contextOf(ctx.facts), ctx.target.manifest)
    .flatMap((m) => m.findings)
    .filter((f) => (f.kind === 'version' || f.kind === 'lura') && f.level === 'error' && f.module !== except)
    .slice(0, 5);
}

// --- libc, files, symbols, names -------------------------------------------------------------------------

function explainLibc(c: Classified, ctx: ExplainContext): Explained {
  const m = ctx.target.manifest;
  if (c.libc === 'glibc-too-old') {
    const binary = c.requiredBy && !/\.so\b/.test(c.requiredBy);
    if (binary) {
      return {
        explanation: `The KrakenD binary ${c.requiredBy} needs ${c.subject}, newer than the host's glibc (ce#762): the host cannot run this build at all.`,
        fix: `Run the Docker image (alpine, musl) or a linux-generic package built on an older glibc (KrakenD ${m.krakend}: glibc ${m.glibc ?? 'unknown'}), or upgrade the host.`,
      };
    }
    return {
      explanation: `The plugin needs ${c.subject}, newer than the glibc of the host KrakenD runs on: it was built on a newer distribution (ce#411).`,
      fix: `Build in the linux-generic builder ${m.builders.linuxGeneric ?? `golang:${m.go}-bullseye`} (glibc ${m.glibc ?? 'of the release'}) for the deb/rpm/tgz KrakenD, or in ${m.builders.alpine ?? `golang:${m.go}-alpine`} for the Docker image.`,
    };
  }
  if (c.libc === 'glibc-plugin-on-musl') {
    return {
      subject: c.subject,
      explanation: `${c.subject} is a glibc symbol musl lacks: a plugin built against glibc (a Debian golang image, Ubuntu, the -linux-generic builder) is loaded by the Alpine (musl) KrakenD (ce#178, ce#546).`,
      fix: `Build for the Docker image in ${m.builders.alpine ?? `golang:${m.go}-alpine${m.alpine ?? ''}`} (flavour alpine), e.g. \`docker run --rm -v "$PWD:/app" -w /app ${m.builders.alpine ?? `golang:${m.go}-alpine${m.alpine ?? ''}`} go build -buildmode=plugin -o plugin.so .\``,
    };
  }
  return {
    explanation: `The plugin links musl (${c.subject}) but KrakenD runs on glibc: it was built in the Alpine builder for a deb/rpm/tgz (linux-generic) KrakenD.`,
    fix: `Build in the linux-generic builder ${m.builders.linuxGeneric ?? `golang:${m.go}-bullseye`} (flavour linux-generic).`,
  };
}

function explainMissing(c: Classified, f: LogFailure, ctx: ExplainContext): Explained {
  const folders = (ctx.facts?.configs ?? []).flatMap((config) => (config.pluginFolder ? [`${shown(ctx, config.file)} loads "${config.pluginFolder.pattern}" files from ${config.pluginFolder.folder}`] : []));
  const lib = c.subject && f.plugin && basename(c.subject) !== basename(f.plugin) && !c.subject.endsWith(basename(f.plugin)) ? c.subject : null;
  if (lib) {
    return {
      explanation: `The plugin needs the shared library ${lib}, which the host KrakenD runs on does not have.`,
      fix: `Build the plugin without that C dependency, or install ${lib} in the KrakenD image.`,
    };
  }
  return {
    explanation: `${f.plugin ?? 'The plugin file'} does not exist where KrakenD looks for it: a wrong plugin folder, a volume not mounted, or a file removed after the folder was listed (ce#358).${folders.length ? ` ${folders.join('; ')}.` : ''}`,
    fix: 'Check that the .so is in the plugin folder of krakend.json inside the container (docker exec … ls), and that the folder path matches the volume mount.',
  };
}

function explainSignature(c: Classified, ctx: ExplainContext): Explained {
  const loader = Object.entries(LOADER_SYMBOLS).find(([, symbol]) => symbol === c.subject)?.[0];
  if (c.subject && !loader) {
    // `Wrong plugin handler type: <name>`: the symbol loaded, but what it registered under <name> is no handler factory.
    return {
      explanation: `The plugin registered as "${c.subject}" loaded, but the value it passed to the register function is not a func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error) (lura's server plugin, spec §1.2).`,
      fix: `Register a function of exactly that type under "${c.subject}"; \`kpa lint\` checks the Register… method's signature.`,
    };
  }
  const findings = ctx.diagnostics.filter((d) => d.rule.startsWith('KPA1') && d.severity === 'error' && (d.data?.symbol === c.subject || !c.subject));
  const where = findings.slice(0, 3).map((d) => `${d.rule} at ${shown(ctx, d.file)}:${d.range.start.line + 1}: ${d.message}`);
  return {
    explanation: `The file has ${c.subject ? `a ${c.subject}` : 'the plugin symbol'}, but its type lacks the exact method KrakenD asserts${loader ? ` (the ${loader} loader)` : ''}: a pointer or interface variable, a named func type, or a wrong signature.${where.length ? ` kpa reports ${where.join('; ')}.` : ' kpa finds no such symbol in this workspace.'}`,
    fix: where.length ? `Fix what kpa reports (\`kpa explain ${findings[0].rule}\`), rebuild.` : `Run \`kpa lint\` in the plugin's folder; \`kpa explain KPA101\` … \`KPA105\` describe the shapes KrakenD rejects.`,
  };
}

function explainNotRegistered(c: Classified, ctx: ExplainContext): Explained {
  const names = ctx.facts ? [...new Set(pluginRegistry(contextOf(ctx.facts)).names.map((n) => n.name))].sort() : [];
  const near = c.subject ? closestNames(c.subject, names) : [];
  const registered = names.length ? ` The workspace registers: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}.` : '';
  if (!c.subject) {
    return {
      explanation: 'A backend\'s plugin/http-client block in krakend.json has no "name": KrakenD cannot tell which plugin to use for it.',
      fix: `Add "name" with the registered name to that block.${registered}`,
    };
  }
  return {
    explanation: `krakend.json names the plugin "${c.subject}", but no plugin KrakenD loaded registers that name: the plugin did not load (look for its failure above, often at DEBUG) or registers another name.${registered}`,
    fix: near.length && !near.includes(c.subject ?? '') ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Use the registered name in krakend.json.` : 'Make the name in krakend.json equal to the name the plugin passes to its register function, and check that the plugin loads.',
  };
}

/** Plugin symbols of the workspace package a .so was built from. */
function symbolsOfFile(plugin: string, ctx: ExplainContext): string[] {
  const facts = ctx.facts;
  if (!facts) return [];
  return [...new Set(pluginDirsFor(plugin, ctx).flatMap((d) => (facts.plugins.get(d) ?? []).map((s) => s.symbol)))];
}

/** The workspace's plugin package directories a .so file comes from: a recipe's output, else the directory's name. */
function pluginDirsFor(plugin: string, ctx: ExplainContext): string[] {
  const facts = ctx.facts;
  if (!facts) return [];
  const file = basename(plugin).replace(/\.so.*$/, '');
  const dirs = new Set<string>();
  for (const recipe of facts.recipes) {
    for (const build of recipe.pluginBuilds) {
      if (build.output && basename(build.output).replace(/\.so.*$/, '') === file) for (const t of build.targets.length ? build.targets : [build.cwd]) dirs.add(t);
    }
  }
  if (dirs.size === 0) for (const dir of facts.plugins.keys()) if (basename(dir) === file) dirs.add(dir);
  return [...dirs];
}

function pluginPathOf(f: LogFailure, ctx: ExplainContext): string {
  const own = ctx.facts?.binaries.find((b) => f.plugin && basename(b.file) === basename(f.plugin));
  return own?.go?.pluginPath ?? 'one path';
}

/** .so files of the workspace with the same plugin path as the failing file. */
function sameModuleBinaries(f: LogFailure, ctx: ExplainContext): string[] {
  const binaries = ctx.facts?.binaries ?? [];
  const own = binaries.find((b) => f.plugin && basename(b.file) === basename(f.plugin));
  const path = own?.go?.pluginPath;
  if (!path) return [];
  return binaries.filter((b) => b.go?.pluginPath === path).map((b) => shown(ctx, b.file)).sort();
}

/** The go.mod files of the workspace with the module path of the module that builds the failing file. */
function sameModuleSources(f: LogFailure, ctx: ExplainContext): string[] {
  if (!ctx.facts || !f.plugin) return [];
  const views = moduleViews(ctx);
  const own = views.find((v) => builtAs(v, f.plugin!, ctx));
  const path = own?.module.modulePath;
  if (!path) return [];
  return ctx.facts.modules.filter((m) => m.modulePath === path).map((m) => shown(ctx, m.goModFile)).sort();
}

function shown(ctx: ExplainContext, file: string): string {
  return ctx.facts ? relativePath(ctx.facts.root, file) : file;
}
