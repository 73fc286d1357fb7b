import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateSyntaxError } from './parse.js';
import { renderTemplate, type RenderResult } from './render.js';
import { FileText, Unknown, type Value } from './values.js';
import { goFloat, goMarshal } from './values.js';

const SETTINGS = {
  service: { port: 8080, name: 'gw', debug: false, timeout: '3s', big: 1000000, nothing: null },
  endpoints: { public: [{ path: '/a', method: 'GET' }, { path: '/b', method: 'POST' }] },
  plugins: { geo: { deny: ['KP'], header: 'CF-IPCountry' }, names: ['geo', 'auth'] },
};

function render(main: string, options: { templates?: Record<string, string>; partials?: Record<string, string>; data?: unknown } = {}): RenderResult {
  return renderTemplate({
    main: parseTemplate('/w/krakend.json', main),
    templates: Object.entries(options.templates ?? {}).map(([name, body]) => parseTemplate(`/w/templates/${name}`, body)),
    data: (options.data ?? structuredClone(SETTINGS)) as Value,
    include: (name) => (options.partials?.[name] !== undefined ? new FileText(options.partials[name], `/w/partials/${name}`) : new Unknown(`there is no partial ${name}`)),
  });
}

const text = (r: RenderResult) => (r.ok ? r.text : `STOP: ${r.reason}`);

describe('rendering text/template as Go does (checked against go1.19 text/template, with marshal and include as KrakenD defines them)', () => {
  it.each([
    ['{{ .service.port }} {{ .service.big }} {{ .service.name }} {{ .service.debug }} {{ .service.nothing }}', '8080 1e+06 gw false <no value>'],
    ['[ {{- range $i, $e := .endpoints.public }}{{ if $i }},{{ end }}\n  "{{ $e.path }} {{ .method }}"\n{{- end }} ]', '[\n  "/a GET",\n  "/b POST" ]'],
    ['{{ range .plugins.missing }}x{{ else }}none{{ end }}|{{ range $k, $v := .plugins.geo }}{{ $k }};{{ end }}', 'none|deny;header;'],
    ['{{ with .plugins.geo }}{{ .header }}{{ else }}no{{ end }}|{{ if .service.debug }}d{{ else if .service.name }}n{{ else }}x{{ end }}', 'CF-IPCountry|n'],
    ['{{ $x := 1 }}{{ range .plugins.names }}{{ $x = . }}{{ end }}{{ $x }}', 'auth'],
    ['{{ range .plugins.names }}{{ if eq . "geo" }}{{ continue }}{{ end }}{{ . }}{{ break }}{{ end }}', 'auth'],
    ['{{ define "t" }}<{{ . }}>{{ end }}{{ template "t" .service.name }}|{{ block "b" .service.port }}[{{ . }}]{{ end }}', '<gw>|[8080]'],
    ['{{ marshal .plugins.geo }}|{{ marshal "<a&b>" }}', '{"deny":["KP"],"header":"CF-IPCountry"}|"\\u003ca\\u0026b\\u003e"'],
    ['{{ printf "%s:%d" .service.name 3 }}|{{ print 1 2 "a" "b" 3 }}|{{ len .plugins.names }}|{{ index .plugins.names 1 }}|{{ .service.port | printf "%v!" }}', 'gw:3|1 2ab3|2|auth|8080!'],
    ['{{- /* a comment */ -}}\n  x  {{- 3 -}}  y {{ "q\\"t" }} {{ `raw` }} {{ 0x1F }} {{ \'a\' }}', 'x3y q"t raw 31 97'],
    ['{{ if and .service.name (not .service.debug) }}y{{ end }}|{{ or .service.debug .service.name }}', 'y|gw'],
  ])('%s', (main, want) => {
    expect(text(render(main))).toBe(want);
  });

  it('calls the FC_TEMPLATES templates by file name, with the dot it is given', () => {
    expect(text(render('{{ template "p.tmpl" .plugins }}', { templates: { 'p.tmpl': '{{ .geo.header }}/{{ $.geo.header }}{{ template "q" }}', q: '' } }))).toBe('CF-IPCountry/CF-IPCountry');
  });

  it('pastes partials without evaluating them', () => {
    expect(text(render('{ {{ include "p.json" }} }', { partials: { 'p.json': '"a": {{ not evaluated }}' } }))).toBe('{ "a": {{ not evaluated }} }');
  });
});

