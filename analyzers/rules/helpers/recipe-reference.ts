/**
 * What a recipe's plugin builds must match: the KrakenD runtime image the same file names (`FROM krakend:X`,
 * `devopsfaith/krakend:X`, a `docker run krakend:X`, Makefile variables substituted) — the release that will
 * really load the plugin — or, without one, the target kpa checks against (spec §6.1, §6.2).
 */
import { resolveVersion, getManifest } from '../../manifests/resolve-target.js';
import { imageRole, krakendTag } from '../../recipes/image-ref.js';
import type { BuildSetting, PluginBuildCommand, RecipeFacts, RecipeImage } from '../../recipes/facts.js';
import type { Flavour, Manifest, Target } from '../../target.js';

export interface RecipeReference {
  manifest: Manifest;
  /** The official images are Alpine (musl); the target may say linux-generic. */
  flavour: Flavour;
  /** The runtime image it comes from; null when it is the target. */
  runtime: RecipeImage | null;
  /** How messages name it: `krakend:2.7.2 (line 5)` or `the target KrakenD 2.7.2`. */
  label: string;
}

/** The KrakenD release a builder or runtime image tag names (`2.7` = its newest patch), when kpa knows it. */
export function releaseOfTag(tag: string | null): Manifest | null {
  const parsed = krakendTag(tag);
  if (!parsed) return null;
  const resolved = resolveVersion(parsed.version);
  return 'version' in resolved ? (getManifest(resolved.version) ?? null) : null;
}

export function recipeReference(recipe: RecipeFacts, target: Target | null): RecipeReference | null {
  const runtimes = (recipe.images ?? []).filter((i) => imageRole(i.name) === 'runtime' && releaseOfTag(i.tag));
  const releases = new Set(runtimes.map((i) => releaseOfTag(i.tag)!.krakend));
  // Two runtime releases in one file (a matrix, an upgrade in progress): neither is the reference.
  if (runtimes.length && releases.size === 1) {
    const runtime = runtimes[0];
    return { manifest: releaseOfTag(runtime.tag)!, flavour: 'alpine', runtime, label: `${runtime.ref} (line ${runtime.range.start.line + 1})` };
  }
  if (!target) return null;
  return { manifest: target.manifest, flavour: target.spec.flavour, runtime: null, label: `the target KrakenD ${target.manifest.krakend}${target.spec.flavour === 'linux-generic' ? ' (linux-generic)' : ''}` };
}

/** The value a build's environment gives NAME last (the command's own setting wins over the file's), with where. */
export function envOf(build: PluginBuildCommand, name: string): BuildSetting | undefined {
  return [...(build.env ?? [])].reverse().find((s) => s.name === name);
}

/** Every plugin build of every recipe, with its recipe. */
export function recipeBuilds(recipes: readonly RecipeFacts[]): { recipe: RecipeFacts; build: PluginBuildCommand }[] {
  return recipes.flatMap((recipe) => recipe.pluginBuilds.map((build) => ({ recipe, build })));
}
