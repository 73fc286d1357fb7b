import { defineRule } from './define-rule.js';
import type { Fix, Severity } from '../diagnostics.js';
import { golangTag, imageRole, krakendTag } from '../recipes/image-ref.js';
import type { RecipeImage } from '../recipes/facts.js';
import { recipeReference, releaseOfTag, type RecipeReference } from './helpers/recipe-reference.js';

/**
 * The image a plugin is built in must carry the Go (and C library) of the KrakenD that loads it: the
 * `krakend/builder` tag equal to that release, or a `golang:` image of exactly its Go version and flavour
 * (spec §6.1, §6.2, §7.1, §7.2 reports 3, 11, 17, 18). The reference is the runtime image the same recipe
 * names, else the target.
 */
export default defineRule({
  id: 'KPA501',
  name: 'builder-image-mismatch',
  meta: {
    severity: 'error',
    levels: ['warning', 'note'],
    summary: 'a plugin is built in an image whose Go or libc differs from the KrakenD that loads it',
    messages: {
      builderGo: 'The plugin is built in {image} (Go {have}), but {reference} runs Go {want}: KrakenD fails to open it with "plugin was built with a different version of package …". Build it in {suggestion}.',
      builderRelease: 'The plugin is built in {image}, the builder of KrakenD {have}, but {reference} is KrakenD {want}: same Go, but the modules the plugin must match may differ. Build it in {suggestion}.',
      builderFlavour: 'The plugin is built in {image} ({haveLibc}), but {reference} is {wantLibc}: a plugin linked against one C library does not load into a binary linked against the other ("{loaderError}"). Build it in {suggestion}.',
      golangGo: 'The plugin is built in {image} (Go {have}), but {reference} runs Go {want}: KrakenD fails to open it with "plugin was built with a different version of package …". Build it in {suggestion}.',
      golangFloating: 'The plugin is built in {image}, a tag that floats to the newest Go {have}, which is Go {want} of {reference} only by chance: pin it to {suggestion}.',
      golangLibc: 'The plugin is built in {image}, a {haveLibc} image, but {reference} is {wantLibc}: the plugin does not load ("{loaderError}"). Build it in {suggestion}.',
      unknownBuilder: 'The plugin is built in {image}, whose tag names no KrakenD release kpa knows, while {reference} is KrakenD {want}: build it in {suggestion}.',
    },
    fixable: true,
    tags: ['recipes'],
  },
  needs: ['recipes'],
  check(ctx) {
    for (const recipe of ctx.facts.recipes) {
      const seen = new Set<RecipeImage>();
      for (const build of recipe.pluginBuilds) {
        const image = build.image;
        if (!image || seen.has(image)) continue;
        seen.add(image);
        const reference = recipeReference(recipe, ctx.target);
        if (!reference) continue;
        const role = imageRole(image.name);
        const finding = role === 'builder' ? judgeBuilder(image, reference) : role === 'golang' ? judgeGolang(image, reference) : null;
        if (!finding) continue;
        // Judged only by the target — which may be kpa's default (the latest release, alpine), while the builder tag
        // itself says which KrakenD the recipe means — a finding is a note; the runtime image of the recipe decides.
        const severity: Severity = reference.runtime ? finding.severity : 'note';
        ctx.report({
          messageId: finding.messageId,
          data: { image: image.ref, reference: reference.label, suggestion: finding.suggestion, ...finding.data },
          file: image.file,
          range: image.range,
          severity,
          fixes: tagFix(image, finding.suggestion),
          details: { suggestion: finding.suggestion },
        });
      }
    }
  },
});

interface Finding {
  messageId: 'builderGo' | 'builderRelease' | 'builderFlavour' | 'golangGo' | 'golangFloating' | 'golangLibc' | 'unknownBuilder';
  severity: Severity;
  data: Record<string, string>;
  suggestion: string;
}

const LIBC = { alpine: 'Alpine (musl)', 'linux-generic': 'Debian (glibc)' } as const;
const LOADER_ERROR = { alpine: 'Error relocating …: __vfprintf_chk: symbol not found', 'linux-generic': 'cannot open shared object file / unsupported relocation' } as const;

/** The builder image for the reference, else the golang image the release was built with. */
function suggestedImage(reference: RecipeReference, edition: string): string {
  const b = reference.manifest.builders;
  const builder = reference.flavour === 'alpine' ? (b.alpine ?? b.legacy) : b.linuxGeneric;
  if (builder) return edition === 'ee' ? builder.replace('krakend/builder:', 'krakend/builder-ee:') : builder;
  return suggestedGolang(reference);
}

