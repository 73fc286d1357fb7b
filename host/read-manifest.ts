/** Reads a `--manifest` file (kpa manifest from-binary's output) for any command that takes one. */
import { resolve } from 'node:path';
import { loadManifestFile } from '../analyzers/binary/manifest.js';
import type { Manifest } from '../analyzers/target.js';
import { UsageError } from './usage-error.js';
import { describeFsError, readRegularFile } from './disk-workspace.js';

/** `label` starts each error message (`--manifest m.json`, or just the file name where the flags are KrakenD's). */
export function readManifestOption(file: string, cwd: string, label = `--manifest ${file}`): Manifest {
  let text: string;
  try {
    text = readRegularFile(resolve(cwd, file)).toString('utf8');
  } catch (err) {
    throw new UsageError(`${label}: ${describeFsError(err)}`);
  }
  const loaded = loadManifestFile(text);
  if ('error' in loaded) throw new UsageError(`${label}: ${loaded.error}`);
  return loaded.manifest;
}
