/**
 * The text of a YAML reader's error for a person: its first line, and a stack overflow (the reader
 * recurses once per nesting level) said as what it is, not as the engine's words.
 */
export function yamlErrorText(error: { message: string }): string {
  if (/Maximum call stack size exceeded/.test(error.message))
    return 'nested too deeply to read (thousands of levels)'
  return error.message.split('\n')[0] ?? 'YAML syntax error'
}