function suggestedGolang(reference: RecipeReference): string {
  const m = reference.manifest;
  if (reference.flavour === 'alpine') return `golang:${m.go}-alpine${m.alpine ?? ''}`;
  return `golang:${m.go}-${m.glibc === '2.36' ? 'bookworm' : 'bullseye'}`;
}

function judgeBuilder(image: RecipeImage, reference: RecipeReference): Finding | null {
  const tag = krakendTag(image.tag);
  const edition = image.name === 'krakend/builder-ee' ? 'ee' : 'ce';
  const suggestion = suggestedImage(reference, edition);
  const want = reference.manifest;
  if (!tag) {
    // An unresolved tag (a variable kpa cannot see) is not judged; `latest` or an unknown word is.
    if (image.tag === null && /\$/.test(image.ref)) return null;
    return { messageId: 'unknownBuilder', severity: 'warning', data: { want: want.krakend }, suggestion };
  }
  const release = releaseOfTag(image.tag);
  if (!release) return { messageId: 'unknownBuilder', severity: 'warning', data: { want: want.krakend }, suggestion };
  const flavour = tag.linuxGeneric ? 'linux-generic' : 'alpine';
  if (flavour !== reference.flavour) {
    return { messageId: 'builderFlavour', severity: 'error', data: { haveLibc: LIBC[flavour], wantLibc: LIBC[reference.flavour], loaderError: LOADER_ERROR[reference.flavour] }, suggestion };
  }
  if (release.krakend === want.krakend) return null;
  if (release.go !== want.go) return { messageId: 'builderGo', severity: 'error', data: { have: release.go, want: want.go }, suggestion };
  if (JSON.stringify(release.modules) === JSON.stringify(want.modules)) return null;
  return { messageId: 'builderRelease', severity: 'warning', data: { have: release.krakend, want: want.krakend }, suggestion };
}

function judgeGolang(image: RecipeImage, reference: RecipeReference): Finding | null {
  if (image.tag === null && /\$/.test(image.ref)) return null;
  const tag = golangTag(image.tag);
  if (!tag) return null;
  const want = reference.manifest.go;
  const suggestion = suggestedGolang(reference);
  const musl = tag.alpine;
  const debian = !musl && /^(|bullseye|bookworm|buster|trixie|stretch)$/.test(tag.variant);
  if (reference.flavour === 'alpine' && debian) {
    return { messageId: 'golangLibc', severity: 'error', data: { haveLibc: LIBC['linux-generic'], wantLibc: LIBC.alpine, loaderError: LOADER_ERROR.alpine }, suggestion };
  }
  if (reference.flavour === 'linux-generic' && musl) {
    return { messageId: 'golangLibc', severity: 'error', data: { haveLibc: LIBC.alpine, wantLibc: LIBC['linux-generic'], loaderError: LOADER_ERROR['linux-generic'] }, suggestion };
  }
  const have = tag.go;
  const parts = have?.split('.') ?? [];
  const wantParts = want.split('.');
  if (parts.length === 3) return have === want ? null : { messageId: 'golangGo', severity: 'error', data: { have: have!, want }, suggestion };
  // A floating tag: `1.22` is the newest 1.22.x, `1` the newest 1.x, none the newest Go.
  if (parts.length === 2 && `${parts[0]}.${parts[1]}` !== `${wantParts[0]}.${wantParts[1]}`) return { messageId: 'golangGo', severity: 'error', data: { have: `${have}.x`, want }, suggestion };
  return { messageId: 'golangFloating', severity: 'warning', data: { have: have ? `${have}.x` : '(latest)', want }, suggestion };
}

/** Replaces the tag as written (or adds one), when the image keeps its repository; a tag from a variable is left alone. */
function tagFix(image: RecipeImage, suggestion: string): Fix[] | undefined {
  const colon = suggestion.lastIndexOf(':');
  const [name, tag] = [suggestion.slice(0, colon), suggestion.slice(colon + 1)];
  if (!image.ref.replace(/^(docker\.io\/)?(library\/)?/, '').startsWith(name)) return undefined;
  const title = `Build in ${suggestion}`;
  if (image.tagRange) return [{ title, edits: [{ file: image.file, range: image.tagRange, newText: tag }] }];
  if (image.tag === null && !image.ref.includes('$') && !image.ref.includes('@')) return [{ title, edits: [{ file: image.file, range: { start: image.range.end, end: image.range.end }, newText: `:${tag}` }] }];
  return undefined;
}
