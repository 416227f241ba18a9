/**
 * Building and printing YAML nodes the way go-yaml (sops' YAML library) would type and quote
 * them: used to write decrypted values, new values (`set`) and the `sops` block.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import type { Node as YamlNode, ToStringOptions } from 'yaml'
import { formatGoFloat } from '../go-format.js'
import { goStringStyle } from '../go-yaml-style.js'
import type { GoStringStyle } from '../go-yaml-style.js'
import { Comment, Mapping, SopsBytes, SopsTime, leafText } from '../tree.js'
import type { Leaf, Plain, Value } from '../tree.js'

const SCALAR_TYPE: Record<GoStringStyle, Scalar.Type> = {
  plain: 'PLAIN',
  single: 'QUOTE_SINGLE',
  double: 'QUOTE_DOUBLE',
  literal: 'BLOCK_LITERAL',
}

/** How go-yaml v3 would print a float64 (`FormatFloat(f, 'g', -1, 64)`, `.inf`, `.nan`). */
export function formatYamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (f === Infinity) return '.inf'
  if (f === -Infinity) return '-.inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const [mantissa = '', exponent = '0'] = f.toExponential().split('e')
  const exp = Number(exponent)
  if (exp < -4 || exp >= 21) {
    const sign = exp < 0 ? '-' : '+'
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return formatGoFloat(f)
}

/** Write a leaf into a scalar node with the quoting go-yaml would need to read it back. */
export function setScalar(node: Scalar, leaf: Leaf | Comment): void {
  delete node.tag
  const value = leaf instanceof SopsBytes ? leafText(leaf) : leaf
  if (typeof value === 'string') {
    node.value = value
    // Every style set explicitly: left to choose, the yaml package may pick a block with a wrong
    // indentation indicator (` a\nb` read back as `   a\n  b`).
    node.type = SCALAR_TYPE[goStringStyle(value)]
    return
  }
  node.type = 'PLAIN'
  if (typeof value === 'number') node.value = formatYamlFloat(value)
  else if (value instanceof SopsTime || value instanceof Comment) node.value = value.text
  else node.value = String(value)
}

/** Indentation of the file (2 for most Kubernetes YAML; sops writes 4) and list style. */
export function detectStyle(text: string): { indent: number; indentSeq: boolean } {
  const lines = text.split('\n')
  let indent: number | undefined
  let indentSeq: boolean | undefined
  for (let i = 0; i + 1 < lines.length && (indent === undefined || indentSeq === undefined); i++) {
    const line = lines[i] ?? ''
    if (!/^\s*[^#\s-][^#]*:\s*$/.test(line) && !/^\s*- [^#]*:\s*$/.test(line)) continue
    const base = line.search(/\S/)
    const keyStart = line.trimStart().startsWith('- ') ? base + 2 : base
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    if (next === undefined) continue
    const nextIndent = next.search(/\S/)
    if (next.trimStart().startsWith('- ')) {
      indentSeq ??= nextIndent > keyStart
      if (nextIndent > keyStart) indent ??= nextIndent - keyStart
    } else if (nextIndent > keyStart) {
      indent ??= nextIndent - keyStart
    }
  }
  return { indent: indent ?? 4, indentSeq: indentSeq ?? true }
}

/** `toString` options for a detected style: no folding, compact flow collections. */
export function toStringOptions(style: { indent: number; indentSeq: boolean }): ToStringOptions {
  return { ...style, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false }
}

/** A YAML node for plain data, in sops' style (block, `enc` as a literal block). */
export function plainNode(value: Plain): YamlNode {
  if (Array.isArray(value)) {
    const seq = new YAMLSeq()
    for (const item of value) seq.items.push(plainNode(item))
    return seq
  }
  if (value !== null && typeof value === 'object') {
    const map = new YAMLMap()
    for (const [k, v] of Object.entries(value)) map.items.push(new Pair(new Scalar(k), plainNode(v)))
    return map
  }
  const scalar = new Scalar<unknown>(null)
  if (value === null) {
    scalar.value = 'null'
    scalar.type = 'PLAIN'
  } else if (typeof value === 'string') setScalar(scalar, value)
  else setScalar(scalar, value)
  return scalar
}

/** A YAML node for a tree value (comments become comments on the next key). */
export function valueNode(value: Value): YamlNode {
  if (value instanceof Mapping) {
    const map = new YAMLMap()
    let pending: string[] = []
    for (const item of value.items) {
      if (item.key instanceof Comment) {
        pending.push(item.key.text)
        continue
      }
      const key = new Scalar(item.key)
      setScalar(key, item.key)
      if (pending.length > 0) key.commentBefore = pending.join('\n')
      pending = []
      map.items.push(new Pair(key, valueNode(item.value)))
    }
    if (pending.length > 0) map.comment = pending.join('\n')
    return map
  }
  if (Array.isArray(value)) {
    const seq = new YAMLSeq()
    for (const item of value) if (!(item instanceof Comment)) seq.items.push(valueNode(item))
    return seq
  }
  if (value instanceof Comment) return plainNode(value.text)
  const scalar = new Scalar<unknown>(null)
  if (value === null) {
    scalar.value = 'null'
    scalar.type = 'PLAIN'
  } else setScalar(scalar, value)
  return scalar
}
