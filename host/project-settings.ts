/**
 * The project's `.kpa.json` (target defaults, rule settings, ignore globs), found at or above where a command
 * starts, as every door reads it. A file that cannot be read is a UsageError; what is wrong inside it comes
 * back as problems with positions, for the door to print (kpa lint lists them all, kpa build the first).
 */
import { dirname } from 'node:path';
import { LineIndex } from '../analyzers/positions.js';
import { ALL_RULES } from '../analyzers/rules/index.js';
import { ignoreMatcher } from '../analyzers/settings/glob.js';
import { EMPTY_SETTINGS, parseKpaSettings, type KpaSettings, type SettingsProblem } from '../analyzers/settings/parse-kpa-settings.js';
import { relativePath } from '../analyzers/workspace.js';
import { describeFsError, readRegularFile, toPosix } from './disk-workspace.js';
import { escapeControlCharacters } from './display-text.js';
import { findSettingsFile } from './find-up.js';
import { UsageError } from './usage-error.js';

export interface ProjectSettings {
  /** The .kpa.json read (absolute, '/' separators), or null when there is none. */
  file: string | null;
  /** The directory its ignore globs are relative to: the file's, else the directory given as fallback. */
  dir: string;
  settings: KpaSettings;
  /** What is wrong in the file, each as `file:line:col: message` relative to the cwd given. */
  problems: string[];
}

/** Finds and reads the .kpa.json at or above `start`; `fallbackDir` stands in for its directory when there is none. */
export function loadProjectSettings(start: string, cwd: string, fallbackDir: string): ProjectSettings {
  const found = findSettingsFile(start);
  if (!found) return { file: null, dir: toPosix(fallbackDir), settings: EMPTY_SETTINGS, problems: [] };
  const file = toPosix(found);
  const shown = relativePath(toPosix(cwd), file);
  let text: string;
  try {
    text = readRegularFile(file).toString('utf8');
  } catch (err) {
    throw new UsageError(`${shown}: ${describeFsError(err)}`);
  }
  const { settings, problems } = parseKpaSettings(text, ALL_RULES);
  return { file, dir: toPosix(dirname(file)), settings, problems: problems.map((p) => locate(shown, text, p)) };
}

/** The settings' ignore globs as a predicate over absolute paths (null: nothing ignored). */
export function ignoredBy(project: ProjectSettings): ((file: string) => boolean) | null {
  return ignoreMatcher(project.settings.ignore, project.dir);
}

function locate(shown: string, text: string, problem: SettingsProblem): string {
  const { line, column } = new LineIndex(text).positionToTextLocation(problem.range.start);
  // Messages quote keys and values of the file: shown as escapes, never as control sequences.
  return escapeControlCharacters(`${shown}:${line}:${column}: ${problem.message}`);
}
