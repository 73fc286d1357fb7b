/**
 * The language server's router (bash-language-server's BashServer): capabilities declared in one function,
 * one handler per request bound in register(). Knowing is done elsewhere: analyzers/session.ts owns texts,
 * trees and facts; server/features/* answer requests; this file only moves data between them.
 */
import { readFileSync } from 'node:fs';
import {
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { Diagnostic } from '../analyzers/diagnostics.js';
import { PACKAGE_RULES, type AnalysisResult, type EngineOptions } from '../analyzers/engine.js';
import { moduleCacheFor } from '../host/module-cache.js';
import type { Rule } from '../analyzers/rules/define-rule.js';
import type { GoParser } from '../analyzers/go/parser.js';
import { AnalysisSession, type DiskChange } from '../analyzers/session.js';
import type { KpaSettings } from '../analyzers/settings/parse-kpa-settings.js';
import type { Target } from '../analyzers/target.js';
import { basename, relativePath } from '../analyzers/workspace.js';
import { reportedFindings, type WalkProblem } from '../analyzers/reported-findings.js';
import { ignoreMatcher } from '../analyzers/settings/glob.js';
import { DiskFileSource } from '../host/disk-workspace.js';
import { escapeControlCharactersKeepingLayout } from '../host/display-text.js';
import { loadParser, parserChoice } from '../host/go-parser.js';
import {
  DEFAULT_EDITOR_SETTINGS,
  mergeSettings,
  readEditorSettings,
  readProjectSettings,
  resolveSettingsTarget,
  SETTINGS_FILE_NAME,
  type EditorSettings,
  type EffectiveSettings,
} from './configuration.js';
import type { FeatureContext } from './context.js';
import { DiagnosticsPublisher } from './diagnostics.js';
import { DocumentStore, toTextChanges, uriToPath } from './document-sync.js';
import type { MessageBacklog } from './message-backlog.js';
import { codeActionCapability, codeActions, RUN_SHELL_COMMAND } from './features/code-actions.js';
import { BUILD_COMMAND, codeLensCapability, codeLenses } from './features/code-lens.js';
import { COMPAT_MATRIX_COMMAND, compatMatrixText, goModCodeLenses, goModInlayHints, inlayHintCapability } from './features/gomod-hints.js';
import { completion, completionCapability } from './features/completion.js';
import { definition } from './features/definition.js';
import { documentSymbolCapability, documentSymbols } from './features/document-symbols.js';
import { hover } from './features/hover.js';
import { LogExplanations } from './features/log-explanations.js';
import { references } from './features/references.js';
import { prepareRename, rename } from './features/rename.js';
import { beginProgress } from './progress.js';
import { runBuildCommand, runShellCommand } from './commands.js';
import { warmUp } from './warm-up.js';
import { scanWorkspace, WATCHED_GLOBS, type ScanResult } from './workspace-scan.js';

export interface ServerOptions {
  /** How to get the Go parser; tests may inject one. Defaults to loadServerParser(KPA_PARSER). */
  loadParser?: () => Promise<GoParser>;
  /** Environment for commands the server runs (build, shell fixes). */
  env?: Record<string, string | undefined>;
  /** The connection's message queue (server/main.ts): analysis waits until queued changes are applied. */
  backlog?: MessageBacklog;
}

/**
 * How long typing must pause before half-typed buffers are re-parsed from scratch: longer than the gap between
 * keystrokes of steady typing, short enough to feel immediate once it stops.
 */
const SETTLE_DELAY_MS = 150;

/**
 * Buffers longer than this (UTF-16 units, about bytes for Go source) are not analysed at every keystroke: a 10 MB
 * file costs about a second per analysis. They are analysed once typing pauses for LARGE_BUFFER_PAUSE_MS,
 * on save, and before a request is answered, so at rest the editor still shows what `kpa lint` reports.
 */
export const LIVE_ANALYSIS_MAX_CHARS = 1024 * 1024;
const LARGE_BUFFER_PAUSE_MS = 500;

export function serverCapabilities(options: { build: boolean }): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    codeActionProvider: codeActionCapability,
    completionProvider: completionCapability,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: documentSymbolCapability,
    codeLensProvider: codeLensCapability,
    inlayHintProvider: inlayHintCapability,
    executeCommandProvider: { commands: [...(options.build ? [BUILD_COMMAND] : []), RUN_SHELL_COMMAND, COMPAT_MATRIX_COMMAND] },
  };
}

