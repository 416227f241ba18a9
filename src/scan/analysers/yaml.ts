/**
 * The YAML (and JSON, which YAML reads too) view analysers share: documents parsed once per file,
 * plus small helpers to walk maps by key and to find where a scalar's text sits in the source.
 */
import { Composer, isMap, isScalar, isSeq } from 'yaml'
import type { Document, Node, Pair, Scalar, ScalarTag, Tags } from 'yaml'
import { withoutStackTraces } from '../../core/stackless.js'
import { MAX_YAML_NESTING, parseCstBounded } from '../../core/yaml-depth.js'
import { isMergeKey, mergedPairs, pairsOf, resolveAlias, resolveAliases } from './aliases.js'
import { FLAT, NOT_FLAT, flatNode, flatNodes } from './flat-map.js'
import type { MaybeFlat } from './flat-map.js'
import { parseSimpleDocument } from './simple-yaml.js'
import { parseSopsDocument } from './sops-yaml.js'
import { blockOpenInFlow, everyDocumentBreaks } from './template-breaks.js'
import { blankTemplateActions, markTemplateValues } from './template-blanks.js'
import type { BlankedTemplate } from './template-blanks.js'

/** Analysers stop descending past this depth (a deep document is not a manifest, and recursion must end). */
export const MAX_DEPTH = 64

// A line holding only a Jinja/Liquid statement (`{% raw %}` around a docs snippet): not YAML.
const TEMPLATE_TAG_LINE = /^[ \t]*\{%[^\n]{0,200}?%\}[ \t]*$/gm

/** `text` with template-statement lines blanked, keeping every offset. */
function withoutTemplateTagLines(text: string): string {
  if (!text.includes('{%')) return text
  return text.replace(TEMPLATE_TAG_LINE, (line) => ' '.repeat(line.length))
}

/**
 * Helm templates (`{{ }}`) are not manifests yet; anything else naming a kind would be applied by
 * kubectl after templating fails nowhere, so it must not pass unread (nor one with an alias to no
 * anchor: what it names is unknown, and Kubernetes refuses it).
 */
function unreadManifest(doc: Document.Parsed, text: string, problems: string[] | undefined): void {
  const [from, , to] = doc.range
  const source = text.slice(from, to)
  if (problems !== undefined && /\bkind\b/.test(source) && !source.includes('{{')) {
    problems.push('a YAML/JSON document that looks like a Kubernetes manifest does not parse')
  }
}

/** True when the analysers may read `doc` (parsed without errors; aliases resolved); problems noted. */
function readable(doc: Document.Parsed, text: string, problems: string[] | undefined): boolean {
  if (doc.errors.length > 0) {
    unreadManifest(doc, text, problems)
    return false
  }
  // An alias needs a `*` in the text: without one, the walk has nothing to resolve.
  const aliases = text.includes('*') ? resolveAliases(doc) : undefined
  if (aliases === 'too-far') {
    // Fail closed and stay linear: a "billion laughs" document is not walked.
    problems?.push('YAML aliases expand too far (or into themselves) to be read')
    return false
  }
  if (aliases === 'unknown') unreadManifest(doc, text, problems)
  return true
}

// go-yaml, which Kubernetes reads manifests with, decodes a `!!binary` scalar's base64 into its
// value (`stringData: {k: !!binary <base64>}` holds the decoded text); the library's own tag makes
// it bytes, which no analyser reads as a string. A `%YAML 1.1` directive switches to the library's
// YAML 1.1 schema, which has its own `!!binary` tag ahead of any custom one: replace it there too.
const BINARY_AS_TEXT: ScalarTag = {
  tag: 'tag:yaml.org,2002:binary',
  identify: () => false,
  resolve: (source) => Buffer.from(source, 'base64').toString('utf8'),
}

/** The schema's tags with its `!!binary` (YAML 1.1 only) replaced by {@link BINARY_AS_TEXT}. */
const withBinaryAsText = (tags: Tags): Tags => [
  ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== BINARY_AS_TEXT.tag),
  BINARY_AS_TEXT,
]

/**
 * The documents the `yaml` library parses from `text` (none when it fails); with `stopAtBreak`,
 * `'breaks'` as soon as the parse shows that a document will have errors (see {@link blockOpenInFlow}).
 */
