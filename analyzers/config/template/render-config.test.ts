import { describe, expect, it } from 'vitest';
import { MemoryFileSource, Workspace } from '../../workspace.js';
import { computeConfigFacts } from '../index.js';
import type { LocatedRange } from '../../diagnostics.js';
import { fcFolders } from './fc-folders.js';
import { configReferencesOf, pluginNameAt, renameEdits } from '../navigation.js';

function configs(files: Record<string, string>) {
  return computeConfigFacts(new Workspace('/w', new MemoryFileSource(new Map(Object.entries(files)))));
}

const TEMPLATE = `{
  "version": 3,
  "name": "{{ env "NAME" }}",
  "extra_config": {
    {{ include "cors.json" }},
    {{ template "plugins.tmpl" . }}
  },
  "endpoints": [
    {{ range $i, $e := .endpoints.list }}{{ if $i }},{{ end }}
    { "endpoint": "{{ $e.path }}", "backend": [{ "url_pattern": "/", "extra_config": { "plugin/req-resp-modifier": { "name": [{{ marshal $e.modifier }}] } } }] }
    {{ end }}
  ]
}`;

const FILES = {
  '/w/config/krakend.json': TEMPLATE,
  '/w/config/partials/cors.json': '"security/cors": { "allow_origins": ["*"] }',
  '/w/config/templates/plugins.tmpl': '"plugin/http-server": {\n  "name": ["{{ .plugins.server }}", "static-name"]\n}',
  '/w/config/settings/prod/endpoints.json': '{ "list": [{ "path": "/a", "modifier": "m1" }, { "path": "/b", "modifier": "m2" }] }',
  '/w/config/settings/prod/plugins.json': '{ "server": "geo" }',
  '/w/config/settings/dev/endpoints.json': '{ "list": [{ "path": "/a", "modifier": "m1" }, { "path": "/debug", "modifier": "debugger" }] }',
  '/w/config/settings/dev/plugins.json': '{ "server": "geo" }',
  '/w/Dockerfile': 'FROM krakend:2.13\nCOPY config /etc/krakend/config\nENV FC_ENABLE=1 \\\n    FC_SETTINGS=/etc/krakend/config/settings/prod \\\n    FC_PARTIALS=/etc/krakend/config/partials \\\n    FC_TEMPLATES=/etc/krakend/config/templates\n',
  '/w/docker-compose.yml': 'services:\n  krakend:\n    environment:\n      FC_SETTINGS: /etc/krakend/config/settings/dev\n',
};

const where = (span: { range: LocatedRange }) => `${(span.range.file ?? '/w/config/krakend.json').replace('/w/', '')}:${span.range.start.line + 1}${span.range.inexact ? ' (action)' : ''}`;

