/**
 * Docker's image reference grammar (github.com/distribution/reference, regexp.go):
 * `[registry[:port]/]name[:tag][@digest]`. An image name reaches `docker run`/`pull` as an argument, so a value
 * from a manifest, `.kpa.json` or a flag that does not match could be read as an option (`-v=/:/host`, `-h`):
 * every image kpa hands to docker passes this check first. Pure: text in, a reason out.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** Docker's limit on the name part (reference.NameTotalLengthMax). */
const NAME_MAX = 255;

export const IMAGE_REFERENCE_FORM = '[registry[:port]/]name[:tag][@digest]';

/** Why `text` is not an image reference docker would read as one, or null when it is one. */
export function imageReferenceProblem(text: string): string | null {
  if (text === '') return 'is empty';
  if (text.startsWith('-')) return 'starts with "-", so docker would read it as an option';
  const match = REFERENCE.exec(text);
  if (!match) return `is not a Docker image reference (${IMAGE_REFERENCE_FORM}, lowercase name)`;
  if (match[1].length > NAME_MAX) return `has a name longer than ${NAME_MAX} characters`;
  return null;
}
