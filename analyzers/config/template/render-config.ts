/**
 * A flexible-configuration template (FC_ENABLE=1) checked like any krakend.json: kpa finds its folders
 * (fc-folders.ts), renders it with each settings folder it may run with (render.ts), reads the rendering
 * with the config analyzer, and maps every span back to the template files (source-map.ts). What could
 * not be rendered is listed on the facts (KPA302 says it); a template kpa cannot render at all is skipped
 * with the reason, at the place that stopped it.
 */
import type { LocatedRange } from '../../diagnostics.js';
import { LineIndex } from '../../positions.js';
import { dirname, normalizePath } from '../../workspace.js';
import type { ConfigFacts, ConfigProblemFact, PluginReferenceFact, Span, TemplateRenderingFact, UnrenderedActionFact } from '../facts.js';
import { extractConfigFacts } from '../extract-config-facts.js';
import { fcFolders, type FcWorkspace, type FolderChoice } from './fc-folders.js';
import { parseTemplate, TemplateSyntaxError, type ParsedTemplate } from './parse.js';
import { renderTemplate, type RenderResult } from './render.js';
import { FileText, Unknown, isMap, type Value, type ValueMap } from './values.js';

export interface TemplateWorkspace extends FcWorkspace {
  /** A workspace file's text, or null when it cannot be read. */
  read(path: string): string | null;
}

/** At most this many settings folders are rendered per template. */
const MAX_RENDERINGS = 6;

/**
 * Facts for a config whose text holds template actions, or null when it is not a flexible-configuration
 * template: it parses as JSON and nothing says flexible configuration is in use for it (no FC_* variable,
 * no settings, partials or templates folder beside it).
 */
