/**
 * Reads `go build -buildmode=plugin` commands out of a recipe's text. Line-based on purpose: a Makefile, a
 * Dockerfile RUN line and a shell script all end up as shell command lines; backslash continuations are
 * joined, `cd DIR &&` prefixes and Dockerfile WORKDIR move the working directory, and anything holding a
 * variable is kept as unknown rather than guessed.
 */
import { basename, dirname, normalizePath } from '../workspace.js';
import type { PluginBuildCommand, RecipeFacts } from './facts.js';
import { recipeKindOf } from './recipe-files.js';

export { recipeKindOf };


const PLUGIN_MODE = /(^|\s)-buildmode(=|\s+)plugin(\s|$)/;
/** go build flags that take a value as the next argument (when not written -flag=value). */
const FLAGS_WITH_VALUE = new Set(['-o', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-tags', '-buildmode', '-mod', '-modfile', '-pkgdir', '-p', '-overlay', '-pgo', '-compiler', '-installsuffix', '-toolexec', '-buildvcs', '-race']);
const HAS_VARIABLE = /\$[({]|\$[A-Za-z_@<^*]|`/;

export function extractRecipeFacts(file: string, text: string): RecipeFacts {
  const kind = recipeKindOf(basename(file)) ?? 'script';
  const dir = dirname(file);
  const pluginBuilds: PluginBuildCommand[] = [];
  let workdir = dir;
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let line = raw[i];
    while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + ' ' + raw[++i];
    line = line.replace(/\r$/, '');
    if (kind === 'dockerfile') {
      const wd = /^\s*WORKDIR\s+(\S+)/i.exec(line);
      // A WORKDIR is a path in the image; only a relative one maps onto the build context (the Dockerfile's folder).
      if (wd) workdir = wd[1].startsWith('/') ? dir : join(workdir, wd[1]);
    }
    if (!/\bgo\s+build\b/.test(line) || !PLUGIN_MODE.test(line)) continue;
    for (const command of line.split(/&&|;|\|\|/)) {
      if (!/\bgo\s+build\b/.test(command)) continue;
      if (!PLUGIN_MODE.test(command)) continue;
      const cwd = cdBefore(line, command, kind === 'dockerfile' ? workdir : dir);
      const build = parseGoBuild(command, cwd);
      const range = { start: { line: start, character: 0 }, end: { line: i, character: raw[i].replace(/\r$/, '').length } };
      pluginBuilds.push({ file, range, cwd, ...build });
    }
  }
  return { file, kind, pluginBuilds };
}

/** The directory after the last `cd DIR` that precedes `command` on the same line. */
function cdBefore(line: string, command: string, base: string): string {
  const before = line.slice(0, line.indexOf(command));
  let cwd = base;
  for (const m of before.matchAll(/(?:^|[\s;&(])cd\s+("[^"]*"|'[^']*'|[^\s;&)]+)/g)) {
    const target = m[1].replace(/^["']|["']$/g, '');
    cwd = HAS_VARIABLE.test(target) ? cwd : target.startsWith('/') ? cwd : join(cwd, target);
  }
  return cwd;
}

function parseGoBuild(command: string, cwd: string): Pick<PluginBuildCommand, 'targets' | 'output' | 'partial'> {
  const words = shellWords(command.slice(command.search(/\bgo\s+build\b/)).replace(/^go\s+build/, ''));
  const targets: string[] = [];
  let output: string | null = null;
  let partial = false;
  for (let k = 0; k < words.length; k++) {
    const word = words[k];
    if (word.startsWith('-')) {
      const flag = word.replace(/^--/, '-').split('=')[0];
      const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : FLAGS_WITH_VALUE.has(flag) ? words[++k] : undefined;
      if (flag === '-o' && value !== undefined) {
        if (HAS_VARIABLE.test(value)) partial = true;
        else output = value.startsWith('/') ? value : join(cwd, value);
      }
      continue;
    }
    // A redirection or the next command ends the arguments.
    if (/^[<>|]/.test(word) || word === '2>&1') break;
    if (HAS_VARIABLE.test(word) || /[*?[]/.test(word) || word.endsWith('/...')) {
      partial = true;
      continue;
    }
    if (word.endsWith('.go')) targets.push(join(cwd, word));
    else if (word === '.' || word.startsWith('./') || word.startsWith('../')) targets.push(join(cwd, word));
    else partial = true; // an import path: which directory it is needs the module (left to the reader)
  }
  return { targets, output, partial };
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** `relative` resolved against the absolute directory `base`. */
export function join(base: string, relative: string): string {
  return normalizePath(`${base}/${relative}`);
}
