import { defineRule } from './define-rule.js';
import type { Fix, Severity } from '../diagnostics.js';
import type { BuildSetting, PluginBuildCommand } from '../recipes/facts.js';
import { envOf, recipeBuilds } from './helpers/recipe-reference.js';

/**
 * A plugin must be compiled as KrakenD was: with cgo, without -trimpath, without the race/memory sanitizers, from
 * the same module cache path (/go/pkg/mod in the builders) and with the same toolchain. Anything else changes the
 * hashes of the packages both link, and plugin.Open refuses the plugin (spec §7.1, §7.2 report 8, §8).
 */
export default defineRule({
  id: 'KPA502',
  name: 'build-setting-changes-packages',
  meta: {
    severity: 'error',
    levels: ['warning'],
    summary: 'a plugin is built with a setting KrakenD was not built with',
    messages: {
      cgoDisabled: 'The plugin is built with CGO_ENABLED={value}: KrakenD is built with cgo, so the standard library packages both link (net, crypto/…) get other hashes and KrakenD fails to open the plugin with "plugin was built with a different version of package …" (go only warns "loadinternal: cannot find runtime/cgo"). Set CGO_ENABLED=1.',
      trimpath: 'The plugin is built with -trimpath{via}, KrakenD without it: every package both link gets another hash, and KrakenD fails to open the plugin with "plugin was built with a different version of package …". Remove -trimpath.',
      instrumented: 'The plugin is built with {flag}{via}, which compiles the runtime and every dependency differently from KrakenD: the plugin does not load ("plugin was built with a different version of package runtime"). Build it without {flag}.',
      mayDiffer: 'The plugin is built with {flag}{via}: {why} KrakenD is built without it, so plugin.Open may fail with "plugin was built with a different version of package …".',
      modCache: 'The plugin is built with {name}={value}: the module cache path is compiled into the packages, and KrakenD\'s builders use /go/pkg/mod, so the packages the plugin shares with KrakenD get other hashes ("plugin was built with a different version of package …"). Leave {name} at the builder\'s default.',
      toolchain: 'The plugin is built with GOTOOLCHAIN={value}: go may switch to another Go toolchain than the builder\'s (go.mod\'s toolchain or go line), and a plugin built with another Go does not load. Use GOTOOLCHAIN=local.',
    },
    fixable: true,
    tags: ['recipes'],
  },
  needs: ['recipes'],
  check(ctx) {
    for (const { build } of recipeBuilds(ctx.facts.recipes)) {
      const cgo = envOf(build, 'CGO_ENABLED');
      if (cgo && cgo.value === '0') ctx.report({ messageId: 'cgoDisabled', data: { value: cgo.value }, file: cgo.file, range: cgo.range, fixes: setTo(cgo, 'CGO_ENABLED=1') });
      for (const flag of build.flags ?? []) {
        const finding = judgeFlag(build, flag);
        if (finding) ctx.report({ ...finding, file: flag.file, range: flag.range });
      }
      for (const name of ['GOMODCACHE', 'GOPATH']) {
        const setting = envOf(build, name);
        const expected = name === 'GOMODCACHE' ? '/go/pkg/mod' : '/go';
        if (setting?.value && !setting.value.includes('$') && setting.value.replace(/\/+$/, '') !== expected) {
          ctx.report({ messageId: 'modCache', data: { name, value: setting.value }, file: setting.file, range: setting.range, severity: 'warning' });
        }
      }
      const toolchain = envOf(build, 'GOTOOLCHAIN');
      if (toolchain?.value && toolchain.value !== 'local' && !toolchain.value.includes('$')) {
        ctx.report({ messageId: 'toolchain', data: { value: toolchain.value }, file: toolchain.file, range: toolchain.range, severity: 'warning', fixes: setTo(toolchain, 'GOTOOLCHAIN=local') });
      }
    }
  },
});

type FlagFinding =
  | { messageId: 'trimpath' | 'instrumented'; data: Record<string, string>; fixes?: Fix[] }
  | { messageId: 'mayDiffer'; data: Record<string, string>; severity: Severity };

function judgeFlag(build: PluginBuildCommand, flag: BuildSetting): FlagFinding | null {
  const via = flag.via === 'goflags' ? ' (through GOFLAGS)' : '';
  if (flag.value === 'false') return null;
  const mayDiffer = (why: string): FlagFinding => ({ messageId: 'mayDiffer', data: { flag: flag.name, via, why }, severity: 'warning' });
  switch (flag.name) {
    case '-trimpath':
      return { messageId: 'trimpath', data: { via }, fixes: flag.via === 'command' ? removeFlag(build, flag) : undefined };
    case '-race':
    case '-msan':
    case '-asan':
      return { messageId: 'instrumented', data: { flag: flag.name, via } };
    case '-cover':
      return mayDiffer('coverage instrumentation links extra runtime packages and may instrument shared ones.');
    case '-gcflags':
    case '-asmflags':
      // Flags for the named packages only change the plugin's own packages; `all=` (or a pattern) reaches the shared ones.
      return flag.value && /(^|\s)(all|std|[\w./-]*\.\.\.)=/.test(flag.value) ? mayDiffer(`${flag.value} compiles packages KrakenD also links with other compiler flags.`) : null;
    case '-mod':
      return flag.value === 'vendor' ? mayDiffer('vendored packages are compiled from vendor/, another path than the module cache KrakenD was built from.') : null;
  }
  return null;
}

function setTo(setting: BuildSetting, text: string): Fix[] | undefined {
  // `-e CGO_ENABLED=0` spans the option too; an ENV/assignment word is exactly NAME=value.
  if (setting.via === 'docker-env') return undefined;
  return [{ title: `Set ${text}`, edits: [{ file: setting.file, range: setting.range, newText: text }] }];
}

/** Deletes the flag word and the blank before it (a flag always follows `go build`), when both sit on one line. */
function removeFlag(build: PluginBuildCommand, flag: BuildSetting): Fix[] | undefined {
  if (flag.range.start.line !== flag.range.end.line || flag.range.start.character === 0) return undefined;
  const start = { line: flag.range.start.line, character: flag.range.start.character - 1 };
  return [{ title: `Remove ${flag.name}`, edits: [{ file: build.file, range: { start, end: flag.range.end }, newText: '' }] }];
}
