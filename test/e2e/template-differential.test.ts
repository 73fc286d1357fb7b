/**
 * kpa's flexible-configuration renderer (analyzers/config/template/) against Go's own text/template:
 * fixtures/template-renderer is built with the local go and renders the same templates (with `marshal` and
 * `include` as krakend-flexibleconfig defines them) over the same settings; the outputs must be equal. Where
 * Go stops with an error, kpa must stop too (its wording differs). Sprig is not in the standard library, so
 * its functions are covered by analyzers/config/template/render.test.ts. Needs Go on PATH.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTemplate, TemplateSyntaxError } from '../../analyzers/config/template/parse.js';
import { renderTemplate } from '../../analyzers/config/template/render.js';
import { FileText, Unknown, type Value } from '../../analyzers/config/template/values.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = mkdtempSync(join(tmpdir(), 'kpa-template-differential-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const DATA = {
  s: { port: 8080, big: 1000000, f: 0.5, odd: 123456789, neg: -2.5, small: 0.00001, name: 'gw', html: '<a&b>', t: true, n: null, list: ['a', 'b', 'c'], nums: [1, 2, 3], m: { z: 1, a: 'x', k: [true, null] }, empty: '', zero: 0, el: [], em: {} },
  e: { public: [{ endpoint: '/a', method: 'GET' }, { endpoint: '/b', method: 'POST' }] },
};

interface Case {
  main: string;
  templates?: Record<string, string>;
  partials?: Record<string, string>;
}

const CASES: Case[] = [
  { main: 'a {{ .s.port }} b {{ .s.big }} {{ .s.f }} {{ .s.odd }} {{ .s.neg }} {{ .s.small }} {{ 2.0 }} {{ 1e21 }} {{ 100000 }}' },
  { main: '{{ .s.name }}|{{ .s.t }}|{{ .s.n }}|{{ .s.list }}|{{ .s.m }}|{{ index .s.m.k 1 }}' },
  { main: '[ {{- range $i, $e := .e.public }}{{ if $i }},{{ end }}\n  {"endpoint": "{{ $e.endpoint }}", "m": "{{ .method }}"}\n{{- end }} ]' },
  { main: '{{ range .s.el }}x{{ else }}empty{{ end }}|{{ range $k, $v := .s.m }}{{ $k }}={{ $v }};{{ end }}|{{ range .s.nums }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }}{{ end }}' },
  { main: '{{ with .s.m }}{{ .a }}{{ else }}no{{ end }}|{{ if .s.zero }}z{{ else if .s.empty }}e{{ else }}none{{ end }}' },
  { main: '{{ $x := 1 }}{{ range .s.list }}{{ $x = . }}{{ if eq . "b" }}{{ break }}{{ end }}{{ end }}{{ $x }}' },
  { main: '{{ define "t" }}<{{ . }}>{{ end }}{{ template "t" .s.name }}{{ template "t" }}|{{ block "b" .s.port }}[{{ . }}]{{ end }}' },
  { main: '{{ template "x.tmpl" . }}', templates: { 'x.tmpl': '{{ .s.name }}-{{ $.s.port }}{{ template "y" .s }}', y: '/{{ .html }}' } },
  { main: '{{ marshal .s.m }}|{{ marshal .s.html }}|{{ marshal .s }}|{{ marshal .e.public }}' },
  { main: '{ {{ include "p.json" }} }', partials: { 'p.json': '"a": {{ not evaluated }}' } },
  { main: '{{ printf "%s-%d-%v-%q" .s.name 3 .s.port "x" }}|{{ print 1 2 "a" "b" 3 }}|{{ println "a" 1 }}|{{ .s.big | printf "%d" }}' },
  { main: '{{ if and .s.t .s.port }}y{{ end }}|{{ or .s.empty .s.name }}|{{ and .s.zero .s.name }}|{{ not .s.t }}|{{ len .s.name }}|{{ index .s.list 1 }}|{{ index .s.m "a" }}|{{ slice .s.list 1 2 }}' },
  { main: '{{ if lt 1 2 }}lt{{ end }}{{ if gt .s.port 80.0 }}gt{{ end }}{{ if ne .s.name "x" }}ne{{ end }}{{ if eq .s.name "a" "gw" }}eq{{ end }}' },
  { main: '{{- /* a comment */ -}}\n  x  {{- 3 -}}  y {{/* c */}} z {{ "q\\"t" }} {{ `raw` }} {{ 0x1F }} {{ 1.5e3 }} {{ \'a\' }} {{ 0755 }}' },
  { main: '{{ (index .e.public 0).endpoint }}|{{ .s.port | printf "%v!" }}|{{ "a" | printf "%s%s" "b" }}' },
  { main: '{\n  "port": {{ .s.port }},\n  {{- range .s.list }}\n  "{{ . }}": true,\n  {{- end }}\n  "end": 1\n}' },
  { main: '{{ eq .s.port 8080 }}' },
  { main: '{{ .s.n.x }}' },
  { main: '{{ .s.name.x }}' },
  { main: '{{ range .s.name }}{{ end }}' },
  { main: '{{ template "nope" }}' },
  { main: '{{ if }}' },
  { main: '{{ .s.x }' },
];

function kpaRender(c: Case): { out?: string; error?: string } {
  try {
    const main = parseTemplate('/w/krakend.json', c.main);
    const templates = Object.entries(c.templates ?? {}).map(([n, b]) => parseTemplate(`/w/templates/${n}`, b));
    const include = (n: string) => (c.partials?.[n] !== undefined ? new FileText(c.partials[n], `/w/partials/${n}`) : new Unknown('no such partial'));
    const r = renderTemplate({ main, templates, data: structuredClone(DATA) as Value, include });
    return r.ok ? { out: r.text } : { error: r.reason };
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { error: `parse: ${e.message}` };
    throw e;
  }
}

describe("the template renderer agrees with Go's text/template", () => {
  const build = spawnSync('go', ['build', '-o', join(out, 'render'), '.'], { cwd: join(REPO, 'fixtures/template-renderer'), encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' } });
  const go = () => {
    expect(build.status, `go build failed: ${build.stderr}`).toBe(0);
    const run = spawnSync(join(out, 'render'), { input: JSON.stringify(CASES.map((c) => ({ templates: {}, partials: {}, ...c, data: JSON.stringify(DATA) }))), encoding: 'utf8' });
    return JSON.parse(run.stdout) as { out?: string; error?: string }[];
  };

  it('renders every case as Go does, and stops where Go stops', () => {
    const want = go();
    const rows = CASES.map((c, i) => {
      const got = kpaRender(c);
      const same = want[i].error !== undefined ? got.error !== undefined : got.out === want[i].out;
      return { template: c.main, go: want[i].out ?? `error: ${want[i].error}`, kpa: got.out ?? `error: ${got.error}`, same };
    });
    expect(rows.filter((r) => !r.same)).toEqual([]);
    // Both sides stopped on the error cases, and rendered the rest.
    expect(rows.filter((r) => r.go.startsWith('error')).length).toBe(7);
  });
});
