import { describe, expect, it } from 'vitest';
import rule from './kpa302-config-template-skipped.js';
import invalid from './kpa301-invalid-config.js';
import { brief, checkConfig } from '../config/testing.js';

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
