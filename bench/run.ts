/** `npm run bench`: runs every bench/*.bench module and prints its lines under a heading. */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => /\.bench\.js$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

let failed = false;
for (const file of modules) {
  const name = file.replace(/\.bench\.js$/, '');
  process.stdout.write(`\n## ${name}\n`);
  try {
    const mod = (await import(`./${file}`)) as { run: () => Promise<string[]> };
    for (const line of await mod.run()) process.stdout.write(`  ${line}\n`);
  } catch (err) {
    failed = true;
    process.stdout.write(`  failed: ${(err as Error).stack ?? err}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
