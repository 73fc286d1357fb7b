import { describe, expect, it } from 'vitest';
import rule from './kpa302-config-template-skipped.js';
import invalid from './kpa301-invalid-config.js';
import { brief, checkConfig } from '../config/testing.js';
import { analyze } from '../engine.js';
import { MemoryFileSource, Workspace } from '../workspace.js';

describe('KPA302 config-template-skipped', () => {
  const template = '{\n  "version": 3,\n  "endpoints": {{ marshal .endpoints }}\n}';

  it('notes a template that breaks the JSON, instead of a syntax error', () => {
    expect(brief(checkConfig(rule, template))).toEqual(['krakend.json:3 template note']);
    expect(checkConfig(invalid, template)).toEqual([]);
  });

  it('leaves valid JSON whose strings hold templates alone', () => {
    expect(checkConfig(rule, { version: 3, endpoints: [{ endpoint: '/a', extra_config: { x: '{{ .y }}' } }] })).toEqual([]);
  });
});

describe('KPA302 on templates kpa renders (config/template/)', () => {
  const lint = (files: Record<string, string>) =>
    analyze(new Workspace('/w', new MemoryFileSource(new Map(Object.entries(files)))), { parser: null, target: null, only: ['KPA302', 'KPA305'] }).diagnostics.map(
      (d) => `${d.file.replace('/w/', '')}:${d.range.start.line + 1} ${d.rule} ${d.message}`,
    );

  it('says which action it could not render, where, with which settings, and checks the rest', () => {
    expect(
      lint({
        '/w/krakend.json': '{\n  "name": "{{ env "NAME" }}",\n  "extra_config": { "plugin/http-server": { "name": [{{ marshal .plugins.name }}] } }\n}',
        '/w/settings/plugins.json': '{ "name": "geo" }',
        '/w/Dockerfile': 'ENV FC_ENABLE=1 FC_SETTINGS=/etc/krakend/settings',
      }),
    ).toEqual([
      'krakend.json:2 KPA302 kpa rendered this flexible-configuration template with the settings in settings (FC_SETTINGS in Dockerfile:1) and checked the result, but could not render {{ env "NAME" }}: env reads an environment variable. A placeholder stood in for it, so what it writes was not checked.',
    ]);
  });

  it('says why it could not render the template at all, at the place that stopped it', () => {
    expect(lint({ '/w/krakend.json': '{\n  {{ range env "LIST" }}{{ end }}\n}' })).toEqual([
      'krakend.json:2 KPA302 kpa could not render this flexible-configuration template, so its plugin settings were not checked: kpa could not render the template: what {{ range env "LIST" }} ranges over cannot be known statically: env reads an environment variable. Render it (FC_ENABLE=1 FC_OUT=out.json krakend check -c …) and run kpa lint --config out.json to check it all.',
    ]);
  });
});
