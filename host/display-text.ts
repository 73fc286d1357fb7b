/**
 * Workspace data (plugin names, file names, log lines) reaches the user's terminal and editor log. A control
 * character in it would act instead of showing: ESC sequences retitle or clear the terminal, bidi overrides
 * reorder what the reader sees. Every human-facing output passes data through here so such characters show
 * visibly as escapes (`\x1b`, `\u202e`). JSON and SARIF need nothing: their encoders escape already.
 */

// C0 controls, DEL, C1 controls, and the bidi embedding/override/isolate controls (Trojan Source).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same without tab and newline, for multi-line text whose layout is kpa's own.
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Shows every control character of `text` as an escape; for one-line data (a name, a path, a log line). */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, visible);
}

/** Like escapeControlCharacters but keeps tab and newline: for whole messages whose line breaks are kpa's. */
export function escapeControlCharactersKeepingLayout(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, visible);
}
