/**
 * go.sum parser with positions. The go command reads go.sum with strings.Fields and refuses a line
 * without exactly three fields ("malformed go.sum … wrong number of fields"), so such lines are errors;
 * everything else odd (CRLF, duplicates, bad hashes, conflict markers) is reported, never thrown.
 * Built for speed: a 100,000-line go.sum is split with indexOf and only odd lines take the slow path.
 */
import { lineRange, type GoSumFacts, type ModuleFileProblem, type ModuleFileProblemKind, type SumEntry } from './facts.js';
import { isValidGoSemver } from './go-semver.js';

/** Past this many problems in one go.sum, the rest are summarised in one finding. */
export const MAX_SUM_PROBLEMS = 200;

const H1_HASH = /^h1:[A-Za-z0-9+/]{43}=$/;
const GO_MOD_SUFFIX = '/go.mod';

export function parseGoSum(file: string, text: string): GoSumFacts {
  const entries: SumEntry[] = [];
  const problems: ModuleFileProblem[] = [];
  let suppressed = 0;
  let firstSuppressedLine = -1;
  const problem = (line: number, start: number, end: number, kind: ModuleFileProblemKind, severity: ModuleFileProblem['severity'], message: string) => {
    if (problems.length >= MAX_SUM_PROBLEMS) {
      if (suppressed++ === 0) firstSuppressedLine = line;
      return;
    }
    problems.push({ file, range: lineRange(line, start, end), kind, severity, message });
  };
  const seen = new Map<string, { hash: string; line: number }>();
  let crlfLines = 0;
  let firstCrlf = -1;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) {
      end--;
      if (crlfLines++ === 0) firstCrlf = lineNo;
    }
    if (end > pos) parseLine(pos, end, lineNo);
    lineNo++;
    if (nl === n) break;
    pos = nl + 1;
  }
  if (crlfLines > 0) {
    problem(firstCrlf, 0, 0, 'crlf', 'note', `go.sum has Windows (CRLF) line endings on ${crlfLines} line(s); the go command accepts them, but \`go mod tidy\` rewrites the file with LF, so diffs get noisy. Convert it to LF`);
  }
  if (suppressed > 0) {
    problems.push({
      file,
      range: lineRange(firstSuppressedLine, 0, 0),
      kind: 'fields',
      severity: 'error',
      message: `${suppressed} more malformed go.sum line(s) from here on were not listed; regenerate go.sum with \`go mod tidy\``,
    });
  }
  return { file, lineCount: lineNo, entries, problems };

  function hasSpaceOrTab(from: number, to: number, at: number): boolean {
    for (let i = Math.max(from, at); i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) return true;
    }
    return false;
  }

  /** `h1:` + 43 base64 characters + `=`, checked in place. */
  function isH1Hash(from: number, to: number): boolean {
    if (to - from !== 47 || text.charCodeAt(from) !== 104 || text.charCodeAt(from + 1) !== 49 || text.charCodeAt(from + 2) !== 58) return false;
    if (text.charCodeAt(to - 1) !== 61) return false;
    for (let i = from + 3; i < to - 1; i++) {
      const c = text.charCodeAt(i);
      const base64 = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
      if (!base64) return false;
    }
    return true;
  }

  function parseLine(lineStart: number, lineEnd: number, ln: number): void {
    const s1 = text.indexOf(' ', lineStart);
    const s2 = s1 < 0 || s1 >= lineEnd ? -1 : text.indexOf(' ', s1 + 1);
    let path: string;
    let version: string;
    let hash: string;
    let key: string;
    let versionColumn: number;
    let hashColumn: number;
    let hashOk: boolean;
    // Fast path: `path version hash` separated by exactly one space each, nothing else. It works on
    // offsets into the whole text so that a 100,000-line file costs few allocations.
    const first = text.charCodeAt(lineStart);
    if (s1 > lineStart && s2 > s1 + 1 && s2 < lineEnd - 1 && first !== 60 && first !== 61 && first !== 62 && first !== 124 && !hasSpaceOrTab(lineStart, lineEnd, s2 + 1)) {
      path = text.slice(lineStart, s1);
      version = text.slice(s1 + 1, s2);
      key = text.slice(lineStart, s2);
      hashOk = isH1Hash(s2 + 1, lineEnd);
      hash = text.slice(s2 + 1, lineEnd);
      versionColumn = s1 + 1 - lineStart;
      hashColumn = s2 + 1 - lineStart;
    } else {
      const line = text.slice(lineStart, lineEnd);
      if (/^\s*$/.test(line)) return;
      if (/^(<{7}|={7}|>{7}|\|{7})(\s|$)/.test(line)) {
        problem(ln, 0, line.length, 'conflict-marker', 'error', 'merge conflict marker left in go.sum; the go command refuses the file. Resolve the conflict (or delete go.sum) and run `go mod tidy`');
        return;
      }
      const fields: { text: string; start: number }[] = [];
      const re = /\S+/g;
      for (let m = re.exec(line); m; m = re.exec(line)) fields.push({ text: m[0], start: m.index });
      if (fields.length !== 3) {
        const at = fields[0]?.start ?? 0;
        problem(ln, at, line.length, 'fields', 'error', `malformed go.sum line: ${fields.length} field(s), want 3 (module, version, hash); the go command refuses the whole file. Run \`go mod tidy\` to regenerate it`);
        return;
      }
      [path, version, hash] = fields.map((f) => f.text);
      key = path + ' ' + version;
      hashOk = H1_HASH.test(hash);
      versionColumn = fields[1].start;
      hashColumn = fields[2].start;
      if (fields[0].start !== 0 || /\t|  /.test(line)) {
        problem(ln, 0, line.length, 'syntax', 'note', 'go.sum line has extra spaces or tabs; `krakend check-plugin` splits on single spaces and misreads it. Run `go mod tidy` to rewrite go.sum');
      }
    }
    if (!hashOk) {
      problem(ln, hashColumn, hashColumn + hash.length, 'bad-hash', 'error', `malformed checksum ${JSON.stringify(hash.length > 60 ? hash.slice(0, 57) + '…' : hash)}: want h1: followed by 44 base64 characters. The go command reports a checksum mismatch; run \`go mod tidy\``);
      return;
    }
    const goMod = version.endsWith(GO_MOD_SUFFIX);
    const bare = goMod ? version.slice(0, -GO_MOD_SUFFIX.length) : version;
    if (!isValidGoSemver(bare)) {
      problem(ln, versionColumn, versionColumn + version.length, 'invalid-version', 'warning', `invalid module version ${JSON.stringify(bare)} in go.sum; run \`go mod tidy\``);
      return;
    }
    const prev = seen.get(key);
    if (prev) {
      if (prev.hash === hash) {
        problem(ln, 0, lineEnd - lineStart, 'duplicate', 'note', `duplicate go.sum line (same as line ${prev.line + 1}); harmless, \`go mod tidy\` removes it`);
      } else {
        problem(ln, hashColumn, hashColumn + hash.length, 'conflicting-hash', 'error', `${path} ${version} has a different checksum on line ${prev.line + 1}; the go command stops with "checksum mismatch". Delete both lines and run \`go mod tidy\``);
      }
      return;
    }
    seen.set(key, { hash, line: ln });
    entries.push({ path, version: bare, goMod, line: ln, versionColumn });
  }
}
