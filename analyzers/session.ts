/**
 * The engine side of the language server: an analysis session over open buffers laid on top of the files on
 * disk. Pure (no LSP types, no I/O of its own: disk reads go through the FileSource passed in).
 *
 * What it keeps between changes, so an edit costs one incremental parse and one package:
 * - per open .go file, its tree-sitter tree, edited with tree.edit() and re-parsed incrementally;
 * - per .go file, its GoFileFacts, valid for one text;
 * - per Go package, its PackageFacts and plugin verdicts, recomputed only when one of its files changed;
 * - module, config and binary facts, each kind recomputed only when one of its files changed, or the list
 *   of files it reads (the fact providers' table, fact-providers.ts): a go.sum edit recomputes module facts only;
 * - per Go package, the findings of package-scoped rules (Rule.scope), re-run only for a changed package;
 * - what the workspace rules derive from the facts (analysis-context.ts), but for what a changed kind fed.
 * An edit that leaves its file's facts as they were (typing inside a function body or a comment) keeps the
 * package, and when no package, module, config or option changed, the whole last result is kept.
 * Otherwise workspace-scoped rules re-run.
 *
 * Half-typed code: tree-sitter's error recovery can shape the same text differently after an incremental
 * parse than after a fresh one, so a buffer whose incremental tree has errors is "unsettled". analyze()
 * answers at once from that tree; settle() re-parses such buffers from scratch (the server does it when
 * typing pauses and before answering a request). After settle(), `analyze()` equals a fresh engine
 * analyze() of the same texts, always.
 */
import { AnalysisContext } from './analysis-context.js';
import type { Diagnostic } from './diagnostics.js';
import { compareDiagnostics } from './diagnostics.js';
import { factsOfPackage, goFactsOptions, PACKAGE_RULES, runRules, WORKSPACE_RULES, type AnalysisResult, type EngineOptions } from './engine.js';
import type { EngineFacts, InputProblem } from './facts.js';
import type { GoFileFacts, PackageFacts } from './go/facts.js';
import { createDeclarationCache, type DeclarationCache } from './go/declaration-cache.js';
import { extractFileFacts } from './go/file-facts.js';
import { sameFileFacts } from './go/same-file-facts.js';
import type { SyntaxTree } from './go/parser.js';
import type { PluginSymbolFact } from './go/plugin-symbols.js';
import { FACT_PROVIDERS, factKindOf, kindsListing, type FactKind } from './fact-providers.js';
import { applyChange, type TextChange } from './buffer-edit.js';
import { LiveWorkspace, OverlaySource, SubsetSource } from './overlay-source.js';
import { canCarrySuppressions } from './suppressions.js';
import { dirname, Workspace, type FileSource } from './workspace.js';

export type { TextChange } from './buffer-edit.js';

export type DiskChangeKind = 'created' | 'changed' | 'deleted';

export interface DiskChange {
  file: string;
  kind: DiskChangeKind;
}

export interface SessionOptions {
  /** Workspace root (absolute, '/' separators). */
  root: string;
  /** The files on disk; read lazily, re-read after diskChanged(). */
  disk: FileSource;
  engine: EngineOptions;
}

interface Buffer {
  text: string;
  /** Parsed lazily: only .go buffers, only once the Go analysis needs them. */
  tree: SyntaxTree | null;
  /** Edits applied to `tree`'s text since it was parsed; cleared by the next parse. */
  treeStale: boolean;
  /** `tree` came from an incremental parse and has syntax errors: a fresh parse may read it otherwise. */
  unsettled: boolean;
  /** Facts of this buffer's top-level declarations, reused across edits (file-facts.ts). */
  declarations?: DeclarationCache;
}

/** The kinds of facts the session keeps whole (Go facts it keeps per package). */
type WholeKind = Exclude<FactKind, 'go'>;
const WHOLE_KINDS: readonly WholeKind[] = ['modules', 'config', 'binary', 'recipes'];
type WholeFacts = Pick<EngineFacts, 'modules' | 'configs' | 'binaries' | 'recipes'>;
type GoResult = Pick<EngineFacts, 'go' | 'plugins' | 'inputProblems'>;

