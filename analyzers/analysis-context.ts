/**
 * What rules derive from one analysis' facts (indexes, groupings, the plugin registry), computed once and
 * shared by every rule of that analysis: `ctx.derived.derive(KEY)`. The engine creates a context per
 * analysis. The language server's session keeps one across keystrokes on purpose and, before each analysis,
 * drops the entries computed from a kind of facts that changed: each Derivation says which kinds it reads.
 */
import type { EngineFacts } from './facts.js';
import type { FactKind } from './fact-kinds.js';

export interface Derivation<T> {
  /** For error messages. */
  readonly name: string;
  /**
   * The kinds of facts the result is computed from (directly or through other derivations, whose kinds
   * must be among these). [] for a memo keyed by fact objects themselves, which no edit makes stale.
   */
  readonly dependsOn: readonly FactKind[];
  compute(facts: EngineFacts, context: AnalysisContext): T;
}

export function derivation<T>(name: string, dependsOn: readonly FactKind[], compute: (facts: EngineFacts, context: AnalysisContext) => T): Derivation<T> {
  return { name, dependsOn, compute };
}

/** Facts → the context analysing them, so a feature given only facts (the server's) shares its results. */
const contexts = new WeakMap<object, AnalysisContext>();

export class AnalysisContext {
  private readonly entries = new Map<Derivation<unknown>, unknown>();
  /** The derivations being computed, innermost last: their dependsOn is checked against the outer one's. */
  private readonly computing: Derivation<unknown>[] = [];
  private current: EngineFacts;

  constructor(facts: EngineFacts) {
    this.current = facts;
    contexts.set(facts, this);
  }

  get facts(): EngineFacts {
    return this.current;
  }

  derive<T>(key: Derivation<T>): T {
    if (this.computing.length) this.checkNested(key);
    if (this.entries.has(key)) return this.entries.get(key) as T;
    this.computing.push(key);
    try {
      const value = key.compute(this.current, this);
      this.entries.set(key, value);
      return value;
    } finally {
      this.computing.pop();
    }
  }

  /** An entry kept while one it was computed from is dropped would be stale: the outer one must declare more. */
  private checkNested(inner: Derivation<unknown>): void {
    const outer = this.computing[this.computing.length - 1];
    const undeclared = inner.dependsOn.filter((k) => !outer.dependsOn.includes(k));
    if (undeclared.length) throw new Error(`derivation '${outer.name}' reads '${inner.name}', which depends on ${undeclared.join(', ')}: declare it`);
  }

  /**
   * Moves the context to the next analysis' facts, of which only the `changed` kinds differ (the session's
   * incremental path): entries derived from those kinds go, the others stay valid.
   */
  advance(facts: EngineFacts, changed: ReadonlySet<FactKind>): void {
    this.current = facts;
    contexts.set(facts, this);
    for (const key of this.entries.keys()) if (key.dependsOn.some((k) => changed.has(k))) this.entries.delete(key);
  }
}

/** The context analysing `facts` right now, if any (a session's context moves on to newer facts). */
export function analysisContextOf(facts: object): AnalysisContext | undefined {
  const context = contexts.get(facts);
  return context?.facts === facts ? context : undefined;
}
