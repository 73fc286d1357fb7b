/**
 * A small fake of the `vscode` API: the part the kpa extension and vscode-languageclient 9 touch while
 * starting the client, syncing documents, showing diagnostics, code actions and code lenses, and running
 * commands. VS Code itself cannot be downloaded here; test/e2e/clients-vscode.test.ts loads the bundled
 * extension with `require('vscode')` pointed at this file and drives it against the real kpa server.
 *
 * Anything not faked throws "fake vscode: <name> is not faked" on access, so a test fails loudly (rather than
 * passing on `undefined`) when the extension or the client library starts to use more of the API.
 */
'use strict';
const { fileURLToPath, pathToFileURL } = require('node:url');
const { readFileSync, writeFileSync } = require('node:fs');
const { basename } = require('node:path');

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((i) => i && i.dispose && i.dispose()));
  }
  dispose() {
    if (this._fn) this._fn();
    this._fn = undefined;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg, disposables) => {
      const bound = thisArg ? listener.bind(thisArg) : listener;
      this.listeners.add(bound);
      const d = new Disposable(() => this.listeners.delete(bound));
      if (Array.isArray(disposables)) disposables.push(d);
      return d;
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Uri {
  constructor(scheme, path, query = '', fragment = '') {
    this.scheme = scheme;
    this.path = path;
    this.query = query;
    this.fragment = fragment;
    this.authority = '';
  }
  static file(path) {
    return new Uri('file', path);
  }
  static parse(value) {
    if (value.startsWith('file:')) return Uri.file(fileURLToPath(value));
    const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(value);
    return m ? new Uri(m[1], m[2]) : new Uri('file', value);
  }
  get fsPath() {
    return this.path;
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString() {
    return this.scheme === 'file' ? pathToFileURL(this.path).href : `${this.scheme}:${this.path}`;
  }
  toJSON() {
    return { scheme: this.scheme, path: this.path };
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
  isBefore(o) {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  isEqual(o) {
    return this.line === o.line && this.character === o.character;
  }
}

class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
  get isEmpty() {
    return this.start.isEqual(this.end);
  }
  isEqual(o) {
    return this.start.isEqual(o.start) && this.end.isEqual(o.end);
  }
}

class Location {
  constructor(uri, rangeOrPosition) {
    this.uri = uri;
    this.range = rangeOrPosition instanceof Position ? new Range(rangeOrPosition, rangeOrPosition) : rangeOrPosition;
  }
}

const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 };

class Diagnostic {
  constructor(range, message, severity = DiagnosticSeverity.Error) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}

class DiagnosticRelatedInformation {
  constructor(location, message) {
    this.location = location;
    this.message = message;
  }
}

class TextEdit {
  constructor(range, newText) {
    this.range = range;
    this.newText = newText;
  }
}

class WorkspaceEdit {
  constructor() {
    this._edits = new Map();
  }
  replace(uri, range, newText) {
    const key = uri.toString();
    const entry = this._edits.get(key) ?? { uri, edits: [] };
    entry.edits.push(new TextEdit(range, newText));
    this._edits.set(key, entry);
  }
  set(uri, edits) {
    this._edits.set(uri.toString(), { uri, edits: [...edits] });
  }
  get(uri) {
    return this._edits.get(uri.toString())?.edits ?? [];
  }
  has(uri) {
    return this._edits.has(uri.toString());
  }
  entries() {
    return [...this._edits.values()].map((e) => [e.uri, e.edits]);
  }
  get size() {
    return this._edits.size;
  }
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other) {
    return this.value === '' || other.value === this.value || other.value.startsWith(this.value + '.');
  }
  intersects(other) {
    return this.contains(other) || other.contains(this);
  }
}
for (const [name, value] of Object.entries({
  Empty: '',
  QuickFix: 'quickfix',
  Refactor: 'refactor',
  RefactorExtract: 'refactor.extract',
  RefactorInline: 'refactor.inline',
  RefactorRewrite: 'refactor.rewrite',
  Source: 'source',
  SourceOrganizeImports: 'source.organizeImports',
  SourceFixAll: 'source.fixAll',
})) {
  CodeActionKind[name] = new CodeActionKind(value);
}

class CodeAction {
  constructor(title, kind) {
    this.title = title;
    this.kind = kind;
  }
}

class CodeLens {
  constructor(range, command) {
    this.range = range;
    this.command = command;
  }
  get isResolved() {
    return this.command !== undefined;
  }
}

class MarkdownString {
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }
}