interface PackageEntry {
  pkg: PackageFacts;
  plugins: PluginSymbolFact[] | undefined;
  problems: InputProblem[];
  /** What the package-scoped rules report for it, under the current options; dropped when they change. */
  findings?: Diagnostic[];
  /** Each file's text when the package was computed (null: unreadable), and the facts read from it. */
  texts: Map<string, string | null>;
  inputs: Map<string, GoFileFacts>;
}

export class AnalysisSession {
  private readonly buffers = new Map<string, Buffer>();
  private readonly source: OverlaySource;
  private workspace: LiveWorkspace | null = null;
  private engine: EngineOptions;
  readonly root: string;

  /** Go packages (dirs) whose facts must be recomputed; 'all' after a path-set or options change. */
  private dirtyPackages = new Set<string>();
  /** Bumped whenever a package entry is added or dropped, so analyze() knows whether the Go facts changed. */
  private packagesVersion = 0;
  private allPackagesDirty = true;
  /** Kinds of facts (other than Go) to recompute at the next analysis. */
  private readonly dirtyKinds = new Set<WholeKind>(WHOLE_KINDS);
  private rulesDirty = true;

  private readonly fileFacts = new Map<string, { text: string; facts: GoFileFacts }>();
  private readonly packages = new Map<string, PackageEntry>();
  /** The Go facts of the last analysis, kept (same arrays) while no package entry changed. */
  private goResult: { version: number; facts: GoResult } | null = null;
  private wholeFacts: WholeFacts = { modules: [], configs: [], binaries: [], recipes: [] };
  private result: AnalysisResult | null = null;
  /** The workspace rules' analysis context, carried from one analysis to the next (analysis-context.ts). */
  private derived: AnalysisContext | null = null;
  /** Files whose text has a kpa:ignore comment; null until asked, and after the set of files changed. */
  private suppressing: Set<string> | null = null;
  /** The files that may carry one: go.mod and package .go files, as of the current set of files. */
  private suppressible = new Set<string>();
  /** Files touched since `suppressing` was last brought up to date. */
  private readonly suppressingStale = new Set<string>();

  constructor(options: SessionOptions) {
    this.root = options.root;
    this.engine = options.engine;
    this.source = new OverlaySource(options.disk, this.buffers);
  }

  get options(): EngineOptions {
    return this.engine;
  }

  /** Replaces engine options (target, rule settings…). Facts that depend on them are recomputed. */
  setOptions(engine: EngineOptions): void {
    if (engine.parser !== this.engine.parser) for (const buffer of this.buffers.values()) this.dropTree(buffer);
    const [before, after] = [goFactsOptions(this.engine), goFactsOptions(engine)];
    const goChanged =
      before.parser !== after.parser || before.goos !== after.goos || before.goarch !== after.goarch || before.goMinor !== after.goMinor || before.prefilter !== after.prefilter;
    this.engine = engine;
    if (goChanged) this.allPackagesDirty = true;
    // The link sets read dependencies' files by the same build context.
    if (goChanged) this.dirtyKinds.add('modules');
    for (const entry of this.packages.values()) entry.findings = undefined;
    this.rulesDirty = true;
  }

  isOpen(file: string): boolean {
    return this.buffers.has(file);
  }

  openFiles(): string[] {
    return [...this.buffers.keys()];
  }

  /** The text kpa analyses for `file`: the open buffer, else the disk content; null when unreadable. */
  text(file: string): string | null {
    const buffer = this.buffers.get(file);
    if (buffer) return buffer.text;
    const read = this.source.read(file);
    return 'text' in read ? read.text : null;
  }

  open(file: string, text: string): void {
    const known = this.buffers.has(file) || this.source.diskPaths.has(file);
    const previous = this.buffers.get(file);
    if (previous) this.dropTree(previous);
    this.buffers.set(file, { text, tree: null, treeStale: false, unsettled: false });
    this.source.bufferChanged(file);
    if (!known) this.pathsChanged(file);
    this.touched(file);
  }

  /** Applies LSP-ordered changes (each to the result of the previous). Returns the new text. */
  change(file: string, changes: readonly TextChange[]): string {
    const buffer = this.buffers.get(file);
    if (!buffer) throw new Error(`change to a document that is not open: ${file}`);
    for (const change of changes) {
      // A whole-text replace shares nothing worth reusing with the old tree.
      if (!change.range) this.dropTree(buffer);
      applyChange(buffer, change);
    }
    this.source.bufferChanged(file);
    this.touched(file);
    return buffer.text;
  }

