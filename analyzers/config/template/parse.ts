/**
 * A parser for Go's text/template syntax (the language of KrakenD's flexible configuration), keeping the
 * offset of every text run and action so the renderer can map its output back to the template.
 * Covers the whole action grammar of text/template: text, `{{ pipeline }}`, trim markers (`{{-`, `-}}`),
 * comments, variables (`$x :=`, `$x =`), if / else if / else, range (with `$i, $e :=`, else, break,
 * continue), with / else with, define, template, block. A syntax error is reported with its offset, as
 * Go would refuse the file when KrakenD starts.
 */

export interface SourceSpan {
  offset: number;
  length: number;
}

export type Arg =
  | { type: 'dot' }
  | { type: 'field'; names: string[] }
  | { type: 'var'; name: string; names: string[] }
  | { type: 'ident'; name: string }
  | { type: 'string'; value: string }
  | { type: 'number'; value: number | bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'pipe'; pipe: Pipe; names: string[] };

export interface Command {
  args: Arg[];
}

export interface Pipe {
  /** Declared or assigned variables (`$x :=`, `$i, $e :=` in range, `$x =`). */
  decl: string[];
  assign: boolean;
  cmds: Command[];
}

export type TemplateNode =
  | { type: 'text'; start: number; end: number }
  | { type: 'action'; pipe: Pipe; span: SourceSpan }
  | { type: 'if' | 'with'; pipe: Pipe; list: TemplateNode[]; else: TemplateNode[] | null; span: SourceSpan }
  | { type: 'range'; pipe: Pipe; list: TemplateNode[]; else: TemplateNode[] | null; span: SourceSpan }
  | { type: 'template'; name: string; pipe: Pipe | null; span: SourceSpan }
  | { type: 'break' | 'continue'; span: SourceSpan };

export interface ParsedTemplate {
  file: string;
  text: string;
  /** The file's own body. */
  root: TemplateNode[];
  /** `{{ define "name" }}` and `{{ block "name" }}` bodies declared in this file. */
  defines: Map<string, TemplateNode[]>;
}

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }
}

type TokenKind = 'ident' | 'field' | 'var' | 'string' | 'number' | 'char' | 'pipe' | 'lparen' | 'rparen' | 'comma' | 'declare' | 'assign' | 'dot' | 'bool' | 'nil';

interface Token {
  kind: TokenKind;
  text: string;
  offset: number;
  /** Whether whitespace separates it from the previous token (a field right after a term chains onto it). */
  spaced: boolean;
  value?: string | number | bigint | boolean;
}

interface ActionItem {
  kind: 'action';
  tokens: Token[];
  span: SourceSpan;
}

interface TextItem {
  kind: 'text';
  start: number;
  end: number;
}

type Item = ActionItem | TextItem;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isIdentStart = (c: string | undefined) => c !== undefined && /[A-Za-z_\u00c0-\uffff]/.test(c);
const isIdentChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_\u00c0-\uffff]/.test(c);

export function parseTemplate(file: string, text: string): ParsedTemplate {
  const items = scanItems(text);
  const defines = new Map<string, TemplateNode[]>();
  const parser = new ItemParser(items, defines);
  const root = parser.parseList([]).nodes;
  return { file, text, root, defines };
}

/** Splits the text into text runs and actions (trim markers applied, comments dropped). */
function scanItems(text: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let trimNext = false;
  for (;;) {
    const open = text.indexOf('{{', pos);
    let textStart = pos;
    if (trimNext) while (textStart < text.length && isSpace(text[textStart]) && (open < 0 || textStart < open)) textStart++;
    if (open < 0) {
      if (textStart < text.length) items.push({ kind: 'text', start: textStart, end: text.length });
      return items;
    }
    const trimLeft = text[open + 2] === '-' && isSpace(text[open + 3]);
    let textEnd = open;
    if (trimLeft) while (textEnd > textStart && isSpace(text[textEnd - 1])) textEnd--;
    if (textEnd > textStart) items.push({ kind: 'text', start: textStart, end: textEnd });
    let inner = open + 2 + (trimLeft ? 2 : 0);
    // A comment: {{/* … */}} with optional trim markers; nothing else may share the action.
    let p = inner;
    while (trimLeft && isSpace(text[p])) p++;
    if (text.startsWith('/*', p)) {
      const close = text.indexOf('*/', p + 2);
      if (close < 0) throw new TemplateSyntaxError('unclosed comment', open, 2);
      let q = close + 2;
      let trimRight = false;
      if (text.startsWith(' -}}', q) || text.startsWith('\t-}}', q) || text.startsWith('\n-}}', q) || text.startsWith('\r-}}', q)) {
        trimRight = true;
        q += 4;
      } else if (text.startsWith('}}', q)) {
        q += 2;
      } else {
        throw new TemplateSyntaxError('comment ends before closing delimiter', close, 2);
      }
      pos = q;
      trimNext = trimRight;
      continue;
    }
    const { tokens, end, trimRight } = lexAction(text, inner, open);
    items.push({ kind: 'action', tokens, span: { offset: open, length: end - open } });
    pos = end;
    trimNext = trimRight;
  }
}