function parseWithLibrary(text: string, problems: string[] | undefined): Document.Parsed[]
function parseWithLibrary(
  text: string,
  problems: string[] | undefined,
  stopAtBreak: boolean,
): Document.Parsed[] | 'breaks'
function parseWithLibrary(
  text: string,
  problems: string[] | undefined,
  stopAtBreak = false,
): Document.Parsed[] | 'breaks' {
  try {
    return withoutStackTraces(() => {
      // parseAllDocuments' two steps, so a Helm template that cannot compose is dropped before composing.
      const tokens = stopAtBreak ? parseCstBounded(text, undefined, blockOpenInFlow) : parseCstBounded(text)
      if (tokens === 'stopped') return 'breaks'
      if (tokens === undefined) {
        problems?.push(`YAML nested deeper than ${MAX_YAML_NESTING} levels was not parsed`)
        return []
      }
      if (everyDocumentBreaks(tokens, text)) return []
      const options = {
        uniqueKeys: false,
        strict: false,
        prettyErrors: false,
        stringKeys: false,
        customTags: withBinaryAsText,
      }
      return [...new Composer(options).compose(tokens)] as Document.Parsed[]
    })
  } catch {
    problems?.push('the YAML parser failed')
    return []
  }
}

/**
 * Parse every document; documents with errors are dropped. Never throws (deep input → no
 * documents). When `problems` is given, what kept part of the text from being parsed is added
 * to it (nesting too deep, a document that looks like a Kubernetes manifest but does not parse),
 * so the engine can report the file as not fully scanned instead of passing it.
 */
export function parseYamlDocuments(source: string, problems?: string[]): Document.Parsed[] {
  const text = withoutTemplateTagLines(source)
  // Big Secrets are mostly `key: value` lines, and sops writes such a document plus its metadata;
  // minified JSON is one flow collection: read those without the library (the same nodes the
  // analysers read, 10× faster).
  // A big document's root mapping kept as offsets until read (flat-map.ts): a crafted one holds
  // keys by the ten thousand, a manifest's a few (a small root costs less as nodes). Not with an
  // alias in the text: resolving aliases walks every node.
  const flat = text.length >= FLAT_ROOT && !text.includes('*')
  const simple = parseSopsDocument(text) ?? parseSimpleDocument(text, false, flat)
  if (simple !== undefined) return readable(simple, text, problems) ? [simple] : []
  const template = text.includes('{{')
  // A template's parse stops where it shows a document with errors (`{{- if …` on the first line
  // of most chart templates): the blanked text is what is read then. Not with an explicit key (`? `)
  // in the text, under which a value may be left uncomposed, errors and all.
  const docs = parseWithLibrary(text, problems, template && !EXPLICIT_KEY.test(text))
  if (template && (docs === 'breaks' || docs.length === 0 || docs.some((doc) => doc.errors.length > 0))) {
    const blanked = blankTemplateActions(text)
    if (blanked !== undefined) return readTemplate(blanked, text, problems)
  }
  // An action left open: the text as it is, read whole after all.
  const read = docs === 'breaks' ? parseWithLibrary(text, problems) : docs
  return read.filter((doc) => readable(doc, text, problems))
}

/** A document this long (or longer) has its root mapping kept as offsets. */
const FLAT_ROOT = 16 * 1024

// An explicit key's indicator (or text that merely looks like one: that only costs a whole parse).
const EXPLICIT_KEY = /\?(?:[ \t\r\n]|$)/

/**
 * A Helm template's documents parsed with its actions blanked: the readable ones, their templated
 * values marked. The original text judges what is left unread: a template that still does not
 * parse is no note.
 */
function readTemplate(
  blanked: BlankedTemplate,
  text: string,
  problems: string[] | undefined,
): Document.Parsed[] {
  // Most templates are block mappings of one-line entries once blanked: read without the library.
  const simple = parseSimpleDocument(blanked.text, true)
  const docs = simple === undefined ? parseWithLibrary(blanked.text, problems) : [simple]
  const out = docs.filter((doc) => doc.errors.length === 0 && readable(doc, text, problems))
  for (const doc of out) markTemplateValues(doc, blanked.actions)
  return out
}

// Every accessor below reads a map or sequence as Kubernetes does: aliases resolved to the node
// they name, merge keys (`<<: *base`) expanded. A value reached through an alias keeps the anchored
// node's range, so a finding points at the text that holds the secret.

