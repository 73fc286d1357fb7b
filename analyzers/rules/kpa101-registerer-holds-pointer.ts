import { defineRule } from './define-rule.js';
import { symbolDetails, symbolFailures } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';
import type { PackageFacts, ValueFact } from '../go/facts.js';
import type { Range } from '../diagnostics.js';

function isLocalStruct(pkg: PackageFacts, name: string): boolean {
  return pkg.types.some((t) => t.name === name && !t.alias && t.type.kind === 'struct');
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Whether the value's spec (`X *T = …`) declares only X, so the whole spec may be rewritten. */
function declaredAlone(pkg: PackageFacts, value: ValueFact): boolean {
  return pkg.values.filter((v) => v.file === value.file && sameRange(v.range, value.range)).length === 1;
}

/**
 * `var HandlerRegisterer = &registerer{}`: plugin.Lookup returns a pointer to the variable, so the
 * symbol is a `**registerer`, whose method set is empty (spec §1.7, VERIFIED-LOCALLY).
 */
export default defineRule({
  id: 'KPA101',
  name: 'registerer-holds-pointer',
  meta: {
    severity: 'error',
    summary: 'plugin symbol variable holds a pointer',
    messages: {
      pointer:
        '{symbol} holds a pointer ({value}); plugin.Lookup already returns a pointer to the variable, so KrakenD sees a pointer to a pointer with no methods and logs "{loaderError}". Declare `var {symbol} = {suggestion}`.',
    },
    fixable: true,
    tags: ['loading'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbol, pkg } of symbolFailures(ctx, 'holds-pointer')) {
      const value = pkg.values.find((v) => v.name === symbol.symbol && v.file === symbol.file);
      const text = value?.valueText ?? '';
      let suggestion = 'registerer{}';
      let fix;
      if (value?.valueRange && value.shape !== 'none') {
        const newType = /^new\s*\(\s*([\s\S]*?)\s*\)$/.exec(text)?.[1];
        if (text.startsWith('&')) suggestion = text.slice(1).trim();
        // T{} only where T is a local struct; `*new(T)` is the zero value of any T.
        else if (newType) suggestion = isLocalStruct(pkg, newType) ? `${newType}{}` : `*${text}`;
        // A call or variable holding a pointer: dereference it, the variable then holds a copy of the value.
        else suggestion = `*${text}`;
        // `var X *T = &T{}`: the declared pointer type goes too (the spec range, when it declares only X).
        const edit = value.typeIsDeclared && declaredAlone(pkg, value)
          ? { file: value.file, range: value.range, newText: `${symbol.symbol} = ${suggestion}` }
          : { file: value.file, range: value.valueRange, newText: suggestion };
        if (!value.typeIsDeclared || edit.range === value.range) fix = [{ title: `Declare ${symbol.symbol} as a value`, edits: [edit] }];
      } else if (value && value.type?.kind === 'pointer' && value.shape === 'none') {
        const elem = value.typeIsDeclared && value.type.elem.kind === 'named' && !value.type.elem.args?.length ? value.type.elem : null;
        if (elem) suggestion = elem.pkg === '' && isLocalStruct(pkg, elem.name) ? `${elem.name}{}` : `*new(${elem.name})`;
        // `var X *T` → `var X T`, unless the spec declares several names (its range covers them all).
        if (elem && elem.pkg === '' && declaredAlone(pkg, value)) {
          fix = [{ title: `Declare ${symbol.symbol} as a value`, edits: [{ file: value.file, range: value.range, newText: `${symbol.symbol} ${elem.name}` }] }];
        }
      }
      ctx.report({
        messageId: 'pointer',
        data: { symbol: symbol.symbol, value: text || symbol.typeName || 'a pointer type', suggestion, loaderError: PLUGIN_KIND_SPECS[symbol.kind].loaderError },
        file: symbol.file,
        range: value?.valueRange ?? symbol.range,
        fixes: fix,
        details: symbolDetails(symbol),
      });
    }
  },
});
