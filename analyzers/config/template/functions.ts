/**
 * The functions a flexible-configuration template can call, as far as kpa renders them statically:
 * text/template's builtins, the Sprig functions whose result depends only on their arguments, and KrakenD's
 * `marshal` and `include` (github.com/krakend/krakend-flexibleconfig; Sprig's list is UNCONFIRMED against
 * the KrakenD release in use: KrakenD documents "Sprig functions" without pinning a version).
 * Functions whose result depends on the environment, the clock or chance (`env`, `now`, `randAlpha`,
 * `uuidv4`, …) return Unknown with the reason, and so does a function kpa does not implement.
 */
import { FileText, Missing, TemplateExecError, Unknown, goFloat, goMarshal, goPrint, isMap, kindOf, plain, truthy, type Value, type ValueMap } from './values.js';

export interface FunctionContext {
  /** `include "name"`: the partial's text, or why it cannot be read. */
  include(name: string): FileText | Unknown;
}

export type TemplateFunction = (args: Value[], ctx: FunctionContext) => Value;

/** Functions that return Unknown whatever their arguments, and why. */
export const ENVIRONMENT_FUNCTIONS: Readonly<Record<string, string>> = {
  env: 'reads an environment variable',
  expandenv: 'reads environment variables',
  getHostByName: 'resolves a host name',
  now: 'reads the clock',
  date: 'formats a time',
  dateInZone: 'formats a time',
  date_in_zone: 'formats a time',
  dateModify: 'computes a time',
  date_modify: 'computes a time',
  htmlDate: 'formats a time',
  htmlDateInZone: 'formats a time',
  ago: 'reads the clock',
  unixEpoch: 'formats a time',
  toDate: 'parses a time',
  mustToDate: 'parses a time',
  randAlpha: 'is random',
  randAlphaNum: 'is random',
  randAscii: 'is random',
  randNumeric: 'is random',
  randInt: 'is random',
  randBytes: 'is random',
  shuffle: 'is random',
  uuidv4: 'is random',
  genPrivateKey: 'is random',
  genCA: 'is random',
  genCAWithKey: 'is random',
  genSelfSignedCert: 'is random',
  genSelfSignedCertWithKey: 'is random',
  genSignedCert: 'is random',
  genSignedCertWithKey: 'is random',
  buildCustomCert: 'reads certificates',
  encryptAES: 'is random',
  bcrypt: 'is random',
  htpasswd: 'is random',
};

const str = (v: Value): string => {
  const p = plain(v);
  if (typeof p === 'string') return p;
  if (p === null || p instanceof Missing) return '';
  return goPrint(p);
};

/** cast.ToInt64 as Sprig converts: numbers truncate, numeric strings parse, others are 0. */
export const toInt = (v: Value): bigint => {
  const p = plain(v);
  if (typeof p === 'bigint') return p;
  if (typeof p === 'number') return Number.isFinite(p) ? BigInt(Math.trunc(p)) : 0n;
  if (typeof p === 'boolean') return p ? 1n : 0n;
  if (typeof p === 'string') {
    const t = p.trim();
    if (/^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(t)) return BigInt(t.replace(/^\+/, ''));
    return 0n;
  }
  return 0n;
};

const toFloat = (v: Value): number => {
  const p = plain(v);
  if (typeof p === 'number') return p;
  if (typeof p === 'bigint') return Number(p);
  if (typeof p === 'boolean') return p ? 1 : 0;
  if (typeof p === 'string') {
    const n = Number(p.trim());
    return Number.isNaN(n) ? 0 : n;
  }
  return 0;
};

const list = (v: Value): Value[] => {
  const p = plain(v);
  if (Array.isArray(p)) return p;
  if (p === null || p instanceof Missing) return [];
  throw new TemplateExecError(`cannot use a ${kindOf(p)} as a list`);
};

const map = (v: Value): ValueMap => {
  const p = plain(v);
  if (isMap(p)) return p;
  throw new TemplateExecError(`cannot use a ${kindOf(p)} as a dict`);
};