/** Tokens of one action from `start` (after `{{` and its trim marker) to the closing `}}`. */
function lexAction(text: string, start: number, open: number): { tokens: Token[]; end: number; trimRight: boolean } {
  const tokens: Token[] = [];
  let i = start;
  let spaced = true;
  for (;;) {
    if (i >= text.length) throw new TemplateSyntaxError('unclosed action', open, 2);
    const c = text[i];
    if (isSpace(c)) {
      // ` -}}`: a trim marker closes the action.
      let j = i;
      while (isSpace(text[j])) j++;
      if (text.startsWith('-}}', j)) return { tokens, end: j + 3, trimRight: true };
      i = j;
      spaced = true;
      continue;
    }
    if (text.startsWith('}}', i)) return { tokens, end: i + 2, trimRight: false };
    const at = i;
    const push = (kind: TokenKind, tokenText: string, value?: Token['value']) => {
      tokens.push({ kind, text: tokenText, offset: at, spaced, value });
      spaced = false;
    };
    if (c === '|') {
      push('pipe', c);
      i++;
    } else if (c === '(') {
      push('lparen', c);
      i++;
    } else if (c === ')') {
      push('rparen', c);
      i++;
    } else if (c === ',') {
      push('comma', c);
      i++;
    } else if (c === ':' && text[i + 1] === '=') {
      push('declare', ':=');
      i += 2;
    } else if (c === '=') {
      push('assign', '=');
      i++;
    } else if (c === '"') {
      const { value, end } = readQuoted(text, i, '"');
      push('string', text.slice(i, end), value);
      i = end;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new TemplateSyntaxError('unterminated raw quoted string', i, 1);
      push('string', text.slice(i, end + 1), text.slice(i + 1, end));
      i = end + 1;
    } else if (c === "'") {
      const { value, end } = readQuoted(text, i, "'");
      const cp = value.codePointAt(0);
      if (cp === undefined || [...value].length !== 1) throw new TemplateSyntaxError('malformed character constant', i, end - i);
      push('char', text.slice(i, end), BigInt(cp));
      i = end;
    } else if (c === '.' && !/[0-9]/.test(text[i + 1] ?? '')) {
      if (isIdentStart(text[i + 1])) {
        let j = i + 1;
        while (isIdentChar(text[j])) j++;
        push('field', text.slice(i + 1, j));
        i = j;
      } else {
        push('dot', '.');
        i++;
      }
    } else if (c === '$') {
      let j = i + 1;
      while (isIdentChar(text[j])) j++;
      push('var', text.slice(i, j));
      i = j;
    } else if (/[0-9+\-.]/.test(c)) {
      const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(text.slice(i));
      const lit = m?.[0] ?? '';
      if (!lit || lit === '+' || lit === '-' || lit === '.') throw new TemplateSyntaxError(`bad character ${JSON.stringify(c)}`, i, 1);
      push('number', lit, parseNumber(lit, i));
      i += lit.length;
    } else if (isIdentStart(c)) {
      let j = i;
      while (isIdentChar(text[j])) j++;
      const word = text.slice(i, j);
      if (word === 'true' || word === 'false') push('bool', word, word === 'true');
      else if (word === 'nil') push('nil', word);
      else push('ident', word);
      i = j;
    } else {
      throw new TemplateSyntaxError(`unexpected ${JSON.stringify(c)} in action`, i, 1);
    }
  }
}

function parseNumber(lit: string, offset: number): number | bigint {
  const clean = lit.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d+)$/.test(clean)) {
    const negative = clean.startsWith('-');
    const body = clean.replace(/^[+-]/, '');
    // Go reads a leading 0 as octal (0755).
    const value = /^0\d+$/.test(body) ? BigInt('0o' + body.slice(1)) : BigInt(body);
    return negative ? -value : value;
  }
  const n = Number(clean);
  if (Number.isNaN(n)) throw new TemplateSyntaxError(`bad number syntax: ${JSON.stringify(lit)}`, offset, lit.length);
  return n;
}

