/**
 * Container image references as recipes write them (`docker.io/library/golang:1.22-alpine`,
 * `krakend/builder:2.7.2-linux-generic`), and what kpa knows each to be for a plugin build (spec §6.2).
 */

export interface ImageRef {
  /** Repository without registry host, `library/` and tag. */
  name: string;
  /** The tag; null when none is written (Docker then pulls `latest`) or the reference pins a digest only. */
  tag: string | null;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.replace(/@sha256:[0-9a-f]+$/i, '');
  const slash = rest.indexOf('/');
  // A first component with a dot, a colon or `localhost` is a registry host.
  if (slash > 0 && /[.:]|^localhost$/.test(rest.slice(0, slash))) rest = rest.slice(slash + 1);
  rest = rest.replace(/^library\//, '');
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon).toLowerCase(), tag: rest.slice(colon + 1) };
  return { name: rest.toLowerCase(), tag: null };
}

/**
 * What an image is to a plugin build: a KrakenD plugin builder (`krakend/builder`, its `-ee` twin, the 2.1.1–2.1.2
 * `devopsfaith/krakend-plugin-builder`), a plain `golang` image, a KrakenD runtime image (`krakend` from Docker Hub's
 * library, `devopsfaith/krakend`, `krakend/krakend-ee`), or anything else.
 */
export type ImageRole = 'builder' | 'golang' | 'runtime' | 'other';

export function imageRole(name: string): ImageRole {
  if (/^(krakend\/builder(-ee)?|devopsfaith\/krakend-plugin-builder)$/.test(name)) return 'builder';
  if (name === 'golang') return 'golang';
  if (/^(krakend|devopsfaith\/krakend|krakend\/krakend(-ee)?)$/.test(name)) return 'runtime';
  return 'other';
}

/** `2.7.2`, `2.7.2-linux-generic`, `2.7`, `latest` → the KrakenD version and flavour a builder or runtime tag names. */
export function krakendTag(tag: string | null): { version: string; linuxGeneric: boolean; suffix: string } | null {
  const m = /^v?(\d+\.\d+(?:\.\d+)?)(-ee)?(-linux-generic)?(.*)$/.exec(tag ?? '');
  if (!m) return null;
  return { version: m[1], linuxGeneric: Boolean(m[3]), suffix: m[4] };
}

/** A golang tag: `1.22.7-alpine3.19`, `1.22-alpine`, `1.22.7-bullseye`, `1`, `latest`, `alpine` (Go part null when floating to the newest). */
export function golangTag(tag: string | null): { go: string | null; alpine: boolean; variant: string } | null {
  const t = tag ?? 'latest';
  const m = /^(?:(\d+(?:\.\d+){0,2})(?:rc\d+)?)?-?(.*)$/.exec(t);
  if (!m) return null;
  const variant = m[2] === 'latest' ? '' : m[2];
  return { go: m[1] ?? null, alpine: /^alpine/.test(variant), variant };
}