/** Sprig's empty: the zero value of its type. */
const empty = (v: Value): boolean => !truthy(v);

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

function deepCopy(v: Value): Value {
  const p = plain(v);
  if (Array.isArray(p)) return p.map(deepCopy);
  if (isMap(p)) return Object.fromEntries(Object.entries(p).map(([k, x]) => [k, deepCopy(x)]));
  return p;
}

/** mergo.Merge as Sprig's merge uses it: keys dst lacks (or holds as zero) come from src, maps merge deeply. */
function mergeInto(dst: ValueMap, src: ValueMap, overwrite: boolean): void {
  for (const [k, v] of Object.entries(src)) {
    const have = dst[k];
    if (isMap(have) && isMap(v)) mergeInto(have, v, overwrite);
    else if (!(k in dst) || empty(have) || (overwrite && !empty(v))) dst[k] = deepCopy(v);
  }
}

/** Go's basic kinds for eq/lt: comparing an int with a float is an error in text/template. */
function compare(a: Value, b: Value, op: string): number {
  const x = plain(a);
  const y = plain(b);
  const kind = (v: Value) => (typeof v === 'bigint' ? 'int' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : null);
  const kx = kind(x);
  const ky = kind(y);
  if (kx === null || ky === null) {
    if (op === 'eq' && (x === null || x instanceof Missing || y === null || y instanceof Missing)) return x === y || (x === null && y instanceof Missing) || (x instanceof Missing && y === null) ? 0 : 1;
    throw new TemplateExecError(`incompatible types for comparison (${kindOf(x)} and ${kindOf(y)})`);
  }
  if (kx !== ky) throw new TemplateExecError(`incompatible types for comparison (${kindOf(x)} and ${kindOf(y)})`);
  if (kx === 'bool') {
    if (op !== 'eq') throw new TemplateExecError('invalid type for comparison');
    return x === y ? 0 : 1;
  }
  const xv = x as string | number | bigint;
  const yv = y as string | number | bigint;
  return xv < yv ? -1 : xv > yv ? 1 : 0;
}

/** fmt.Sprintf for the verbs templates use: %s %v %d %q %t %f %g %x %%, with width and precision. */
export function goSprintf(format: string, args: Value[]): string {
  let k = 0;
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_all, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (k >= args.length) return `%!${verb}(MISSING)`;
    const v = plain(args[k++]);
    let out: string;
    switch (verb) {
      case 'd':
        out = typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? `%!d(float64=${goFloat(v)})` : `%!d(${kindOf(v)}=${goPrint(v)})`;
        break;
      case 'f':
      case 'F':
        out = typeof v === 'number' || typeof v === 'bigint' ? Number(v).toFixed(precision ? Number(precision) : 6) : `%!f(${kindOf(v)}=${goPrint(v)})`;
        break;
      case 'g':
        out = typeof v === 'number' ? goFloat(v) : goPrint(v);
        break;
      case 'q':
        out = JSON.stringify(str(v));
        break;
      case 't':
        out = typeof v === 'boolean' ? String(v) : `%!t(${kindOf(v)}=${goPrint(v)})`;
        break;
      case 'x':
        out = typeof v === 'bigint' ? v.toString(16) : [...new TextEncoder().encode(str(v))].map((b) => b.toString(16).padStart(2, '0')).join('');
        break;
      default:
        out = goPrint(v);
        if (precision && (verb === 's' || verb === 'v') && typeof v === 'string') out = out.slice(0, Number(precision));
    }
    if (width && out.length < Number(width)) out = flags.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flags.includes('0') && verb !== 's' ? '0' : ' ');
    return out;
  });
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
function goSprint(args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    const p = plain(a);
    if (i > 0 && typeof p !== 'string' && typeof plain(args[i - 1]) !== 'string') out += ' ';
    out += goPrint(p);
  });
  return out;
}

