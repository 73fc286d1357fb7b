import { describe, expect, it } from 'vitest';
import rule from './kpa314-logging-hides-plugin-errors.js';
import { brief, checkConfig } from '../config/testing.js';

const plugin = { folder: '/opt/krakend/plugins/', pattern: '.so' };
const logging = (level: unknown, namespace = 'telemetry/logging') => ({ version: 3, plugin, extra_config: { [namespace]: { level, prefix: '[KRAKEND]', stdout: true } } });

describe('KPA314 logging-hides-plugin-errors', () => {
  it('notes a level above DEBUG at the level value, in either logging namespace', () => {
    const [d] = checkConfig(rule, logging('INFO'));
    expect(d.severity).toBe('note');
    expect(d.message).toMatch(/with level "INFO" a plugin that does not load leaves no trace/);
    expect(brief(checkConfig(rule, logging('ERROR', 'github_com/devopsfaith/krakend-gologging')))).toEqual(['krakend.json:9 hidden note']);
    const text = JSON.stringify(logging('WARNING'), null, 2);
    const [at] = checkConfig(rule, text);
    const line = text.split('\n').findIndex((l) => l.includes('"level"'));
    expect(at.range.start.line).toBe(line);
    expect(text.split('\n')[line].slice(at.range.start.character, at.range.end.character)).toBe('"WARNING"');
  });

  it('is silent at DEBUG, without a level, or when the config loads no plugins', () => {
    expect(checkConfig(rule, logging('DEBUG'))).toEqual([]);
    expect(checkConfig(rule, logging(undefined))).toEqual([]);
    expect(checkConfig(rule, { version: 3, plugin })).toEqual([]);
    expect(checkConfig(rule, { version: 3, extra_config: { 'telemetry/logging': { level: 'ERROR' } } })).toEqual([]);
  });
});
