/**
 * A KrakenD log → its distinct plugin failures (spec §7.1, §7.4). Lines are scanned for the loader's texts
 * wherever they sit, so timestamps, `KRAKEND DEBUG:`, `[SERVICE: …]`, `docker compose` and 1.x prefixes need
 * no parsing of their own. KrakenD opens every file once per loader (client, server, modifier): the later
 * attempts end in ` (previous failure)` and are the same failure, counted, not listed again.
 */

export interface LogFailure {
  /** 1-based line of the first occurrence. */
  line: number;
  /** UTF-16 columns of `text` in that line (0-based, end exclusive). */
  start: number;
  end: number;
  /** The failure as first logged, from the loader's wrapper (or the error itself) on; prefixes left out. */
  text: string;
  /** The plugin file: the wrapper's path, else the name given to plugin.Open; null when the text names none. */
  plugin: string | null;
  /** The error alone: without the wrapper, `plugin.Open("…"): ` and ` (previous failure)`. */
  error: string;
  /** How many lines report this failure (1: once). */
  repeats: number;
  /** The 1-based lines of the later reports (its repeats), for an editor to explain them too. */
  repeatLines: number[];
}

/** `plugin #<k> (<path>): ` in lura 2.x, `opening plugin <k> (<path>): ` in 1.x (spec §7.4). */
const WRAPPER = /(?:plugin #|opening plugin )\d+ \((.*?)\): /;
const OPEN = /plugin\.Open\("((?:[^"\\]|\\.)*)"\): /;
const PREVIOUS = / \(previous failure\)$/;

/**
 * Errors that carry no wrapper: the runtime's fatal texts, the plugin stubs, lookups, handler wiring,
 * `krakend test-plugin` and a KrakenD binary the host's glibc cannot run.
 */
const STANDALONE: RegExp[] = [
  /fatal error: runtime: no plugin module data.*/,
  /runtime: plugin has empty pluginpath.*/,
  /plugin: new module data overlaps with previous moduledata.*/,
  /runtime: plugin has bad symbol table.*/,
  /plugin: not implemented.*/,
  /plugin: symbol \S+ not found in plugin \S+.*/,
  /(?:http-server-handler|http-request-executor|modifier) plugin loader: unknown type.*/,
  /No plugin registered as .*/,
  /Wrong plugin handler type: .*/,
  /Error getting the plugin handler: .*/,
  /No name defined in the extra config for .*/,
  /\[KO\] .*/,
  // Anchored after whitespace (or the line's start) so a long run without spaces is scanned once, not per position.
  /(?<=^|\s)\S+: \S*libc\.so\.6: version .GLIBC_[\d.]+. not found \(required by [^)]*\).*/,
];

/** A log's lines: `\n`, `\r\n` and `\r` end one. */
export function logLines(text: string): string[] {
  return text.split(/\r?\n|\r/);
}

/** The distinct failures of a log, given as its text or as its lines (logLines). */
export function parseLogFailures(log: string | readonly string[]): LogFailure[] {
  const failures = new Map<string, LogFailure>();
  const lines = typeof log === 'string' ? logLines(log) : log;
  for (let i = 0; i < lines.length; i++) {
    const found = failureInLine(lines[i]);
    if (!found) continue;
    const key = `${found.plugin?.replace(/\.so$/, '') ?? ''}\0${found.error}`;
    const seen = failures.get(key);
    if (seen) {
      seen.repeats++;
      seen.repeatLines.push(i + 1);
    } else failures.set(key, { line: i + 1, ...found, repeats: 1, repeatLines: [] });
  }
  return [...failures.values()];
}

type LineFailure = Omit<LogFailure, 'line' | 'repeats' | 'repeatLines'>;

/** Every text above holds one of these: most lines of a dump are skipped with one scan. */
const MAYBE_FAILURE = /plugin|No name defined|\[KO\]|GLIBC_/;

function failureInLine(line: string): LineFailure | null {
  if (!MAYBE_FAILURE.test(line)) return null;
  const wrapper = WRAPPER.exec(line);
  const open = OPEN.exec(line);
  if (wrapper || open) {
    const start = (wrapper ?? open)!.index;
    const text = trimLine(line.slice(start));
    const afterOpen = open && open.index >= start ? line.slice(open.index + open[0].length) : null;
    const error = trimLine(afterOpen ?? line.slice(wrapper!.index + wrapper![0].length)).replace(PREVIOUS, '');
    if (!error) return null;
    const plugin = wrapper ? wrapper[1] : unquote(open![1]);
    return { start, end: start + text.length, text, plugin, error };
  }
  for (const pattern of STANDALONE) {
    const m = pattern.exec(line);
    if (!m) continue;
    const text = trimLine(m[0]);
    return { start: m.index, end: m.index + text.length, text, plugin: testPluginFile(text), error: text.replace(PREVIOUS, '') };
  }
  return null;
}

/** `[KO] SERVER\t<file>: …` names its file; other standalone texts name none kpa can use as a path. */
function testPluginFile(text: string): string | null {
  const ko = /^\[KO\] (?:SERVER|CLIENT|MODIFIER)\s+(.*?): The plugin does not contain/.exec(text) ?? /^\[KO\] Unable to open the plugin (.*)\.$/.exec(text);
  return ko ? ko[1] : null;
}

/** Trailing spaces, and the `]` KrakenD 1.x closed its bracketed WARNING with (`…: <err>]`). */
function trimLine(s: string): string {
  let out = s.trimEnd();
  if (out.endsWith(']') && count(out, ']') > count(out, '[')) out = out.slice(0, -1);
  return out;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

function unquote(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
