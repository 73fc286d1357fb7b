/**
 * Executes a parsed flexible-configuration template the way Go's text/template does (KrakenD's
 * krakend-flexibleconfig: the config file and the FC_TEMPLATES files parsed together, executed with the
 * FC_SETTINGS data), writing the output in chunks whose origins make a SourceMap.
 *
 * What kpa cannot know statically is never guessed: an action whose value is Unknown (an environment
 * variable, the clock, a function kpa does not implement, a settings key the settings lack) is written as
 * a placeholder — inside a JSON string the action's own text, elsewhere that text as a JSON string, so the
 * config rules skip it as a name holding `{{` — and recorded as unrendered. A condition, a range or a with
 * over an Unknown value stops the rendering (which branch KrakenD takes is not knowable), as does an
 * error KrakenD's own rendering would stop at.
 */
import type { ParsedTemplate, Pipe, Arg, TemplateNode, SourceSpan, Command } from './parse.js';
import { FUNCTIONS, unrenderableFunction, type FunctionContext } from './functions.js';
import { SourceMap, type Chunk, type Frame, type Origin } from './source-map.js';
import { FileText, Missing, TemplateExecError, Unknown, goPrint, isMap, plain, truthy, unknownIn, type Value } from './values.js';

export interface UnrenderedAction {
  file: string;
  offset: number;
  length: number;
  /** The action as written, e.g. `{{ env "SERVICE_NAME" }}`. */
  action: string;
  reason: string;
}

export interface RenderInput {
  /** The config template: its base name is its template name. */
  main: ParsedTemplate;
  /** The FC_TEMPLATES files, each named by its base name. */
  templates: readonly ParsedTemplate[];
  /** The settings: `.<file>.<key>`. */
  data: Value;
  /** `include "name"`: the partial, or why it cannot be read. */
  include(name: string): FileText | Unknown;
  /** Stop when the output grows past this many UTF-16 units (default 16 MiB). */
  maxOutput?: number;
}

export type RenderResult =
  | { ok: true; text: string; map: SourceMap; unrendered: UnrenderedAction[] }
  | { ok: false; reason: string; file: string; offset: number; length: number; unrendered: UnrenderedAction[] };

/** Renders `input.main`. Never throws for a template's content. */
export function renderTemplate(input: RenderInput): RenderResult {
  const renderer = new Renderer(input);
  const frame: Frame = { file: input.main.file, text: input.main.text, call: null };
  try {
    renderer.execList(input.main.root, frame, input.data, [{ name: '$', value: input.data }]);
    return { ok: true, text: renderer.text(), map: new SourceMap(renderer.chunks), unrendered: renderer.unrendered };
  } catch (e) {
    if (e instanceof RenderStop) return { ok: false, reason: e.message, file: e.frame.file, offset: e.span.offset, length: e.span.length, unrendered: renderer.unrendered };
    throw e;
  }
}

class RenderStop extends Error {
  constructor(
    message: string,
    readonly frame: Frame,
    readonly span: SourceSpan,
  ) {
    super(message);
  }
}

class BreakSignal {}
class ContinueSignal {}

interface Variable {
  name: string;
  value: Value;
}

interface NamedTemplate {
  file: string;
  text: string;
  nodes: TemplateNode[];
}

const MAX_DEPTH = 100;
const MAX_STEPS = 2_000_000;

class Renderer {
  readonly chunks: Chunk[] = [];
  readonly unrendered: UnrenderedAction[] = [];
  private readonly parts: string[] = [];
  private length = 0;
  private inString = false;
  private escaped = false;
  private depth = 0;
  private steps = 0;
  private readonly named = new Map<string, NamedTemplate>();
  private readonly maxOutput: number;
  private readonly seenUnrendered = new Set<string>();

  constructor(private readonly input: RenderInput) {
    this.maxOutput = input.maxOutput ?? 16 * 1024 * 1024;
    // ParseFiles: the config file first, then the templates; a later definition of a name wins.
    for (const t of [input.main, ...input.templates]) {
      this.named.set(baseName(t.file), { file: t.file, text: t.text, nodes: t.root });
      for (const [name, nodes] of t.defines) this.named.set(name, { file: t.file, text: t.text, nodes });
    }
  }

  text(): string {
    return this.parts.join('');
  }

  execList(nodes: readonly TemplateNode[], frame: Frame, dot: Value, vars: Variable[]): void {
    for (const node of nodes) this.exec(node, frame, dot, vars);
  }

