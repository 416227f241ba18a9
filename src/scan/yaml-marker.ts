/**
 * Where a `gitseal:allow` marker in a YAML file is part of a value rather than a comment, which a
 * line alone cannot tell (red team 22 B1):
 * - inside a quoted scalar that runs over several lines: a continuation line (`  # gitseal:allow"`)
 *   starts inside the quotes, where YAML has no comments;
 * - inside a block scalar (`key: |`) whose value is the secret itself (`token: |` then the token and
 *   the marker): the line is the value. A block holding a script or a file (`run: |`, then
 *   `export TOKEN=… # gitseal:allow`) keeps its comments, as that file's own.
 * Read on the yaml library's syntax tree (its lexer knows quotes, comments and block scalars), only
 * for a file where a marker would silence a finding.
 */
import type { CST } from 'yaml'
import { doubleQuotedOverflowAt, tooManyYamlTokens } from '../core/yaml-tokens.js'
import { parseCstBounded } from '../core/yaml-depth.js'
import { firstSpanEndingAfter } from './spans.js'

/** A YAML file by its name, template suffixes included (`values.yaml.gotmpl`, `app.yml.j2`). */
export const YAML_NAME = /\.ya?ml(?:\.[A-Za-z0-9]{1,8})?$/i

/** Whether a marker at an offset silences a finding whose secret starts at another (see the file comment). */
export type MarkerInValue = (marker: number, secretStart: number) => boolean

interface ValueSpans {
  /** Quoted scalars, from after the opening quote to the closing one. */
  quoted: [number, number][]
  /** Block scalars' content, from the first content line to the end. */
  blocks: [number, number][]
}

/** Collect the quoted scalars and block scalars of the parser's tokens, with a stack of its own. */
function valueSpans(roots: readonly CST.Token[], text: string): ValueSpans {
  const out: ValueSpans = { quoted: [], blocks: [] }
  const stack: CST.Token[] = [...roots]
  for (let token = stack.pop(); token !== undefined; token = stack.pop()) {
    if (token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') {
      out.quoted.push([token.offset + 1, token.offset + Math.max(1, token.source.length - 1)])
    } else if (token.type === 'block-scalar') {
      // The header line (`key: | # a comment`) is no part of the value.
      const content = text.indexOf('\n', token.offset) + 1
      if (content > 0) out.blocks.push([content, content + token.source.length])
    }
    if (token.type === 'document' && token.value !== undefined) stack.push(token.value)
    if ('items' in token) {
      for (const item of token.items) {
        if (item.key) stack.push(item.key)
        if (item.value) stack.push(item.value)
      }
    }
  }
  out.quoted.sort((a, b) => a[0] - b[0])
  out.blocks.sort((a, b) => a[0] - b[0])
  return out
}

/** The span of sorted disjoint `spans` holding `offset`, if any. */
function spanAt(spans: readonly [number, number][], offset: number): [number, number] | undefined {
  const span = spans[firstSpanEndingAfter(spans, offset)]
  return span !== undefined && span[0] <= offset ? span : undefined
}

/**
 * The test for markers of YAML `text`. A text too large or too deep to read gives markers no say
 * (fail closed: a marker that cannot be placed silences nothing).
 */
export function yamlMarkerInValue(text: string): MarkerInValue {
  if (tooManyYamlTokens(text) || doubleQuotedOverflowAt(text) >= 0) return () => true
  let tokens: CST.Token[] | undefined
  try {
    tokens = parseCstBounded(text)
  } catch {
    tokens = undefined
  }
  if (tokens === undefined) return () => true
  const { quoted, blocks } = valueSpans(tokens, text)
  // Where each block's value begins (its first character past blanks), found once per block.
  const begins = new Map<number, number>()
  const valueBegins = (block: [number, number]): number => {
    let at = begins.get(block[0])
    if (at === undefined) {
      at = block[0]
      while (at < block[1] && /[ \t\r\n]/.test(text.charAt(at))) at++
      begins.set(block[0], at)
    }
    return at
  }
  return (marker, secretStart) => {
    if (spanAt(quoted, marker) !== undefined) return true
    const block = spanAt(blocks, marker)
    return block !== undefined && valueBegins(block) === secretStart
  }
}