function readQuoted(text: string, start: number, quote: string): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined || c === '\n') throw new TemplateSyntaxError('unterminated quoted string', start, 1);
    if (c === quote) return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (e in simple) {
      out += simple[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new TemplateSyntaxError('invalid escape in quoted string', i, 2);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + n;
    } else if (/[0-7]/.test(e ?? '')) {
      const oct = text.slice(i + 1, i + 4);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 4;
    } else {
      throw new TemplateSyntaxError('invalid escape in quoted string', i, 2);
    }
  }
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

class ItemParser {
  private pos = 0;
  /** Range nesting, for break and continue. */
  private rangeDepth = 0;

  constructor(
    private readonly items: Item[],
    private readonly defines: Map<string, TemplateNode[]>,
  ) {}

  /** Nodes up to one of the `until` keywords (returned as `end`), or to the end of the items when `until` is empty. */
  parseList(until: string[]): { nodes: TemplateNode[]; end: ActionItem | null } {
    const nodes: TemplateNode[] = [];
    while (this.pos < this.items.length) {
      const item = this.items[this.pos++];
      if (item.kind === 'text') {
        nodes.push({ type: 'text', start: item.start, end: item.end });
        continue;
      }
      const first = item.tokens[0];
      const keyword = first?.kind === 'ident' && KEYWORDS.has(first.text) ? first.text : null;
      if (keyword && until.includes(keyword)) return { nodes, end: item };
      if (keyword === 'end' || keyword === 'else') throw new TemplateSyntaxError(`unexpected {{${keyword}}}`, item.span.offset, item.span.length);
      const node = this.parseAction(item, keyword);
      if (node) nodes.push(node);
    }
    if (until.length) throw new TemplateSyntaxError(`unexpected EOF: missing {{end}}`, this.items.length ? endOf(this.items[this.items.length - 1]) : 0, 0);
    return { nodes, end: null };
  }

  private parseAction(item: ActionItem, keyword: string | null): TemplateNode | null {
    const tokens = item.tokens;
    const span = item.span;
    if (tokens.length === 0) throw new TemplateSyntaxError('missing value for command', span.offset, span.length);
    switch (keyword) {
      case 'if':
      case 'with':
        return this.parseBranch(keyword, tokens.slice(1), span);
      case 'range': {
        const pipe = new PipeParser(tokens.slice(1), span, true).parsePipe();
        this.rangeDepth++;
        const body = this.parseList(['else', 'end']);
        let elseList: TemplateNode[] | null = null;
        this.rangeDepth--;
        if (body.end!.tokens[0].text === 'else') {
          if (body.end!.tokens.length > 1) throw new TemplateSyntaxError('unexpected tokens after {{else}} in range', body.end!.span.offset, body.end!.span.length);
          elseList = this.parseList(['end']).nodes;
        }
        return { type: 'range', pipe, list: body.nodes, else: elseList, span };
      }
      case 'define': {
        const name = tokens[1];
        if (tokens.length !== 2 || name.kind !== 'string') throw new TemplateSyntaxError('define needs one quoted name', span.offset, span.length);
        const body = this.parseList(['end']);
        this.defines.set(name.value as string, body.nodes);
        return null;
      }
      case 'block': {
        const name = tokens[1];
        if (!name || name.kind !== 'string') throw new TemplateSyntaxError('block needs a quoted name', span.offset, span.length);
        const pipe = tokens.length > 2 ? new PipeParser(tokens.slice(2), span, false).parsePipe() : null;
        const body = this.parseList(['end']);
        this.defines.set(name.value as string, body.nodes);
        return { type: 'template', name: name.value as string, pipe, span };
      }
      case 'template': {
        const name = tokens[1];
        if (!name || name.kind !== 'string') throw new TemplateSyntaxError('template needs a quoted name', span.offset, span.length);
        const pipe = tokens.length > 2 ? new PipeParser(tokens.slice(2), span, false).parsePipe() : null;
        return { type: 'template', name: name.value as string, pipe, span };
      }
      case 'break':
      case 'continue':
        if (this.rangeDepth === 0) throw new TemplateSyntaxError(`{{${keyword}}} outside {{range}}`, span.offset, span.length);
        return { type: keyword, span };
      default:
        return { type: 'action', pipe: new PipeParser(tokens, span, false).parsePipe(), span };
    }
  }