  close(file: string): void {
    const buffer = this.buffers.get(file);
    if (!buffer) return;
    this.dropTree(buffer);
    this.buffers.delete(file);
    this.source.bufferChanged(file);
    this.source.diskChanged(file);
    if (!this.source.diskPaths.has(file)) this.pathsChanged(file);
    this.touched(file);
  }

  /** Files created, changed or deleted on disk (workspace/didChangeWatchedFiles). Open buffers still win. */
  diskChanged(changes: readonly DiskChange[]): void {
    for (const { file, kind } of changes) {
      if (!factKindOf(file)) continue;
      this.source.diskChanged(file);
      const had = this.source.diskPaths.has(file);
      if (kind === 'deleted') this.source.diskPaths.delete(file);
      else this.source.diskPaths.add(file);
      if (had !== this.source.diskPaths.has(file) && !this.buffers.has(file)) this.pathsChanged(file);
      if (!this.buffers.has(file)) this.touched(file);
    }
  }

  /** Whether some open buffer's findings may still change once it is re-parsed from scratch (settle()). */
  unsettled(): boolean {
    for (const buffer of this.buffers.values()) if (buffer.unsettled) return true;
    return false;
  }

  /**
   * Re-parses from scratch every buffer whose incremental tree had syntax errors, so the next analyze()
   * equals a fresh analysis. Returns whether there was any (then analyze() has work to do).
   */
  settle(): boolean {
    let any = false;
    for (const [file, buffer] of this.buffers) {
      if (!buffer.unsettled) continue;
      this.dropTree(buffer);
      this.touched(file);
      any = true;
    }
    return any;
  }

  private dropTree(buffer: Buffer): void {
    const tree = buffer.tree;
    buffer.tree = null;
    buffer.treeStale = false;
    buffer.unsettled = false;
    if (!tree) return;
    try {
      this.engine.parser?.release(tree);
    } catch {
      // A tree the parser cannot free (it failed half-way) is left to the garbage collector.
    }
  }

  /**
   * The Go and go.mod files whose text carries a `kpa:ignore` comment (suppressions.ts): kept across edits,
   * so applying suppressions after a keystroke does not read every file of the workspace again.
   */
  filesWithSuppressions(): string[] {
    const carries = (file: string) => this.text(file)?.includes('kpa:ignore') ?? false;
    if (!this.suppressing) {
      const ws = this.currentWorkspace();
      this.suppressible = new Set([...ws.goModFiles, ...[...ws.goPackages.values()].flat()].filter(canCarrySuppressions));
      this.suppressing = new Set([...this.suppressible].filter(carries));
    } else {
      for (const file of this.suppressingStale) {
        if (this.suppressible.has(file) && carries(file)) this.suppressing.add(file);
        else this.suppressing.delete(file);
      }
    }
    this.suppressingStale.clear();
    return [...this.suppressing];
  }

  /** `file` was created or deleted: the facts listing files of its kind change (Go packages: touched()). */
  private pathsChanged(file: string): void {
    this.suppressing = null;
    this.source.pathsChanged();
    this.workspace = null;
    const kind = factKindOf(file);
    if (kind) for (const k of kindsListing(kind)) if (k !== 'go') this.dirtyKinds.add(k);
  }

  private touched(file: string): void {
    this.suppressingStale.add(file);
    const kind = factKindOf(file);
    if (kind === 'go') {
      this.fileFacts.delete(file);
      this.dirtyPackages.add(dirname(file));
    } else if (kind) {
      this.dirtyKinds.add(kind);
    }
  }

