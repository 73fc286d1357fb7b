/**
 * A plugin failure's error text → its cause (spec §7.1, §7.4). The ids are stable, for machines; what each
 * means and what to do is explain-failure.ts's part, which also tells `module-version` from `build-settings`
 * (that takes the workspace's go.sum and the target's versions).
 */

export const CAUSES = [
  'go-version',
  'module-version',
  'build-settings',
  'libc',
  'arch',
  'not-elf',
  'file-missing',
  'already-loaded',
  'wrong-signature',
  'symbol-missing',
  'not-registered',
  'fatal-module-data',
  'no-plugin-support',
  'unknown',
] as const;

export type Cause = (typeof CAUSES)[number];

export interface Classified {
  cause: Cause;
  /** The package, module, symbol, library or name the error is about; null when it names none. */
  subject: string | null;
  /** For `different version of package`: the package as logged (the subject becomes its module). */
  pkg?: string;
  /** For `libc`: which way the C libraries disagree. */
  libc?: 'glibc-too-old' | 'glibc-plugin-on-musl' | 'musl-plugin-on-glibc';
  /** For `libc` (glibc too old): the file that needs the newer glibc, as logged. */
  requiredBy?: string;
}

/** Which symbol each lura loader looks up (spec §1, §7.4: `<loader> plugin loader: unknown type`). */
export const LOADER_SYMBOLS: Record<string, string> = {
  'http-server-handler': 'HandlerRegisterer',
  'http-request-executor': 'ClientRegisterer',
  modifier: 'ModifierRegisterer',
};

const FATAL = /no plugin module data|plugin has empty pluginpath|new module data overlaps with previous moduledata|plugin has bad symbol table/;

export function classifyFailure(error: string): Classified {
  let m: RegExpExecArray | null;
  if ((m = /plugin was built with a different version of package (\S+)/.exec(error))) {
    const pkg = m[1];
    // Standard-library import paths have no dot in their first element (cmd/go's rule for std).
    return isStandardPackage(pkg) ? { cause: 'go-version', subject: pkg, pkg } : { cause: 'module-version', subject: pkg, pkg };
  }
  if (/plugin already loaded/.test(error)) return { cause: 'already-loaded', subject: null };
  if ((m = /version .(GLIBC_[\d.]+). not found(?: \(required by ([^)]*)\))?/.exec(error))) {
    return { cause: 'libc', subject: m[1], libc: 'glibc-too-old', requiredBy: m[2] };
  }
  // Bounded name lengths keep these linear on a hostile line (glibc's names are short).
  if ((error.includes('symbol not found') && (m = /(__\w{1,60}): symbol not found/.exec(error))) || (m = /could not find symbol (__\w{1,60}_chk)\b/.exec(error))) {
    return { cause: 'libc', subject: m[1], libc: 'glibc-plugin-on-musl' };
  }
  if ((m = /((?:libc\.musl|ld-musl)-[\w.-]{1,60}): cannot open shared object file/.exec(error))) {
    return { cause: 'libc', subject: m[1], libc: 'musl-plugin-on-glibc' };
  }
  if ((m = /unsupported relocation type (\d+)/.exec(error))) return { cause: 'arch', subject: `relocation type ${m[1]}` };
  if (/wrong ELF class|Exec format error|ELF file's machine/i.test(error)) return { cause: 'arch', subject: null };
  if (/invalid ELF header|file too short|not an ELF file/.test(error)) return { cause: 'not-elf', subject: null };
  // dlsym found no Go plugin tables: a shared object, but no Go plugin (plugin_dlopen.go).
  if ((m = /could not find symbol (\S+?):(?: |$)/.exec(error))) return { cause: 'not-elf', subject: m[1] };
  if (/realpath failed/.test(error)) return { cause: 'file-missing', subject: null };
  if ((m = /(?<=^|\s)(\S+): cannot open shared object file/.exec(error))) return { cause: 'file-missing', subject: m[1] };
  if ((m = /(http-server-handler|http-request-executor|modifier) plugin loader: unknown type/.exec(error))) {
    return { cause: 'wrong-signature', subject: LOADER_SYMBOLS[m[1]] };
  }
  if ((m = /Wrong plugin handler type: (.*)$/.exec(error))) return { cause: 'wrong-signature', subject: m[1].trim() || null };
  if ((m = /plugin: symbol (\S+) not found in plugin/.exec(error))) return { cause: 'symbol-missing', subject: m[1] };
  if ((m = /The plugin does not contain a (\w+)\./.exec(error))) return { cause: 'symbol-missing', subject: m[1] };
  if ((m = /No plugin registered as (.*)$/.exec(error))) return { cause: 'not-registered', subject: m[1].trim() || null };
  if (/No name defined in the extra config for/.test(error)) return { cause: 'not-registered', subject: null };
  if (FATAL.test(error)) return { cause: 'fatal-module-data', subject: null };
  if (/plugin: not implemented/.test(error)) return { cause: 'no-plugin-support', subject: null };
  return { cause: 'unknown', subject: null };
}

export function isStandardPackage(pkg: string): boolean {
  const first = pkg.split('/')[0];
  return !first.includes('.');
}
