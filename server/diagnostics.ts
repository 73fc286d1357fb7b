/**
 * Engine diagnostics → LSP. Publishes per file after every change (the changed document always, with its
 * version, even when nothing changed; other files only when their list changed), and keeps each finding's
 * fixes under a stable key (rule id + range) so code actions only look them up.
 */
import {
  DiagnosticSeverity,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import type { Diagnostic, Fix, Range, Severity } from '../analyzers/diagnostics.js';
import { ruleDocsUrl } from '../analyzers/rules/define-rule.js';
import type { DocumentStore } from './document-sync.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export function fixKey(rule: string, range: Range): string {
  return `${rule}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export interface StoredFinding {
  key: string;
  diagnostic: Diagnostic;
  lsp: LspDiagnostic;
  fixes: Fix[];
}

export function toLspDiagnostic(d: Diagnostic, uriOf: (path: string) => string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.rule,
    // Findings that are no rule's (a log's plugin failures) name their own page.
    codeDescription: { href: typeof d.data?.docsUrl === 'string' ? d.data.docsUrl : ruleDocsUrl(d.rule) },
    source: 'kpa',
    message: d.message,
    data: { key: fixKey(d.rule, d.range) },
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: uriOf(r.file), range: r.range }, message: r.message }),
    );
  }
  return out;
}

export type PublishFn = (params: { uri: string; version?: number; diagnostics: LspDiagnostic[] }) => void;

export class DiagnosticsPublisher {
  /** path → findings last published for it. */
  private readonly published = new Map<string, StoredFinding[]>();
  private readonly signatures = new Map<string, string>();
  /** path → the list last published (or found equal to it), compared by identity first. */
  private readonly lists = new Map<string, readonly Diagnostic[]>();

  constructor(
    private readonly send: PublishFn,
    private readonly documents: DocumentStore,
  ) {}

  static forConnection(connection: Connection, documents: DocumentStore): DiagnosticsPublisher {
    return new DiagnosticsPublisher((p) => void connection.sendDiagnostics(p), documents);
  }

  /**
   * Publishes `diagnostics` (all files): every file in `always` is sent (with its open version), any other file
   * only when its list changed since last time. Files that had findings and have none now get an empty list.
   */
  publish(diagnostics: readonly Diagnostic[], always: readonly string[] = []): void {
    const byFile = groupByFile(diagnostics);
    const files = new Set<string>([...byFile.keys(), ...this.published.keys(), ...always]);
    const forced = new Set(always);
    for (const file of files) {
      const list = byFile.get(file) ?? [];
      if (forced.has(file) || this.changed(file, list)) this.store(file, list);
    }
  }

  /**
   * Whether `list` differs from what was last published for `file`. The same finding objects (a package
   * the server did not re-analyse) answer without serialising; otherwise the texts are compared.
   */
  private changed(file: string, list: readonly Diagnostic[]): boolean {
    const last = this.lists.get(file) ?? [];
    if (last.length === list.length && last.every((d, i) => d === list[i])) return false;
    if (this.signatures.get(file) !== JSON.stringify(list)) return true;
    this.lists.set(file, list);
    return false;
  }

  /**
   * Publishes the lists of the files `diagnostics` has findings for, where they changed, except `skip`ped
   * ones; other files keep what they have (a partial result, such as the initial scan's first packages).
   */
  publishFound(diagnostics: readonly Diagnostic[], skip: (file: string) => boolean): void {
    for (const [file, list] of groupByFile(diagnostics)) {
      if (!skip(file) && this.changed(file, list)) this.store(file, list);
    }
  }

  /** Publishes one file's list unconditionally (e.g. a non-file document: always empty). */
  publishFile(file: string, list: readonly Diagnostic[]): void {
    this.store(file, list);
  }

  /** Sends an empty list for a URI kpa does not analyse (untitled:…), with its version. */
  publishEmpty(uri: string, version?: number): void {
    this.send({ uri, version, diagnostics: [] });
  }

  private store(file: string, list: readonly Diagnostic[]): void {
    const uriOf = (p: string) => this.documents.uriOf(p);
    const findings = list.map((d) => {
      const lsp = toLspDiagnostic(d, uriOf);
      return { key: fixKey(d.rule, d.range), diagnostic: d, lsp, fixes: d.fixes ?? [] };
    });
    if (findings.length) this.published.set(file, findings);
    else this.published.delete(file);
    this.signatures.set(file, JSON.stringify(list));
    this.lists.set(file, list);
    this.send({ uri: uriOf(file), version: this.documents.versionOf(file), diagnostics: findings.map((f) => f.lsp) });
  }

  findings(file: string): readonly StoredFinding[] {
    return this.published.get(file) ?? [];
  }
}

function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
  }
  return byFile;
}