  private exec(node: TemplateNode, frame: Frame, dot: Value, vars: Variable[]): void {
    if (++this.steps > MAX_STEPS) throw new RenderStop('the template runs too long to render statically', frame, spanOf(node));
    switch (node.type) {
      case 'text':
        this.write(frame.text.slice(node.start, node.end), { frame, offset: node.start, length: node.end - node.start, literal: true });
        return;
      case 'action': {
        const value = this.evalPipe(node.pipe, frame, node.span, dot, vars);
        // A declaration prints nothing.
        if (node.pipe.decl.length) return;
        this.print(value, frame, node.span);
        return;
      }
      case 'if':
      case 'with': {
        const mark = vars.length;
        const value = this.evalPipe(node.pipe, frame, node.span, dot, vars);
        if (value instanceof Unknown) throw this.stop(`the condition of ${this.actionText(frame, node.span)} cannot be known statically: ${value.reason}`, frame, node.span);
        if (truthy(value)) this.execList(node.list, frame, node.type === 'with' ? value : dot, vars);
        else if (node.else) this.execList(node.else, frame, dot, vars);
        vars.length = mark;
        return;
      }
      case 'range':
        this.execRange(node, frame, dot, vars);
        return;
      case 'template': {
        const t = this.named.get(node.name);
        if (!t) throw this.stop(`no template named ${JSON.stringify(node.name)} (KrakenD reads templates from the *.tmpl files of FC_TEMPLATES)`, frame, node.span);
        const data = node.pipe ? this.evalPipe(node.pipe, frame, node.span, dot, vars) : null;
        if (++this.depth > MAX_DEPTH) throw this.stop('templates call each other too deeply', frame, node.span);
        const inner: Frame = { file: t.file, text: t.text, call: { frame, offset: node.span.offset, length: node.span.length, literal: false } };
        try {
          this.execList(t.nodes, inner, data, [{ name: '$', value: data }]);
        } catch (e) {
          if (e instanceof BreakSignal || e instanceof ContinueSignal) throw this.stop('break or continue outside a range', frame, node.span);
          throw e;
        } finally {
          this.depth--;
        }
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
    }
  }

  private execRange(node: Extract<TemplateNode, { type: 'range' }>, frame: Frame, dot: Value, vars: Variable[]): void {
    const mark = vars.length;
    const decl = node.pipe.decl;
    const value = plain(this.evalPipe({ ...node.pipe, decl: [] }, frame, node.span, dot, vars));
    if (value instanceof Unknown) throw this.stop(`what ${this.actionText(frame, node.span)} ranges over cannot be known statically: ${value.reason}`, frame, node.span);
    let items: [Value, Value][];
    if (Array.isArray(value)) items = value.map((v, i) => [BigInt(i), v]);
    else if (isMap(value)) items = Object.keys(value).sort().map((k) => [k, value[k]]);
    else if (typeof value === 'bigint') items = Array.from({ length: Number(value < 0n ? 0n : value) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (value === null || value instanceof Missing) items = [];
    else throw this.stop(`KrakenD's rendering stops here: range can't iterate over ${goPrint(value)}`, frame, node.span);
    if (items.length === 0) {
      if (node.else) this.execList(node.else, frame, dot, vars);
      return;
    }
    for (const [key, elem] of items) {
      vars.length = mark;
      if (decl.length === 1) vars.push({ name: decl[0], value: elem });
      if (decl.length === 2) vars.push({ name: decl[0], value: key }, { name: decl[1], value: elem });
      try {
        this.execList(node.list, frame, elem, vars);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    vars.length = mark;
  }

  private print(value: Value, frame: Frame, span: SourceSpan): void {
    const origin: Origin = { frame, offset: span.offset, length: span.length, literal: false };
    if (value instanceof FileText) {
      // A pasted file maps onto itself, character for character.
      const inner: Frame = { file: value.file, text: value.text, call: origin };
      this.write(value.text, { frame: inner, offset: 0, length: value.text.length, literal: true });
      return;
    }
    if (value instanceof Missing) value = new Unknown(`${value.path} is not in the settings (KrakenD would print <no value>)`);
    if (value instanceof Unknown) {
      this.recordUnrendered(frame, span, value.reason);
      const source = frame.text.slice(span.offset, span.offset + span.length).replace(/\s+/g, ' ');
      const placeholder = this.inString ? JSON.stringify(source).slice(1, -1) : JSON.stringify(source);
      this.write(placeholder, origin);
      return;
    }
    // A nil interface (a JSON null, a missing index) prints as Go's "no value".
    this.write(value === null ? '<no value>' : goPrint(value), origin);
  }

  private recordUnrendered(frame: Frame, span: SourceSpan, reason: string): void {
    const key = `${frame.file}\u0000${span.offset}\u0000${reason}`;
    if (this.seenUnrendered.has(key)) return;
    this.seenUnrendered.add(key);
    this.unrendered.push({ file: frame.file, offset: span.offset, length: span.length, action: this.actionText(frame, span), reason });
  }

  private actionText(frame: Frame, span: SourceSpan): string {
    const text = frame.text.slice(span.offset, span.offset + span.length).replace(/\s+/g, ' ');
    return text.length > 80 ? text.slice(0, 77) + '…}}' : text;
  }

  private write(text: string, origin: Origin): void {
    if (text.length === 0) return;
    this.chunks.push({ start: this.length, end: this.length + text.length, origin });
    this.parts.push(text);
    this.length += text.length;
    if (this.length > this.maxOutput) throw new RenderStop(`the rendered text grows past ${this.maxOutput} characters`, origin.frame, origin);
    // Whether the output now ends inside a JSON string (where a placeholder must not add quotes).
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34 || c === 10) this.inString = false;
      } else if (c === 34) {
        this.inString = true;
      }
    }
  }

  private stop(message: string, frame: Frame, span: SourceSpan): RenderStop {
    return new RenderStop(message, frame, span);
  }

  private evalPipe(pipe: Pipe, frame: Frame, span: SourceSpan, dot: Value, vars: Variable[]): Value {
    let value: Value | undefined;
    for (const cmd of pipe.cmds) value = this.evalCommand(cmd, frame, span, dot, vars, value);
    const result = value ?? null;
    if (pipe.decl.length) {
      if (pipe.assign) {
        const v = findVar(vars, pipe.decl[0]);
        if (!v) throw this.stop(`undefined variable: ${pipe.decl[0]}`, frame, span);
        v.value = result;
      } else {
        for (const name of pipe.decl) vars.push({ name, value: result });
      }
    }
    return result;
  }

  private evalCommand(cmd: Command, frame: Frame, span: SourceSpan, dot: Value, vars: Variable[], final: Value | undefined): Value {
    const [first, ...rest] = cmd.args;
    if (first.type === 'ident') return this.call(first.name, rest, frame, span, dot, vars, final);
    if (rest.length || final !== undefined) throw this.stop(`KrakenD's rendering stops here: can't give argument to non-function ${this.actionText(frame, span)}`, frame, span);
    return this.evalArg(first, frame, span, dot, vars);
  }

  private call(name: string, argNodes: Arg[], frame: Frame, span: SourceSpan, dot: Value, vars: Variable[], final: Value | undefined): Value {
    const why = unrenderableFunction(name);
    if (why) return new Unknown(why);
    // and/or stop at the first argument that decides (Go 1.18).
    if (name === 'and' || name === 'or') {
      const all = [...argNodes.map((a) => () => this.evalArg(a, frame, span, dot, vars)), ...(final !== undefined ? [() => final] : [])];
      let last: Value = null;
      for (const next of all) {
        last = next();
        if (last instanceof Unknown) return last;
        if (truthy(last) === (name === 'or')) return last;
      }
      return last;
    }
    const args = argNodes.map((a) => this.evalArg(a, frame, span, dot, vars));
    if (final !== undefined) args.push(final);
    const unknown = unknownIn(args) ?? deepUnknown(args);
    if (unknown) return unknown;
    const ctx: FunctionContext = { include: (n) => this.input.include(n) };
    try {
      return FUNCTIONS[name](args, ctx);
    } catch (e) {
      if (e instanceof TemplateExecError) throw this.stop(`KrakenD's rendering stops here: error calling ${name}: ${e.message}`, frame, span);
      throw e;
    }
  }

  private evalArg(arg: Arg, frame: Frame, span: SourceSpan, dot: Value, vars: Variable[]): Value {
    switch (arg.type) {
      case 'dot':
        return dot;
      case 'field':
        return this.walk(dot, arg.names, '', frame, span);
      case 'var': {
        const v = findVar(vars, arg.name);
        if (!v) throw this.stop(`undefined variable: ${arg.name}`, frame, span);
        return this.walk(v.value, arg.names, arg.name, frame, span);
      }
      case 'pipe':
        return this.walk(this.evalPipe(arg.pipe, frame, span, dot, vars), arg.names, '(…)', frame, span);
      case 'ident':
        return this.call(arg.name, [], frame, span, dot, vars, undefined);
      case 'string':
      case 'number':
      case 'bool':
        return arg.value;
      case 'nil':
        return null;
    }
  }

  /** `.a.b` on a value: map keys; a missing key is "no value", a field of nil or of a non-map stops KrakenD. */
  private walk(value: Value, names: readonly string[], prefix: string, frame: Frame, span: SourceSpan): Value {
    let cur = plain(value);
    let path = prefix;
    for (const name of names) {
      path += '.' + name;
      if (cur instanceof Unknown) return cur;
      if (cur instanceof Missing) return new Missing(path);
      if (cur === null) throw this.stop(`KrakenD's rendering stops here: nil pointer evaluating interface {}.${name} (${path})`, frame, span);
      if (!isMap(cur)) throw this.stop(`KrakenD's rendering stops here: can't evaluate field ${name} in ${path} (not a map)`, frame, span);
      cur = Object.prototype.hasOwnProperty.call(cur, name) ? plain(cur[name]) : new Missing(path);
    }
    return cur;
  }
}

function findVar(vars: Variable[], name: string): Variable | undefined {
  for (let i = vars.length - 1; i >= 0; i--) if (vars[i].name === name) return vars[i];
  return undefined;
}

function deepUnknown(values: readonly Value[]): Unknown | null {
  for (const v of values) {
    const p = plain(v);
    if (p instanceof Unknown) return p;
    if (Array.isArray(p)) {
      const u = deepUnknown(p);
      if (u) return u;
    } else if (isMap(p)) {
      const u = deepUnknown(Object.values(p));
      if (u) return u;
    }
  }
  return null;
}

function spanOf(node: TemplateNode): SourceSpan {
  return node.type === 'text' ? { offset: node.start, length: node.end - node.start } : node.span;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
