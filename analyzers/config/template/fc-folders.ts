/**
 * Where a flexible-configuration template finds its folders: FC_SETTINGS (JSON files read as
 * `.<file>.<key>`), FC_PARTIALS (files pasted by `include`) and FC_TEMPLATES (`*.tmpl` files called by
 * `template`). KrakenD takes them from its environment; kpa reads that environment where repositories write
 * it down — Dockerfiles (ENV, RUN), compose files (environment:), .env files, shell scripts and Makefiles
 * (`FC_SETTINGS=… krakend check`, `docker run -e FC_SETTINGS=…`) — and maps each path onto the workspace:
 * a relative path from the file that sets it, an image path (`/etc/krakend/config/settings/prod`) by its
 * longest tail that names a folder of the workspace (`config/settings/prod`). Without a word about a
 * folder, the conventional `settings/`, `partials/` and `templates/` beside the template are used.
 */
import { dirname, normalizePath } from '../../workspace.js';
import type { FlexibleFolderFact } from '../facts.js';

export type FcVariable = 'FC_SETTINGS' | 'FC_PARTIALS' | 'FC_TEMPLATES';

export interface EnvSource {
  file: string;
  text: string;
}

/** A folder chosen for one FC variable, and why: the fact the rendering records (config/facts.ts). */
export type FolderChoice = FlexibleFolderFact;

export interface FcFolders {
  /** Every settings folder the template may be rendered with, the most likely first (Dockerfile, then scripts, compose, .env, convention). */
  settings: FolderChoice[];
  partials: FolderChoice | null;
  templates: FolderChoice | null;
  /** FC_ENABLE set somewhere in scope. */
  enabled: { file: string; line: number } | null;
}

export interface FcWorkspace {
  /** Absolute paths of the files that may be flexible-configuration inputs (settings JSON, partials, templates). */
  inputs: readonly string[];
  /** Files that may set FC_* variables, with their text. */
  envSources: readonly EnvSource[];
}

interface Assignment {
  variable: FcVariable | 'FC_ENABLE';
  value: string;
  file: string;
  line: number;
}