describe('a flexible-configuration template, rendered and checked', () => {
  it('is rendered with the folders its Dockerfile and compose file name, its facts pointing into the template files', () => {
    const [c] = configs(FILES);
    expect(c.status).toBe('ok');
    expect(c.template?.settings.map((s) => [s.dir, s.file, s.line])).toEqual([
      ['/w/config/settings/prod', '/w/Dockerfile', 4],
      ['/w/config/settings/dev', '/w/docker-compose.yml', 4],
    ]);
    expect(c.template?.partials?.dir).toBe('/w/config/partials');
    expect(c.template?.templates?.dir).toBe('/w/config/templates');
    expect(c.template?.enabled).toEqual({ file: '/w/Dockerfile', line: 3 });
    const refs = c.references.map((r) => `${r.namespace} ${r.names.map((n) => `${n.value}@${where(n)}`).join(' ')}`);
    expect(refs).toEqual([
      'plugin/http-server geo@config/templates/plugins.tmpl:2 (action) static-name@config/templates/plugins.tmpl:2',
      'plugin/req-resp-modifier m1@config/krakend.json:10 (action)',
      'plugin/req-resp-modifier m2@config/krakend.json:10 (action)',
      // Only the dev settings show this one.
      'plugin/req-resp-modifier debugger@config/krakend.json:10 (action)',
    ]);
    expect(c.template?.unrendered.map((u) => [u.action, u.reason, where(u)])).toEqual([['{{ env "NAME" }}', 'env reads an environment variable', 'config/krakend.json:3']]);
  });

  it('uses the conventional folders beside the template when nothing names them, each settings subfolder once', () => {
    const files: Record<string, string> = { ...FILES };
    delete files['/w/Dockerfile'];
    delete files['/w/docker-compose.yml'];
    const [c] = configs(files);
    expect(c.status).toBe('ok');
    expect(c.template?.settings.map((s) => [s.dir, s.file])).toEqual([
      ['/w/config/settings/dev', null],
      ['/w/config/settings/prod', null],
    ]);
    expect(c.template?.partials).toMatchObject({ dir: '/w/config/partials', file: null });
  });

  it('is skipped, saying where and why, when what decides its shape cannot be known', () => {
    const [c] = configs({ ...FILES, '/w/config/krakend.json': '{ {{ if env "PROD" }}"a": 1{{ end }} }' });
    expect(c.status).toBe('template');
    expect(c.problems.map((p) => [p.kind, p.message, where(p)])).toEqual([
      ['template', 'kpa could not render the template with the settings of /w/config/settings/prod: the condition of {{ if env "PROD" }} cannot be known statically: env reads an environment variable', 'config/krakend.json:1'],
    ]);
  });

  it('is skipped at the syntax error Go would stop at, in a template of FC_TEMPLATES too', () => {
    const [c] = configs({ ...FILES, '/w/config/templates/plugins.tmpl': '{{ if }}' });
    expect(c.status).toBe('template');
    expect(c.problems.map((p) => where(p))).toEqual(['config/templates/plugins.tmpl:1']);
    expect(c.problems[0].message).toMatch(/^Go's text\/template rejects plugins\.tmpl \(FC_TEMPLATES\): /);
  });

  it('is invalid where its complete rendering is not JSON, at the template line', () => {
    const [c] = configs({ '/w/krakend.json': '{\n  "a": {{ .s.x }}\n  "b": 1\n}', '/w/settings/s.json': '{ "x": 1 }' });
    expect(c.status).toBe('invalid');
    expect(c.problems.map((p) => [p.kind, p.range.start.line + 1, (p.range as LocatedRange).file])).toEqual([['syntax', 3, undefined]]);
  });

  it('is not blamed for invalid JSON its placeholders may have caused', () => {
    const [c] = configs({ '/w/krakend.json': '{ "a": 1, {{ env "MORE" }} }' });
    expect(c.status).toBe('template');
    expect(c.problems[0].message).toMatch(/placeholders for 1 action/);
  });

  it('says a settings file KrakenD cannot load stops it', () => {
    const [c] = configs({ '/w/krakend.json': '{ "a": {{ .s.x }} }', '/w/settings/s.json': '[1]' });
    expect(c.status).toBe('template');
    expect(c.problems[0].message).toBe('kpa could not render the template with the settings of /w/settings: the settings file s.json does not hold a JSON object; KrakenD stops loading the settings');
    expect((c.problems[0].range as LocatedRange).file).toBe('/w/settings/s.json');
  });

  it('leaves a JSON config whose strings hold {{ }} alone when nothing says flexible configuration is in use', () => {
    const [c] = configs({ '/w/krakend.json': '{ "version": 3, "extra_config": { "plugin/http-server": { "name": ["{{ .x }}"] } } }' });
    expect(c.template).toBeUndefined();
    expect(c.references[0].names[0].value).toBe('{{ .x }}');
  });
});

describe('finding the FC folders', () => {
  const inputs = ['/w/gw/config/settings/prod/a.json', '/w/gw/config/settings/dev/a.json', '/w/gw/config/partials/p.json', '/w/gw/config/templates/t.tmpl', '/w/other/config/settings/prod/a.json'];
  const find = (envSources: { file: string; text: string }[], template = '/w/gw/config/krakend.json') => fcFolders(template, { inputs, envSources });

  it.each([
    ['a Dockerfile ENV with an image path', '/w/gw/Dockerfile', 'ENV FC_SETTINGS=/etc/krakend/config/settings/prod', '/w/gw/config/settings/prod'],
    ['an ARG default in the path', '/w/gw/Dockerfile', 'ARG ENV=dev\nRUN FC_ENABLE=1 FC_SETTINGS="/etc/krakend/config/settings/$ENV" krakend check -c krakend.json', '/w/gw/config/settings/dev'],
    ['a script with $PWD', '/w/gw/check.sh', 'FC_SETTINGS="$PWD/config/settings/prod" \\\nkrakend check -t -d -c "$PWD/config/krakend.json"', '/w/gw/config/settings/prod'],
    ['a Makefile docker run -e', '/w/gw/Makefile', 'check:\n\tdocker run -v $(PWD)/config:/etc/krakend -e FC_SETTINGS=/etc/krakend/settings/dev krakend check', '/w/gw/config/settings/dev'],
    ['a compose environment list', '/w/gw/docker-compose.yml', 'environment:\n  - FC_SETTINGS=/etc/krakend/config/settings/dev', '/w/gw/config/settings/dev'],
    ['a .env file', '/w/gw/.env', 'FC_SETTINGS=config/settings/prod', '/w/gw/config/settings/prod'],
  ])('from %s', (_what, file, text, dir) => {
    expect(find([{ file, text }]).settings.map((s) => s.dir)).toEqual([dir]);
  });

  it('takes every folder an unresolved variable may stand for', () => {
    expect(find([{ file: '/w/gw/Dockerfile', text: 'ENV FC_SETTINGS=/etc/krakend/config/settings/${ENVIRONMENT}' }]).settings.map((s) => s.dir)).toEqual(['/w/gw/config/settings/dev', '/w/gw/config/settings/prod']);
  });

  it('ignores files that set FC_* for another project of the repository', () => {
    expect(find([{ file: '/w/other/Dockerfile', text: 'ENV FC_SETTINGS=/etc/krakend/config/settings/prod' }]).settings.map((s) => [s.dir, s.file])).toEqual([
      ['/w/gw/config/settings/dev', null],
      ['/w/gw/config/settings/prod', null],
    ]);
  });
});

describe('navigation over a rendered template', () => {
  it('finds a name where its text is, renames it there, and refuses to rewrite an action that writes one', () => {
    const [c] = configs(FILES);
    const uses = configReferencesOf([c], 'static-name').map((r) => [r.file, r.range.start.line, r.inexact]);
    expect(uses).toEqual([['/w/config/templates/plugins.tmpl', 1, false]]);
    expect(renameEdits([c], [], 'server', 'static-name', 'renamed').edits.map((e) => e.file)).toEqual(['/w/config/templates/plugins.tmpl']);
    const plan = renameEdits([c], [], 'server', 'geo', 'geo-2');
    expect(plan.edits).toEqual([]);
    expect(plan.blocked.map((b) => [b.file, b.range.start.line])).toEqual([['/w/config/templates/plugins.tmpl', 1]]);
    // A cursor in krakend.json never lands on a name that lives in another file.
    expect(pluginNameAt(c, FILES['/w/config/krakend.json'].indexOf('{{ template'))).toBeNull();
  });
});
