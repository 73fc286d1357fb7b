import { defineRule } from './define-rule.js';
import type { Fix, TextEdit } from '../diagnostics.js';
import { golangTag, imageRole, krakendTag } from '../recipes/image-ref.js';
import type { PluginBuildCommand, RecipeFacts, RecipeImage } from '../recipes/facts.js';
import { envOf, recipeBuilds } from './helpers/recipe-reference.js';

/**
 * An arm64 plugin is cross-compiled in the amd64 builders with cgo, the builder's aarch64 C compiler (`CC`) and
 * the matching external linker (`-extld`), as KrakenD's docs show; and it loads only into an arm64 KrakenD
 * (spec §6.2, §7.1 "unsupported relocation type", §8 "same GOARCH").
 */
export default defineRule({
  id: 'KPA503',
  name: 'cross-compile-arch',
  meta: {
    severity: 'error',
    levels: ['warning'],
    summary: 'an arm64 plugin lacks the cross compiler, or its architecture differs from the runtime image',
    messages: {
      missingCompiler: 'The plugin is built with GOARCH=arm64 but without CC={cc}: without the aarch64 C compiler cgo is off or compiles for amd64, and no loadable plugin comes out. Set CC={cc} (and CGO_ENABLED=1) and link with -ldflags=\'-extldflags=-fuse-ld=bfd -extld={cc}\'.',
      missingLinker: 'The plugin is built with GOARCH=arm64 and CC={cc} but its -ldflags lack -extld={cc}: go links with the host linker. Add -ldflags=\'-extldflags=-fuse-ld=bfd -extld={cc}\'.',
      archMismatch: 'The plugin is built for {have}, but {runtime} runs {want}: KrakenD cannot open it ("{loaderError}"). Build it with GOARCH={want}.',
    },
    fixable: true,
    tags: ['recipes'],
  },
  needs: ['recipes'],
  check(ctx) {
    for (const { recipe, build } of recipeBuilds(ctx.facts.recipes)) {
      const goarch = envOf(build, 'GOARCH');
      const arch = goarch?.value ?? archOfPlatform(build.image?.platform ?? null);
      if (goarch?.value === 'arm64' && !goarch.value.includes('$')) {
        const cc = crossCompiler(build.image ?? null);
        const setCc = envOf(build, 'CC');
        const ldflags = (build.flags ?? []).filter((f) => f.name === '-ldflags').map((f) => f.value ?? '').join(' ');
        if (!setCc) {
          ctx.report({ messageId: 'missingCompiler', data: { cc }, file: goarch.file, range: goarch.range, fixes: addCrossFlags(build, goarch.range, cc, ldflags) });
        } else if (!/(^|\s|')-extld[= ]/.test(ldflags) && !setCc.value?.includes('$')) {
          ctx.report({ messageId: 'missingLinker', data: { cc: setCc.value ?? cc }, file: setCc.file, range: setCc.range, severity: 'warning', fixes: addLdflags(build, setCc.value ?? cc, ldflags) });
        }
      }
      const runtime = runtimeArch(recipe);
      if (arch && runtime && (arch === 'amd64' || arch === 'arm64') && arch !== runtime.arch) {
        const where = goarch ?? { file: build.file, range: build.image?.range ?? build.range };
        ctx.report({
          messageId: 'archMismatch',
          data: { have: arch, want: runtime.arch, runtime: `${runtime.image.ref} (line ${runtime.image.range.start.line + 1}, --platform=${runtime.image.platform})`, loaderError: arch === 'arm64' ? 'unsupported relocation type' : 'wrong ELF class / invalid ELF header' },
          file: where.file,
          range: where.range,
        });
      }
    }
  },
});

function archOfPlatform(platform: string | null): string | null {
  const m = /^linux\/(amd64|arm64)/.exec(platform ?? '');
  return m ? m[1] : null;
}

/** The one KrakenD runtime image of the file that states its platform, when exactly one arch is named. */
function runtimeArch(recipe: RecipeFacts): { arch: string; image: RecipeImage } | null {
  const runtimes = (recipe.images ?? []).filter((i) => imageRole(i.name) === 'runtime' && archOfPlatform(i.platform));
  const arches = new Set(runtimes.map((i) => archOfPlatform(i.platform)));
  return arches.size === 1 ? { arch: [...arches][0]!, image: runtimes[0] } : null;
}

/** musl for the Alpine builders and golang:*-alpine, glibc's cross compiler for linux-generic and Debian images (spec §6.2). */
function crossCompiler(image: RecipeImage | null): string {
  const glibc = image && ((imageRole(image.name) === 'builder' && krakendTag(image.tag)?.linuxGeneric) || (imageRole(image.name) === 'golang' && !golangTag(image.tag)?.alpine));
  return glibc ? 'aarch64-linux-gnu-gcc' : 'aarch64-linux-musl-gcc';
}

/** CC (and CGO_ENABLED=1) beside the GOARCH setting, and the linker flags after -buildmode=plugin. */
function addCrossFlags(build: PluginBuildCommand, goarchRange: TextEdit['range'], cc: string, ldflags: string): Fix[] | undefined {
  const goarch = envOf(build, 'GOARCH')!;
  const cgo = envOf(build, 'CGO_ENABLED');
  // A file-level GOARCH (ENV, export) is not on the build line: no place kpa can be sure to edit.
  if (goarch.via === 'file') return undefined;
  const prefix = goarch.via === 'docker-env' ? '-e ' : '';
  const settings = [`${prefix}CC=${cc}`, ...(cgo ? [] : [`${prefix}CGO_ENABLED=1`])].join(' ');
  const edits: TextEdit[] = [{ file: goarch.file, range: { start: goarchRange.start, end: goarchRange.start }, newText: `${settings} ` }];
  const ld = addLdflags(build, cc, ldflags)?.[0]?.edits ?? [];
  return [{ title: `Cross-compile with CC=${cc} and -extld=${cc}`, edits: [...edits, ...ld] }];
}

function addLdflags(build: PluginBuildCommand, cc: string, ldflags: string): Fix[] | undefined {
  if (ldflags) return undefined;
  const mode = (build.flags ?? []).find((f) => f.name === '-buildmode' && f.via === 'command');
  if (!mode) return undefined;
  return [{ title: `Link with -extld=${cc}`, edits: [{ file: build.file, range: { start: mode.range.end, end: mode.range.end }, newText: ` -ldflags='-extldflags=-fuse-ld=bfd -extld=${cc}'` }] }];
}
