/**
 * Template values as Go's text/template sees the data of KrakenD's flexible configuration: the settings
 * files decode into map[string]interface{} (objects), []interface{} (arrays), float64 (every JSON number),
 * string, bool and nil; integer constants of the template and Sprig's math are int64 (bigint here).
 * `Unknown` is what kpa cannot know statically (an environment variable, the clock, a function it does
 * not implement); `Missing` is Go's "no value" (a key the settings do not have).
 */

export type Value = null | boolean | number | bigint | string | Value[] | ValueMap | Unknown | Missing | FileText;

export interface ValueMap {
  [key: string]: Value;
}

/** Where an unknown value comes from (an action of a template file). */
export interface UnknownSite {
  file: string;
  offset: number;
  length: number;
}

/** A value kpa cannot compute statically; printing it leaves a placeholder and records why. */
export class Unknown {
  constructor(
    readonly reason: string,
    readonly site: UnknownSite | null = null,
  ) {}
}

/** Go's "no value": a map key that is not there. Falsy; printed as `<no value>`. */
export class Missing {
  constructor(readonly path: string) {}
}

/** A file's text pasted verbatim (`include`): printed as is, it maps back to the file exactly. */
export class FileText {
  constructor(
    readonly text: string,
    readonly file: string,
  ) {}
}

/** An error KrakenD's own rendering would stop at (e.g. a field of nil). */
export class TemplateExecError extends Error {}

export function isMap(v: Value): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Missing) && !(v instanceof FileText);
}

/** FileText is a string to every function; only printing keeps its origin. */
export function plain(v: Value): Exclude<Value, FileText> {
  return v instanceof FileText ? v.text : v;
}

export function unknownIn(values: readonly Value[]): Unknown | null {
  for (const v of values) if (v instanceof Unknown) return v;
  return null;
}

/** Go's truth: false, 0, nil, "no value" and empty strings, slices and maps are false. */
export function truthy(v: Value): boolean {
  const p = plain(v);
  if (p === null || p instanceof Missing) return false;
  if (typeof p === 'boolean') return p;
  if (typeof p === 'number') return p !== 0;
  if (typeof p === 'bigint') return p !== 0n;
  if (typeof p === 'string') return p.length > 0;
  if (Array.isArray(p)) return p.length > 0;
  if (p instanceof Unknown) throw new Error('truthy(Unknown)');
  return Object.keys(p).length > 0;
}

/** fmt.Sprint of one value, as text/template prints an action's result. */
export function goPrint(v: Value): string {
  const p = plain(v);
  if (p === null) return '<nil>';
  if (p instanceof Missing) return '<no value>';
  if (p instanceof Unknown) throw new Error('goPrint(Unknown)');
  if (typeof p === 'string') return p;
  if (typeof p === 'boolean') return p ? 'true' : 'false';
  if (typeof p === 'bigint') return p.toString();
  if (typeof p === 'number') return goFloat(p);
  if (Array.isArray(p)) return `[${p.map(goPrint).join(' ')}]`;
  return `map[${Object.keys(p)
    .sort()
    .map((k) => `${k}:${goPrint(p[k])}`)
    .join(' ')}]`;
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses for float64: 8080 → "8080", 1e6 → "1e+06". */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, expText] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 21 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mantissa}e${sign}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(f);
}

/** encoding/json.Marshal, as KrakenD's `marshal` writes it: sorted keys, HTML characters escaped. */
export function goMarshal(v: Value, indent = ''): string {
  const p = plain(v);
  if (p instanceof Unknown) throw new Error('goMarshal(Unknown)');
  const out = marshalValue(p, indent, '');
  return out.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function marshalValue(v: Value, indent: string, prefix: string): string {
  const p = plain(v);
  if (p === null || p instanceof Missing) return 'null';
  if (p instanceof Unknown) throw new Error('marshal(Unknown)');
  if (typeof p === 'string') return JSON.stringify(p);
  if (typeof p === 'boolean') return p ? 'true' : 'false';
  if (typeof p === 'bigint') return p.toString();
  if (typeof p === 'number') {
    if (!Number.isFinite(p)) throw new TemplateExecError(`json: unsupported value: ${goFloat(p)}`);
    return JSON.stringify(p);
  }
  const inner = prefix + indent;
  const nl = indent ? '\n' : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(p)) {
    if (p.length === 0) return '[]';
    return `[${nl}${p.map((x) => inner + marshalValue(x, indent, inner)).join(',' + nl)}${nl}${indent ? prefix : ''}]`;
  }
  const keys = Object.keys(p).sort();
  if (keys.length === 0) return '{}';
  return `{${nl}${keys.map((k) => `${inner}${JSON.stringify(k)}${sep}${marshalValue(p[k], indent, inner)}`).join(',' + nl)}${nl}${indent ? prefix : ''}}`;
}

/** A settings file's JSON as Go decodes it into interface{} (numbers become float64). */
export function fromJson(text: string): Value {
  return JSON.parse(text) as Value;
}

/** Go-ish names of a value's type for messages ("string", "map", "float64"…). */
export function kindOf(v: Value): string {
  const p = plain(v);
  if (p === null) return 'invalid';
  if (p instanceof Missing) return 'invalid';
  if (p instanceof Unknown) return 'unknown';
  if (typeof p === 'string') return 'string';
  if (typeof p === 'boolean') return 'bool';
  if (typeof p === 'bigint') return 'int64';
  if (typeof p === 'number') return 'float64';
  if (Array.isArray(p)) return 'slice';
  return 'map';
}
