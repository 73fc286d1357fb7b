import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeControlCharactersKeepingLayout } from './display-text.js';

describe('escapeControlCharacters', () => {
  it('shows terminal sequences instead of sending them', () => {
    expect(escapeControlCharacters('a\u001b]0;title\u0007\u001b[2Jb')).toBe('a\\x1b]0;title\\x07\\x1b[2Jb');
  });
  it('shows C1 controls, DEL and bidi overrides', () => {
    expect(escapeControlCharacters('\u009b\u007f\u202eevil\u2066')).toBe('\\x9b\\x7f\\u202eevil\\u2066');
  });
  it('escapes newlines in one-line data but keeps them in layout text', () => {
    expect(escapeControlCharacters('a\nb\tc')).toBe('a\\x0ab\\x09c');
    expect(escapeControlCharactersKeepingLayout('a\nb\tc\u001b')).toBe('a\nb\tc\\x1b');
  });
  it('leaves ordinary text, including non-Latin letters, alone', () => {
    expect(escapeControlCharacters('plugín 名前 ✓')).toBe('plugín 名前 ✓');
  });
});
