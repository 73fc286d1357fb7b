/**
 * Reads `go build -buildmode=plugin` commands out of a recipe's text. Line-based on purpose: a Makefile, a
 * Dockerfile RUN line, a shell script and a CI step's `run:`/`script:` all end up as shell command lines;
 * backslash continuations are joined, `cd DIR &&` prefixes and Dockerfile WORKDIR move the working directory,
 * and anything holding a variable is kept as unknown rather than guessed. Every setting, flag and image keeps
 * the exact range it is written at, so rules report there and fixes edit there.
 */
import type { Position, Range } from '../diagnostics.js';
import { basename, dirname, normalizePath } from '../workspace.js';
import type { BuildSetting, PluginBuildCommand, RecipeCopy, RecipeFacts, RecipeImage, RecipeKind } from './facts.js';
import { parseImageRef } from './image-ref.js';
import { recipeKindOf } from './recipe-files.js';

export { recipeKindOf };

const PLUGIN_MODE = /(^|\s)-buildmode(=|\s+)plugin(\s|$)/;
/** go build flags that take a value as the next argument (when not written -flag=value). */
const FLAGS_WITH_VALUE = new Set(['-o', '-ldflags', '-gcflags', '-asmflags', '-gccgoflags', '-tags', '-buildmode', '-mod', '-modfile', '-pkgdir', '-p', '-overlay', '-pgo', '-compiler', '-installsuffix', '-toolexec', '-buildvcs', '-covermode', '-coverpkg']);
/** docker run options that take the next word as their value (when not written --opt=value). */
const DOCKER_OPTIONS_WITH_VALUE = new Set([
  '-v', '--volume', '-w', '--workdir', '-e', '--env', '--env-file', '-u', '--user', '-p', '--publish', '--name', '--network', '--net',
  '--entrypoint', '--platform', '--mount', '-l', '--label', '-h', '--hostname', '-m', '--memory', '--cpus', '--add-host', '--dns',
  '--device', '--tmpfs', '--ulimit', '--security-opt', '--cap-add', '--cap-drop', '--pull', '--restart', '--log-driver', '--log-opt',
  '--shm-size', '--gpus', '--ipc', '--pid', '--runtime', '-c', '--cpu-shares', '--volumes-from', '--group-add',
]);
const HAS_VARIABLE = /\$[({]|\$[A-Za-z_@<^*]|`/;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** A shell word with its offsets in the (joined) line. */
interface Word {
  text: string;
  start: number;
  end: number;
}

/** A logical line: continuation lines joined, with the way back to positions in the file. */
interface LogicalLine {
  text: string;
  first: number;
  last: number;
  /** Offsets in `text` where each physical line starts. */
  starts: number[];
}

export function extractRecipeFacts(file: string, text: string): RecipeFacts {
  const kind = recipeKindOf(basename(file), file) ?? 'script';
  const dir = dirname(file);
  const pluginBuilds: PluginBuildCommand[] = [];
  const images: RecipeImage[] = [];
  const copies: RecipeCopy[] = [];
  const variables = new Map<string, string>();
  /** Settings the file gives every later build: Dockerfile ENV (per stage), exports, CI env keys. */
  let fileEnv: BuildSetting[] = [];
  let stageImage: RecipeImage | null = null;
  const stages = new Map<string, RecipeImage>();
  let ciImage: RecipeImage | null = null;
  let workdir = dir;
  for (const logical of logicalLines(text)) {
    const line = unwrapShellC(logical.text);
    const at = (offset: number) => positionIn(logical, offset);
    const rangeOf = (start: number, end: number): Range => ({ start: at(start), end: at(end) });
    if (kind === 'dockerfile') {
      const from = /^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
      if (from) {
        const platform = /--platform=(\S+)/.exec(from[2])?.[1] ?? null;
        const start = from[1].length + from[2].length;
        const image = imageAt(file, from[3], start, rangeOf, variables, 'from', platform, from[4] ?? null);
        // `FROM builder AS x` continues a stage: its image is the earlier stage's.
        stageImage = stages.get(from[3].toLowerCase()) ?? image;
        if (from[4]) stages.set(from[4].toLowerCase(), stageImage);
        images.push(image);
        fileEnv = [];
        workdir = dir;
        continue;
      }
      const declaration = /^(\s*(ENV|ARG)\s+)(.*)$/i.exec(line);
      if (declaration) {
        for (const setting of assignmentsIn(declaration[3], declaration[1].length, file, rangeOf, declaration[2].toUpperCase() === 'ENV')) {
          variables.set(setting.name, setting.value ?? '');
          // An ARG is a build argument, not the RUN's environment, unless ENV copies it.
          if (declaration[2].toUpperCase() === 'ENV') fileEnv.push(setting);
        }
        continue;
      }
      const wd = /^\s*WORKDIR\s+(\S+)/i.exec(line);
      // A WORKDIR is a path in the image; only a relative one maps onto the build context (the Dockerfile's folder).
      if (wd) workdir = wd[1].startsWith('/') ? dir : join(workdir, wd[1]);
      const copy = /^(\s*(?:COPY|ADD)\s+)(.*)$/i.exec(line);
      if (copy && !copy[2].trim().startsWith('[')) copies.push(...copyOf(file, words(copy[2], copy[1].length), 'dockerfile', rangeOf, dir));
    } else if (kind === 'makefile') {
      const assignment = /^\s*(export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|::=|\?=|=)\s*(.*?)\s*$/.exec(line);
      if (assignment && !line.startsWith('\t')) {
        variables.set(assignment[2], substitute(assignment[3], variables));
        if (assignment[1]) fileEnv.push({ name: assignment[2], value: assignment[3], file, range: rangeOf(0, line.length), via: 'file' });
        continue;
      }
    } else if (kind === 'ci') {
      const image = /^(\s*(?:-\s+)?(?:image|container|name)\s*:\s*["']?)([^\s"'#]+)/.exec(line);
      if (image && (/^\s*(-\s+)?(image|container)\s*:/.test(line) || /^\s*(-\s+)?name\s*:\s*["']?[\w./-]+:[\w.-]+["']?\s*$/.test(line)) && looksLikeImage(image[2])) {
        ciImage = imageAt(file, image[2], image[1].length, rangeOf, variables, 'ci', null, null);
        images.push(ciImage);
        continue;
      }
      const env = /^(\s+)([A-Z_][A-Z0-9_]*)\s*:\s*(["']?)([^"'#]*?)\3\s*(#.*)?$/.exec(line);
      if (env) {
        fileEnv.push({ name: env[2], value: env[4], file, range: rangeOf(env[1].length, line.replace(/\s*(#.*)?$/, '').length), via: 'file' });
        variables.set(env[2], env[4]);
        continue;
      }
    }
    for (const segment of commandsOf(line)) {
      const ws = words(segment.text, segment.start);
      const head = ws.findIndex((w) => !ASSIGNMENT.test(w.text));
      if (head >= 0 && ws[head].text === 'export') {
        for (const w of ws.slice(head + 1)) {
          const m = ASSIGNMENT.exec(w.text);
          if (m) {
            fileEnv.push({ name: m[1], value: m[2], file, range: rangeOf(w.start, w.end), via: 'file' });
            variables.set(m[1], m[2]);
          }
        }
      }
      if (kind !== 'dockerfile' && head >= 0 && /^(cp|mv)$/.test(ws[head].text)) {
        const cwd = cdBefore(line, segment.start, dir);
        copies.push(...copyOf(file, ws.slice(head + 1), 'shell', rangeOf, cwd));
      }
    }
    if (kind !== 'dockerfile' && /\bdocker\s+run\b/.test(line) && !(/\bgo\s+build\b/.test(line) && PLUGIN_MODE.test(line))) {
      // A docker run that builds nothing still names an image: the runtime a Makefile tests its plugins in.
      const run = dockerRunImage(line, file, rangeOf, variables);
      if (run) images.push(run.image);
    }
    if (!/\bgo\s+build\b/.test(line) || !PLUGIN_MODE.test(line)) continue;
    const range = rangeOf(0, line.length);
    for (const segment of commandsOf(line)) {
      const goAt = segment.text.search(/\bgo\s+build\b/);
      if (goAt < 0 || !PLUGIN_MODE.test(segment.text)) continue;
      const cwd = cdBefore(line, segment.start, kind === 'dockerfile' ? workdir : dir);
      const all = words(segment.text, segment.start);
      const goWord = all.findIndex((w) => w.start >= segment.start + goAt);
      const before = all.slice(0, goWord);
      const build = parseGoBuild(all.slice(goWord + 2), cwd, file, rangeOf);
      const env = [...fileEnv, ...commandEnv(before, file, rangeOf)];
      const run = /\bdocker\s+run\b/.test(line.slice(0, segment.start + goAt)) ? dockerRunImage(line.slice(0, segment.start + goAt), file, rangeOf, variables) : null;
      if (run) {
        images.push(run.image);
        env.push(...run.env);
      }
      const flags = [...goflagsOf(env), ...build.flags];
      const image = run?.image ?? (kind === 'dockerfile' ? stageImage : kind === 'ci' ? ciImage : null);
      pluginBuilds.push({ file, range, cwd, targets: build.targets, output: build.output, outputWord: build.outputWord, partial: build.partial, env, flags, image });
    }
  }
  return { file, kind, pluginBuilds, images, copies };
}

function logicalLines(text: string): LogicalLine[] {
  const raw = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: LogicalLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const first = i;
    const starts = [0];
    let line = raw[i];
    // The backslash becomes a space: offsets in the joined line stay those of each physical line.
    while (line.endsWith('\\') && i + 1 < raw.length) {
      line = line.slice(0, -1) + ' ';
      starts.push(line.length);
      line += raw[++i];
    }
    out.push({ text: line, first, last: i, starts });
  }
  return out;
}

/** `sh -c '…'` (also bash, with either quote): the quotes become blanks, so the inner command reads as words at the same offsets. */
function unwrapShellC(line: string): string {
  return line.replace(/(\b(?:ba)?sh\s+-c\s+)(["'])(.*?)\2/g, (_whole, head: string, _quote: string, body: string) => `${head} ${body} `);
}

function positionIn(logical: LogicalLine, offset: number): Position {
  let k = logical.starts.length - 1;
  while (k > 0 && logical.starts[k] > offset) k--;
  return { line: logical.first + k, character: offset - logical.starts[k] };
}

/** The commands of a shell line, split at `&&`, `||`, `;` and `|`, with their offsets. */
function commandsOf(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (const m of line.matchAll(/&&|\|\||;|\|/g)) {
    out.push({ text: line.slice(start, m.index), start });
    start = m.index! + m[0].length;
  }
  out.push({ text: line.slice(start), start });
  return out;
}

function words(text: string, offset: number): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|[^\s"']+)+/g)) {
    out.push({ text: m[0].replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_w, d: string | undefined, s: string | undefined) => d ?? s ?? ''), start: offset + m.index!, end: offset + m.index! + m[0].length });
  }
  return out;
}

type RangeOf = (start: number, end: number) => Range;

/** `NAME=value` words before `go build` (also after `env`). */
function commandEnv(before: Word[], file: string, rangeOf: RangeOf): BuildSetting[] {
  const out: BuildSetting[] = [];
  for (let k = before.length - 1; k >= 0; k--) {
    const m = ASSIGNMENT.exec(before[k].text);
    if (m) out.unshift({ name: m[1], value: m[2], file, range: rangeOf(before[k].start, before[k].end), via: 'command' });
    else if (before[k].text !== 'env' && !/^-/.test(before[k].text)) break;
  }
  return out;
}

/** The image of `docker run … IMAGE cmd` and its `-e NAME=value` settings. */
function dockerRunImage(line: string, file: string, rangeOf: RangeOf, variables: Map<string, string>): { image: RecipeImage; env: BuildSetting[] } | null {
  const runAt = line.search(/\bdocker\s+run\b/);
  const ws = words(line.slice(runAt), runAt);
  const env: BuildSetting[] = [];
  let platform: string | null = null;
  for (let k = 2; k < ws.length; k++) {
    const word = ws[k].text;
    if (!word.startsWith('-')) return { image: imageAt(file, word, ws[k].start, rangeOf, variables, 'docker-run', platform, null), env };
    const [option, inline] = word.includes('=') && word.startsWith('--') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const takesValue = DOCKER_OPTIONS_WITH_VALUE.has(option);
    const valueWord = takesValue && inline === undefined ? ws[++k] : undefined;
    const value = inline ?? valueWord?.text;
    if (option === '--platform' && value) platform = value;
    if ((option === '-e' || option === '--env') && value) {
      const m = ASSIGNMENT.exec(value);
      if (m) env.push({ name: m[1], value: m[2], file, range: rangeOf(ws[k - (valueWord ? 1 : 0)].start, (valueWord ?? ws[k]).end), via: 'docker-env' });
    }
  }
  return null;
}

function imageAt(file: string, written: string, start: number, rangeOf: RangeOf, variables: Map<string, string>, source: RecipeImage['source'], platform: string | null, stage: string | null): RecipeImage {
  const ref = substitute(written, variables);
  const parsed = parseImageRef(ref);
  const colon = written.lastIndexOf(':');
  const literalTag = colon > written.lastIndexOf('/') && !HAS_VARIABLE.test(written.slice(colon + 1)) && !written.includes('@');
  return {
    file,
    ref,
    name: parsed.name,
    tag: HAS_VARIABLE.test(ref) ? null : parsed.tag,
    range: rangeOf(start, start + written.length),
    tagRange: literalTag ? rangeOf(start + colon + 1, start + written.length) : null,
    platform: platform ? substitute(platform, variables) : null,
    source,
    stage,
  };
}

function looksLikeImage(value: string): boolean {
  return /^[a-z0-9][\w./-]*(:[\w.${}()-]+)?$/i.test(value) && !/^(true|false|null|ubuntu-latest|\d+)$/.test(value);
}

/** `$(X)`, `${X}`, `$X` replaced by what the recipe set them to, where it did. */
function substitute(text: string, variables: Map<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, b?: string, fallback?: string, c?: string) => {
    const name = a ?? b ?? c!;
    return variables.get(name) ?? fallback ?? whole;
  });
}

/** `NAME=value …` (or a Dockerfile's legacy `NAME value`) in an ENV/ARG line starting at `offset`. */
function assignmentsIn(text: string, offset: number, file: string, rangeOf: RangeOf, legacyForm: boolean): BuildSetting[] {
  const ws = words(text, offset);
  if (legacyForm && ws.length >= 2 && !ws[0].text.includes('=')) {
    return [{ name: ws[0].text, value: ws.slice(1).map((w) => w.text).join(' '), file, range: rangeOf(ws[0].start, ws[ws.length - 1].end), via: 'file' }];
  }
  const out: BuildSetting[] = [];
  for (const w of ws) {
    const m = ASSIGNMENT.exec(w.text);
    if (m) out.push({ name: m[1], value: m[2], file, range: rangeOf(w.start, w.end), via: 'file' });
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text)) out.push({ name: w.text, value: null, file, range: rangeOf(w.start, w.end), via: 'file' });
  }
  return out;
}

/** GOFLAGS' flags, each at the GOFLAGS setting's range (the last GOFLAGS wins, as in the shell). */
function goflagsOf(env: BuildSetting[]): BuildSetting[] {
  const goflags = [...env].reverse().find((s) => s.name === 'GOFLAGS');
  if (!goflags?.value) return [];
  return goflags.value
    .split(/\s+/)
    .filter((w) => w.startsWith('-'))
    .map((w) => ({ name: w.replace(/^--/, '-').split('=')[0], value: w.includes('=') ? w.slice(w.indexOf('=') + 1) : null, file: goflags.file, range: goflags.range, via: 'goflags' as const }));
}

function copyOf(file: string, ws: Word[], form: 'dockerfile' | 'shell', rangeOf: RangeOf, cwd: string): RecipeCopy[] {
  const from = ws.find((w) => w.text.startsWith('--from='))?.text.slice('--from='.length) ?? null;
  const paths = ws.filter((w) => !w.text.startsWith('-') && !/^[<>|]/.test(w.text));
  if (paths.length < 2) return [];
  const last = paths[paths.length - 1];
  const resolve = (p: string) => (form === 'shell' && !p.startsWith('/') && !HAS_VARIABLE.test(p) ? join(cwd, p) : p);
  return [
    {
      file,
      range: rangeOf(ws[0].start, last.end),
      from,
      sources: paths.slice(0, -1).map((w) => resolve(w.text)),
      dest: resolve(last.text),
      destRange: rangeOf(last.start, last.end),
    },
  ];
}

/** The directory after the last `cd DIR` that precedes offset `before` on the same line. */
function cdBefore(line: string, before: number, base: string): string {
  let cwd = base;
  for (const m of line.slice(0, before).matchAll(/(?:^|[\s;&(])cd\s+("[^"]*"|'[^']*'|[^\s;&)]+)/g)) {
    const target = m[1].replace(/^["']|["']$/g, '');
    cwd = HAS_VARIABLE.test(target) ? cwd : target.startsWith('/') ? cwd : join(cwd, target);
  }
  return cwd;
}

interface ParsedBuild {
  targets: string[];
  output: string | null;
  outputWord: { value: string; range: Range } | null;
  partial: boolean;
  flags: BuildSetting[];
}

function parseGoBuild(ws: Word[], cwd: string, file: string, rangeOf: RangeOf): ParsedBuild {
  const targets: string[] = [];
  const flags: BuildSetting[] = [];
  let output: string | null = null;
  let outputWord: ParsedBuild['outputWord'] = null;
  let partial = false;
  for (let k = 0; k < ws.length; k++) {
    const word = ws[k].text;
    if (word.startsWith('-') && !/^[<>|]/.test(word)) {
      const flag = word.replace(/^--/, '-').split('=')[0];
      const start = ws[k].start;
      const valueWord = !word.includes('=') && FLAGS_WITH_VALUE.has(flag) ? ws[++k] : undefined;
      const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : valueWord?.text;
      flags.push({ name: flag, value: value ?? null, file, range: rangeOf(start, (valueWord ?? ws[k]).end), via: 'command' });
      if (flag === '-o' && value !== undefined) {
        const valueStart = valueWord ? valueWord.start : start + word.indexOf('=') + 1;
        outputWord = { value, range: rangeOf(valueStart, (valueWord ?? ws[k]).end) };
        if (HAS_VARIABLE.test(value)) partial = true;
        else output = value.startsWith('/') ? value : join(cwd, value);
      }
      continue;
    }
    // A redirection or the next command ends the arguments.
    if (/^[<>|]/.test(word) || word === '2>&1' || /^\d?>/.test(word)) break;
    if (HAS_VARIABLE.test(word) || /[*?[]/.test(word) || word.endsWith('/...')) {
      partial = true;
      continue;
    }
    if (word.endsWith('.go')) targets.push(join(cwd, word));
    else if (word === '.' || word.startsWith('./') || word.startsWith('../')) targets.push(join(cwd, word));
    else partial = true; // an import path: which directory it is needs the module (left to the reader)
  }
  return { targets, output, outputWord, partial, flags };
}

/** `relative` resolved against the absolute directory `base`. */
export function join(base: string, relative: string): string {
  return normalizePath(`${base}/${relative}`);
}

export type { RecipeKind };
