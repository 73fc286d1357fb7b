/**
 * go.mod parser with positions. It follows golang.org/x/mod/modfile's grammar (directives, `( … )`
 * blocks, interpreted and raw strings, `//` comments, `// indirect`) and never throws: a line the go
 * command would reject becomes a ModuleFileProblem with its range, and parsing goes on.
 */
import { isValidGoSemver } from './go-semver.js';
import { lineRange, type GoModFacts, type ModuleFileProblem, type ModuleFileProblemKind, type ReplaceFact } from './facts.js';

type TokenKind = 'word' | 'string' | '(' | ')' | '=>' | '[' | ']' | ',';

interface Token {
  kind: TokenKind;
  /** The value: for strings, unquoted. */
  text: string;
  start: number;
  end: number;
}

interface LexedLine {
  tokens: Token[];
  comment: string | null;
  error: { message: string; start: number; end: number } | null;
}

const KNOWN_DIRECTIVES = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
const BLOCK_DIRECTIVES = new Set(['require', 'exclude', 'replace', 'retract', 'godebug', 'tool', 'ignore']);
const GO_VERSION = /^[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*)|(rc|beta)[1-9]\d*)?$/;
const TOOLCHAIN = /^(default|go[1-9]\d*\.(0|[1-9]\d*)(\.(0|[1-9]\d*)|(rc|beta)[1-9]\d*)?(-.+)?)$/;
const CANONICAL_VERSION = /^v\d+\.\d+\.\d+/;

function lexLine(line: string): LexedLine {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '/' && line[i + 1] === '/') return { tokens, comment: line.slice(i + 2).trim(), error: null };
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',') {
      tokens.push({ kind: c, text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '=' && line[i + 1] === '>') {
      tokens.push({ kind: '=>', text: '=>', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '"' || c === '`') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return { tokens, comment: null, error: { message: 'unexpected newline in string', start, end: n } };
        const d = line[i];
        if (d === c) {
          i++;
          break;
        }
        if (c === '"' && d === '\\') {
          value += line[i + 1] ?? '';
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value, start, end: i });
      continue;
    }
    const start = i;
    while (i < n && !' \t\r\f\v()[],"`'.includes(line[i]) && !(line[i] === '/' && line[i + 1] === '/') && !(line[i] === '=' && line[i + 1] === '>')) i++;
    tokens.push({ kind: 'word', text: line.slice(start, i), start, end: i });
  }
  return { tokens, comment: null, error: null };
}

function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..' || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('.\\') || p.startsWith('..\\');
}

function isConflictMarker(line: string): boolean {
  return /^(<{7}|={7}|>{7}|\|{7})( |$|\r)/.test(line);
}

