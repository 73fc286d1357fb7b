/**
 * An iterative JSON(C) parser over jsonc-parser's scanner that keeps exact offsets and builds nodes only
 * for the parts of the document a caller asks for. jsonc-parser's own parseTree/visit recurse once per
 * nesting level (a 10,000-deep file overflows the stack) and build a node for every value (a 50 MB
 * config costs ~750 MB), so neither fits a gateway config of unknown origin.
 * Parsing stops at the first syntax error: the caller reports that one position. What else Go's encoding/json
 * (KrakenD's reader) refuses is an error too: nesting deeper than its 10,000 levels, and a number out of float64
 * range, which it finds only once the whole text is valid JSON.
 */
import { createScanner } from 'jsonc-parser';

// jsonc-parser declares these as `const enum`s, which do not exist at run time under isolated modules.
/** A whole JSON value, then more: what a pasted fragment (`"extra_config": { … }`) looks like to a JSON parser. */
export const CONTENT_AFTER_VALUE = 'unexpected content after the end of the JSON value';

const T = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Colon: 6,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

const SCAN_ERRORS: Record<number, string> = {
  1: 'a block comment is not closed',
  2: 'a string is not closed',
  3: 'a number ends too early',
  4: 'an invalid \\u escape',
  5: 'an invalid escape character',
  6: 'an invalid character in a string',
};

/** encoding/json's maxNestingDepth: the 10,001st open container is "invalid character '[' exceeded max depth". */
export const MAX_JSON_DEPTH = 10_000;

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
export type JsonPath = (string | number)[];

export interface JsonProperty {
  key: string;
  keyOffset: number;
  /** Length of the key token, quotes included. */
  keyLength: number;
  /** Null while the parser stopped inside the value (partial trees after an error). */
  value: JsonNode | null;
}

export interface JsonNode {
  type: JsonType;
  offset: number;
  /** Up to the closing token; for an unfinished container, up to where parsing stopped. */
  length: number;
  /** string/number/boolean/null literal value. */
  value?: string | number | boolean | null;
  /** Objects: properties in source order (duplicates kept; lookups take the last, as Go's decoder does). */
  properties?: JsonProperty[];
  /** Arrays: items; null where the item was not kept. */
  items?: (JsonNode | null)[];
  /** False for containers the parser was still inside when it stopped at an error. */
  complete: boolean;
}

export interface JsonSyntaxError {
  message: string;
  offset: number;
  length: number;
}

export interface DuplicateKey {
  key: string;
  offset: number;
  length: number;
  firstOffset: number;
  firstLength: number;
}

export interface ParseJsonOptions {
  /** Build a node for the value at this path? Skipped values cost no memory; their children are skipped too. */
  keep?: (path: JsonPath) => boolean;
  allowTrailingComma?: boolean;
}

export interface ParsedJson {
  /** The (possibly partial) root; null when the text has no value at all. */
  root: JsonNode | null;
  error: JsonSyntaxError | null;
  /** Comments seen (JSON proper has none). */
  comments: number;
  /** Duplicate keys in kept objects. */
  duplicates: DuplicateKey[];
  /** Deepest nesting seen, kept or not. */
  maxDepth: number;
}

interface Frame {
  node: JsonNode | null;
  /** 'key' = expecting a key (or '}'), 'colon', 'value', 'comma' = after a value. */
  state: 'key' | 'colon' | 'value' | 'comma';
  /** Objects: the key whose value comes next. */
  pendingKey: string | null;
  pendingKeyOffset: number;
  pendingKeyLength: number;
  isObject: boolean;
  /** Values completed so far (array index of the next item). */
  index: number;
  seenKeys: Map<string, { offset: number; length: number }> | null;
  /** Path segment of this container within its parent. */
  segment: string | number | null;
  /** True when this container (and so all below) is skipped. */
  skipped: boolean;
}

