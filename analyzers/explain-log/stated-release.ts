/**
 * What a log says about the KrakenD that wrote it: `Starting KrakenD v2.7.2` (the start-up line) or the
 * three lines of `krakend version` (spec §6.3: `KrakenD Version:`, `Go Version:`, `Glibc Version:`).
 * The Go and libc lines matter on their own: the Makefile is not a reliable source of a shipped binary's Go
 * (ce#910), so a stated Go wins over the release data when kpa proposes a toolchain.
 */

export interface StatedRelease {
  /** KrakenD version as printed, without `v` (`2.7.2`, `2.12.4-ee`); null when the log does not say. */
  krakend: string | null;
  /** 1-based line the version was read from. */
  line: number | null;
  /** The line's text from the version statement on. */
  text: string | null;
  /** Go version the binary reports (`1.22.2`). */
  go: string | null;
  /** The libc string (`MUSL-1.2.4_(alpine-3.18.6)`, `GLIBC-2.31_(debian-11)`). */
  libc: string | null;
}

const VERSION_LINES: RegExp[] = [/Starting KrakenD v?(\d+\.\d+\.\d+(?:-ee)?)/, /KrakenD Version: v?(\d+\.\d+\.\d+(?:-ee)?)/];

/** What the log states, given as its lines (log-failures.ts logLines). */
export function statedRelease(lines: readonly string[]): StatedRelease {
  const stated: StatedRelease = { krakend: null, line: null, text: null, go: null, libc: null };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('KrakenD') && !line.includes('Version: ')) continue;
    if (stated.krakend === null) {
      for (const pattern of VERSION_LINES) {
        const m = pattern.exec(line);
        if (m) {
          stated.krakend = m[1];
          stated.line = i + 1;
          stated.text = line.slice(m.index).trimEnd();
          break;
        }
      }
    }
    stated.go ??= /\bGo Version: (?:go)?(\d+\.\d+(?:\.\d+)?)/.exec(line)?.[1] ?? null;
    stated.libc ??= /\bGlibc Version: (\S+)/.exec(line)?.[1] ?? null;
  }
  return stated;
}