export function parseGoMod(file: string, text: string): GoModFacts {
  const facts: GoModFacts = {
    file,
    module: null,
    go: null,
    toolchain: null,
    requires: [],
    replaces: [],
    excludes: [],
    retracts: [],
    problems: [],
    lineCount: 0,
    eol: '\n',
    end: { line: 0, character: 0 },
    requireBlockEnd: null,
    replaceBlockEnd: null,
  };
  const lines = text.split('\n');
  facts.lineCount = lines.length;
  facts.end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  if (text.includes('\r\n')) facts.eol = '\r\n';
  const problem = (line: number, start: number, end: number, kind: ModuleFileProblemKind, message: string, severity: ModuleFileProblem['severity'] = 'error') =>
    facts.problems.push({ file, range: lineRange(line, start, end), kind, severity, message });

  let block: { verb: string; line: number; start: number } | null = null;
  const seenRequires = new Map<string, number>();

  for (let ln = 0; ln < lines.length; ln++) {
    const raw = lines[ln];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isConflictMarker(line)) {
      problem(ln, 0, line.length, 'conflict-marker', 'merge conflict marker left in go.mod; resolve the conflict and run `go mod tidy`');
      continue;
    }
    const control = /[\x00-\x08\x0b\x0e-\x1f\x7f]/.exec(line);
    if (control) {
      problem(ln, control.index, control.index + 1, 'control-character', `unexpected control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} in go.mod`);
      continue;
    }
    const lexed = lexLine(line);
    if (lexed.error) {
      problem(ln, lexed.error.start, lexed.error.end, 'syntax', lexed.error.message);
      continue;
    }
    const { tokens } = lexed;
    if (tokens.length === 0) continue;

    if (block) {
      if (tokens[0].kind === ')') {
        const end = lineRange(ln, tokens[0].start, tokens[0].end);
        if (block.verb === 'require') facts.requireBlockEnd = end;
        if (block.verb === 'replace') facts.replaceBlockEnd = end;
        block = null;
        if (tokens.length > 1) problem(ln, tokens[1].start, tokens[tokens.length - 1].end, 'syntax', 'unexpected text after the closing `)`');
        continue;
      }
      if (tokens.length === 2 && tokens[1].kind === '(' && KNOWN_DIRECTIVES.has(tokens[0].text)) {
        problem(block.line, block.start, block.start + block.verb.length, 'syntax', `the \`${block.verb} (\` block is not closed before line ${ln + 1}; add \`)\``);
        block = null;
      } else {
        directive(facts, block.verb, tokens, lexed.comment, ln, true, problem, seenRequires);
        continue;
      }
    }

    const verb = tokens[0];
    if (verb.kind !== 'word') {
      problem(ln, verb.start, tokens[tokens.length - 1].end, 'syntax', `unexpected \`${verb.text}\` at the start of a go.mod line`);
      continue;
    }
    if (tokens.length >= 2 && tokens[1].kind === '(') {
      if (!BLOCK_DIRECTIVES.has(verb.text)) {
        problem(ln, verb.start, verb.end, KNOWN_DIRECTIVES.has(verb.text) ? 'syntax' : 'unknown-directive', KNOWN_DIRECTIVES.has(verb.text) ? `\`${verb.text}\` cannot open a block` : `unknown directive: ${verb.text}`);
        continue;
      }
      if (tokens.length === 3 && tokens[2].kind === ')') continue; // `require ()`
      if (tokens.length > 2) {
        problem(ln, tokens[2].start, tokens[tokens.length - 1].end, 'syntax', `put the entries of the \`${verb.text} (\` block on their own lines`);
      }
      block = { verb: verb.text, line: ln, start: verb.start };
      continue;
    }
    directive(facts, verb.text, tokens.slice(1), lexed.comment, ln, false, problem, seenRequires, verb);
  }
  if (block) problem(block.line, block.start, block.start + block.verb.length, 'syntax', `the \`${block.verb} (\` block is never closed; add \`)\``);
  facts.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return facts;
}

type ProblemSink = (line: number, start: number, end: number, kind: ModuleFileProblemKind, message: string, severity?: ModuleFileProblem['severity']) => void;

