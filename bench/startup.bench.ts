/**
 * Small-plugin start-up (issue #18 item 2): `kpa lint fixtures/example-plugin` as a whole process against
 * `node -e 0`, median of 7 interleaved runs; target ≤ 3×. `kpa --version` shows what loading the CLI alone costs.
 */
import { join } from 'node:path';
import { describeSamples, KPA_BIN, loadLine, median, timeInterleaved } from './process-timing.js';

const ROUNDS = 7;
const EXAMPLE = join(KPA_BIN, '..', '..', 'fixtures', 'example-plugin');

export async function run(): Promise<string[]> {
  const times = timeInterleaved(
    [
      { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
      { label: 'kpa --version', command: process.execPath, args: [KPA_BIN, '--version'] },
      // The example has findings on purpose: exit code 1.
      { label: 'kpa lint', command: process.execPath, args: [KPA_BIN, 'lint', EXAMPLE], okCodes: [0, 1] },
    ],
    ROUNDS,
  );
  const node = median(times.get('node -e 0')!);
  const lint = median(times.get('kpa lint')!);
  return [
    `whole processes, median of ${ROUNDS} interleaved runs (${loadLine()}):`,
    `  node -e 0:                          ${describeSamples(times.get('node -e 0')!)}`,
    `  kpa --version:                      ${describeSamples(times.get('kpa --version')!)}`,
    `  kpa lint fixtures/example-plugin:   ${describeSamples(times.get('kpa lint')!)} = ${(lint / node).toFixed(1)}x node -e 0 (target <= 3x)`,
  ];
}