describe('what cannot be rendered statically', () => {
  it('writes an Unknown value as a placeholder, quoted outside a JSON string, escaped inside one, and records why', () => {
    const r = render('{"name": "{{ env "NAME" }} ({{ .service.name }})", "port": {{ env "PORT" }}}');
    expect(r.ok && r.text).toBe('{"name": "{{ env \\"NAME\\" }} (gw)", "port": "{{ env \\"PORT\\" }}"}');
    expect(JSON.parse(r.ok ? r.text : '')).toEqual({ name: '{{ env "NAME" }} (gw)', port: '{{ env "PORT" }}' });
    expect(r.unrendered.map((u) => [u.action, u.reason])).toEqual([
      ['{{ env "NAME" }}', 'env reads an environment variable'],
      ['{{ env "PORT" }}', 'env reads an environment variable'],
    ]);
  });

  it('writes a key the settings lack as a placeholder (KrakenD would print <no value>)', () => {
    const r = render('"{{ .service.nope }}"');
    expect(r.ok && r.unrendered[0].reason).toBe('.service.nope is not in the settings (KrakenD would print <no value>)');
  });

  it.each([
    ['{{ if env "DEBUG" }}a{{ end }}', 'the condition of {{ if env "DEBUG" }} cannot be known statically: env reads an environment variable'],
    ['{{ range now }}{{ end }}', 'what {{ range now }} ranges over cannot be known statically: now reads the clock'],
    ['{{ template "nope" }}', 'no template named "nope" (KrakenD reads templates from the *.tmpl files of FC_TEMPLATES)'],
    ['{{ .service.nothing.x }}', "KrakenD's rendering stops here: nil pointer evaluating interface {}.x (.service.nothing.x)"],
    ['{{ eq .service.port 8080 }}', "KrakenD's rendering stops here: error calling eq: incompatible types for comparison (float64 and int64)"],
  ])('stops at %s', (main, reason) => {
    const r = render(main);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe(reason);
  });

  it('names a function kpa does not implement', () => {
    const r = render('"{{ someFunc 1 }}"');
    expect(r.ok && r.unrendered[0].reason).toBe('kpa does not render the function someFunc');
  });

  it('reports syntax errors with their offset', () => {
    expect(() => parseTemplate('/w/k.json', '{\n  {{ if }}\n}')).toThrow(TemplateSyntaxError);
    try {
      parseTemplate('/w/k.json', '{\n  "a": {{ .x }\n}');
    } catch (e) {
      expect((e as TemplateSyntaxError).offset).toBe(15);
    }
  });
});

describe('Sprig functions whose result depends only on their arguments', () => {
  it.each([
    ['{{ upper "a" }}{{ lower "B" }}{{ title "hello world" }}{{ trim "  x " }}{{ trimSuffix "/" "a/" }}{{ replace "a" "b" "aa" }}', 'AbHello Worldxabb'],
    ['{{ default "x" .service.nope }}{{ default "x" .service.name }}{{ coalesce "" .service.name }}{{ ternary "y" "n" true }}', 'xgwgwy'],
    ['{{ add 1 2 }} {{ add .service.port 1 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ max 1 5 3 }}', '3 8081 3 6 3 5'],
    ['{{ list 1 "a" | toJson }} {{ dict "b" 1 "a" 2 | toJson }} {{ join "," .plugins.names }} {{ splitList "," "a,b" | last }}', '[1,"a"] {"a":2,"b":1} geo,auth b'],
    ['{{ keys .plugins.geo | toJson }} {{ hasKey .plugins.geo "deny" }} {{ get .plugins.geo "header" }} {{ pick .plugins.geo "deny" | toJson }}', '["deny","header"] true CF-IPCountry {"deny":["KP"]}'],
    ['{{ quote "a" }} {{ squote "b" }} {{ indent 2 "x\\ny" }} {{ b64enc "kpa" }} {{ b64dec "a3Bh" }}', '"a" \'b\'   x\n  y a3Bh kpa'],
    ['{{ base "/a/b.json" }} {{ dir "/a/b.json" }} {{ ext "b.json" }} {{ clean "/a/../b/" }}', 'b.json /a .json /b'],
  ])('%s', (main, want) => {
    expect(text(render(main))).toBe(want);
  });
});

describe('the source map', () => {
  it('maps text runs exactly and action output onto the whole action, through template calls and partials', () => {
    const main = '{\n  "a": {{ .service.port }},\n  {{ include "p.json" }},\n  {{ template "t.tmpl" . }}\n}';
    const r = render(main, { partials: { 'p.json': '"p": 1' }, templates: { 't.tmpl': '"t": "{{ .service.name }}"' } });
    if (!r.ok) throw new Error(r.reason);
    const at = (needle: string, length = needle.length) => r.map.map(r.text.indexOf(needle), length);
    expect(at('"a"')).toEqual({ file: '/w/krakend.json', offset: main.indexOf('"a"'), length: 3, exact: true });
    expect(at('8080')).toEqual({ file: '/w/krakend.json', offset: main.indexOf('{{ .service.port }}'), length: '{{ .service.port }}'.length, exact: false });
    expect(at('"p"')).toEqual({ file: '/w/partials/p.json', offset: 0, length: 3, exact: true });
    expect(at('"t"')).toEqual({ file: '/w/templates/t.tmpl', offset: 0, length: 3, exact: true });
    expect(at('"gw"')).toEqual({ file: '/w/templates/t.tmpl', offset: 5, length: '"{{ .service.name }}"'.length, exact: false });
    // A span across two files maps onto the innermost file both ends share: the calls in the config.
    expect(at('"p": 1,\n  "t"')).toEqual({ file: '/w/krakend.json', offset: main.indexOf('{{ include'), length: main.indexOf(' . }}') + 5 - main.indexOf('{{ include'), exact: false });
  });
});

describe('Go value printing', () => {
  it.each([
    [8080, '8080'],
    [1e6, '1e+06'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
  ])('prints the float64 %s as %s', (f, want) => {
    expect(goFloat(f)).toBe(want);
  });

  it('marshals with sorted keys and HTML escapes, as encoding/json', () => {
    expect(goMarshal({ b: [1, null], a: '<&>' } as Value)).toBe('{"a":"\\u003c\\u0026\\u003e","b":[1,null]}');
  });
});