type Handler<P, R> = (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>;

export class KpaServer {
  private readonly documents = new DocumentStore();
  private readonly publisher: DiagnosticsPublisher;
  private readonly logs = new LogExplanations();
  private session: AnalysisSession | null = null;
  private parser: GoParser | null = null;
  private root: string | null = null;
  private clientCapabilities: ClientCapabilities = {};
  private initializationSettings: unknown;
  private editorSettings: EditorSettings = DEFAULT_EDITOR_SETTINGS;
  private projectSettings: KpaSettings | null = null;
  private settings: EffectiveSettings = mergeSettings(null, DEFAULT_EDITOR_SETTINGS);
  private target: Target | null = null;
  private reportedProblems = new Set<string>();
  /** Directories the initial scan could not read: KPA001, as `kpa lint` reports them. */
  private walkProblems: readonly WalkProblem[] = [];
  private earlyScan: ReturnType<KpaServer['startScan']> = null;
  private ignored: { patterns: readonly string[]; matcher: ((file: string) => boolean) | null } | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Files whose publish is owed (the edited documents) by the analysis scheduled after the backlog. */
  private readonly owedPublishes = new Set<string>();
  private analysisScheduled = false;
  /** Buffers over LIVE_ANALYSIS_MAX_CHARS waiting for typing to pause, and the timer of that pause. */
  private readonly largeBuffersWaiting = new Set<string>();
  private largeBufferTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly largeBuffersTold = new Set<string>();
  /** Resolves when the initial workspace scan has finished (tests and benchmarks wait on it). */
  scanDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly options: ServerOptions = {},
  ) {
    this.publisher = DiagnosticsPublisher.forConnection(connection, this.documents);
  }

  register(): void {
    const c = this.connection;
    c.onInitialize((params) => this.onInitialize(params));
    c.onInitialized(() => void this.onInitialized());
    c.onDidOpenTextDocument((p) => this.guardNotification('didOpen', () => this.onDidOpen(p.textDocument)));
    c.onDidChangeTextDocument((p) =>
      this.guardNotification('didChange', () => this.onDidChange(p.textDocument.uri, p.textDocument.version, p.contentChanges)),
    );
    c.onDidCloseTextDocument((p) => this.guardNotification('didClose', () => this.onDidClose(p.textDocument.uri)));
    c.onDidSaveTextDocument(() => this.guardNotification('didSave', () => this.catchUp()));
    c.onDidChangeWatchedFiles((p) =>
      this.guardNotification('didChangeWatchedFiles', () =>
        this.onDiskChanged(
          p.changes.flatMap((change) => {
            const file = uriToPath(change.uri);
            if (!file) return [];
            const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
            return [{ file, kind } satisfies DiskChange];
          }),
        ),
      ),
    );
    c.onDidChangeConfiguration((p) => void this.reloadSettings(p.settings));
    c.onHover(this.request('hover', (p) => this.logs.hover(p, this.context()) ?? hover(p, this.context())));
    c.onCodeAction(this.request('codeAction', (p) => codeActions(p, this.context())));
    c.onCompletion(this.request('completion', (p) => completion(p, this.context())));
    c.onDefinition(this.request('definition', (p) => definition(p, this.context())));
    c.onReferences(this.request('references', (p) => references(p, this.context())));
    c.onPrepareRename(this.request('prepareRename', (p) => prepareRename(p, this.context())));
    c.onRenameRequest(this.request('rename', (p) => rename(p, this.context())));
    c.onDocumentSymbol(this.request('documentSymbol', (p) => documentSymbols(p, this.context())));
    // go.mod's lens and hints judge a module by its plugin builds, which only the finished scan knows.
    c.onCodeLens(this.request('codeLens', async (p) => [...codeLenses(p, this.context()), ...(await this.afterScan(() => goModCodeLenses(p, this.context())))]));
    c.languages.inlayHint.on(this.request('inlayHint', (p) => this.afterScan(() => goModInlayHints(p, this.context()))));
    c.onExecuteCommand(this.request('executeCommand', (p) => this.executeCommand(p.command, p.arguments ?? [])));
  }

  // --- lifecycle -------------------------------------------------------------------------------------------

  private async onInitialize(params: InitializeParams): Promise<InitializeResult> {
    this.clientCapabilities = params.capabilities;
    this.initializationSettings = (params.initializationOptions as { kpa?: unknown } | undefined)?.kpa ?? params.initializationOptions;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? null;
    this.root = (folder && uriToPath(folder)) ?? params.rootPath ?? null;
    const { problem } = parserChoice(this.options.env ?? process.env);
    if (problem) this.log(MessageType.Warning, `${problem}; the default parser serves`);
    try {
      this.parser = await (this.options.loadParser ?? (() => loadServerParser(this.options.env ?? process.env)))();
      this.log(MessageType.Info, `Go files are parsed with tree-sitter's ${this.parser.backend} binding (KPA_PARSER=native|wasm chooses)`);
    } catch (err) {
      this.log(MessageType.Error, `the Go parser could not load; Go files are not analysed: ${(err as Error).message}`);
    }
    this.projectSettings = this.readProjectSettingsFromDisk();
    this.settings = mergeSettings(this.projectSettings, readEditorSettings(this.initializationSettings).settings);
    this.target = this.resolveTarget();
    this.session = new AnalysisSession({ root: this.root ?? '/', disk: new DiskFileSource([]), engine: this.engineOptions() });
    // The walk starts now (its I/O overlaps the warm-up and the client's reply); initialScan uses it if the
    // editor's settings do not change what it reads.
    this.earlyScan = this.startScan();
    if (this.parser) this.log(MessageType.Info, `warmed up on a sample plugin in ${warmUp(this.engineOptions()).toFixed(0)} ms`);
    return { capabilities: serverCapabilities({ build: true }), serverInfo: { name: 'kpa' } };
  }

  private async onInitialized(): Promise<void> {
    const caps = this.clientCapabilities;
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((err: Error) => this.log(MessageType.Warning, `file watching could not be registered: ${err.message}`));
    }
    let resolveScan!: () => void;
    this.scanDone = new Promise((r) => (resolveScan = r));
    try {
      if (caps.workspace?.configuration) await this.reloadSettings(undefined);
      await this.initialScan();
    } catch (err) {
      this.log(MessageType.Error, `the workspace scan failed: ${(err as Error).stack ?? err}`);
    } finally {
      resolveScan();
    }
  }

  private startScan(): { maxFiles: number; ignore: readonly string[]; result: Promise<ScanResult> } | null {
    if (!this.root) return null;
    const { maxScanFiles: maxFiles, ignore } = this.settings;
    return { maxFiles, ignore, result: scanWorkspace(this.root, { maxFiles, ignored: this.ignoredMatcher() }) };
  }

  /** Finds the workspace's files (capped), with $/progress, without blocking requests; then publishes all. */
  private async initialScan(): Promise<void> {
    if (!this.root || !this.session) return;
    const progress = await beginProgress(this.connection, Boolean(this.clientCapabilities.window?.workDoneProgress), 'kpa: scanning plugins');
    try {
      const early = this.earlyScan;
      this.earlyScan = null;
      const sameSettings = early?.maxFiles === this.settings.maxScanFiles && early.ignore === this.settings.ignore;
      const found = await (sameSettings ? early.result : this.startScan()!.result);
      this.walkProblems = found.problems;
      if (found.capped) {
        this.log(MessageType.Warning, `the workspace has more than ${this.settings.maxScanFiles} files kpa reads; only the first ${this.settings.maxScanFiles} are analysed (setting kpa.maxScanFiles)`);
      }
      progress.report(`${found.files.length} files`, 10);
      const session = this.session;
      session.diskChanged(found.files.map((file) => ({ file, kind: 'created' as const })));
      // Package facts are computed in slices, yielding between them, so requests are answered meanwhile;
      // each slice's packages show their own findings at once (they depend on nothing else).
      for (;;) {
        const step = session.prepare(20);
        progress.report(`${step.done}/${step.total} packages`, 10 + (90 * step.done) / Math.max(1, step.total));
        if (step.done >= step.total) break;
        this.publishPreparedFindings();
        await new Promise((r) => setImmediate(r));
      }
      this.analyzeAndPublish([]);
    } finally {
      progress.done();
    }
  }

  // --- documents -------------------------------------------------------------------------------------------

  private onDidOpen(doc: { uri: string; languageId: string; version: number; text: string }): void {
    const open = this.documents.open(doc.uri, doc.languageId, doc.version);
    if (!open.path || !this.session) return this.publisher.publishEmpty(doc.uri, doc.version);
    this.session.open(open.path, doc.text);
    this.afterTextChange(open.path, doc.text.length);
  }

  private onDidChange(uri: string, version: number, changes: Parameters<typeof toTextChanges>[0]): void {
    const doc = this.documents.changed(uri, version);
    if (!doc) return;
    if (!doc.path || !this.session) return this.publisher.publishEmpty(uri, version);
    const text = this.session.change(doc.path, toTextChanges(changes));
    this.afterTextChange(doc.path, text.length);
  }

  private onDidClose(uri: string): void {
    const doc = this.documents.close(uri);
    if (!doc?.path || !this.session) return this.publisher.publishEmpty(uri);
    this.session.close(doc.path);
    this.largeBuffersWaiting.delete(doc.path);
    if (basename(doc.path) === SETTINGS_FILE_NAME) this.reloadProjectSettings();
    // The file reverts to its disk content: its findings (if it exists on disk) are republished from that.
    this.scheduleAnalysis([doc.path]);
  }

  private afterTextChange(path: string, length: number): void {
    if (basename(path) === SETTINGS_FILE_NAME) this.reloadProjectSettings();
    if (length <= LIVE_ANALYSIS_MAX_CHARS) {
      this.largeBuffersWaiting.delete(path);
      return this.scheduleAnalysis([path]);
    }
    this.tellLargeBufferOnce(path, length);
    this.largeBuffersWaiting.add(path);
    if (this.largeBufferTimer) clearTimeout(this.largeBufferTimer);
    this.largeBufferTimer = setTimeout(() => this.guardNotification('analysis of a large buffer', () => this.releaseLargeBuffers()), LARGE_BUFFER_PAUSE_MS);
    this.largeBufferTimer.unref?.();
  }

  private tellLargeBufferOnce(path: string, length: number): void {
    if (this.largeBuffersTold.has(path)) return;
    this.largeBuffersTold.add(path);
    const size = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    const message = `${this.displayPath(path)} is ${size(length)}, over the ${size(LIVE_ANALYSIS_MAX_CHARS)} kpa analyses at every keystroke; it is analysed when typing pauses for ${LARGE_BUFFER_PAUSE_MS} ms, on save and before a request is answered`;
    this.log(MessageType.Info, message);
    this.showMessage(MessageType.Info, `kpa: ${message}`);
  }

  private releaseLargeBuffers(): void {
    if (this.largeBufferTimer) clearTimeout(this.largeBufferTimer);
    this.largeBufferTimer = null;
    if (this.largeBuffersWaiting.size === 0) return;
    const waiting = [...this.largeBuffersWaiting];
    this.largeBuffersWaiting.clear();
    this.scheduleAnalysis(waiting);
  }

  /**
   * Analysis after the client's queued messages are applied (server/message-backlog.ts): a burst of edits or
   * file events costs one analysis, and each edited document still gets one publish with its latest version.
   */
  private scheduleAnalysis(always: readonly string[]): void {
    for (const path of always) this.owedPublishes.add(path);
    if (this.analysisScheduled) return;
    this.analysisScheduled = true;
    const run = () => this.guardNotification('analysis', () => this.analyzeOwed());
    if (this.options.backlog) this.options.backlog.afterBacklog(run);
    else setImmediate(run);
  }

  private analyzeOwed(): void {
    if (!this.analysisScheduled) return;
    this.analysisScheduled = false;
    const owed = [...this.owedPublishes];
    this.owedPublishes.clear();
    this.analyzeAndPublish(owed);
  }

  /** Brings the findings up to date now: large buffers, the scheduled analysis, half-typed buffers. */
  private catchUp(): void {
    this.releaseLargeBuffers();
    this.analyzeOwed();
    this.settleNow();
  }

  private displayPath(path: string): string {
    return this.root ? relativePath(this.root, path) || path : path;
  }

  private onDiskChanged(changes: DiskChange[]): void {
    if (!this.session || changes.length === 0) return;
    const ignored = this.ignoredMatcher();
    this.session.diskChanged(ignored ? changes.filter((c) => c.kind === 'deleted' || !ignored(c.file)) : changes);
    if (changes.some((c) => basename(c.file) === SETTINGS_FILE_NAME)) this.reloadProjectSettings();
    this.scheduleAnalysis([]);
  }

  /**
   * Re-analyses and publishes. `always` lists files whose diagnostics are sent even if unchanged (the edited
   * document: editors and tests wait for one publish per version). An analysis failure is logged and the
   * last findings are re-sent with the new version, so the session keeps going.
   */
  private analyzeAndPublish(always: string[]): void {
    if (!this.session) return;
    let result: AnalysisResult;
    try {
      result = this.session.analyze();
    } catch (err) {
      this.log(MessageType.Error, `analysis failed; showing the previous findings: ${(err as Error).stack ?? err}`);
      for (const path of always) this.publisher.publishFile(path, this.publisher.findings(path).map((f) => f.diagnostic));
      return;
    }
    this.publisher.publish([...this.shown(result.diagnostics), ...this.logFindings(result)], always);
    if (this.session.unsettled()) this.scheduleSettle();
  }

  /** The plugin failures of the open KrakenD logs (features/log-explanations.ts), published beside the findings. */
  private logFindings(result: AnalysisResult): Diagnostic[] {
    const { krakend, flavour, arch } = this.settings.target;
    try {
      return this.logs.findings(this.documents, this.session!, result, { chosen: krakend ? this.target : null, flavour, arch });
    } catch (err) {
      this.log(MessageType.Error, `the open KrakenD logs could not be explained: ${(err as Error).stack ?? err}`);
      return [];
    }
  }

  /**
   * During the initial scan: the findings of the packages computed so far, for files no editor has open
   * (those are published with every analysis). Nothing is cleared; the scan's full analysis ends it.
   */
  private publishPreparedFindings(): void {
    if (!this.session) return;
    const session = this.session;
    this.publisher.publishFound(this.shown(session.preparedFindings(), PACKAGE_RULES), (file) => session.isOpen(file));
  }

  /**
   * What the editor is shown of the engine's findings: the last steps of the one lint pipeline
   * (analyzers/reported-findings.ts), with kpa:ignore read only from the files the session knows carry one.
   * `producedBy`: the rules that produced `found` when not all that run did (the scan's early findings).
   */
  private shown(found: Diagnostic[], producedBy?: readonly Rule[]): Diagnostic[] {
    const session = this.session!;
    const options = {
      ...session.options,
      suppressionFiles: session.filesWithSuppressions(),
      readText: (file: string) => session.text(file) ?? undefined,
      isIgnored: this.ignoredMatcher(),
      walkProblems: this.walkProblems,
      producedBy,
    };
    try {
      return reportedFindings(found, options).diagnostics;
    } catch (err) {
      this.log(MessageType.Error, `kpa:ignore comments could not be applied: ${(err as Error).stack ?? err}`);
      return reportedFindings(found, { ...options, suppressionFiles: [] }).diagnostics;
    }
  }

  /**
   * Half-typed buffers were answered from their incremental trees (analyzers/session.ts); once typing pauses
   * they are re-parsed from scratch and whatever changed is published again, for the same version.
   */
  private scheduleSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.guardNotification('settle', () => this.settleNow()), SETTLE_DELAY_MS);
    // A pending settle is no reason to keep the process alive once the editor has gone.
    this.settleTimer.unref?.();
  }

  /** Settles now (a request is about to read the findings, or the file was saved). */
  private settleNow(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    if (this.session?.settle()) this.analyzeAndPublish([]);
  }

  // --- settings --------------------------------------------------------------------------------------------

  private readProjectSettingsFromDisk(): KpaSettings | null {
    if (!this.root) return null;
    const file = `${this.root === '/' ? '' : this.root}/${SETTINGS_FILE_NAME}`;
    let text: string | null = this.session?.isOpen(file) ? this.session.text(file) : null;
    if (text === null) {
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    }
    // A settings file is workspace data: whatever it holds, it is reported, never fatal to the server.
    try {
      const { settings, problems } = readProjectSettings(text);
      for (const p of problems) this.reportOnce(`${SETTINGS_FILE_NAME}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
      return settings;
    } catch (err) {
      this.reportOnce(`${SETTINGS_FILE_NAME}: could not be read, so it is not applied: ${(err as Error).message}`);
      return null;
    }
  }

  private reloadProjectSettings(): void {
    this.projectSettings = this.readProjectSettingsFromDisk();
    this.applySettings();
  }

  private async reloadSettings(pushed: unknown): Promise<void> {
    let raw = (pushed as { kpa?: unknown } | undefined)?.kpa;
    if (this.clientCapabilities.workspace?.configuration) {
      try {
        raw = await withTimeout(this.connection.workspace.getConfiguration('kpa'), 2000);
      } catch (err) {
        this.log(MessageType.Warning, `the editor's kpa settings could not be read: ${(err as Error).message}`);
      }
    }
    const { settings, problems } = readEditorSettings(raw ?? this.initializationSettings);
    for (const p of problems) this.reportOnce(p);
    this.editorSettings = settings;
    this.applySettings();
  }

  private applySettings(): void {
    this.settings = mergeSettings(this.projectSettings, this.editorSettings);
    this.target = this.resolveTarget();
    if (!this.session) return;
    this.session.setOptions(this.engineOptions());
    this.analyzeAndPublish([]);
  }

  /**
   * `.kpa.json` "ignore" patterns (relative to the workspace root) as a predicate over paths; null without any.
   * A pattern that cannot compile never gets here: settings loading reports it and drops it.
   */
  private ignoredMatcher(): ((file: string) => boolean) | null {
    if (!this.root) return null;
    // Compiled once per settings, not at every keystroke.
    if (this.ignored?.patterns !== this.settings.ignore) {
      this.ignored = { patterns: this.settings.ignore, matcher: ignoreMatcher(this.settings.ignore, this.root) };
    }
    return this.ignored.matcher;
  }

  private resolveTarget(): Target | null {
    const { target, problem } = resolveSettingsTarget(this.settings);
    if (problem) this.reportOnce(problem);
    return target;
  }

  private engineOptions(): EngineOptions {
    return { parser: this.parser, target: this.target, rules: this.settings.rules, moduleCache: moduleCacheFor(this.options.env ?? process.env) };
  }

  // --- requests --------------------------------------------------------------------------------------------

  private async afterScan<T>(answer: () => T): Promise<T> {
    await this.scanDone;
    this.catchUp();
    return answer();
  }

  private context(): FeatureContext {
    const session = this.session!;
    return {
      session,
      documents: this.documents,
      analysis: () => session.analyze(),
      findings: (file) => this.publisher.findings(file),
      target: this.target,
    };
  }

  /** Wraps a request handler: honours cancellation, turns a thrown error into an LSP error and keeps serving. */
  private request<P, R>(name: string, fn: (params: P, token: CancellationToken) => R | Promise<R>): Handler<P, R> {
    return async (params, token) => {
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
      if (!this.session) return new ResponseError(ErrorCodes.ServerNotInitialized, 'kpa has not been initialized');
      try {
        // Answers (fixes, hovers) are computed from current, settled findings: the ones `kpa lint` would report.
        this.catchUp();
        const result = await fn(params, token);
        if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
        return result;
      } catch (err) {
        this.log(MessageType.Error, `${name} failed: ${(err as Error)?.stack ?? err}`);
        return new ResponseError(ErrorCodes.InternalError, `kpa could not answer ${name}: ${(err as Error)?.message ?? err}`);
      }
    };
  }

  private guardNotification(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log(MessageType.Error, `${name} failed: ${(err as Error)?.stack ?? err}`);
    }
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === BUILD_COMMAND) {
      if (!this.target) throw new Error('no KrakenD target is resolved to build for (see the kpa settings)');
      const dir = typeof args[0] === 'string' ? args[0] : null;
      if (!dir) throw new Error('kpa.build needs the plugin directory as its argument');
      const code = await runBuildCommand(dir, this.target, this.options.env ?? process.env, (line) => this.connection.console.log(line));
      if (code !== 0) this.showMessage(MessageType.Error, `kpa build failed (exit ${code}); see the kpa output for details.`);
      return code;
    }
    if (command === COMPAT_MATRIX_COMMAND) {
      const text = typeof args[0] === 'string' ? compatMatrixText(args[0], this.context()) : null;
      if (text === null) throw new Error('kpa.compatMatrix needs the path of a go.mod kpa has read');
      this.connection.console.log(escapeControlCharactersKeepingLayout(text));
      return text;
    }
    if (command === RUN_SHELL_COMMAND) {
      const shell = typeof args[0] === 'string' ? args[0] : null;
      if (!shell || !this.isOfferedShellFix(shell)) throw new Error('kpa only runs shell commands that one of its fixes offered');
      const code = await runShellCommand(shell, this.root ?? process.cwd(), this.options.env ?? process.env, (line) => this.connection.console.log(line));
      return code;
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${command}`);
  }

  private isOfferedShellFix(command: string): boolean {
    const diagnostics: Diagnostic[] = this.session?.analyze().diagnostics ?? [];
    return diagnostics.some((d) => d.fixes?.some((f) => f.command === command));
  }

  private reportOnce(message: string): void {
    if (this.reportedProblems.has(message)) return;
    this.reportedProblems.add(message);
    this.log(MessageType.Warning, message);
    this.showMessage(MessageType.Warning, `kpa: ${message}`);
  }

  /** window/showMessage, a notification: window.show*Message would send a request and expect an answer. */
  private showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message: escapeControlCharactersKeepingLayout(message) });
  }

  /** Logging never throws: it runs in error paths and timers, where the connection may already be gone. */
  private log(type: MessageType, raw: string): void {
    // Messages carry workspace data (paths, settings values): control characters are shown, never acted on.
    const message = escapeControlCharactersKeepingLayout(raw);
    try {
      if (type === MessageType.Error) this.connection.console.error(message);
      else if (type === MessageType.Warning) this.connection.console.warn(message);
      else this.connection.console.info(message);
    } catch {
      // no connection left to tell
    }
  }
}

/**
 * The server parses with tree-sitter's wasm binding unless KPA_PARSER says native or wasm (the CLI prefers
 * the native one; `auto` here means the server's default). A long-running process needs what wasm gives:
 * each tree is freed the moment it is released, where a native tree waits for V8 to collect its small
 * wrapper and for N-API to run the finalizer later, so the server's memory grew with every keystroke; and
 * reading facts out of a tree crosses into wasm faster than into C++ (numbers in docs/architecture.md).
 * When wasm cannot load, the native binding serves.
 */
export function loadServerParser(env: Record<string, string | undefined>): Promise<GoParser> {
  return loadParser(parserChoice(env).choice, 'wasm');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