  /** The current facts and diagnostics; recomputes only what changed since the last call. */
  analyze(): AnalysisResult {
    if (this.result && !this.rulesDirty && !this.allPackagesDirty && this.dirtyPackages.size === 0 && this.dirtyKinds.size === 0) {
      return this.result;
    }
    const ws = this.currentWorkspace();
    const changed = new Set<FactKind>();
    const goFacts = this.goFacts(ws);
    if (goFacts.go !== this.result?.facts.go) changed.add('go');
    for (const kind of this.dirtyKinds) {
      this.wholeFacts = { ...this.wholeFacts, ...FACT_PROVIDERS[kind].compute(ws, { go: goFactsOptions(this.engine), inputProblems: [] }) };
      changed.add(kind);
    }
    this.dirtyKinds.clear();
    // Every package kept its entry and nothing else moved: the last result is this one.
    if (this.result && !this.rulesDirty && changed.size === 0) return this.result;
    const facts: EngineFacts = { root: this.root, ...goFacts, ...this.wholeFacts };
    // What the rules derived from the last facts stays, but for what the changed kinds of facts fed.
    if (this.derived) this.derived.advance(facts, changed);
    else this.derived = new AnalysisContext(facts);
    const diagnostics = runRules(facts, this.engine, WORKSPACE_RULES, this.derived);
    for (const entry of this.packages.values()) diagnostics.push(...this.packageFindings(entry, facts));
    this.result = { facts, diagnostics: diagnostics.sort(compareDiagnostics) };
    this.rulesDirty = false;
    return this.result;
  }

  /** The package-scoped rules' findings for one package, run once per package version and options. */
  private packageFindings(entry: PackageEntry, facts: Omit<EngineFacts, 'go' | 'plugins'>): Diagnostic[] {
    entry.findings ??= runRules(factsOfPackage(facts, entry.pkg, entry.plugins), this.engine, PACKAGE_RULES);
    return entry.findings;
  }

  /**
   * What the package-scoped rules report for the packages prepare() has computed so far. They are final for
   * those packages (they read nothing else), so a server can show them while the scan goes on.
   */
  preparedFindings(): Diagnostic[] {
    const others = { root: this.root, modules: [], configs: [], binaries: [], recipes: [], inputProblems: [] };
    const out: Diagnostic[] = [];
    for (const entry of this.packages.values()) out.push(...this.packageFindings(entry, others));
    return out.sort(compareDiagnostics);
  }

  /** Diagnostics of one file, from the last analysis (call analyze() first). */
  diagnosticsFor(file: string): Diagnostic[] {
    return (this.result ?? this.analyze()).diagnostics.filter((d) => d.file === file);
  }

  /** A Workspace view of the current texts (open buffers over disk); reads are not cached by it. */
  currentWorkspace(): Workspace {
    if (!this.workspace) this.workspace = new LiveWorkspace(this.root, this.source);
    return this.workspace;
  }


  private goFacts(ws: Workspace): GoResult {
    this.invalidatePackages(ws);
    for (const dir of ws.goPackages.keys()) if (!this.packages.has(dir)) this.computePackage(ws, dir);
    if (this.goResult?.version === this.packagesVersion) return this.goResult.facts;
    const go: PackageFacts[] = [];
    const plugins = new Map<string, PluginSymbolFact[]>();
    const inputProblems: InputProblem[] = [];
    for (const dir of ws.goPackages.keys()) {
      const entry = this.packages.get(dir)!;
      go.push(entry.pkg);
      if (entry.plugins) plugins.set(dir, entry.plugins);
      inputProblems.push(...entry.problems);
    }
    this.goResult = { version: this.packagesVersion, facts: { go, plugins, inputProblems } };
    return this.goResult.facts;
  }

  /** Drops cached packages that changed or disappeared; they are recomputed when next needed. */
  private invalidatePackages(ws: Workspace): void {
    if (this.allPackagesDirty) {
      this.packages.clear();
      this.fileFacts.clear();
      this.packagesVersion++;
    } else {
      for (const dir of this.dirtyPackages) {
        const entry = this.packages.get(dir);
        if (entry && !this.keepsFacts(ws, dir, entry)) this.dropPackage(dir);
      }
      for (const dir of this.packages.keys()) if (!ws.goPackages.has(dir)) this.dropPackage(dir);
    }
    this.allPackagesDirty = false;
    this.dirtyPackages.clear();
  }

  private dropPackage(dir: string): void {
    this.packages.delete(dir);
    this.packagesVersion++;
  }

