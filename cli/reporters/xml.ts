/** Text in XML attributes and elements, for the checkstyle and JUnit reports. */
import { escapeControlCharactersKeepingLayout } from '../../host/display-text.js';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Escapes markup, shows control characters visibly (most are not even allowed in XML 1.0) and replaces lone
 * surrogates (not allowed either) with U+FFFD; line breaks and tabs become character references, so an
 * attribute keeps them instead of normalising them to spaces.
 */
export function xmlText(text: string): string {
  return escapeControlCharactersKeepingLayout(text.replace(LONE_SURROGATE, '\ufffd'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}
