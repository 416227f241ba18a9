/**
 * A literal block scalar (`key: |` or `key: |-`, the way certificates and config files sit in a
 * Secret), read into the node the `yaml` library composes for it. Only the plain case: content
 * indented more than its key, its first line right after the header, no tabs, `\r` or lines of
 * spaces, and a line break after its last line; anything else is undefined (the library reads it).
 */
import type { Scalar } from 'yaml'
import { scalarNode } from './light-nodes.js'

/** The scalar and where the line after its last content line starts. */
export interface BlockLiteral {
  node: Scalar
  end: number
}

/** True when `|` or `|-` stands at `at`, then only spaces to `newline`. */
export function blockLiteralHeader(text: string, at: number, newline: number): boolean {
  if (text.charCodeAt(at) !== 124) return false
  let i = text.charCodeAt(at + 1) === 45 ? at + 2 : at + 1
  while (i < newline && text.charCodeAt(i) === 32) i++
  return i === newline
}

/**
 * The block whose header is at `header` (its line ends at `newline`), content starting on the next
 * line, deeper than `parentIndent`; undefined when it is not the plain case.
 */
export function readBlockLiteral(
  text: string,
  header: number,
  newline: number,
  parentIndent: number,
): BlockLiteral | undefined {
  const strip = text.charCodeAt(header + 1) === 45
  let at = newline + 1
  let contentIndent = -1
  const lines: string[] = []
  let kept = 0 // lines up to the last one with content
  let end = at
  while (at < text.length) {
    let lineEnd = text.indexOf('\n', at)
    if (lineEnd < 0) lineEnd = text.length
    let indent = 0
    while (text.charCodeAt(at + indent) === 32) indent++
    if (at === lineEnd) {
      if (contentIndent < 0) return undefined // an empty first line: indentation is the library's to find
      lines.push('')
    } else {
      if (at + indent === lineEnd) return undefined // a line of spaces
      if (contentIndent < 0) {
        if (indent <= parentIndent) return undefined // empty block
        contentIndent = indent
      }
      if (indent < contentIndent) break
      const line = text.slice(at + contentIndent, lineEnd)
      if (line.includes('\t') || line.includes('\r')) return undefined
      if (lineEnd === text.length) return undefined // no line break after the last line
      lines.push(line)
      kept = lines.length
      end = lineEnd + 1
    }
    at = lineEnd + 1
  }
  if (kept === 0) return undefined
  const value = lines.slice(0, kept).join('\n') + (strip ? '' : '\n')
  return { node: scalarNode(value, header, end, end, 'BLOCK_LITERAL', value), end }
}