class Hover {
  constructor(contents, range) {
    this.contents = Array.isArray(contents) ? contents : [contents];
    this.range = range;
  }
}

/** Result classes the client library subclasses when it loads (it never builds them for kpa's answers). */
class CompletionItem {
  constructor(label, kind) {
    this.label = label;
    this.kind = kind;
  }
}
class DocumentLink {
  constructor(range, target) {
    this.range = range;
    this.target = target;
  }
}
class SymbolInformation {
  constructor(name, kind, containerName, location) {
    Object.assign(this, { name, kind, containerName, location });
  }
}
class CallHierarchyItem {
  constructor(kind, name, detail, uri, range, selectionRange) {
    Object.assign(this, { kind, name, detail, uri, range, selectionRange });
  }
}
class TypeHierarchyItem extends CallHierarchyItem {}
class InlayHint {
  constructor(position, label, kind) {
    Object.assign(this, { position, label, kind });
  }
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

class CancellationTokenSource {
  constructor() {
    const emitter = new EventEmitter();
    this._emitter = emitter;
    this.token = { isCancellationRequested: false, onCancellationRequested: emitter.event };
  }
  cancel() {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this._emitter.fire(undefined);
  }
  dispose() {
    this._emitter.dispose();
  }
}

class RelativePattern {
  constructor(base, pattern) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base.uri ?? base;
    this.base = this.baseUri.fsPath;
    this.pattern = pattern;
  }
}

