import { defineRule } from './define-rule.js';
import { goSignatureFor } from './helpers/go-fixes.js';
import { pluginPackages, symbolDetails } from './helpers/go-symbols.js';
import { PLUGIN_KIND_SPECS } from '../go/plugin-kinds.js';

/**
 * RegisterLogger / RegisterContext with a near-miss name or signature: KrakenD detects optional methods by
 * exact type assertion, so the method is silently never called (spec §1.7, VERIFIED-LOCALLY).
 */
export default defineRule({
  id: 'KPA106',
  name: 'optional-method-near-miss',
  meta: {
    severity: 'warning',
    summary: 'optional method KrakenD will silently never call',
    messages: {
      signature:
        '{name}{found} does not match `{goSignature}` exactly, so KrakenD never calls it and the plugin gets no {what}. Change the method to `{goSignature}`; assert the value to your own interface inside it.',
      name: '{name} is not {expected}: KrakenD only calls a method with the exact name, so the plugin gets no {what}. Rename it to {expected}.',
      notForKind:
        'KrakenD never calls RegisterContext on a {kind} plugin: only the modifier loader (CE ≥ 2.6.0) and the Enterprise middleware loader do. Take the context in the factory instead ({factoryContext}).',
    },
    fixable: true,
    tags: ['silent'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbols, pkg } of pluginPackages(ctx)) {
      const reported = new Set<string>();
      for (const symbol of symbols) {
        const spec = PLUGIN_KIND_SPECS[symbol.kind];
        for (const m of symbol.optionalMethods) {
          if (m.matches) continue;
          const key = `${m.file}:${m.range.start.line}`;
          if (reported.has(key)) continue;
          reported.add(key);
          if (m.notCalledForKind) {
            // A type serving several kinds may be a modifier too; only report when no symbol of it would call it.
            const calledElsewhere = symbols.some((s) => s !== symbol && s.optionalMethods.some((o) => o.name === 'RegisterContext' && !o.notCalledForKind && o.file === m.file && o.range.start.line === m.range.start.line));
            if (calledElsewhere) continue;
            ctx.report({
              messageId: 'notForKind',
              data: { kind: symbol.kind, factoryContext: symbol.kind === 'server' ? 'its first parameter is the service context' : 'its first parameter is a context.Context' },
              file: m.file,
              range: m.range,
              details: symbolDetails(symbol),
            });
            continue;
          }
          const opt = spec.optional.find((o) => o.name === m.name) ?? spec.optional.find((o) => m.name.toLowerCase().includes(o.name.slice(8).toLowerCase())) ?? spec.optional[0];
          const what = opt.name === 'RegisterLogger' ? 'logger' : 'service context';
          if (m.name !== opt.name) {
            ctx.report({
              messageId: 'name',
              data: { name: m.name, expected: opt.name, what },
              file: m.file,
              range: m.range,
              fixes: [{ title: `Rename to ${opt.name}`, edits: [{ file: m.file, range: m.range, newText: opt.name }] }],
              details: symbolDetails(symbol),
            });
            continue;
          }
          const { text, imports } = goSignatureFor(pkg, m.file, opt.signature);
          const method = pkg.methods.find((x) => x.file === m.file && x.nameRange.start.line === m.range.start.line && x.name === m.name);
          const paramName = method?.params[0]?.name ?? (opt.name === 'RegisterLogger' ? 'logger' : 'ctx');
          ctx.report({
            messageId: 'signature',
            data: { name: m.name, found: m.found, goSignature: opt.goSignature, what },
            file: m.file,
            range: m.range,
            fixes: [{ title: `Use the signature KrakenD calls for ${opt.name}`, edits: [{ file: m.file, range: m.signatureRange, newText: `(${paramName} ${text.slice(1, -1)})` }, ...imports] }],
            details: symbolDetails(symbol),
          });
        }
      }
    }
  },
});
