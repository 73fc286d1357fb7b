import { describe, expect, it } from 'vitest';
import { renderCliDocs } from './cli-docs.js';

describe('docs/cli.md', () => {
  it('is what the command definitions say (stale? run `npx vitest run cli/cli-docs.test.ts -u`)', async () => {
    await expect(await renderCliDocs()).toMatchFileSnapshot('../docs/cli.md');
  });

  it('documents every lint option, generated from the command itself', async () => {
    const docs = await renderCliDocs();
    const lint = docs.slice(docs.indexOf('## kpa lint'), docs.indexOf('## ', docs.indexOf('## kpa lint') + 3));
    for (const flag of ['--format <format>', '--output <format=file>', '--severity <level>', '--exit-zero', '-q, --quiet', '--notes', '--krakend <version>', '--flavour <flavour>', '--arch <arch>', '--manifest <file>', '--config <file>', '--no-prefilter', '--fix', '--fix-dry-run', '--new-from-rev <rev>', '--new-from-merge-base <rev>']) {
      expect(lint).toContain(flag);
    }
    expect(lint).toMatch(/--format <format> .*\(choices:\s+"text",\s+"json",\s+"sarif",\s+"github",\s+"checkstyle",\s+"junit",\s+"gitlab",\s+default:\s+"text"\)/s);
  });
});