/** A glob for document selectors: `**`, `*`, `?` and `{a,b}`, matched against the whole path. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}$`);
}

const EndOfLine = { LF: 1, CRLF: 2 };

/** An open text document. `setText` replaces the content and bumps the version, as an edit would. */
class FakeTextDocument {
  constructor(uri, languageId, text) {
    this.uri = uri;
    this.languageId = languageId;
    this.version = 1;
    this.isClosed = false;
    this.isDirty = false;
    this.isUntitled = uri.scheme === 'untitled';
    this.eol = EndOfLine.LF;
    this._text = text;
  }
  get fileName() {
    return this.uri.fsPath;
  }
  get lineCount() {
    return this._text.split('\n').length;
  }
  offsetAt(position) {
    const lines = this._text.split('\n');
    let offset = 0;
    for (let l = 0; l < position.line && l < lines.length; l++) offset += lines[l].length + 1;
    return offset + position.character;
  }
  positionAt(offset) {
    const before = this._text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  getText(range) {
    return range ? this._text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this._text;
  }
  lineAt(line) {
    const text = this._text.split('\n')[typeof line === 'number' ? line : line.line];
    return { text, range: new Range(line, 0, line, text.length) };
  }
  save() {
    writeFileSync(this.uri.fsPath, this._text);
    this.isDirty = false;
    workspaceEvents.save.fire(this);
    return Promise.resolve(true);
  }
}

function createFakeVscode() {
  const state = {
    /** Settings by full key (`kpa.krakendVersion`); what getConfiguration reads and update writes. */
    settings: {},
    workspaceFolders: [],
    documents: [],
    activeTextEditor: undefined,
    commands: new Map(),
    diagnostics: new Map(),
    providers: [],
    messages: [],
    outputChannels: new Map(),
    statusBarItems: [],
    shownDocuments: [],
    quickPickAnswer: undefined,
  };

  const configuration = (section) => {
    const prefix = section ? `${section}.` : '';
    const tree = () => {
      const out = {};
      for (const [key, value] of Object.entries(state.settings)) {
        if (!key.startsWith(prefix)) continue;
        const parts = key.slice(prefix.length).split('.');
        let node = out;
        for (const p of parts.slice(0, -1)) node = node[p] ??= {};
        node[parts[parts.length - 1]] = value;
      }
      return out;
    };
    return {
      get(key, fallback) {
        const full = prefix + key;
        if (full in state.settings) return state.settings[full];
        const sub = configuration(full).__tree();
        return Object.keys(sub).length ? sub : fallback;
      },
      has(key) {
        return prefix + key in state.settings;
      },
      inspect(key) {
        return { key: prefix + key, globalValue: state.settings[prefix + key] };
      },
      update(key, value) {
        state.settings[prefix + key] = value;
        workspaceEvents.configuration.fire({ affectsConfiguration: (s) => (prefix + key).startsWith(s) || s.startsWith(prefix + key) });
        return Promise.resolve();
      },
      __tree: tree,
    };
  };

  const folderOf = (uri) => state.workspaceFolders.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + '/'));

  const workspace = {
    get workspaceFolders() {
      return state.workspaceFolders.length ? state.workspaceFolders : undefined;
    },
    get textDocuments() {
      return state.documents.filter((d) => !d.isClosed);
    },
    getConfiguration: configuration,
    getWorkspaceFolder: folderOf,
    onDidOpenTextDocument: workspaceEvents.open.event,
    onDidChangeTextDocument: workspaceEvents.change.event,
    onDidCloseTextDocument: workspaceEvents.close.event,
    onDidSaveTextDocument: workspaceEvents.save.event,
    onWillSaveTextDocument: new EventEmitter().event,
    onDidChangeConfiguration: workspaceEvents.configuration.event,
    onDidChangeWorkspaceFolders: new EventEmitter().event,
    onDidCreateFiles: new EventEmitter().event,
    onDidRenameFiles: new EventEmitter().event,
    onDidDeleteFiles: new EventEmitter().event,
    onWillCreateFiles: new EventEmitter().event,
    onWillRenameFiles: new EventEmitter().event,
    onWillDeleteFiles: new EventEmitter().event,
    createFileSystemWatcher() {
      return {
        onDidCreate: new EventEmitter().event,
        onDidChange: new EventEmitter().event,
        onDidDelete: new EventEmitter().event,
        dispose() {},
      };
    },
    async openTextDocument(arg) {
      if (arg instanceof Uri || typeof arg === 'string') {
        const uri = typeof arg === 'string' ? Uri.file(arg) : arg;
        const open = workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (open) return open;
        return fake.openDocument(uri.fsPath, readFileSync(uri.fsPath, 'utf8'));
      }
      return new FakeTextDocument(new Uri('untitled', `Untitled-${state.shownDocuments.length + 1}`), arg.language ?? 'plaintext', arg.content ?? '');
    },
    /** Applies text edits to open documents (as the editor does: the buffer changes, the disk does not). */
    async applyEdit(edit) {
      for (const [uri, edits] of edit.entries()) {
        const doc = workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (!doc) return false;
        const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
        let text = doc.getText();
        const changes = [];
        for (const e of sorted) {
          const start = doc.offsetAt(e.range.start);
          const end = doc.offsetAt(e.range.end);
          changes.push({ range: e.range, rangeOffset: start, rangeLength: end - start, text: e.newText });
          text = text.slice(0, start) + e.newText + text.slice(end);
        }
        fake.changeDocument(doc, text, changes);
      }
      return true;
    },
  };

  const window = {
    get activeTextEditor() {
      return state.activeTextEditor;
    },
    get visibleTextEditors() {
      return state.activeTextEditor ? [state.activeTextEditor] : [];
    },
    onDidChangeActiveTextEditor: new EventEmitter().event,
    onDidChangeVisibleTextEditors: new EventEmitter().event,
    tabGroups: { all: [], onDidChangeTabs: new EventEmitter().event, onDidChangeTabGroups: new EventEmitter().event },
    createOutputChannel(name) {
      const channel = {
        name,
        lines: [],
        append: (s) => channel.lines.push(s),
        appendLine: (s) => channel.lines.push(`${s}\n`),
        replace: (s) => (channel.lines = [s]),
        clear: () => (channel.lines = []),
        show() {},
        hide() {},
        dispose() {},
        text: () => channel.lines.join(''),
      };
      state.outputChannels.set(name, channel);
      return channel;
    },
    createStatusBarItem(alignment, priority) {
      const item = { alignment, priority, text: '', tooltip: '', command: undefined, name: '', visible: false, show() { item.visible = true; }, hide() { item.visible = false; }, dispose() {} };
      state.statusBarItems.push(item);
      return item;
    },
    showInformationMessage: (message) => (state.messages.push({ level: 'info', message }), Promise.resolve(undefined)),
    showWarningMessage: (message) => (state.messages.push({ level: 'warning', message }), Promise.resolve(undefined)),
    showErrorMessage: (message) => (state.messages.push({ level: 'error', message }), Promise.resolve(undefined)),
    showQuickPick: async (items) => ((await items).includes(state.quickPickAnswer) ? state.quickPickAnswer : undefined),
    async showTextDocument(doc) {
      state.shownDocuments.push(doc);
      return { document: doc };
    },
    withProgress: (_options, task) => task({ report() {} }, new CancellationTokenSource().token),
  };

  const languages = {
    match(selector, document) {
      const selectors = Array.isArray(selector) ? selector : [selector];
      let score = 0;
      for (const s of selectors) {
        if (typeof s === 'string') {
          if (s === document.languageId) score = Math.max(score, 10);
          continue;
        }
        if (s.scheme && s.scheme !== '*' && s.scheme !== document.uri.scheme) continue;
        if (s.language && s.language !== '*' && s.language !== document.languageId) continue;
        const pattern = s.pattern && (typeof s.pattern === 'string' ? s.pattern : s.pattern.pattern);
        if (pattern && !globToRegExp(pattern).test(document.uri.fsPath)) continue;
        if (s.notebookType) continue;
        score = Math.max(score, s.language ? 10 : 5);
      }
      return score;
    },
    createDiagnosticCollection(name) {
      const byUri = new Map();
      const collection = {
        name,
        set(uri, diagnostics) {
          if (Array.isArray(uri)) for (const [u, d] of uri) collection.set(u, d);
          else byUri.set(uri.toString(), diagnostics ?? []);
          state.diagnosticsChanged.fire(undefined);
        },
        delete(uri) {
          byUri.delete(uri.toString());
          state.diagnosticsChanged.fire(undefined);
        },
        clear() {
          byUri.clear();
          state.diagnosticsChanged.fire(undefined);
        },
        get: (uri) => byUri.get(uri.toString()),
        has: (uri) => byUri.has(uri.toString()),
        forEach: (cb) => byUri.forEach((d, u) => cb(Uri.parse(u), d, collection)),
        dispose() {},
      };
      state.diagnostics.set(name, collection);
      return collection;
    },
  };
  for (const kind of [
    'Hover', 'CodeActions', 'Completion', 'Definition', 'Reference', 'Rename', 'DocumentSymbol', 'CodeLens',
    'SignatureHelp', 'WorkspaceSymbol', 'TypeHierarchy', 'TypeDefinition', 'SelectionRange', 'OnTypeFormattingEdit',
    'LinkedEditingRange', 'InlineValues', 'InlineCompletionItem', 'InlayHints', 'Implementation', 'FoldingRange',
    'DocumentRangeFormattingEdit', 'DocumentLink', 'DocumentHighlight', 'DocumentFormattingEdit', 'Declaration',
    'Color', 'CallHierarchy',
  ]) {
    const name = kind === 'CodeActions' ? 'registerCodeActionsProvider' : kind === 'Completion' ? 'registerCompletionItemProvider' : `register${kind}Provider`;
    languages[name] = (selector, provider, ...rest) => {
      const entry = { kind, selector, provider, rest };
      state.providers.push(entry);
      return new Disposable(() => state.providers.splice(state.providers.indexOf(entry), 1));
    };
  }

  const commands = {
    registerCommand(id, handler) {
      // VS Code refuses a second registration of one id; the extension must not clash with the client library.
      if (state.commands.has(id)) throw new Error(`command '${id}' already exists`);
      state.commands.set(id, handler);
      return new Disposable(() => state.commands.delete(id));
    },
    executeCommand(id, ...args) {
      const handler = state.commands.get(id);
      if (!handler) return Promise.reject(new Error(`command '${id}' not found`));
      return Promise.resolve(handler(...args));
    },
    getCommands: () => Promise.resolve([...state.commands.keys()]),
  };

  state.diagnosticsChanged = new EventEmitter();

  const api = {
    version: '1.82.0',
    env: { appName: 'fake vscode', language: 'en', machineId: 'test', sessionId: 'test', uiKind: 1, openExternal: () => Promise.resolve(true) },
    Disposable, EventEmitter, Uri, Position, Range, Location, Diagnostic, DiagnosticSeverity, DiagnosticTag,
    DiagnosticRelatedInformation, TextEdit, WorkspaceEdit, CodeAction, CodeActionKind, CodeLens, MarkdownString, Hover,
    CancellationError, CancellationTokenSource, RelativePattern, EndOfLine, CompletionItem, DocumentLink,
    SymbolInformation, CallHierarchyItem, TypeHierarchyItem, InlayHint,
    CodeActionTriggerKind: { Invoke: 1, Automatic: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TextDocumentSaveReason: { Manual: 1, AfterDelay: 2, FocusOut: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    workspace, window, languages, commands,
  };

  /** Test controls, outside the API. */
  const fake = {
    state,
    setWorkspaceFolder(path) {
      state.workspaceFolders = [{ uri: Uri.file(path), name: basename(path), index: 0 }];
    },
    /** Opens a file as VS Code does when the user opens it, and makes it the active editor. */
    openDocument(path, text, languageId = languageOf(path)) {
      const doc = new FakeTextDocument(Uri.file(path), languageId, text);
      state.documents.push(doc);
      state.activeTextEditor = { document: doc };
      workspaceEvents.open.fire(doc);
      return doc;
    },
    changeDocument(doc, text, contentChanges) {
      doc._text = text;
      doc.version++;
      doc.isDirty = true;
      workspaceEvents.change.fire({ document: doc, contentChanges, reason: undefined });
    },
    closeDocument(doc) {
      doc.isClosed = true;
      workspaceEvents.close.fire(doc);
    },
    setSetting(key, value) {
      state.settings[key] = value;
      workspaceEvents.configuration.fire({ affectsConfiguration: (s) => key === s || key.startsWith(s + '.') });
    },
    diagnostics(uri) {
      for (const c of state.diagnostics.values()) {
        const d = c.get(uri);
        if (d) return d;
      }
      return [];
    },
    providers: (kind) => state.providers.filter((p) => p.kind === kind),
    onDiagnosticsChanged: state.diagnosticsChanged.event,
  };

  return { api, fake };
}

const workspaceEvents = {
  open: new EventEmitter(),
  change: new EventEmitter(),
  close: new EventEmitter(),
  save: new EventEmitter(),
  configuration: new EventEmitter(),
};

function languageOf(path) {
  if (path.endsWith('.go')) return 'go';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('go.mod')) return 'go.mod';
  if (path.endsWith('go.sum')) return 'go.sum';
  return 'plaintext';
}

const { api, fake } = createFakeVscode();

/** Names the module system or tooling probes on any export object; not API. */
const PROBES = new Set(['__esModule', 'default', 'then', 'toJSON', 'inspect', 'constructor', '__fake']);

module.exports = new Proxy(api, {
  get(target, prop) {
    if (prop === '__fake') return fake;
    if (prop in target || typeof prop === 'symbol' || PROBES.has(prop)) return target[prop];
    throw new Error(`fake vscode: vscode.${String(prop)} is not faked`);
  },
});
