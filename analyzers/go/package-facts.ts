/**
 * Merges the file facts of one directory into PackageFacts: applies build constraints, picks the
 * package name, evaluates registered names through package-level string constants.
 */
import type { ConstFact, GoFileFacts, PackageFacts, StringExpr } from './facts.js';
import { fileIncluded, type BuildContext } from './build-constraints.js';
import { SYMBOL_TO_KIND } from './plugin-kinds.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Evaluates a static string expression; `receiver` is supplied by the caller when known. */
export function evalStringExpr(
  expr: StringExpr | null,
  consts: Map<string, StringExpr>,
  receiver: StringExpr | null = null,
  depth = 0,
): string | null {
  if (!expr || depth > 20) return null;
  switch (expr.kind) {
    case 'lit':
      return expr.value;
    case 'ref':
      return evalStringExpr(consts.get(expr.name) ?? null, consts, receiver, depth + 1);
    case 'receiver':
      return evalStringExpr(receiver, consts, null, depth + 1);
    case 'concat': {
      let out = '';
      for (const p of expr.parts) {
        const v = evalStringExpr(p, consts, receiver, depth + 1);
        if (v === null) return null;
        out += v;
      }
      return out;
    }
  }
}

export function constMap(consts: ConstFact[]): Map<string, StringExpr> {
  return new Map(consts.map((c) => [c.name, c.expr]));
}

export function buildPackageFacts(dir: string, files: GoFileFacts[], ctx: BuildContext): PackageFacts {
  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  const included: GoFileFacts[] = [];
  const pkg: PackageFacts = {
    dir,
    name: null,
    files: [],
    excluded: [],
    parsed: true,
    fileFacts: [],
    imports: [],
    types: [],
    methods: [],
    values: [],
    registrations: [],
    syntaxErrors: [],
    nameConflicts: [],
    excludedDeclarations: [],
    consts: [],
  };
  for (const f of sorted) {
    const verdict = fileIncluded(baseName(f.file), f.buildConstraint, ctx);
    if (verdict.included) {
      included.push(f);
      continue;
    }
    const reason = verdict.reason ?? 'excluded';
    pkg.excluded.push({ file: f.file, reason });
    for (const v of f.values) if (SYMBOL_TO_KIND[v.name]) pkg.excludedDeclarations.push({ name: v.name, file: f.file, range: v.nameRange, reason });
    for (const t of f.types) if (SYMBOL_TO_KIND[t.name]) pkg.excludedDeclarations.push({ name: t.name, file: f.file, range: t.nameRange, reason });
  }
  // The package name: the most common among included files (go build would refuse a mix).
  const counts = new Map<string, number>();
  for (const f of included) if (f.packageName) counts.set(f.packageName, (counts.get(f.packageName) ?? 0) + 1);
  let best: string | null = null;
  for (const [name, n] of counts) if (best === null || n > counts.get(best)! || (n === counts.get(best)! && name === 'main')) best = name;
  pkg.name = best;
  for (const f of included) {
    pkg.files.push(f.file);
    pkg.fileFacts.push(f);
    if (f.packageName && best && f.packageName !== best && f.packageRange) {
      pkg.nameConflicts.push({ file: f.file, name: f.packageName, range: f.packageRange });
    }
    append(pkg.imports, f.imports);
    append(pkg.types, f.types);
    append(pkg.methods, f.methods);
    append(pkg.values, f.values);
    append(pkg.registrations, f.registrations);
    append(pkg.syntaxErrors, f.syntaxErrors);
    append(pkg.consts, f.consts);
  }
  const consts = constMap(pkg.consts);
  pkg.registrations = pkg.registrations.map((r) => ({ ...r, name: r.nameExpr?.kind === 'receiver' ? null : evalStringExpr(r.nameExpr, consts) }));
  return pkg;
}

/** `to.push(...items)` passes every item as an argument: a generated file's 200,000 values overflow the stack. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}
