/**
 * Plaintext written into the file's own text: each decrypted value replaces its ciphertext where
 * it stands and the `sops` entry is cut out, so every other byte — indentation, quoting, comments
 * — is the file's. For a file sops wrote that is exactly what `sops -d` prints (go-yaml's layout,
 * which the `yaml` package cannot reproduce for mappings inside list items). Returns undefined
 * whenever that cannot be done safely; the caller then re-serialises the document instead.
 */
import { Document, Scalar } from 'yaml'
import { isDeepStrictEqual } from 'node:util'
import { Comment } from '../tree.js'
import type { Leaf } from '../tree.js'
import { sameLeaf } from './yaml-tree.js'
import { parseAllDocumentsBounded } from '../../core/yaml-depth.js'
import type { Slot } from './yaml-tree.js'
import { setScalar } from './yaml-nodes.js'

interface Edit {
  from: number
  to: number
  text: string
}

/** A value as it would be written on one line, or undefined when it needs a block. */
function oneLine(value: Leaf): string | undefined {
  const scalar = new Scalar<unknown>(null)
  setScalar(scalar, value)
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return undefined
  const doc = new Document(null)
  doc.contents = scalar
  const text = doc.toString({ lineWidth: 0, minContentWidth: 0 }).replace(/\n$/, '')
  return text.includes('\n') ? undefined : text
}

function count(text: string, part: string): number {
  let n = 0
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + part.length)) n++
  return n
}

/**
 * `text` with `values` written over the slots they replace and `cut` ranges (the `sops` entries)
 * removed; undefined when a value needs a block, a comment is not found exactly once, ranges
 * overlap, or the result does not read back as `expected` (the re-serialised plaintext).
 */
export function spliceValues(
  text: string,
  slots: readonly Slot[],
  values: readonly (Leaf | Comment)[],
  cut: readonly [number, number][],
  expected: string,
): string | undefined {
  const edits: Edit[] = cut.map(([from, to]) => ({ from, to, text: '' }))
  for (const [i, slot] of slots.entries()) {
    const value = values[i]
    if (value === undefined) return undefined
    if (sameLeaf(value, slot.original)) continue
    if (value instanceof Comment || slot.original instanceof Comment) {
      if (!(value instanceof Comment) || !(slot.original instanceof Comment)) return undefined
      const before = `#${slot.original.text}`
      if (value.text.includes('\n') || count(text, before) !== 1) return undefined
      const from = text.indexOf(before)
      edits.push({ from, to: from + before.length, text: `#${value.text}` })
      continue
    }
    const range = slot.node?.range
    // Only a plain one-line scalar in the source (as sops writes ciphertext) is replaced in place.
    if (!range || /^['"|>]/.test(text.slice(range[0], range[0] + 1))) return undefined
    if (text.slice(range[0], range[1]).includes('\n')) return undefined
    const written = oneLine(value)
    if (written === undefined) return undefined
    edits.push({ from: range[0], to: range[1], text: written })
  }
  edits.sort((a, b) => a.from - b.from)
  let out = ''
  let at = 0
  for (const edit of edits) {
    if (edit.from < at) return undefined
    out += text.slice(at, edit.from) + edit.text
    at = edit.to
  }
  out += text.slice(at)
  const read = (t: string): unknown[] => {
    const docs = parseAllDocumentsBounded(t, { uniqueKeys: false })
    if (docs === undefined) return [Symbol('too deep')]
    return docs.map((d) => {
      if (d.errors.length > 0) return Symbol('error')
      const value: unknown = d.toJS({ maxAliasCount: 100 })
      return value
    })
  }
  const mine = read(out)
  return mine.every((d) => typeof d !== 'symbol') && isDeepStrictEqual(mine, read(expected)) ? out : undefined
}
