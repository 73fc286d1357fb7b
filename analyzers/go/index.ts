/**
 * Entry point of the Go analyzer: package facts and plugin-symbol verdicts for a workspace.
 * The prefilter skips parsing packages none of whose files mention a plugin symbol or Register…
 * method: they cannot hold a plugin, and parsing is most of kpa's time on a large tree.
 */
import type { InputProblem } from '../facts.js';
import type { Workspace } from '../workspace.js';
import type { GoFileFacts, PackageFacts } from './facts.js';
import { emptyFileFacts, extractFileFacts, mentionsPlugin } from './file-facts.js';
import { buildPackageFacts } from './package-facts.js';
import type { GoParser } from './parser.js';
import type { PluginSymbolFact } from './plugin-symbols.js';
import { computePluginSymbols } from './plugin-verdicts.js';
import { scanHeader } from './import-scan.js';

export interface GoFactsOptions {
  parser: GoParser | null;
  goos: string;
  goarch: string;
  prefilter: boolean;
  /** Reuse facts of unchanged files (the language server passes its per-buffer cache). */
  fileFacts?: (file: string, text: string) => GoFileFacts | undefined;
  /**
   * Facts computed elsewhere for a whole package (the CLI's worker threads): its file facts, or 'skipped'
   * when the prefilter found no plugin mention there, or undefined to compute them here.
   */
  precomputed?: (dir: string) => PrecomputedPackage | undefined;
}

export type PrecomputedPackage =
  | { kind: 'parsed'; files: GoFileFacts[]; problems: InputProblem[] }
  | { kind: 'skipped'; texts: { file: string; text: string }[]; problems: InputProblem[] };

export function computeGoFacts(
  ws: Workspace,
  options: GoFactsOptions,
  inputProblems: InputProblem[],
): { packages: PackageFacts[]; plugins: Map<string, PluginSymbolFact[]> } {
  const packages: PackageFacts[] = [];
  const plugins = new Map<string, PluginSymbolFact[]>();
  for (const [dir, files] of ws.goPackages) {
    const pre = options.precomputed?.(dir);
    if (pre) {
      inputProblems.push(...pre.problems);
      if (pre.kind === 'skipped') {
        packages.push(unparsedPackage(dir, pre.texts));
        continue;
      }
      const pkg = buildPackageFacts(dir, pre.files, { goos: options.goos, goarch: options.goarch });
      packages.push(pkg);
      const symbols = computePluginSymbols(pkg);
      if (symbols.length) plugins.set(dir, symbols);
      continue;
    }
    const texts: { file: string; text: string }[] = [];
    for (const file of files) {
      const r = ws.read(file);
      if ('error' in r) {
        inputProblems.push({ file, kind: r.kind, message: r.error });
        continue;
      }
      texts.push({ file, text: r.text });
    }
    if ((options.prefilter && !texts.some((t) => mentionsPlugin(t.text))) || !options.parser) {
      packages.push(unparsedPackage(dir, texts));
      continue;
    }
    const fileFacts = texts.map(({ file, text }) => {
      const cached = options.fileFacts?.(file, text);
      if (cached) return cached;
      try {
        return extractFileFacts(options.parser!.parse(text), text, file);
      } catch (err) {
        inputProblems.push({ file, kind: 'unreadable', message: `the Go parser failed on this file (${(err as Error).message})` });
        return emptyFileFacts(file);
      }
    });
    const pkg = buildPackageFacts(dir, fileFacts, { goos: options.goos, goarch: options.goarch });
    packages.push(pkg);
    const symbols = computePluginSymbols(pkg);
    if (symbols.length) plugins.set(dir, symbols);
  }
  return { packages, plugins };
}

/** A package the prefilter skipped: its name and imports from a header scan, nothing else. */
function unparsedPackage(dir: string, texts: { file: string; text: string }[]): PackageFacts {
  const headers = texts.filter((t) => !t.file.endsWith('_test.go')).map((t) => ({ file: t.file, ...scanHeader(t.text, t.file) }));
  const names = headers.map((h) => h.packageName).filter((n): n is string => n !== null);
  return {
    dir, name: names[0] ?? null, files: headers.map((h) => h.file), excluded: [], parsed: false, fileFacts: [],
    imports: headers.flatMap((h) => h.imports), types: [], methods: [], values: [], registrations: [], syntaxErrors: [],
    nameConflicts: [], excludedDeclarations: [], consts: [],
  };
}
