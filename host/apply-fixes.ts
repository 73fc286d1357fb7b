/**
 * Writes the texts `kpa lint --fix` computed (host/fix-plan.ts), safely: a file whose content is no longer the
 * text the lint read is left alone (an editor or another tool changed it since); a write goes to a temporary
 * file beside it, synced, then renamed over it, so a crash leaves the old file or the new one, never half of
 * one. The file keeps its mode and its UTF-8 BOM. A file that is itself a symbolic link is not written: its
 * target may lie outside the workspace (a cloned repository decides where its links point), and kpa writes
 * only what it was asked to (docs/security.md).
 */
import { chmodSync, lstatSync, realpathSync, renameSync, statSync } from 'node:fs';
import { decodeSource } from '../analyzers/workspace.js';
import { describeFsError, readRegularFile } from './disk-workspace.js';
import { unlinkSilently, writeTemporary } from './safe-write.js';

export interface WriteOutcome {
  written: string[];
  /** Files whose content changed since the lint read them: not written. */
  changedOnDisk: string[];
  failed: { file: string; error: string }[];
}

export interface WriteOptions {
  /** Called after the temporary file is written and before it replaces the file (tests change the file here). */
  beforeReplace?(file: string): void;
}

/** `texts`: file → new text (without BOM); `readText`: the text the lint analysed, which the file must still hold. */
export function writeFixedTexts(texts: ReadonlyMap<string, string>, readText: (file: string) => string | undefined, options: WriteOptions = {}): WriteOutcome {
  const outcome: WriteOutcome = { written: [], changedOnDisk: [], failed: [] };
  for (const [file, text] of texts) {
    let temp: string | undefined;
    try {
      if (lstatSync(file).isSymbolicLink()) {
        outcome.failed.push({ file, error: 'a symbolic link: kpa --fix does not write through links; fix the file it points to' });
        continue;
      }
      const real = realpathSync(file);
      const before = readRegularFile(real);
      const decoded = decodeSource(before);
      if (!('text' in decoded) || decoded.text !== readText(file)) {
        outcome.changedOnDisk.push(file);
        continue;
      }
      const mode = statSync(real).mode & 0o7777;
      temp = writeTemporary(real, (decoded.bom ? '\ufeff' : '') + text, mode);
      chmodSync(temp, mode); // the umask may have narrowed the mode the temporary was created with
      options.beforeReplace?.(file);
      if (!readRegularFile(real).equals(before)) {
        outcome.changedOnDisk.push(file);
        continue;
      }
      renameSync(temp, real);
      temp = undefined;
      outcome.written.push(file);
    } catch (err) {
      outcome.failed.push({ file, error: describeFsError(err) });
    } finally {
      if (temp !== undefined) unlinkSilently(temp);
    }
  }
  return outcome;
}