function directive(
  facts: GoModFacts,
  verb: string,
  args: Token[],
  comment: string | null,
  ln: number,
  inBlock: boolean,
  problem: ProblemSink,
  seenRequires: Map<string, number>,
  verbToken?: Token,
): void {
  const first = verbToken ?? args[0];
  const last = args.length ? args[args.length - 1] : first;
  const whole = lineRange(ln, first ? first.start : 0, last ? last.end : 0);
  const usage = (text: string) => problem(ln, whole.start.character, whole.end.character, 'syntax', `usage: ${text}`);
  const values = args.filter((t) => t.kind === 'word' || t.kind === 'string');
  switch (verb) {
    case 'module': {
      if (args.length !== 1 || values.length !== 1) return usage('module module/path');
      if (facts.module) return problem(ln, whole.start.character, whole.end.character, 'duplicate', `repeated module statement (first on line ${facts.module.range.start.line + 1})`);
      facts.module = { path: args[0].text, range: whole };
      return;
    }
    case 'go': {
      if (args.length !== 1 || values.length !== 1) return usage('go 1.23');
      const v = args[0];
      if (!GO_VERSION.test(v.text)) return problem(ln, v.start, v.end, 'invalid-version', `invalid go version '${v.text}': must match format 1.23 or 1.23.0`);
      if (facts.go) return problem(ln, whole.start.character, whole.end.character, 'duplicate', 'repeated go statement');
      facts.go = { version: v.text, range: whole, versionRange: lineRange(ln, v.start, v.end) };
      return;
    }
    case 'toolchain': {
      if (args.length !== 1 || values.length !== 1) return usage('toolchain go1.23.4');
      const v = args[0];
      if (!TOOLCHAIN.test(v.text)) return problem(ln, v.start, v.end, 'invalid-version', `invalid toolchain '${v.text}': must be go1.23.4 or default`);
      if (facts.toolchain) return problem(ln, whole.start.character, whole.end.character, 'duplicate', 'repeated toolchain statement');
      facts.toolchain = { name: v.text, range: whole, nameRange: lineRange(ln, v.start, v.end) };
      return;
    }
    case 'require':
    case 'exclude': {
      if (args.length !== 2 || values.length !== 2) return usage(`${verb} module/path v1.2.3`);
      const [p, v] = args;
      if (!checkVersion(v, ln, problem)) return;
      if (verb === 'exclude') {
        facts.excludes.push({ path: p.text, version: v.text, range: whole });
        return;
      }
      const indirect = comment !== null && (comment === 'indirect' || comment.startsWith('indirect;'));
      const prev = seenRequires.get(p.text);
      if (prev !== undefined) {
        problem(ln, whole.start.character, whole.end.character, 'duplicate', `${p.text} is required twice (also on line ${prev + 1}); keep one line and run \`go mod tidy\``, 'warning');
      } else seenRequires.set(p.text, ln);
      facts.requires.push({
        path: p.text,
        version: v.text,
        indirect,
        inBlock,
        range: whole,
        pathRange: lineRange(ln, p.start, p.end),
        versionRange: lineRange(ln, v.start, v.end),
      });
      return;
    }
    case 'replace': {
      const arrow = args.findIndex((t) => t.kind === '=>');
      const left = arrow < 0 ? [] : args.slice(0, arrow);
      const right = arrow < 0 ? [] : args.slice(arrow + 1);
      if (arrow < 0 || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) {
        return usage('replace module/path [v1.2.3] => other/module v1.4 (or => ./local/dir)');
      }
      if (left.length === 2 && !checkVersion(left[1], ln, problem)) return;
      if (right.length === 2 && !checkVersion(right[1], ln, problem)) return;
      if (right.length === 1 && !isLocalPath(right[0].text)) {
        return problem(ln, right[0].start, right[0].end, 'syntax', 'replacement module without version must be a directory path (rooted or starting with ./ or ../)');
      }
      const fact: ReplaceFact = {
        from: left[0].text,
        fromVersion: left[1]?.text ?? null,
        to: right[0].text,
        toVersion: right[1]?.text ?? null,
        inBlock,
        range: whole,
      };
      facts.replaces.push(fact);
      return;
    }
    case 'retract': {
      // golang.org/x/mod parses retracted versions with a fixer that keeps any word (dontFixRetract): `go mod
      // edit -fmt` and builds accept `retract v1` or `retract latest`, so only the shape is checked here.
      if (args.length === 1 && values.length === 1) {
        facts.retracts.push({ low: args[0].text, high: args[0].text, range: whole });
        return;
      }
      if (args.length === 5 && args[0].kind === '[' && args[2].kind === ',' && args[4].kind === ']') {
        if (!isVersionToken(args[1], ln, problem) || !isVersionToken(args[3], ln, problem)) return;
        facts.retracts.push({ low: args[1].text, high: args[3].text, range: whole });
        return;
      }
      return usage('retract v1.2.3 or retract [v1.2.3, v1.3.0]');
    }
    case 'godebug':
    case 'tool':
    case 'ignore':
      if (values.length === 0) return usage(`${verb} …`);
      return;
    default:
      problem(ln, whole.start.character, (verbToken ?? args[0])?.end ?? whole.end.character, 'unknown-directive', `unknown directive: ${verb}`);
  }
}

function isVersionToken(v: Token, ln: number, problem: ProblemSink): boolean {
  if (v.kind === 'word' || v.kind === 'string') return true;
  problem(ln, v.start, v.end, 'syntax', `expected a version, found \`${v.text}\``);
  return false;
}

function checkVersion(v: Token, ln: number, problem: ProblemSink): boolean {
  if (!isVersionToken(v, ln, problem)) return false;
  if (!isValidGoSemver(v.text) || !CANONICAL_VERSION.test(v.text)) {
    problem(ln, v.start, v.end, 'invalid-version', `invalid version ${JSON.stringify(v.text)}: must be of the form v1.2.3`);
    return false;
  }
  return true;
}
