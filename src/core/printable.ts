/**
 * Text from files and file names made safe to print: a name or message holding terminal escape
 * sequences (ESC, CSI, bidirectional overrides) must not drive the user's terminal.
 */

// C0 and C1 controls, DEL, and the bidirectional overrides/isolates that reorder what is shown.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
// The same, but keeping newline and tab (messages may span lines on purpose).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

function escape(char: string): string {
  const code = char.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** A file name or other single-line value for a message: every control character shown as `\xNN`. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape)
}

/** Multi-line text for the terminal (`--debug` stack traces): control characters escaped, newlines and tabs kept. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_KEEP_LINES, escape)
}
