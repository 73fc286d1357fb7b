/**
 * Facts about a krakend.json (analyzers/config): the service `plugin` block and every plugin reference,
 * each with its file, 0-based UTF-16 range and UTF-16 offsets (the language server maps cursors with them).
 * Plain data: structured-clone-able.
 */
import type { Range } from '../diagnostics.js';
import type { PluginKind } from '../go/plugin-kinds.js';
import type { JsonType } from './parse-json.js';
import type { ConfigLevel } from './namespaces.js';

export type { ConfigLevel, JsonType };

export interface Span {
  offset: number;
  length: number;
  range: Range;
}

/** A string value as written: `value` is decoded, the span covers the token with its quotes. */
export interface StringValueFact extends Span {
  value: string;
}

/** A value of any JSON type; `value` only for strings. */
export interface ValueFact extends Span {
  type: JsonType;
  value?: string;
}

export interface PluginBlockFact extends Span {
  keyRange: Range;
  /** The whole value's type: KrakenD wants an object. */
  type: JsonType;
  folder: ValueFact | null;
  pattern: ValueFact | null;
}

/** Which built plugins the service `plugin` block would load (analyzers/config/plugin-folder.ts resolves it). */
export interface PluginFolderFact {
  /** Absolute, normalised folder. */
  folder: string;
  pattern: string;
  insideWorkspace: boolean;
  /** .so files anywhere in the workspace. */
  sharedObjects: number;
  /** .so files directly inside the folder. */
  inFolder: string[];
  /** Those the pattern selects: what KrakenD would open. */
  matching: string[];
  /** .so files elsewhere whose name contains the pattern (a hint that the folder is wrong). */
  matchingElsewhere: string[];
}

export interface PluginNameFact extends StringValueFact {
  /** Position in the `name` list, or null when `name` is a plain string. */
  index: number | null;
}

export interface PluginReferenceFact {
  /** The key as written: the alias (`plugin/http-server`) or the internal key. */
  namespace: string;
  /** The short alias of that namespace (spec §2). */
  alias: string;
  usesInternalKey: boolean;
  /** False for a namespace written straight into the service/endpoint/backend object: KrakenD ignores it. */
  inExtraConfig: boolean;
  kind: PluginKind;
  level: ConfigLevel;
  /** Where the extra_config sits, e.g. `endpoints[2].backend[0]` ('' for the service). */
  location: string;
  /** The endpoint path or async agent name the reference belongs to, for messages. */
  owner: string | null;
  key: Span;
  /** Type and span of the namespace value (KrakenD wants an object). */
  valueType: JsonType;
  value: Span;
  /** The `name` property: null when absent. `value` covers the whole value (string, list or other). */
  name: { key: Span; type: JsonType; value: Span } | null;
  /** The string names: the string itself, or the string items of a list. */
  names: PluginNameFact[];
  /** List items that are not strings. */
  nonStringItems: ValueFact[];
  /** Keys next to `name` (plugin settings by convention, spec §2). */
  settingsKeys: StringValueFact[];
}

export interface ConfigProblemFact extends Span {
  kind: 'syntax' | 'root-not-object' | 'duplicate-key' | 'template' | 'unreadable';
  message: string;
  /** Duplicate keys: where the first one is. */
  first?: Span;
}

/** A folder of the flexible configuration and where kpa learnt it (config/template/fc-folders.ts). */
export interface FlexibleFolderFact {
  dir: string;
  /** The file that sets the variable (a Dockerfile, a compose file …), or null: the conventional folder beside the template. */
  file: string | null;
  /** 1-based line of the assignment in `file`. */
  line: number | null;
  /** The value as written there. */
  value: string | null;
}

/** An action kpa wrote as a placeholder: its value depends on what kpa cannot know (an environment variable …). */
export interface UnrenderedActionFact extends Span {
  /** The action as written, e.g. `{{ env "SERVICE_NAME" }}`. */
  action: string;
  reason: string;
}

/**
 * How kpa rendered a flexible-configuration template (FC_ENABLE=1) before checking it. The facts' spans then
 * point into the template files: their ranges are LocatedRanges (diagnostics.ts), naming a partial or a
 * template of FC_TEMPLATES where the text came from one, inexact where it came from an action's value.
 */
export interface TemplateRenderingFact {
  /** The settings folders rendered (the facts are the first one's, plus the plugin references only the others show). */
  settings: FlexibleFolderFact[];
  partials: FlexibleFolderFact | null;
  templates: FlexibleFolderFact | null;
  /** Where FC_ENABLE is set, when kpa saw it. */
  enabled: { file: string; line: number } | null;
  unrendered: UnrenderedActionFact[];
}

export interface ConfigFacts {
  file: string;
  /**
   * 'ok' = parsed; 'invalid' = syntax error or non-object root; 'template' = a flexible-configuration template
   * kpa could not render (problems say why). A template kpa rendered is 'ok' or 'invalid' like any config,
   * with `template` saying how it was rendered.
   */
  status: 'ok' | 'invalid' | 'template';
  template?: TemplateRenderingFact;
  problems: ConfigProblemFact[];
  /** The root object and how many properties it has (fixes insert keys after its brace). */
  root: (Span & { properties: number }) | null;
  pluginBlock: PluginBlockFact | null;
  /** What the plugin block selects among the workspace's .so files (null without a usable block or workspace). */
  pluginFolder: PluginFolderFact | null;
  /** In 'invalid' files: whatever was read before the error (the language server completes from it). */
  references: PluginReferenceFact[];
  comments: number;
  maxDepth: number;
  /** The service logging `level` (extra_config `telemetry/logging`), when set: above DEBUG hides plugin load errors (spec §7.4). */
  loggingLevel?: ValueFact | null;
}

/** A stable one-line rendering for fixture expectations. */
export function renderReference(ref: PluginReferenceFact): string {
  const names = ref.names.map((n) => n.value).join(',');
  const nameType = ref.name ? ref.name.type : 'missing';
  return `${ref.level}${ref.location ? ' ' + ref.location : ''} ${ref.namespace} name:${nameType}[${names}] settings:[${ref.settingsKeys.map((k) => k.value).join(',')}] L${ref.key.range.start.line + 1}`;
}