export function renderedConfigFacts(file: string, text: string, plain: ConfigFacts, ws: TemplateWorkspace): ConfigFacts | null {
  if (!text.includes('{{')) return null;
  const folders = fcFolders(file, ws);
  const evidence = folders.settings.length > 0 || folders.partials !== null || folders.templates !== null || folders.enabled !== null;
  if (plain.status !== 'template' && !evidence) return null;

  const texts = new Map<string, string>([[file, text]]);
  const rendering: TemplateRenderingFact = {
    settings: [],
    partials: folders.partials,
    templates: folders.templates,
    enabled: folders.enabled,
    unrendered: [],
  };
  const skipped = (reason: string, where: { file: string; offset: number; length: number }): ConfigFacts => {
    const located = locate(where, file, texts);
    // A template that is JSON already keeps the checks it had; the note says why it was not rendered.
    if (plain.status === 'ok') return { ...plain, template: rendering, problems: [...plain.problems, { kind: 'template', message: reason, ...located }] };
    return {
      ...plain,
      status: 'template',
      template: rendering,
      problems: [{ kind: 'template', message: reason, ...located }],
      root: null,
      pluginBlock: null,
      pluginFolder: null,
      references: [],
    };
  };

  let main: ParsedTemplate;
  const templates: ParsedTemplate[] = [];
  try {
    main = parseTemplate(file, text);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return skipped(`Go's text/template rejects the template: ${e.message}`, { file, offset: e.offset, length: e.length });
    throw e;
  }
  if (folders.templates) {
    for (const t of ws.inputs.filter((p) => p.endsWith('.tmpl') && dirname(p) === folders.templates!.dir).sort()) {
      const body = ws.read(t);
      if (body === null) continue;
      texts.set(t, body);
      try {
        templates.push(parseTemplate(t, body));
      } catch (e) {
        if (e instanceof TemplateSyntaxError) return skipped(`Go's text/template rejects ${t.slice(t.lastIndexOf('/') + 1)} (FC_TEMPLATES): ${e.message}`, { file: t, offset: e.offset, length: e.length });
        throw e;
      }
    }
  }

  const include = (name: string): FileText | Unknown => {
    if (!folders.partials) return new Unknown(`include needs FC_PARTIALS, and kpa found no partials folder for this template`);
    const path = normalizePath(`${folders.partials.dir}/${name}`);
    const body = ws.inputs.includes(path) ? ws.read(path) : null;
    if (body === null) return new Unknown(`there is no partial ${name} in ${folders.partials.dir}`);
    texts.set(path, body);
    return new FileText(body, path);
  };

  const candidates: (FolderChoice | null)[] = folders.settings.length ? folders.settings.slice(0, MAX_RENDERINGS) : [null];
  const results: { choice: FolderChoice | null; result: RenderResult | { ok: false; reason: string; file: string; offset: number; length: number; unrendered: [] } }[] = [];
  for (const choice of candidates) {
    const data = choice ? loadSettings(choice.dir, ws) : { data: {} as ValueMap };
    if ('error' in data) {
      results.push({ choice, result: { ok: false, reason: data.error, file: data.file, offset: 0, length: 0, unrendered: [] } });
      continue;
    }
    results.push({ choice, result: renderTemplate({ main, templates, data: data.data, include }) });
  }

  const unrendered = new Map<string, UnrenderedActionFact>();
  for (const { result } of results) {
    for (const u of result.unrendered) {
      const key = `${u.file}\u0000${u.offset}\u0000${u.reason}`;
      if (!unrendered.has(key)) unrendered.set(key, { action: u.action, reason: u.reason, ...locate(u, file, texts) });
    }
  }
  rendering.unrendered = [...unrendered.values()];

  const rendered = results.filter((r): r is { choice: FolderChoice | null; result: Extract<RenderResult, { ok: true }> } => r.result.ok);
  if (rendered.length === 0) {
    const first = results[0].result as Extract<RenderResult, { ok: false }>;
    const settings = results[0].choice ? ` with the settings of ${results[0].choice.dir}` : '';
    return skipped(`kpa could not render the template${settings}: ${first.reason}`, first);
  }
  rendering.settings = rendered.map((r) => r.choice).filter((c): c is FolderChoice => c !== null);

  const factsOf = (r: Extract<RenderResult, { ok: true }>): ConfigFacts => {
    const span = (offset: number, length: number): Span => r.map.range(offset, length, file);
    return extractConfigFacts(file, r.text, { rendered: { span } });
  };
  const facts = factsOf(rendered[0].result);
  facts.template = rendering;
  // Plugin references: the first rendering's, then those only other settings show; each template place once.
  const seen = new Set<string>();
  const references: PluginReferenceFact[] = [];
  const add = (refs: readonly PluginReferenceFact[]) => {
    for (const ref of refs) {
      const key = referenceKey(ref);
      if (seen.has(key)) continue;
      seen.add(key);
      references.push(ref);
    }
  };
  add(facts.references);
  if (facts.status === 'ok') for (const r of rendered.slice(1)) add(factsOf(r.result).references);
  facts.references = references;

  if (facts.status === 'invalid' && rendering.unrendered.length > 0) {
    // The placeholders may be what broke it: say so rather than blame the template.
    const syntax = facts.problems.find((p) => p.kind === 'syntax' || p.kind === 'root-not-object');
    if (syntax) {
      return {
        ...facts,
        status: 'template',
        problems: [
          {
            ...syntax,
            kind: 'template',
            message: `the rendered configuration is not JSON here (${syntax.message}), and kpa wrote placeholders for ${rendering.unrendered.length} action(s) it could not render, so it cannot tell whether KrakenD's rendering is`,
          },
        ],
        root: null,
        pluginBlock: null,
        references: [],
      };
    }
  }
  return facts;
}

/** The settings of one folder as KrakenD reads them: each *.json file directly inside, a JSON object, as `.<name>`. */
function loadSettings(dir: string, ws: TemplateWorkspace): { data: ValueMap } | { error: string; file: string } {
  const data: ValueMap = {};
  for (const path of ws.inputs.filter((p) => p.endsWith('.json') && dirname(p) === dir).sort()) {
    const body = ws.read(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (body === null) return { error: `the settings file ${name} cannot be read`, file: path };
    let value: Value;
    try {
      value = JSON.parse(body) as Value;
    } catch (e) {
      return { error: `the settings file ${name} is not valid JSON (${(e as Error).message}); KrakenD stops loading the settings`, file: path };
    }
    if (!isMap(value)) return { error: `the settings file ${name} does not hold a JSON object; KrakenD stops loading the settings`, file: path };
    data[name.slice(0, -'.json'.length)] = value;
  }
  return { data };
}

function referenceKey(ref: PluginReferenceFact): string {
  const range = ref.key.range as LocatedRange;
  return `${range.file ?? ''}\u0000${ref.key.offset}\u0000${ref.names.map((n) => n.value).join('\u0000')}`;
}

/** A span of a template file as facts hold it: offsets in that file, a range naming the file when it is not the config's. */
function locate(where: { file: string; offset: number; length: number }, home: string, texts: Map<string, string>): Span {
  const text = texts.get(where.file) ?? '';
  const range: LocatedRange = new LineIndex(text).offsetsToRange(where.offset, where.offset + where.length);
  if (where.file !== home) range.file = where.file;
  return { offset: where.offset, length: where.length, range };
}

export type { ConfigProblemFact };
