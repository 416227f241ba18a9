/**
 * Three-way merge of decrypted YAML/JSON trees for the merge driver. Maps merge key by key;
 * scalars and lists are atomic. The result starts from "ours" so its comments and key order survive.
 * Pure: texts in, text or conflict paths out — never a value in the conflict report.
 */
import type { Document } from 'yaml'
import { YAML_OUTPUT } from '../core/manifest.js'
import { parseAllDocumentsBounded } from '../core/yaml-depth.js'
import { tooManyYamlDocuments } from '../core/yaml-documents.js'
import { costlyYaml } from '../core/yaml-tokens.js'
import { firstDuplicateKey } from '../core/yaml-unique.js'

/** The merged text, or the paths (`data.password`) both sides changed differently. */
export type MergeResult = { merged: string } | { conflicts: string[] }

type Path = (string | number)[]

/** Three-way merge of plaintext YAML (multi-document) or JSON texts. */
export function mergeTrees(base: string, ours: string, theirs: string): MergeResult {
  if (theirs === base || ours === theirs) return { merged: ours }
  if (ours === base) return { merged: theirs }
  const json = /^\s*[{[]/.test(ours)
  const parse = (text: string): Document.Parsed[] | undefined => {
    if (tooManyYamlDocuments(text) || costlyYaml(text) !== undefined) return undefined
    // uniqueKeys off and our linear check: the library's is quadratic, and merge input is anyone's.
    const list = parseAllDocumentsBounded(text, { uniqueKeys: false })
    return list === undefined ||
      list.some((doc) => doc.errors.length > 0 || firstDuplicateKey(doc) !== undefined)
      ? undefined
      : list
  }
  const [b, o, t] = [parse(base), parse(ours), parse(theirs)]
  if (!b || !o || !t || b.length !== o.length || o.length !== t.length) return { conflicts: ['(whole file)'] }
  const conflicts: string[] = []
  o.forEach((doc, i) => {
    const merged = mergeValues(
      b[i]?.toJS() as unknown,
      doc.toJS() as unknown,
      t[i]?.toJS() as unknown,
      [],
      conflicts,
    )
    if (conflicts.length === 0) applyDiff(doc, [], doc.toJS() as unknown, merged)
  })
  if (conflicts.length > 0) return { conflicts }
  if (json) return { merged: o.map((doc) => `${JSON.stringify(doc.toJS(), null, 2)}\n`).join('') }
  return { merged: o.map((doc) => doc.toString(YAML_OUTPUT)).join('') }
}

const ABSENT = Symbol('absent')

function mergeValues(
  base: unknown,
  ours: unknown,
  theirs: unknown,
  path: Path,
  conflicts: string[],
): unknown {
  if (deepEqual(ours, theirs)) return ours
  if (deepEqual(base, ours)) return theirs
  if (deepEqual(base, theirs)) return ours
  if (isPlainObject(ours) && isPlainObject(theirs)) {
    const baseObject = isPlainObject(base) ? base : {}
    const merged: Record<string, unknown> = {}
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)])
    for (const key of keys) {
      const pick = (object: Record<string, unknown>): unknown =>
        Object.hasOwn(object, key) ? object[key] : ABSENT
      const value = mergeValues(pick(baseObject), pick(ours), pick(theirs), [...path, key], conflicts)
      if (value !== ABSENT) merged[key] = value
    }
    return merged
  }
  conflicts.push(path.length === 0 ? '(document)' : path.join('.'))
  return ours
}

/** Change `doc` (holding `current`) into `target` with the fewest edits, so untouched nodes keep comments. */
function applyDiff(doc: Document.Parsed, path: Path, current: unknown, target: unknown): void {
  if (deepEqual(current, target)) return
  if (isPlainObject(current) && isPlainObject(target)) {
    for (const key of Object.keys(current)) if (!Object.hasOwn(target, key)) doc.deleteIn([...path, key])
    for (const [key, value] of Object.entries(target)) {
      if (Object.hasOwn(current, key)) applyDiff(doc, [...path, key], current[key], value)
      else doc.setIn([...path, key], value)
    }
    return
  }
  if (path.length === 0) (doc as Document).contents = doc.createNode(target)
  else doc.setIn(path, target)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  )
}
