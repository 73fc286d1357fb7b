import { describe, expect, it } from 'vitest';
import rule from './kpa301-invalid-config.js';
import { brief, checkConfig, handFacts, runRule } from '../config/testing.js';
import { configFactsForFile } from '../config/index.js';
import { MemoryFileSource, Workspace, decodeSource } from '../workspace.js';

describe('KPA301 invalid-config', () => {
  it('reports the first syntax error once, at its line', () => {
    expect(brief(checkConfig(rule, '{\n  "a": 1\n  "b": 2\n}'))).toEqual(['krakend.json:3 syntax error']);
  });

  it('reports non-object roots and duplicate keys (a warning, pointing at the first)', () => {
    expect(brief(checkConfig(rule, '42'))).toEqual(['krakend.json:1 rootNotObject error']);
    const [dup] = checkConfig(rule, '{"plugin": {}, \n"plugin": {}}');
    expect([dup.severity, dup.range.start.line, dup.related?.[0].range.start.line]).toEqual(['warning', 1, 0]);
  });

  it('is silent on a good config', () => {
    expect(checkConfig(rule, { version: 3 })).toEqual([]);
  });

  it('turns binary junk and bad UTF-8 into a finding, not a crash', () => {
    const junk = decodeSource(new Uint8Array([0x7b, 0x00, 0xff, 0x7d]));
    const ws = new Workspace('/w', { paths: () => ['/w/krakend.json'], read: () => junk });
    const facts = handFacts({});
    facts.configs = [configFactsForFile(ws, '/w/krakend.json')];
    expect(runRule(rule, facts).map((d) => d.message)).toEqual([expect.stringMatching(/could not read this configuration: binary file/)]);
    const random = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536));
    const ws2 = new Workspace('/w', new MemoryFileSource(new Map([['/w/krakend.json', random]])));
    facts.configs = [configFactsForFile(ws2, '/w/krakend.json')];
    expect(runRule(rule, facts).map((d) => d.data?.messageId)).toEqual(['syntax']);
  });

  it('notes a fragment to paste (a top level that is not an object, then more) instead of calling it broken', () => {
    const facts = handFacts({});
    const fragment = '"extra_config": {\n  "plugin/http-server": { "name": ["body-limit"] }\n}\n';
    facts.configs = [configFactsForFile(new Workspace('/w', new MemoryFileSource(new Map([['/w/krakend-snippet.json', fragment]]))), '/w/krakend-snippet.json')];
    expect(runRule(rule, facts).map((d) => [d.data?.messageId, d.severity])).toEqual([['fragment', 'note']]);
    facts.configs = [configFactsForFile(new Workspace('/w', new MemoryFileSource(new Map([['/w/krakend.json', '{ "version": 3, }']]))), '/w/krakend.json')];
    expect(runRule(rule, facts).map((d) => [d.data?.messageId, d.severity])).toEqual([['syntax', 'error']]);
  });

  it('reports what only Go\'s encoding/json refuses: a BOM, nesting past 10,000 levels, a number beyond float64', () => {
    const facts = handFacts({});
    const read = (bytes: Uint8Array) => {
      const ws = new Workspace('/w', { paths: () => ['/w/krakend.json'], read: () => decodeSource(bytes), readBytes: () => bytes });
      facts.configs = [configFactsForFile(ws, '/w/krakend.json')];
      return runRule(rule, facts).map((d) => [d.data?.messageId, d.range.start.line, d.range.start.character, d.message]);
    };
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(read(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"version": 3}')]))).toEqual([['syntax', 0, 0, expect.stringContaining("invalid character 'ï' looking for beginning of value")]]);
    expect(read(utf8('{\n  "version": 3,\n  "timeout": 1e999999\n}'))).toEqual([['syntax', 2, 13, expect.stringContaining('the number 1e999999 is beyond float64 range')]]);
    expect(read(utf8(`{"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`))).toEqual([['syntax', 0, 10_005, expect.stringContaining('exceeded max depth')]]);
    expect(read(utf8(`{"a": ${'['.repeat(9_999)}${']'.repeat(9_999)}, "b": 1e-999999}`))).toEqual([]);
    // Invalid UTF-8 inside a string loads (encoding/json reads it as U+FFFD); elsewhere it is an invalid character.
    expect(read(new Uint8Array([...utf8('{"name": "caf'), 0xe9, ...utf8('"}')]))).toEqual([]);
    expect(read(new Uint8Array([...utf8('{"name": "x"'), 0xe9, ...utf8('}')]))).toEqual([['syntax', 0, 12, expect.stringContaining('unexpected character')]]);
  });
});