export function parseJson(text: string, options: ParseJsonOptions = {}): ParsedJson {
  const keep = options.keep ?? (() => true);
  // A UTF-8 BOM is not JSON but harmless; blank it without shifting offsets.
  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, false);
  const stack: Frame[] = [];
  const path: JsonPath = [];
  const duplicates: DuplicateKey[] = [];
  let root: JsonNode | null = null;
  let comments = 0;
  let maxDepth = 0;
  let done = false;
  // Go reads every number of KrakenD's configuration into a float64: one beyond its range stops KrakenD, but
  // only once the text has no syntax error (json.Unmarshal checks the syntax first).
  let outOfRange: JsonSyntaxError | null = null;

  const result = (error: JsonSyntaxError | null): ParsedJson => {
    if (error) closeUnfinished(stack, error.offset);
    return { root, error, comments, duplicates, maxDepth };
  };
  const fail = (message: string, offset = scanner.getTokenOffset(), length = scanner.getTokenLength()): ParsedJson =>
    result({ message, offset, length });

  for (;;) {
    const kind = scanner.scan();
    const scanError = scanner.getTokenError();
    if (scanError) return fail(SCAN_ERRORS[scanError] ?? 'an invalid token');
    if (kind === T.LineComment || kind === T.BlockComment) {
      comments++;
      continue;
    }
    if (kind === T.LineBreak || kind === T.Trivia) continue;
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (kind === T.EOF) {
      if (!root && stack.length === 0 && !done) return fail('the file holds no JSON value', offset, 0);
      if (stack.length > 0) {
        const top = stack[stack.length - 1];
        return fail(top.isObject ? 'the file ends before this object is closed with }' : 'the file ends before this array is closed with ]', offset, 0);
      }
      return result(outOfRange);
    }
    if (done) return fail(CONTENT_AFTER_VALUE);
    const top = stack.length ? stack[stack.length - 1] : null;
    if (kind === T.Unknown) {
      if (top?.isObject && top.state === 'key') return fail('expected a property name in double quotes');
      return fail(`unexpected character ${JSON.stringify(text.slice(offset, offset + Math.max(1, length)))}`);
    }

    // Separators and closers.
    if (top) {
      if (kind === T.CloseBrace || kind === T.CloseBracket) {
        const wantsObject = kind === T.CloseBrace;
        if (top.isObject !== wantsObject) return fail(top.isObject ? 'expected } to close the object' : 'expected ] to close the array');
        const afterComma = top.state === 'key' && top.index > 0 ? true : top.state === 'value' && !top.isObject && top.index > 0;
        if (top.isObject && (top.state === 'colon' || top.state === 'value')) return fail('expected a value');
        if (afterComma && !options.allowTrailingComma) return fail('a trailing comma is not allowed in JSON');
        finish(top, offset + length);
        stack.pop();
        if (top.segment !== null && !top.skipped) path.pop();
        afterValue();
        continue;
      }
      if (kind === T.Comma) {
        if (top.state !== 'comma') return fail(top.isObject && top.state === 'key' ? 'expected a property name in double quotes' : 'expected a value');
        top.state = top.isObject ? 'key' : 'value';
        continue;
      }
      if (top.isObject) {
        if (top.state === 'key') {
          if (kind !== T.String) return fail('expected a property name in double quotes');
          const key = scanner.getTokenValue();
          top.pendingKey = key;
          top.pendingKeyOffset = offset;
          top.pendingKeyLength = length;
          if (top.seenKeys) {
            const first = top.seenKeys.get(key);
            if (first) duplicates.push({ key, offset, length, firstOffset: first.offset, firstLength: first.length });
            else top.seenKeys.set(key, { offset, length });
          }
          top.state = 'colon';
          continue;
        }
        if (top.state === 'colon') {
          if (kind !== T.Colon) return fail('expected : after the property name');
          top.state = 'value';
          continue;
        }
        if (top.state === 'comma') return fail('expected , or } after a property');
      } else if (top.state === 'comma') {
        return fail('expected , or ] after an array item');
      }
      if (kind === T.Colon) return fail('expected a value');
    } else if (kind === T.CloseBrace || kind === T.CloseBracket || kind === T.Comma || kind === T.Colon) {
      return fail('expected a JSON value');
    }

    // A value starts here.
    const segment: string | number | null = top ? (top.isObject ? top.pendingKey! : top.index) : null;
    const parentSkipped = top ? top.skipped : false;
    let kept = false;
    if (!parentSkipped) {
      if (segment !== null) path.push(segment);
      kept = keep(path);
      if (!kept && segment !== null) path.pop();
    }
    if (kind === T.OpenBrace || kind === T.OpenBracket) {
      const isObject = kind === T.OpenBrace;
      if (stack.length >= MAX_JSON_DEPTH) {
        return fail(`nesting deeper than ${MAX_JSON_DEPTH.toLocaleString('en')} levels, which Go's encoding/json refuses ("invalid character '${isObject ? '{' : '['}' exceeded max depth")`);
      }
      const node: JsonNode | null = kept
        ? { type: isObject ? 'object' : 'array', offset, length: 0, complete: false, ...(isObject ? { properties: [] } : { items: [] }) }
        : null;
      attach(top, node);
      stack.push({
        node,
        state: isObject ? 'key' : 'value',
        pendingKey: null,
        pendingKeyOffset: 0,
        pendingKeyLength: 0,
        isObject,
        index: 0,
        seenKeys: kept && isObject ? new Map() : null,
        segment: kept ? segment : null,
        skipped: !kept,
      });
      if (stack.length > maxDepth) maxDepth = stack.length;
      // The root container has no segment, so a kept root pushed nothing onto path.
      continue;
    }
    if (kind === T.Number && !outOfRange && !Number.isFinite(Number(scanner.getTokenValue()))) {
      outOfRange = { message: numberOutOfRange(scanner.getTokenValue()), offset, length };
    }
    let node: JsonNode | null = null;
    if (kept) {
      switch (kind) {
        case T.String:
          node = { type: 'string', offset, length, value: scanner.getTokenValue(), complete: true };
          break;
        case T.Number:
          node = { type: 'number', offset, length, value: Number(scanner.getTokenValue()), complete: true };
          break;
        case T.True:
        case T.False:
          node = { type: 'boolean', offset, length, value: kind === T.True, complete: true };
          break;
        case T.Null:
          node = { type: 'null', offset, length, value: null, complete: true };
          break;
        default:
          return fail('expected a JSON value');
      }
      if (segment !== null) path.pop();
    } else if (kind !== T.String && kind !== T.Number && kind !== T.True && kind !== T.False && kind !== T.Null) {
      return fail('expected a JSON value');
    }
    attach(top, node);
    afterValue();
  }

  function attach(parent: Frame | null, node: JsonNode | null): void {
    if (!parent) {
      root = node;
      return;
    }
    if (parent.isObject) {
      parent.node?.properties!.push({
        key: parent.pendingKey!,
        keyOffset: parent.pendingKeyOffset,
        keyLength: parent.pendingKeyLength,
        value: node,
      });
    } else {
      parent.node?.items!.push(node);
    }
  }

  function afterValue(): void {
    const parent = stack.length ? stack[stack.length - 1] : null;
    if (!parent) {
      done = true;
      return;
    }
    parent.state = 'comma';
    parent.index++;
  }
}

function numberOutOfRange(token: string): string {
  const shown = token.length > 40 ? `${token.slice(0, 39)}…` : token;
  return `the number ${shown} is beyond float64 range, which Go's encoding/json refuses ("cannot unmarshal number … into Go value of type float64")`;
}

function finish(frame: Frame, end: number): void {
  if (!frame.node) return;
  frame.node.length = end - frame.node.offset;
  frame.node.complete = true;
}

function closeUnfinished(stack: Frame[], end: number): void {
  for (const frame of stack) if (frame.node) frame.node.length = Math.max(0, end - frame.node.offset);
}

/** The last property named `key` (Go's decoder keeps the last duplicate). */
export function getProperty(node: JsonNode | null | undefined, key: string): JsonProperty | null {
  if (!node?.properties) return null;
  for (let i = node.properties.length - 1; i >= 0; i--) if (node.properties[i].key === key) return node.properties[i];
  return null;
}