function base64(bytes: Uint8Array): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += abc[(n >> 18) & 63] + abc[(n >> 12) & 63] + (i + 1 < bytes.length ? abc[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? abc[n & 63] : '=');
  }
  return out;
}

function unbase64(text: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const bytes: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of clean) {
    const v = abc.indexOf(c);
    if (v < 0) return '';
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function regex(pattern: Value): RegExp {
  try {
    return new RegExp(str(pattern), 'g');
  } catch {
    throw new TemplateExecError(`regexp: cannot compile ${JSON.stringify(str(pattern))}`);
  }
}

function indent(n: Value, text: Value): string {
  const pad = ' '.repeat(Number(toInt(n)));
  return pad + str(text).replace(/\n/g, '\n' + pad);
}

/** Path functions of Sprig: Go's path package (slash-separated). */
function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(seg);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

const TABLE: Record<string, TemplateFunction> = {
  // text/template builtins
  and: (a) => a.find((v) => !truthy(v)) ?? a[a.length - 1],
  or: (a) => a.find((v) => truthy(v)) ?? a[a.length - 1],
  not: ([v]) => !truthy(v),
  len: ([v]) => {
    const p = plain(v);
    if (typeof p === 'string') return BigInt(utf8Length(p));
    if (Array.isArray(p)) return BigInt(p.length);
    if (isMap(p)) return BigInt(Object.keys(p).length);
    throw new TemplateExecError(`len of type ${kindOf(p)}`);
  },
  index: ([v, ...keys]) => {
    let cur = plain(v);
    for (const k of keys) {
      if (cur === null || cur instanceof Missing) throw new TemplateExecError('index of untyped nil');
      if (Array.isArray(cur)) {
        const i = Number(toInt(k));
        if (i < 0 || i >= cur.length) throw new TemplateExecError(`index out of range: ${i}`);
        cur = plain(cur[i]);
      } else if (isMap(cur)) {
        const key = str(k);
        cur = Object.prototype.hasOwnProperty.call(cur, key) ? plain(cur[key]) : null;
      } else {
        throw new TemplateExecError(`can't index item of type ${kindOf(cur)}`);
      }
    }
    return cur;
  },
  print: (a) => goSprint(a),
  printf: ([f, ...a]) => goSprintf(str(f), a),
  println: (a) => a.map((v) => goPrint(v)).join(' ') + '\n',
  eq: ([a, ...bs]) => bs.some((b) => compare(a, b, 'eq') === 0),
  ne: ([a, b]) => compare(a, b, 'eq') !== 0,
  lt: ([a, b]) => compare(a, b, 'lt') < 0,
  le: ([a, b]) => compare(a, b, 'le') <= 0,
  gt: ([a, b]) => compare(a, b, 'gt') > 0,
  ge: ([a, b]) => compare(a, b, 'ge') >= 0,
  slice: ([v, ...idx]) => {
    const p = plain(v);
    const [i, j] = idx.map((x) => Number(toInt(x)));
    if (typeof p === 'string') return p.slice(i ?? 0, j);
    return list(p).slice(i ?? 0, j);
  },
  urlquery: (a) => encodeURIComponent(goSprint(a)).replace(/%20/g, '+'),

  // KrakenD
  marshal: ([v]) => goMarshal(v),
  include: ([name], ctx) => ctx.include(str(name)),

  // Sprig: strings
  upper: ([s]) => str(s).toUpperCase(),
  lower: ([s]) => str(s).toLowerCase(),
  title: ([s]) => str(s).replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  untitle: ([s]) => str(s).replace(/(^|\s)(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toLowerCase()),
  trim: ([s]) => str(s).trim(),
  trimAll: ([cut, s]) => {
    const chars = new Set(str(cut));
    let t = str(s);
    while (t && chars.has(t[0])) t = t.slice(1);
    while (t && chars.has(t[t.length - 1])) t = t.slice(0, -1);
    return t;
  },
  trimPrefix: ([p, s]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimSuffix: ([p, s]) => (str(p) && str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
  repeat: ([n, s]) => str(s).repeat(Math.max(0, Number(toInt(n)))),
  substr: ([start, end, s]) => {
    const t = str(s);
    const a = Number(toInt(start));
    const b = Number(toInt(end));
    if (a < 0) return t.slice(0, b);
    if (b < 0 || b > t.length) return t.slice(a);
    return t.slice(a, b);
  },
  nospace: ([s]) => str(s).replace(/\s+/g, ''),
  trunc: ([n, s]) => {
    const c = Number(toInt(n));
    const t = str(s);
    return c >= 0 ? t.slice(0, c) : t.slice(Math.max(0, t.length + c));
  },
  contains: ([sub, s]) => str(s).includes(str(sub)),
  hasPrefix: ([p, s]) => str(s).startsWith(str(p)),
  hasSuffix: ([p, s]) => str(s).endsWith(str(p)),
  quote: (a) => a.filter((v) => plain(v) !== null).map((v) => JSON.stringify(str(v))).join(' '),
  squote: (a) => a.filter((v) => plain(v) !== null).map((v) => `'${str(v)}'`).join(' '),
  cat: (a) => a.filter((v) => plain(v) !== null).map((v) => str(v)).join(' '),
  indent: ([n, s]) => indent(n, s),
  nindent: ([n, s]) => '\n' + indent(n, s),
  replace: ([old, neu, s]) => str(s).split(str(old)).join(str(neu)),
  splitList: ([sep, s]) => str(s).split(str(sep)),
  split: ([sep, s]) => Object.fromEntries(str(s).split(str(sep)).map((part, i) => [`_${i}`, part])),
  join: ([sep, v]) => {
    const p = plain(v);
    return (typeof p === 'string' ? [p] : list(p)).map((x) => str(x)).join(str(sep));
  },
  toString: (a: Value[]) => str(a[0]),
  toStrings: ([v]) => list(v).map((x) => str(x)),
  b64enc: ([s]) => base64(new TextEncoder().encode(str(s))),
  b64dec: ([s]) => unbase64(str(s)),
  regexMatch: ([re, s]) => regex(re).test(str(s)),
  regexFind: ([re, s]) => str(s).match(regex(re))?.[0] ?? '',
  regexFindAll: ([re, s, n]) => {
    const all = str(s).match(regex(re)) ?? [];
    const k = Number(toInt(n));
    return k < 0 ? all : all.slice(0, k);
  },
  regexReplaceAll: ([re, s, repl]) => str(s).replace(regex(re), str(repl).replace(/\$\{?(\w+)\}?/g, '$$$1')),
  regexReplaceAllLiteral: ([re, s, repl]) => str(s).replace(regex(re), () => str(repl)),
  regexSplit: ([re, s, n]) => {
    const parts = str(s).split(regex(re));
    const k = Number(toInt(n));
    return k < 0 ? parts : parts.slice(0, k);
  },

  // Sprig: defaults, JSON, flow
  default: ([def, given]) => (given === undefined || empty(given) ? def : given),
  empty: ([v]) => empty(v),
  coalesce: (a) => a.find((v) => !empty(v)) ?? null,
  ternary: ([yes, no, cond]) => (truthy(cond) ? yes : no),
  toJson: ([v]) => goMarshal(v),
  mustToJson: ([v]) => goMarshal(v),
  toRawJson: ([v]) => goMarshal(v).replace(/\\u00(3c|3e|26)/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
  toPrettyJson: ([v]) => goMarshal(v, '  '),
  fromJson: ([s]) => {
    try {
      return JSON.parse(str(s)) as Value;
    } catch {
      return {};
    }
  },
  fail: ([msg]) => {
    throw new TemplateExecError(`fail: ${str(msg)}`);
  },

  // Sprig: lists
  list: (a) => [...a],
  tuple: (a) => [...a],
  first: ([v]) => list(v)[0] ?? null,
  last: ([v]) => list(v)[list(v).length - 1] ?? null,
  rest: ([v]) => list(v).slice(1),
  initial: ([v]) => list(v).slice(0, -1),
  append: ([v, x]) => [...list(v), x],
  push: ([v, x]) => [...list(v), x],
  prepend: ([v, x]) => [x, ...list(v)],
  concat: (a) => a.flatMap((v) => list(v)),
  reverse: ([v]) => [...list(v)].reverse(),
  uniq: ([v]) => list(v).filter((x, i, all) => all.findIndex((y) => goPrint(y) === goPrint(x) && kindOf(y) === kindOf(x)) === i),
  has: ([needle, v]) => list(v).some((x) => kindOf(x) === kindOf(needle) && goPrint(x) === goPrint(needle)),
  without: ([v, ...out]) => list(v).filter((x) => !out.some((o) => kindOf(o) === kindOf(x) && goPrint(o) === goPrint(x))),
  compact: ([v]) => list(v).filter((x) => !empty(x)),
  sortAlpha: ([v]) => list(v).map((x) => str(x)).sort(),
  until: ([n]) => Array.from({ length: Math.max(0, Number(toInt(n))) }, (_x, i) => BigInt(i)),
  untilStep: ([start, stop, step]) => {
    const out: Value[] = [];
    const a = toInt(start);
    const b = toInt(stop);
    const s = toInt(step);
    if (s === 0n) return out;
    for (let i = a; s > 0n ? i < b : i > b; i += s) {
      out.push(i);
      if (out.length > 100_000) throw new TemplateExecError('untilStep: too many items');
    }
    return out;
  },
  seq: (a) => {
    const n = a.map((x) => toInt(x));
    const [start, step, end] = n.length === 1 ? [1n, 1n, n[0]] : n.length === 2 ? [n[0], n[0] <= n[1] ? 1n : -1n, n[1]] : [n[0], n[1], n[2]];
    const out: string[] = [];
    if (step === 0n) return '';
    for (let i = start; step > 0n ? i <= end : i >= end; i += step) {
      out.push(i.toString());
      if (out.length > 100_000) throw new TemplateExecError('seq: too many items');
    }
    return out.join(' ');
  },

  // Sprig: dicts
  dict: (a) => {
    const out: ValueMap = {};
    for (let i = 0; i < a.length; i += 2) out[str(a[i])] = i + 1 < a.length ? a[i + 1] : '';
    return out;
  },
  get: ([d, k]) => {
    const m = map(d);
    return Object.prototype.hasOwnProperty.call(m, str(k)) ? m[str(k)] : '';
  },
  set: ([d, k, v]) => {
    map(d)[str(k)] = v;
    return d;
  },
  unset: ([d, k]) => {
    delete map(d)[str(k)];
    return d;
  },
  hasKey: ([d, k]) => Object.prototype.hasOwnProperty.call(map(d), str(k)),
  keys: (a) => a.flatMap((d) => Object.keys(map(d))).sort(),
  values: ([d]) => Object.keys(map(d)).sort().map((k) => map(d)[k]),
  pluck: ([k, ...ds]) => ds.map((d) => map(d)).filter((m) => Object.prototype.hasOwnProperty.call(m, str(k))).map((m) => m[str(k)]),
  pick: ([d, ...ks]) => Object.fromEntries(ks.map((k) => str(k)).filter((k) => Object.prototype.hasOwnProperty.call(map(d), k)).map((k) => [k, map(d)[k]])),
  omit: ([d, ...ks]) => {
    const out = new Set(ks.map((k) => str(k)));
    return Object.fromEntries(Object.entries(map(d)).filter(([k]) => !out.has(k)));
  },
  merge: ([dst, ...srcs]) => {
    for (const s of srcs) mergeInto(map(dst), map(s), false);
    return dst;
  },
  mergeOverwrite: ([dst, ...srcs]) => {
    for (const s of srcs) mergeInto(map(dst), map(s), true);
    return dst;
  },
  deepCopy: ([v]) => deepCopy(v),
  dig: (a) => {
    const d = a[a.length - 1];
    const def = a[a.length - 2];
    let cur: Value = d;
    for (const k of a.slice(0, -2)) {
      if (!isMap(plain(cur)) || !Object.prototype.hasOwnProperty.call(map(cur), str(k))) return def;
      cur = map(cur)[str(k)];
    }
    return cur;
  },

  // Sprig: math (int64 unless the name ends in f)
  add: (a) => a.reduce<bigint>((s, v) => s + toInt(v), 0n),
  add1: ([v]) => toInt(v) + 1n,
  sub: ([a, b]) => toInt(a) - toInt(b),
  mul: (a) => a.reduce<bigint>((s, v) => s * toInt(v), 1n),
  div: ([a, b]) => {
    if (toInt(b) === 0n) throw new TemplateExecError('runtime error: integer divide by zero');
    return toInt(a) / toInt(b);
  },
  mod: ([a, b]) => {
    if (toInt(b) === 0n) throw new TemplateExecError('runtime error: integer divide by zero');
    return toInt(a) % toInt(b);
  },
  max: (a) => a.map(toInt).reduce((m, v) => (v > m ? v : m)),
  min: (a) => a.map(toInt).reduce((m, v) => (v < m ? v : m)),
  addf: (a) => a.reduce<number>((s, v) => s + toFloat(v), 0),
  subf: ([a, ...b]) => b.reduce<number>((s, v) => s - toFloat(v), toFloat(a)),
  mulf: (a) => a.reduce<number>((s, v) => s * toFloat(v), 1),
  divf: ([a, ...b]) => b.reduce<number>((s, v) => s / toFloat(v), toFloat(a)),
  floor: ([v]) => Math.floor(toFloat(v)),
  ceil: ([v]) => Math.ceil(toFloat(v)),
  round: ([v, p]) => {
    const k = 10 ** Number(toInt(p ?? 0n));
    return Math.round(toFloat(v) * k) / k;
  },
  int: ([v]) => toInt(v),
  int64: ([v]) => toInt(v),
  float64: ([v]) => toFloat(v),
  atoi: ([v]) => {
    const t = str(v).trim();
    return /^[+-]?\d+$/.test(t) ? BigInt(t) : 0n;
  },

  // Sprig: types and paths
  kindOf: ([v]) => kindOf(v),
  kindIs: ([k, v]) => kindOf(v) === str(k),
  typeOf: ([v]) => ({ string: 'string', bool: 'bool', int64: 'int64', float64: 'float64', slice: '[]interface {}', map: 'map[string]interface {}', invalid: '<nil>', unknown: '' })[kindOf(v)] ?? '',
  deepEqual: ([a, b]) => goMarshal(a) === goMarshal(b),
  base: ([p]) => {
    const c = cleanPath(str(p));
    return c === '/' ? '/' : c.slice(c.lastIndexOf('/') + 1);
  },
  dir: ([p]) => {
    const c = cleanPath(str(p));
    const i = c.lastIndexOf('/');
    return i < 0 ? '.' : i === 0 ? '/' : c.slice(0, i);
  },
  ext: ([p]) => {
    const s = str(p);
    const m = /\.[^./]*$/.exec(s);
    return m ? m[0] : '';
  },
  clean: ([p]) => cleanPath(str(p)),
  isAbs: ([p]) => str(p).startsWith('/'),
};

/** The functions by name (no prototype: `constructor` is no function of a template). */
export const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = Object.assign(Object.create(null) as Record<string, TemplateFunction>, TABLE);

/** Why a function cannot be rendered, or null when kpa renders it. */
export function unrenderableFunction(name: string): string | null {
  if (Object.prototype.hasOwnProperty.call(ENVIRONMENT_FUNCTIONS, name)) return `${name} ${ENVIRONMENT_FUNCTIONS[name]}`;
  if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) return `kpa does not render the function ${name}`;
  return null;
}

export { Unknown };