const ASSIGNMENT = /(?<![A-Za-z0-9_])(FC_SETTINGS|FC_PARTIALS|FC_TEMPLATES|FC_ENABLE)(?:[ \t]*=[ \t]*|[ \t]*:[ \t]+|[ \t]+(?=["'/.$A-Za-z]))("[^"\n]*"|'[^'\n]*'|[^\s"'\\;&|)]+)/g;
const VARIABLE = /(?<![A-Za-z0-9_$])(?:(?:ARG|ENV|export|set)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?=|:=|=|:[ \t]+)[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"'\\;&|)]+)/g;

/** Priority of a source kind: what the image runs with first, a developer's local override last. */
function sourceRank(file: string): number {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (/dockerfile/i.test(name)) return 0;
  if (/\.sh$/.test(name) || /makefile|\.mk$/i.test(name)) return 1;
  if (/compose/i.test(name)) return 2;
  return 3;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const unquote = (v: string) => v.replace(/^(["'])(.*)\1$/, '$2');

/** The FC_* assignments of one file, with `$VAR` resolved from the same file where it is set plainly. */
function assignmentsOf(source: EnvSource): Assignment[] {
  const vars = new Map<string, string>();
  for (const m of source.text.matchAll(VARIABLE)) if (!vars.has(m[1])) vars.set(m[1], unquote(m[2]));
  const dir = dirname(source.file);
  const out: Assignment[] = [];
  for (const m of source.text.matchAll(ASSIGNMENT)) {
    const raw = unquote(m[2]);
    if (!raw) continue;
    out.push({ variable: m[1] as Assignment['variable'], value: resolveVariables(raw, vars, dir), file: source.file, line: lineOf(source.text, m.index!) });
  }
  return out;
}

/** `$PWD`-likes become the file's folder, `${X:-d}` its default, a variable set in the file its value; others `*`. */
function resolveVariables(value: string, vars: Map<string, string>, dir: string, depth = 0): string {
  return value.replace(/\$\(shell pwd\)|`pwd`|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a?: string, def?: string, b?: string, c?: string) => {
    const name = a ?? b ?? c;
    if (!name) return dir;
    if (name === 'PWD' || name === 'CURDIR') return dir;
    const set = vars.get(name);
    if (set !== undefined && depth < 4 && set !== whole) return resolveVariables(set, vars, dir, depth + 1);
    if (def !== undefined && def !== '') return def;
    return '*';
  });
}

const isUnder = (path: string, dir: string) => dir === '/' || path === dir || path.startsWith(dir + '/');

function segmentMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return re.test(name);
}

function commonPrefixLength(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/**
 * The workspace folders a written path stands for, among `known`: a relative path from `base` (or from the
 * template's folder) when it exists, else the folders whose last segments match the path's longest tail.
 * Only folders inside `scope`; among several, those nearest the template.
 */
function resolveFolder(value: string, base: string, template: string, known: ReadonlySet<string>, scope: string): string[] {
  const templateDir = dirname(template);
  if (!value.startsWith('/') && !value.includes('*')) {
    for (const from of [base, templateDir]) {
      const dir = normalizePath(`${from}/${value}`);
      if (known.has(dir) && isUnder(dir, scope)) return [dir];
    }
  }
  const segments = value.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  for (let k = segments.length; k >= 1; k--) {
    const tail = segments.slice(-k);
    // A single wildcard segment says nothing.
    if (k === 1 && tail[0].includes('*')) break;
    const matches = [...known].filter((dir) => {
      if (!isUnder(dir, scope)) return false;
      const parts = dir.split('/').filter(Boolean);
      if (parts.length < k) return false;
      return tail.every((p, i) => segmentMatches(p, parts[parts.length - k + i]));
    });
    if (matches.length === 0) continue;
    const best = Math.max(...matches.map((d) => commonPrefixLength(d, templateDir)));
    return matches.filter((d) => commonPrefixLength(d, templateDir) === best).sort();
  }
  return [];
}

/** The folders holding inputs of each kind: settings (JSON directly inside), partials (any file, any depth), templates (*.tmpl directly inside). */
function knownFolders(inputs: readonly string[]): { settings: Set<string>; partials: Set<string>; templates: Set<string> } {
  const settings = new Set<string>();
  const partials = new Set<string>();
  const templates = new Set<string>();
  for (const file of inputs) {
    const dir = dirname(file);
    if (file.endsWith('.json')) settings.add(dir);
    if (file.endsWith('.tmpl')) templates.add(dir);
    for (let d = dir; d !== '/' && d !== '.'; d = dirname(d)) partials.add(d);
  }
  return { settings, partials, templates };
}

/**
 * Where a file setting FC_* may find folders for this template: its own folder when the template lies
 * inside it; its parent when the template lies beside it (docker/Dockerfile and config/krakend.json), or
 * null when it does not speak for this template.
 */
function scopeOf(source: string, template: string): string | null {
  const dir = dirname(source);
  const templateDir = dirname(template);
  if (isUnder(templateDir, dir)) return dir;
  const parent = dirname(dir);
  if (parent !== dir && isUnder(templateDir, parent)) return parent;
  return null;
}

export function fcFolders(template: string, ws: FcWorkspace): FcFolders {
  const known = knownFolders(ws.inputs);
  const templateDir = dirname(template);
  const assignments = ws.envSources
    .map((s) => ({ source: s, scope: scopeOf(s.file, template) }))
    .filter((x): x is { source: EnvSource; scope: string } => x.scope !== null)
    .sort((a, b) => sourceRank(a.source.file) - sourceRank(b.source.file) || a.source.file.localeCompare(b.source.file))
    .flatMap(({ source, scope }) => assignmentsOf(source).map((a) => ({ ...a, scope })));

  const choose = (variable: FcVariable, folders: Set<string>): FolderChoice[] => {
    const out: FolderChoice[] = [];
    const seen = new Set<string>();
    for (const a of assignments) {
      if (a.variable !== variable) continue;
      const own = dirname(a.file);
      // A file beside the template's project whose own folder has what it names is another project's.
      if (a.scope !== own && resolveFolder(a.value, own, template, folders, own).length > 0) continue;
      for (const dir of resolveFolder(a.value, own, template, folders, a.scope)) {
        if (seen.has(dir)) continue;
        seen.add(dir);
        out.push({ dir, file: a.file, line: a.line, value: a.value });
      }
    }
    if (out.length) return out;
    // The convention: a folder of that name beside the template; for settings, its subfolders too (one per environment).
    const conventional = `${templateDir === '/' ? '' : templateDir}/${variable.slice(3).toLowerCase()}`;
    if (folders.has(conventional)) return [{ dir: conventional, file: null, line: null, value: null }];
    if (variable === 'FC_SETTINGS') {
      return [...folders]
        .filter((d) => dirname(d) === conventional)
        .sort()
        .map((dir) => ({ dir, file: null, line: null, value: null }));
    }
    return [];
  };

  const enabled = assignments.find((a) => a.variable === 'FC_ENABLE' && /^(1|true|yes|on)$/i.test(a.value));
  return {
    settings: choose('FC_SETTINGS', known.settings),
    partials: choose('FC_PARTIALS', known.partials)[0] ?? null,
    templates: choose('FC_TEMPLATES', known.templates)[0] ?? null,
    enabled: enabled ? { file: enabled.file, line: enabled.line } : null,
  };
}

export { isEnvironmentFile, isFlexibleConfigInput } from './fc-files.js';