  /** if / with, with their `else if` / `else with` chains sharing one {{end}}. */
  private parseBranch(kind: 'if' | 'with', pipeTokens: Token[], span: SourceSpan): TemplateNode {
    const pipe = new PipeParser(pipeTokens, span, false).parsePipe();
    const body = this.parseList(['else', 'end']);
    let elseList: TemplateNode[] | null = null;
    const end = body.end!;
    if (end.tokens[0].text === 'else') {
      const next = end.tokens[1];
      if (next && next.kind === 'ident' && (next.text === 'if' || next.text === 'with')) {
        // `{{else if x}}` is `{{else}}{{if x}}…{{end}}{{end}}` with the inner end shared.
        elseList = [this.parseBranch(next.text as 'if' | 'with', end.tokens.slice(2), end.span)];
      } else if (next) {
        throw new TemplateSyntaxError('unexpected tokens after {{else}}', end.span.offset, end.span.length);
      } else {
        elseList = this.parseList(['end']).nodes;
      }
    }
    return { type: kind, pipe, list: body.nodes, else: elseList, span };
  }
}

function endOf(item: Item): number {
  return item.kind === 'text' ? item.end : item.span.offset + item.span.length;
}

class PipeParser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly span: SourceSpan,
    private readonly inRange: boolean,
  ) {}

  private fail(message: string, token?: Token): never {
    throw new TemplateSyntaxError(message, token?.offset ?? this.span.offset, token ? token.text.length : this.span.length);
  }

  parsePipe(): Pipe {
    const pipe = this.pipeline(false);
    if (this.i < this.tokens.length) this.fail(`unexpected ${JSON.stringify(this.tokens[this.i].text)} in command`, this.tokens[this.i]);
    return pipe;
  }

  private pipeline(nested: boolean): Pipe {
    const decl: string[] = [];
    let assign = false;
    // $x := …, $x = …, and in range $i, $e := …
    const t = this.tokens;
    if (!nested && t[this.i]?.kind === 'var') {
      const save = this.i;
      const names = [t[this.i].text];
      let j = this.i + 1;
      if (this.inRange && t[j]?.kind === 'comma' && t[j + 1]?.kind === 'var') {
        names.push(t[j + 1].text);
        j += 2;
      }
      if (t[j]?.kind === 'declare' || (t[j]?.kind === 'assign' && names.length === 1)) {
        assign = t[j].kind === 'assign';
        decl.push(...names);
        this.i = j + 1;
      } else {
        this.i = save;
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      const args: Arg[] = [];
      while (this.i < t.length && t[this.i].kind !== 'pipe' && t[this.i].kind !== 'rparen') args.push(this.operand());
      if (args.length === 0) this.fail('missing value for command', t[this.i]);
      cmds.push({ args });
      if (t[this.i]?.kind === 'pipe') {
        this.i++;
        continue;
      }
      break;
    }
    if (nested) {
      if (t[this.i]?.kind !== 'rparen') this.fail('unclosed left paren');
      this.i++;
    }
    return { decl, assign, cmds };
  }

  private operand(): Arg {
    const t = this.tokens[this.i++];
    let arg: Arg;
    switch (t.kind) {
      case 'dot':
        arg = { type: 'dot' };
        break;
      case 'field':
        arg = { type: 'field', names: [t.text] };
        break;
      case 'var':
        arg = { type: 'var', name: t.text, names: [] };
        break;
      case 'ident':
        if (KEYWORDS.has(t.text)) this.fail(`unexpected keyword ${t.text}`, t);
        arg = { type: 'ident', name: t.text };
        break;
      case 'string':
        arg = { type: 'string', value: t.value as string };
        break;
      case 'number':
      case 'char':
        arg = { type: 'number', value: t.value as number | bigint };
        break;
      case 'bool':
        arg = { type: 'bool', value: t.value as boolean };
        break;
      case 'nil':
        arg = { type: 'nil' };
        break;
      case 'lparen':
        arg = { type: 'pipe', pipe: this.pipeline(true), names: [] };
        break;
      default:
        this.fail(`unexpected ${JSON.stringify(t.text)} in operand`, t);
    }
    // Fields written right after a term chain onto it: .a.b, $x.a, (pipe).a
    while (this.tokens[this.i]?.kind === 'field' && !this.tokens[this.i].spaced) {
      const name = this.tokens[this.i++].text;
      if (arg.type === 'field' || arg.type === 'var' || arg.type === 'pipe') arg.names.push(name);
      else if (arg.type === 'dot') arg = { type: 'field', names: [name] };
      else this.fail(`unexpected .${name} after ${arg.type}`, this.tokens[this.i - 1]);
    }
    return arg;
  }
}