/** True when a pair's key (resolved) is the scalar `key`. */
function keyIs(pair: Pair, key: string): boolean {
  const name = resolveAlias(pair.key)
  return isScalar(name) && String(name.value) === key
}

/**
 * The value node under `key` in a map, as Kubernetes reads it: of duplicate own keys the last
 * (go-yaml and encoding/json keep it), else the first merged one (own keys before merged ones).
 */
export function getNode(map: unknown, key: string): Node | undefined {
  const own = resolveAlias(map)
  if (!isMap(own)) return undefined
  // A map still kept as offsets answers from them (no pair built).
  if ((own as MaybeFlat)?.[FLAT] === true) {
    const flat = flatNode(own, key)
    if (flat !== NOT_FLAT) return flat as Node | undefined
  }
  let last: Pair | undefined
  let merges = false
  // By index: a for-of over a big map, in code the JIT had not optimised, made an iterator result per pair.
  const pairs = own.items
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as Pair
    if (keyIs(pair, key)) last = pair
    else merges ||= isMergeKey(pair.key)
  }
  if (last !== undefined) return (resolveAlias(last.value) ?? undefined) as Node | undefined
  if (!merges) return undefined
  for (const pair of mergedPairs(own))
    if (keyIs(pair, key)) return (resolveAlias(pair.value) ?? undefined) as Node | undefined
  return undefined
}

/**
 * Every value node under `key` in a map: each own one (a duplicate key Kubernetes overrides still
 * holds its text in the file), else the one {@link getNode} reads.
 */
export function getNodes(map: unknown, key: string): Node[] {
  const own = resolveAlias(map)
  if (!isMap(own)) return []
  const flat = (own as MaybeFlat)?.[FLAT] === true ? flatNodes(own, key) : undefined
  if (flat !== undefined) return flat as Node[]
  const nodes: Node[] = []
  const pairs = own.items
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as Pair
    const value = keyIs(pair, key) ? resolveAlias(pair.value) : undefined
    if (value !== undefined && value !== null) nodes.push(value as Node)
  }
  const merged = nodes.length === 0 ? getNode(own, key) : undefined
  return merged === undefined ? nodes : [merged]
}

/** The string value of a scalar under `key`, if any. */
export function getString(map: unknown, key: string): string | undefined {
  const node = getNode(map, key)
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined
}

/**
 * Pairs of a map whose key is a scalar, with the key as a string and the value resolved; with
 * `wanted`, only those whose key it accepts (a pass over a big Secret for a few keys builds
 * nothing for the others).
 */
export function* entries(
  map: unknown,
  wanted?: (key: string) => boolean,
): Generator<{ key: string; pair: Pair; value: unknown }> {
  const pairs = pairsOf(map)
  // By index: a for-of in a generator made an iterator result per pair.
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as Pair
    const name = resolveAlias(pair.key)
    if (!isScalar(name)) continue
    const key = String(name.value)
    if (wanted === undefined || wanted(key)) yield { key, pair, value: resolveAlias(pair.value) }
  }
}

/** Items of a sequence, resolved (empty for anything else). */
export function items(seq: unknown): unknown[] {
  const node = resolveAlias(seq)
  return isSeq(node) ? node.items.map(resolveAlias) : []
}

/** Where the text of a scalar starts and ends in the source (inside quotes; first content line of a block). */
export function scalarSpan(text: string, node: Scalar): { start: number; end: number } | undefined {
  const range = node.range
  if (!range) return undefined
  let start = range[0]
  let end = range[1]
  const first = text.charAt(start)
  if (first === '"' || first === "'") {
    start++
    if (end > start && text.charAt(end - 1) === first) end--
  } else if (first === '|' || first === '>') {
    const newline = text.indexOf('\n', start)
    if (newline < 0 || newline >= end) return { start, end }
    start = newline + 1
    while (start < end && (text.charAt(start) === ' ' || text.charAt(start) === '\t')) start++
    const lineEnd = text.indexOf('\n', start)
    end = lineEnd < 0 || lineEnd > end ? end : lineEnd
  }
  return { start, end: Math.max(start, end) }
}

/** The source range `[start, end)` of a whole node, if known. */
export function nodeSpan(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] | null } | null)?.range
  return range ? [range[0], range[2]] : undefined
}

export { isMap, isScalar, isSeq }
export type { Document, Node, Pair, Scalar }
