/** kpa's own version, from package.json: the CLI prints it, SARIF and JSON reports record it. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function kpaVersion(): string {
  // ../../ from dist/host/version.js; ../ when the TypeScript source runs in-process (tests).
  for (const path of ['../../package.json', '../package.json']) {
    try {
      return (require(path) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}
