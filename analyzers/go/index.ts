/**
 * Entry point of the Go analyzer: package facts and plugin-symbol verdicts for a workspace.
 * The prefilter skips parsing packages none of whose files mention a plugin symbol or Register…
 * method: they cannot hold a plugin, and parsing is most of kpa's time on a large tree.
 */
import type { InputProblem } from '../facts.js';
import type { ReadResult, Workspace } from '../workspace.js';
import type { GoFileFacts, PackageFacts } from './facts.js';
import { emptyFileFacts, extractFileFacts, mentionsPlugin } from './file-facts.js';
import { buildPackageFacts } from './package-facts.js';
import type { GoParser } from './parser.js';
import type { PluginSymbolFact } from './plugin-symbols.js';
import { computePluginSymbols } from './plugin-verdicts.js';
import { scanHeader } from './import-scan.js';
import { skimRead } from './source-skim.js';
import { fileIncluded, readConstraintFromHeader, type BuildContext } from './build-constraints.js';
import type { ModuleCacheSource } from '../modules/module-cache.js';

export interface GoFactsOptions {
  parser: GoParser | null;
  goos: string;
  goarch: string;
  /** The target's Go minor release, for `go1.N` tags (undefined: every release tag holds). */
  goMinor?: number;
  prefilter: boolean;
  /** Reuse facts of unchanged files (the language server passes its per-buffer cache). */
  fileFacts?: (file: string, text: string) => GoFileFacts | undefined;
  /**
   * Facts computed elsewhere for a whole package (the CLI's worker threads, which parse every package),
   * or undefined to compute them here.
   */
  precomputed?: (dir: string) => PrecomputedPackage | undefined;
  /**
   * Where dependency modules' Go sources are read (the module cache), for the module facts' link sets; the
   * workspace's own packages never come from it. Carried here so every door's provider input has it.
   */
  moduleCache?: ModuleCacheSource;
}

export interface PrecomputedPackage {
  files: GoFileFacts[];
  problems: InputProblem[];
}

export function computeGoFacts(
  ws: Workspace,
  options: GoFactsOptions,
  inputProblems: InputProblem[],
): { packages: PackageFacts[]; plugins: Map<string, PluginSymbolFact[]> } {
  const packages: PackageFacts[] = [];
  const plugins = new Map<string, PluginSymbolFact[]>();
  for (const [dir, files] of ws.goPackages) {
    let fileFacts: GoFileFacts[];
    const pre = options.precomputed?.(dir);
    if (pre) {
      inputProblems.push(...pre.problems);
      fileFacts = pre.files;
    } else {
      const heads = options.prefilter && options.parser ? headsWithoutPlugin(ws, files, inputProblems) : null;
      if (heads) {
        packages.push(unparsedPackage(dir, heads, { goos: options.goos, goarch: options.goarch }));
        continue;
      }
      const texts = readTexts(files, (f) => ws.read(f), inputProblems);
      if ((options.prefilter && !texts.some((t) => mentionsPlugin(t.text))) || !options.parser) {
        packages.push(unparsedPackage(dir, texts, buildContext(options)));
        continue;
      }
      fileFacts = extractFiles(texts, options.parser, inputProblems, options.fileFacts);
    }
    const pkg = buildPackageFacts(dir, fileFacts, buildContext(options));
    packages.push(pkg);
    const symbols = computePluginSymbols(pkg);
    if (symbols.length) plugins.set(dir, symbols);
  }
  return { packages, plugins };
}

function buildContext(options: GoFactsOptions): BuildContext {
  return { goos: options.goos, goarch: options.goarch, goMinor: options.goMinor };
}

/**
 * The heads of a package's files (source-skim.ts) when none mentions a plugin, or null (the package is read and
 * parsed). A file that cannot be read is reported here only when the package is skipped: otherwise by the read.
 */
function headsWithoutPlugin(ws: Workspace, files: readonly string[], inputProblems: InputProblem[]): { file: string; text: string }[] | null {
  const heads: { file: string; text: string }[] = [];
  const problems: InputProblem[] = [];
  for (const file of files) {
    const skim = ws.source.skimGo ? ws.source.skimGo(file) : skimRead(ws.read(file));
    if ('error' in skim) problems.push({ file, kind: skim.kind, message: skim.error });
    else if (skim.mentionsPlugin) return null;
    else heads.push({ file, text: skim.head });
  }
  inputProblems.push(...problems);
  return heads;
}

/**
 * A package the prefilter skipped: its name and imports from a header scan, nothing else. Only the files
 * `go build` compiles for the platform count (as for a parsed package): the module rules follow these imports
 * into the plugin's link set, where a _windows.go file's import is no part of a linux plugin.
 */
function unparsedPackage(dir: string, texts: { file: string; text: string }[], ctx: BuildContext): PackageFacts {
  const excluded: PackageFacts['excluded'] = [];
  const included = texts.filter((t) => {
    const verdict = fileIncluded(t.file.slice(t.file.lastIndexOf('/') + 1), readConstraintFromHeader(t.text), ctx);
    if (!verdict.included) excluded.push({ file: t.file, reason: verdict.reason ?? 'excluded' });
    return verdict.included;
  });
  const headers = included.map((t) => ({ file: t.file, ...scanHeader(t.text, t.file) }));
  const names = headers.map((h) => h.packageName).filter((n): n is string => n !== null);
  return {
    dir, name: names[0] ?? null, files: headers.map((h) => h.file), excluded, parsed: false, fileFacts: [],
    imports: headers.flatMap((h) => h.imports), types: [], methods: [], values: [], registrations: [], syntaxErrors: [],
    nameConflicts: [], excludedDeclarations: [], consts: [],
  };
}

/** Facts of each file; a file the parser fails on is reported and contributes no facts. */
export function extractFiles(
  texts: { file: string; text: string }[],
  parser: GoParser,
  problems: InputProblem[],
  cached?: GoFactsOptions['fileFacts'],
): GoFileFacts[] {
  return texts.map(({ file, text }) => {
    const known = cached?.(file, text);
    if (known) return known;
    try {
      const tree = parser.parse(text);
      try {
        return extractFileFacts(tree, text, file);
      } finally {
        parser.release(tree);
      }
    } catch (err) {
      problems.push({ file, kind: 'unreadable', message: `the Go parser failed on this file (${(err as Error).message})` });
      return emptyFileFacts(file);
    }
  });
}

/** The texts of the files that read as text; the others are reported. */
export function readTexts(files: readonly string[], read: (file: string) => ReadResult, problems: InputProblem[]): { file: string; text: string }[] {
  const texts: { file: string; text: string }[] = [];
  for (const file of files) {
    const r = read(file);
    if ('error' in r) problems.push({ file, kind: r.kind, message: r.error });
    else texts.push({ file, text: r.text });
  }
  return texts;
}
