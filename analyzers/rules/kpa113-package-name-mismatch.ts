import { defineRule } from './define-rule.js';
import type { PackageFacts } from '../go/facts.js';
import type { PluginBuildCommand } from '../recipes/facts.js';
import { dirname, relativePath } from '../workspace.js';

/**
 * Files of one directory declare different packages: `go build` of the directory refuses ("found packages a
 * and b"). An error, unless the repository's own recipe builds the plugin from a list of files that all
 * declare one package (`go build -buildmode=plugin -o x.so main.go`): that build works, and only a build of
 * the directory fails, which a note says.
 */
export default defineRule({
  id: 'KPA113',
  name: 'package-name-mismatch',
  meta: {
    severity: 'error',
    levels: ['note'],
    summary: 'files of one plugin directory declare different packages',
    messages: {
      mismatch: 'This file declares package {name}, but the other files of the directory declare package {expected}; go build fails with "found packages". Use `package {expected}`.',
      fileBuild:
        'This file declares package {name}, but the other files of the directory declare package {expected}, so building the directory (go build ., kpa build, go vet, gopls) fails with "found packages". The plugin itself builds: {recipe} compiles {files} alone. Move this file to its own directory if the directory is ever built as a whole.',
    },
    fixable: true,
    tags: ['build'],
  },
  // recipes: a recipe that builds the plugin from files decides whether the mixed directory matters.
  needs: ['go', 'recipes'],
  check(ctx) {
    const builds = ctx.facts.recipes.flatMap((r) => r.pluginBuilds);
    for (const pkg of ctx.facts.go) {
      if (!ctx.facts.plugins.has(pkg.dir) || pkg.nameConflicts.length === 0) continue;
      const verdict = recipeVerdict(pkg, builds);
      for (const c of pkg.nameConflicts) {
        const fileBuild = verdict && !verdict.files.includes(c.file) ? verdict : null;
        if (fileBuild) {
          ctx.report({
            messageId: 'fileBuild',
            severity: 'note',
            data: {
              name: c.name,
              expected: pkg.name ?? '?',
              recipe: `${relativePath(ctx.facts.root, fileBuild.build.file)}:${fileBuild.build.range.start.line + 1}`,
              files: fileBuild.files.map((f) => f.slice(f.lastIndexOf('/') + 1)).join(' '),
            },
            file: c.file,
            range: c.range,
            related: [{ file: fileBuild.build.file, range: fileBuild.build.range, message: 'the plugin is built from these files' }],
            details: { dir: pkg.dir, recipe: fileBuild.build.file },
          });
          continue;
        }
        ctx.report({
          messageId: 'mismatch',
          data: { name: c.name, expected: pkg.name ?? '?' },
          file: c.file,
          range: c.range,
          fixes: [{ title: `Change the package to ${pkg.name}`, edits: [{ file: c.file, range: c.range, newText: pkg.name ?? 'main' }] }],
          details: { dir: pkg.dir },
        });
      }
    }
  },
});

/**
 * The recipe build that compiles this directory's plugin from a list of its files, all of one package, when
 * every fully known recipe build of the directory does so; null when one builds the directory itself (or a
 * mix of packages), or when no recipe says how the plugin is built.
 */
function recipeVerdict(pkg: PackageFacts, builds: readonly PluginBuildCommand[]): { build: PluginBuildCommand; files: string[] } | null {
  const nameOf = new Map(pkg.fileFacts.map((f) => [f.file, f.packageName]));
  let chosen: { build: PluginBuildCommand; files: string[] } | null = null;
  for (const build of builds) {
    const dirTargets = build.targets.length === 0 ? [build.cwd] : build.targets.filter((t) => !t.endsWith('.go'));
    if (dirTargets.some((d) => d.replace(/\/$/, '') === pkg.dir)) return null;
    const files = build.targets.filter((t) => t.endsWith('.go') && dirname(t) === pkg.dir);
    if (files.length === 0) continue;
    if (build.partial) return null;
    const names = new Set(files.map((f) => nameOf.get(f) ?? null));
    if (names.size !== 1 || names.has(null)) return null;
    chosen ??= { build, files };
  }
  return chosen;
}
