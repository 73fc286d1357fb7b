/** What a feature handler may read: the analysis session, open documents, published findings, settings. */
import type { AnalysisResult } from '../analyzers/engine.js';
import type { AnalysisSession } from '../analyzers/session.js';
import type { Target } from '../analyzers/target.js';
import type { StoredFinding } from './diagnostics.js';
import type { DocumentStore } from './document-sync.js';

export interface FeatureContext {
  session: AnalysisSession;
  documents: DocumentStore;
  /** The current analysis (recomputed on demand if something changed since the last one). */
  analysis(): AnalysisResult;
  /** Findings last published for a file, with their fixes. */
  findings(file: string): readonly StoredFinding[];
  target: Target | null;
}
