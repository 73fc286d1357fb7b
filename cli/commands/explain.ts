/** `kpa explain KPA101` (or the rule's name): prints the rule's documentation, docs/rules/KPA101.md. */
import type { Command } from 'commander';
import { ruleDocsUrl } from '../../analyzers/rules/define-rule.js';
import { ALL_RULES, findRule } from '../../analyzers/rules/index.js';
import { UsageError, type CliIO } from '../io.js';
import { readRuleDoc } from '../rule-docs.js';

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('explain')
    .description('show the documentation of a rule')
    .argument('<rule>', 'a rule id such as KPA101, or its name')
    .option('--url', 'print only the link to the documentation')
    .action((id: string, options: { url?: boolean }) => {
      const rule = findRule(id);
      if (!rule) {
        const near = ALL_RULES.filter((r) => r.id.slice(3) === id.replace(/\D/g, '') || r.name.includes(id.toLowerCase()));
        const hint = near.length ? ` Did you mean ${near.map((r) => r.id).join(', ')}?` : '';
        throw new UsageError(`no rule "${id}".${hint} Run \`kpa rules\` for the list.`);
      }
      if (options.url) {
        io.stdout(`${ruleDocsUrl(rule.id)}\n`);
        return done(0);
      }
      const doc = readRuleDoc(rule.id);
      io.stdout(doc ?? `# ${rule.id}: ${rule.name}\n\n${rule.meta.summary}\n\n(This build has no documentation file for ${rule.id}; see ${ruleDocsUrl(rule.id)})\n`);
      done(0);
    });
}
