import { defineRule } from './define-rule.js';
import type { ImportFact } from '../go/facts.js';
import { pluginPackages, symbolDetails } from './helpers/go-symbols.js';

/** A registered name kpa cannot evaluate: krakend.json cross-checks cannot see it. */
export default defineRule({
  id: 'KPA109',
  name: 'dynamic-plugin-name',
  meta: {
    severity: 'note',
    summary: 'registered plugin name is not a static string',
    messages: {
      dynamic:
        'The name `{text}` passed to {method} is computed at run time, so kpa cannot check krakend.json against it. Use a string constant (`const pluginName = "my-plugin"`) if you want those checks.',
      otherPackage:
        'The name `{text}` passed to {method} comes from `{name}` of package "{path}", which kpa does not evaluate from here, so it cannot check krakend.json against it. Declare the name in this package (`const pluginName = "my-plugin"`) if you want those checks.',
    },
    tags: ['config'],
  },
  needs: ['go'],
  scope: 'package',
  check(ctx) {
    for (const { symbols, pkg } of pluginPackages(ctx)) {
      for (const symbol of symbols) {
        if (!symbol.method || symbol.dynamicNames === 0) continue;
        for (const reg of pkg.registrations) {
          if (reg.file !== symbol.method.file || reg.name !== null || reg.nameExpr?.kind === 'receiver') continue;
          const from = importedName(pkg.imports, reg.file, reg.nameText);
          if (from) ctx.report({ messageId: 'otherPackage', data: { text: reg.nameText, method: reg.method, ...from }, file: reg.file, range: reg.nameRange, details: symbolDetails(symbol) });
          else ctx.report({ messageId: 'dynamic', data: { text: reg.nameText, method: reg.method }, file: reg.file, range: reg.nameRange, details: symbolDetails(symbol) });
        }
      }
    }
  },
});

/** `internal.PluginName`: a name of an imported package (by its alias, or the import path's last element), with that path. */
function importedName(imports: readonly ImportFact[], file: string, text: string): { name: string; path: string } | null {
  const m = /^([A-Za-z_]\w*)\.([A-Z]\w*)$/.exec(text.trim());
  if (!m) return null;
  const imported = imports.find((i) => i.file === file && (i.alias ?? i.path.split('/').pop()) === m[1]);
  return imported ? { name: m[2], path: imported.path } : null;
}