  /**
   * One package through the Go analyzer's own entry point, over a workspace holding only that package's
   * files: the same code as a full analysis, so the result is the same; file facts come from our cache.
   */
  private computePackage(ws: Workspace, dir: string): PackageEntry {
    this.packagesVersion++;
    const problems: InputProblem[] = [];
    const files = ws.goPackages.get(dir) ?? [];
    const texts = new Map(files.map((file) => [file, this.readText(file)]));
    const inputs = new Map<string, GoFileFacts>();
    const fileFacts = (file: string, text: string) => {
      const facts = this.goFileFacts(file, text);
      if (facts) inputs.set(file, facts);
      return facts;
    };
    const single = new LiveWorkspace(this.root, new SubsetSource(this.source, files));
    const { go, plugins } = FACT_PROVIDERS.go.compute(single, { go: { ...goFactsOptions(this.engine), fileFacts }, inputProblems: problems });
    const entry: PackageEntry = { pkg: go[0], plugins: plugins.get(dir), problems, texts, inputs };
    this.packages.set(dir, entry);
    return entry;
  }

  private readText(file: string): string | null {
    const read = this.source.read(file);
    return 'text' in read ? read.text : null;
  }

  /**
   * Whether a package whose files were edited still stands: the same files, every one readable as before,
   * and every changed text giving facts equal to those the package was computed from. Package facts are a
   * function of its files' facts, so then they, its verdicts and its findings are what they were.
   */
  private keepsFacts(ws: Workspace, dir: string, entry: PackageEntry): boolean {
    const files = ws.goPackages.get(dir);
    if (!files || files.length !== entry.texts.size) return false;
    const renewed: [string, string, GoFileFacts][] = [];
    for (const file of files) {
      if (!entry.texts.has(file)) return false;
      const before = entry.texts.get(file)!;
      const text = this.readText(file);
      const was = entry.inputs.get(file);
      // Neither the text nor its facts moved (settle() drops the facts of an unchanged text to re-parse it).
      // An unreadable file (null) is not known unchanged: its problem (a NUL byte's offset) may have moved.
      if (text !== null && text === before && (!was || this.fileFacts.get(file)?.facts === was)) continue;
      if (text === null || before === null || !was) return false;
      const facts = this.goFileFacts(file, text);
      if (!facts || !sameFileFacts(was, facts)) return false;
      renewed.push([file, text, facts]);
    }
    for (const [file, text, facts] of renewed) {
      entry.texts.set(file, text);
      entry.inputs.set(file, facts);
    }
    return true;
  }

  /**
   * Computes package facts for at most `budgetMs` milliseconds, so a caller can yield between slices (the
   * server's initial scan). Returns how many packages are ready; analyze() then only runs the rules.
   */
  prepare(budgetMs: number): { done: number; total: number } {
    const ws = this.currentWorkspace();
    const total = ws.goPackages.size;
    this.invalidatePackages(ws);
    const deadline = performance.now() + budgetMs;
    let done = 0;
    for (const dir of ws.goPackages.keys()) {
      if (!this.packages.has(dir)) {
        if (performance.now() > deadline) break;
        this.computePackage(ws, dir);
      }
      done++;
    }
    return { done, total };
  }

  /**
   * GoFileFacts for one file's text, cached per text; an open buffer re-parses its tree incrementally.
   * Undefined (the analyzer then parses, and reports a failure itself) when there is no parser or it threw.
   */
  private goFileFacts(file: string, text: string): GoFileFacts | undefined {
    const cached = this.fileFacts.get(file);
    if (cached && cached.text === text) return cached.facts;
    const parser = this.engine.parser;
    if (!parser) return undefined;
    const buffer = this.buffers.get(file);
    try {
      let facts: GoFileFacts;
      if (buffer && buffer.text === text) {
        const previous = buffer.tree;
        if (!previous) {
          buffer.tree = parser.parse(text);
          buffer.unsettled = false;
        } else if (buffer.treeStale) {
          buffer.tree = parser.parse(text, previous);
          parser.release(previous);
          buffer.unsettled = buffer.tree.rootNode.hasError;
        }
        buffer.treeStale = false;
        // Open buffers keep a declaration memo: an edit re-walks only the declarations it touched.
        facts = extractFileFacts(buffer.tree!, text, file, (buffer.declarations ??= createDeclarationCache()));
      } else {
        const tree = parser.parse(text);
        try {
          facts = extractFileFacts(tree, text, file);
        } finally {
          parser.release(tree);
        }
      }
      this.fileFacts.set(file, { text, facts });
      return facts;
    } catch {
      if (buffer) this.dropTree(buffer);
      return undefined;
    }
  }
}
