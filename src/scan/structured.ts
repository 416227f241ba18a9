/**
 * Which parsed YAML/JSON documents of a file the analysers get. Parsing costs far more than the
 * text rules, so a file is parsed only when it can hold what the analysers judge, and in a
 * multi-document file only the documents that can (each judged as if it were a file of its own).
 */
import { parseYamlDocuments } from './analysers/index.js'
import { eachWantedDocument, everyDocument } from './analysers/documents.js'
import type { Document } from './analysers/yaml.js'
import { sopsKeyOpensLine, splitDocuments } from '../core/document-text.js'
import { kindColonAt, kindKeyNeedsParse } from './odd-kind-keys.js'
import { ruleForPath } from './sops-policy.js'
import type { SopsPolicy } from './sops-policy.js'

/**
 * A YAML/JSON document is parsed for the analysers up to this size: a file of one document, or each
 * document of a multi-document stream the analysers want (bigger ones get the text rules only).
 */
export const MAX_PARSE = 2 * 1024 * 1024

/** Paths of files the analysers may parse. */
export const STRUCTURED =
  /\.(?:ya?ml|json)$|(?:^|\/)(?:kubeconfig|config|\.dockercfg|\.dockerconfigjson)$|\.kubeconfig$/i

/**
 * What the analysers look for; a file without any of it is not parsed: Secrets, Lists, kustomize
 * generators, kubeconfig users, docker auths, SOPS metadata, SealedSecrets (an `encryptedData`
 * value may be no ciphertext at all).
 */
export const ANALYSER_TRIGGER =
  /(?:^|[{,])[ \t-]*["']?kind["']?[ \t]*:[ \t]*["']?(?:Secret|SealedSecret|\w*List|Config)\b|secretGenerator|^["']?users["']?[ \t]*:|"auths"|^[ \t]*["']?sops["']?[ \t]*:/m

const KIND_VALUE = /kind["']?[ \t]*:[ \t]*["']?(?:Secret|SealedSecret|\w*List|Config)\b/y
const USERS_KEY = /users["']?[ \t]*:/y
const SOPS_KEY = /sops["']?[ \t]*:/y

/**
 * True for a character that ends a line for some YAML parser: go-yaml, which Kubernetes reads
 * manifests with, breaks lines at NEL, LS and PS too (YAML 1.1), so `kind: Secret` after a NEL
 * (U+0085) opens a line for it.
 */
function lineBreak(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029' || c === '\u0085'
}

/** True when only characters of `allowed` stand between `at` and the start of its line (or a `{`/`,` when `flow`). */
function startsLine(text: string, at: number, allowed: RegExp, flow: boolean): boolean {
  let i = at - 1
  while (i >= 0 && allowed.test(text.charAt(i))) i--
  if (i < 0) return true
  const c = text.charAt(i)
  return lineBreak(c) || (flow && (c === '{' || c === ','))
}

/** True when `sticky` matches at an occurrence of `word` that starts a line as `allowed` says. */
function keyAtLineStart(text: string, word: string, sticky: RegExp, allowed: RegExp, flow: boolean): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    sticky.lastIndex = at
    if (sticky.test(text) && startsLine(text, at, allowed, flow)) return true
  }
  return false
}

// What may follow `kind:` when the value is not written as a plain word on the same line: a tag
// (`!!str Secret`), an anchor or alias, a value on the next line (`kind:\n  Secret`), a comment.
const KIND_UNUSUAL_VALUE = /kind["']?[ \t]*:[ \t]*(?:[!&*\r\n#]|$)/y
// A quoted value with an escape (`"Secr\x65t"`, JSON `"\u0053ecret"`), decoded only by a parser.
const KIND_ESCAPED_VALUE = /kind["']?[ \t]*:[ \t]*"[^"\n]{0,40}\\/y

// The next line holding something: a mapping key (`  description: …`) or a list item.
const COLLECTION_LINE = /(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:-[ \t]|[^\s#'"!&*-][^\n]*?:(?:[ \t]|\r?$))/my
// How far the look at the next lines goes: bounded, so many `kind:` keys stay linear.
const LOOKAHEAD = 256

/** The last answer of {@link holdsCollection}: the line it looked from, and what it found. */
interface Looked {
  start: number
  collection: boolean
}

/**
 * True when what follows `kind:` at `from` (a comment or a line break) is a mapping or a list on
 * the next lines: a schema's `kind` property (every CRD has them), not a Secret's kind. `looked`:
 * the answer for the line before (several `kind:` may end on one `\n`, `\r` breaking them).
 */
function holdsCollection(text: string, from: number, looked: Looked): boolean {
  if (from <= 0) return false
  const lineEnd = text.indexOf('\n', from - 1)
  if (lineEnd < 0) return false
  const start = lineEnd + 1
  if (looked.start === start) return looked.collection
  looked.start = start
  // Read in the text itself (a copy of the window per `kind:` was most of what 40,000 `kind:` lines
  // cost): a match ending inside the window is one the window has too. Otherwise the window decides
  // (its end is an end of input for `$`).
  COLLECTION_LINE.lastIndex = start
  looked.collection = COLLECTION_LINE.test(text) && COLLECTION_LINE.lastIndex <= start + LOOKAHEAD
  if (!looked.collection) {
    COLLECTION_LINE.lastIndex = 0
    looked.collection = COLLECTION_LINE.test(text.slice(start, start + LOOKAHEAD))
  }
  return looked.collection
}

// What may stand between a line's start (or a flow `{`/`,`) and a key: blanks, a `- `, a quote; `?`
// too before a `kind` key. Constants: a regex literal in a loop is a new object each time (~100 bytes
// per `kind:` line of a schema with thousands of them).
const BEFORE_KEY = /[ \t\-"']/
const BEFORE_KIND_KEY = /[ \t\-"'?]/

/**
 * True when some `kind` key is spelt so that its value can only be known by parsing: every YAML
 * spelling the API accepts must reach the analysers (fail closed), and parsing a few more files
 * costs only time.
 */
function kindNeedsParse(text: string): boolean {
  const looked: Looked = { start: -1, collection: false }
  for (let at = text.indexOf('kind'); at >= 0; at = text.indexOf('kind', at + 4)) {
    KIND_UNUSUAL_VALUE.lastIndex = at
    KIND_ESCAPED_VALUE.lastIndex = at
    const key = kindColonAt(text, at)
    const unusual = key && KIND_UNUSUAL_VALUE.test(text)
    if (unusual || (key && KIND_ESCAPED_VALUE.test(text))) {
      // The value after a line break or a comment may be a mapping: then it is no kind at all.
      const last = text.charCodeAt(KIND_UNUSUAL_VALUE.lastIndex - 1)
      const later = unusual && (last === 13 || last === 10 || last === 35)
      if (
        startsLine(text, at, BEFORE_KIND_KEY, true) &&
        !(later && holdsCollection(text, KIND_UNUSUAL_VALUE.lastIndex, looked))
      )
        return true
    }
    if (colonOnLaterLine(text, at)) return true
  }
  return false
}

/**
 * True when the quoted key `"kind"` at `at` has its colon on a later line (`"kind"\n:"Secret"`):
 * JSON allows any whitespace before a colon, and kubectl decodes a text opening with `{` as JSON.
 * The walk covers the blanks after one `kind` only: linear.
 */
function colonOnLaterLine(text: string, at: number): boolean {
  const quote = text.charCodeAt(at - 1)
  if ((quote !== 34 && quote !== 39) || text.charCodeAt(at + 4) !== quote) return false
  let i = at + 5
  let broken = false
  for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i))
    broken ||= c === 10 || c === 13
  return broken && text.charCodeAt(i) === 58
}

/**
 * True when the text holds an explicit key (`?` then a blank, opening a line or following `{`/`,`)
 * that can be the root's `kind`: it may be spelt so that no text test reads it — with an anchor or
 * a tag, as a block scalar, or across an escaped line break (`? "ki\\<newline>  nd"`), its value on
 * the next line. Only a `?` at the root's indent counts (or any, when that indent is unknown; a
 * deeper one when a merge key may lift it to the root): a `? 1 : 0` line of a CEL rule or a
 * script's ternary inside a block scalar asks for no parse of a 400 KB CRD (its indent counts the
 * blanks and `-` before it). Each `?` walks back over those, a run no other `?` shares: linear.
 */
function explicitKey(text: string): boolean {
  let root: number | undefined | null = null // looked for at the first `?` opening a line
  let deeper = false
  for (let at = text.indexOf('?'); at >= 0; at = text.indexOf('?', at + 1)) {
    const next = text.charAt(at + 1)
    if (next !== '' && next !== ' ' && next !== '\t' && !lineBreak(next)) continue
    let i = at - 1
    while (i >= 0 && (text.charAt(i) === ' ' || text.charAt(i) === '\t' || text.charAt(i) === '-')) i--
    const before = i < 0 ? '\n' : text.charAt(i)
    if (before === '{' || before === ',') return true // in a flow collection
    if (!lineBreak(before)) continue
    if (root === null) root = rootIndent(text)
    if (root === undefined || at - i - 1 <= root) return true
    deeper = true
  }
  return deeper && mergeKey(text)
}

// The first content line of a document, after blank lines, comments and a bare `---`: its indent
// and first character.
const FIRST_CONTENT = /^(?:[ \t]*(?:#[^\n]*)?\r?\n|---[ \t]*(?:#[^\n]*)?\r?\n)*( *)([^\s#])/y
// What may start another document (or change how this one reads) further on.
const OTHER_DOCUMENT = /\n(?:---|\.\.\.|%)/g

/**
 * The indent of a document's root block mapping: its first content line's. Undefined when that
 * cannot be told without a parse: a root in flow style or a sequence, a tag, anchor, alias or
 * explicit key first, a tab or byte order mark first, or a text holding another document, a
 * directive or an end marker.
 */
function rootIndent(doc: string): number | undefined {
  FIRST_CONTENT.lastIndex = 0
  const match = FIRST_CONTENT.exec(doc)
  if (match === null || '{[-?!&*|>%@`'.includes(match[2] as string)) return undefined
  OTHER_DOCUMENT.lastIndex = FIRST_CONTENT.lastIndex
  return OTHER_DOCUMENT.test(doc) ? undefined : (match[1] as string).length
}

/**
 * The indent of the line the key at `at` opens (its leading spaces; 0 after a flow `{` or `,`, or
 * a tab), or undefined when something other than blanks, `-` and quotes stands before it there.
 */
function keyIndent(text: string, at: number): number | undefined {
  let i = at - 1
  while (i >= 0 && BEFORE_KEY.test(text.charAt(i))) i--
  const c = i < 0 ? '\n' : text.charAt(i)
  if (c === '{' || c === ',') return 0
  if (!lineBreak(c)) return undefined
  let spaces = 0
  while (text.charCodeAt(i + 1 + spaces) === 32) spaces++
  return spaces
}

/**
 * True when a `kind: Secret` (or a List, or Config) can be a key of the document's root mapping,
 * the only `kind` the analysers judge: one nested deeper (an operator's ClusterServiceVersion lists
 * `- kind: Secret` among the resources it owns, in 100 KB of YAML parsed at ~3 MB/s) asks for no
 * parse. When the root's indent cannot be told, any `kind` opening a line counts, as before.
 */
function kindAtRoot(text: string): boolean {
  let root: number | undefined | null = null // looked for at the first indented kind
  let deeper = false
  for (let at = text.indexOf('kind'); at >= 0; at = text.indexOf('kind', at + 4)) {
    KIND_VALUE.lastIndex = at
    if (!kindColonAt(text, at) || !KIND_VALUE.test(text)) continue
    const indent = keyIndent(text, at)
    if (indent === undefined) continue
    if (indent > 0 && root === null) root = rootIndent(text)
    if (root === null || root === undefined || indent <= root) return true
    deeper = true
  }
  // A deeper kind reaches the root through a merge key (`base: &b` holding it, then `<<: *b`).
  return deeper && mergeKey(text)
}

const MERGE_KEY = /<<[ \t]*:/y

/** True when a merge key (`<<:`) stands anywhere in the text. */
function mergeKey(text: string): boolean {
  for (let at = text.indexOf('<<'); at >= 0; at = text.indexOf('<<', at + 1)) {
    MERGE_KEY.lastIndex = at
    if (MERGE_KEY.test(text)) return true
  }
  return false
}

/**
 * {@link ANALYSER_TRIGGER} found from its literals with `indexOf` instead of a regex tried at every
 * position (a few % of a worker's time on chart collections): true whenever the regex matches (it
 * may accept a little more, which only costs a parse). Each backward walk covers the blanks after
 * one occurrence, so the whole search stays linear. `found`: the keyword pass's words of the file
 * `text` is (a part of), lowercased: a word it lacks is not searched for (each search reads the
 * whole text, twice on a file of several documents: the file, then each document).
 */
export function holdsAnalyserTrigger(text: string, found?: ReadonlySet<string>): boolean {
  const kind = found?.has('kind') !== false
  // Every test is pure: their order changes only the time. An explicit key first: one `indexOf`
  // where there is none, and where there are thousands (`? kind` lines) the first at the root
  // answers before the four walks over every `kind` below (a third of such a file's analysis).
  return (
    (found?.has('secretgenerator') !== false && text.includes('secretGenerator')) ||
    (found?.has('"auths"') !== false && text.includes('"auths"')) ||
    explicitKey(text) ||
    (kind && (kindAtRoot(text) || kindNeedsParse(text) || nestedSecret(text))) ||
    kindKeyNeedsParse(text, kind) ||
    (found?.has('users') !== false && keyAtLineStart(text, 'users', USERS_KEY, /["']/, false)) ||
    (found?.has('sops') !== false && keyAtLineStart(text, 'sops', SOPS_KEY, /[ \t"']/, true))
  )
}

// `kind: Secret` exactly (not SecretStore), the rest of its line blank or a comment.
const SECRET_KIND = /kind["']?[ \t]*:[ \t]*(["']?)Secret\1[ \t]*(?:#[^\n]*)?\r?$/my
const DATA_KEY = /data["']?[ \t]*:/y
const STRING_DATA_KEY = /stringData["']?[ \t]*:/y

/**
 * True when a `kind: Secret` key stands at any depth and a `data:` or `stringData:` key opens a
 * line somewhere: a Secret nested in an object a tool applies as it stands (a HelmRelease's
 * `spec.values.extraObjects`, an OpenShift Template's `objects`). An operator's list of the kinds
 * it owns (`- kind: Secret`) has no data, and asks for no parse. Linear: one pass per word.
 */
function nestedSecret(text: string): boolean {
  let kind = false
  for (let at = text.indexOf('kind'); at >= 0 && !kind; at = text.indexOf('kind', at + 4)) {
    SECRET_KIND.lastIndex = at
    kind = kindColonAt(text, at) && SECRET_KIND.test(text)
  }
  return (
    kind &&
    (keyAtLineStart(text, 'data', DATA_KEY, BEFORE_KEY, true) ||
      keyAtLineStart(text, 'stringData', STRING_DATA_KEY, BEFORE_KEY, true))
  )
}

// Literals the trigger needs (lowercase: the keyword automaton folds case), so the trigger regex,
// which tries every line start, only runs on files that could match it.
const TRIGGER_WORDS = ['secretgenerator', 'users', '"auths"', 'sops']
const KIND_WORDS = ['secret', 'list', 'config']

/** Keywords the detector's automaton must also look for, for {@link documentsToAnalyse}. */
export const TRIGGER_KEYWORDS: readonly string[] = [...TRIGGER_WORDS, 'kind', ...KIND_WORDS]

function mayTrigger(found: ReadonlySet<string>, text: string): boolean {
  return (
    TRIGGER_WORDS.some((word) => found.has(word)) ||
    // `kind` alone: its value may be spelt without any of KIND_WORDS (`"Secr\x65t"`), and the key
    // itself with escapes (`"\u006bind"`) or as an alias (`*k`).
    found.has('kind') ||
    text.includes('\\') ||
    text.includes('*')
  )
}

// A manifest's first key: a root `apiVersion:`, `kind:` or another top-level field of a Secret
// (`metadata:` first is as valid), or a JSON object opening with one.
const MANIFEST_KEY =
  /(["']?)(?:apiVersion|kind|metadata|data|stringData|type)\1[ \t]*:|\{\s*"(?:apiVersion|kind|metadata|data|stringData|type)"\s*:/y

/**
 * True when the first content line of `text` (after blank lines, comments, directives and a `---`,
 * which may open the content on its own line) opens a manifest (see {@link MANIFEST_KEY}): a
 * Kubernetes manifest whatever the file's name. kustomize reads a resource under any name
 * (`secret.txt`), `kubectl apply -f` any file given by name (`k8s/secret`, `secret.yaml.bak`), and
 * `--stdin` has no name, so such a text's Secret values must be judged too. A walk over the lines,
 * not a regex: one that backtracks over a million comment lines overflows the stack.
 */
export function readsAsManifest(text: string): boolean {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0
  while (at < text.length) {
    if (text.startsWith('---', at) && /[ \t]/.test(text.charAt(at + 3))) at += 4
    while (text.charAt(at) === ' ' || text.charAt(at) === '\t') at++
    const c = text.charAt(at)
    if (c === '#' || c === '%' || text.startsWith('---', at) || c === '\r' || c === '\n') {
      const next = text.indexOf('\n', at)
      if (next < 0) return false
      at = next + 1
      continue
    }
    MANIFEST_KEY.lastIndex = at
    return MANIFEST_KEY.test(text)
  }
  return false
}

// What a document must spell for an analyser to find anything in it: a Secret's `data` or
// `stringData` (a List item's, a nested Secret's, a manifest's in a block scalar too), a
// SealedSecret (its quiet range; `encryptedData`), a kustomize `secretGenerator`, kubeconfig
// `users`, docker `auths`, SOPS metadata. A key spelt otherwise needs an escape (`\`), a tag
// (`!!binary` decodes base64) or an alias (`*`). Folded multi-line keys read with a blank inside.
// (`data` is looked for apart from every manifest's `metadata`.)
const ANALYSED_WORDS = ['Data', 'SealedSecret', 'secretGenerator', 'users', 'auths', 'sops']

/** True when `data` stands in `text` other than as the end of `metadata`. */
function dataWord(text: string): boolean {
  for (let at = text.indexOf('data'); at >= 0; at = text.indexOf('data', at + 4))
    if (at < 4 || !text.startsWith('meta', at - 4)) return true
  return false
}

/**
 * False when no analyser can find anything in `doc` (see ANALYSED_WORDS), however it parses: such
 * a document (`kind: Secret` with no data, a schema's thousands of `kind:` properties) is not
 * parsed. Linear: a few native searches.
 */
export function analysersMayFind(doc: string): boolean {
  return (
    doc.includes('\\') ||
    doc.includes('!') ||
    doc.includes('*') ||
    ANALYSED_WORDS.some((word) => doc.includes(word)) ||
    dataWord(doc)
  )
}

// sops' binary store: a JSON object `{"data": "ENC[…]", "sops": {…}}` under any file name
// (`secret.txt`, `key.bin`, `day.txt.encrypted`). Parsed whatever the name, so it counts as encrypted.
const BINARY_ENVELOPE = /^\s*\{\s*"(?:data|sops)"\s*:/

// A document is parsed when it would be as a file of its own; SealedSecret documents too, when
// another document of the file is, for the quiet ranges they give. `found`: the file's keywords.
function wantedDocument(doc: string, found: ReadonlySet<string>): boolean {
  return holdsAnalyserTrigger(doc, found) || doc.includes('SealedSecret')
}

// A document opening, after blank lines, comments and a bare `---`, with a plain `kind: Word` key
// at the left margin (after a plain `apiVersion:` line or none): its root is a block mapping and its
// kind is known without a parse. Nothing before that line can open a multi-line value.
const PLAIN_KIND_HEADER =
  /^(?:[ \t]*(?:#[^\n]*)?\r?\n|---[ \t]*(?:[ \t]#[^\n]*)?\r?\n)*(?:apiVersion:[ \t]+[A-Za-z0-9][\w./-]*[ \t]*(?:[ \t]#[^\n]*)?\r?\n)?kind:[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*(?:[ \t]#[^\n]*)?(?:\r?\n|$)/

// The words of a secret-like key name (the generic rules' names, as sops-policy-check judges keys),
// case-insensitive as there; and a run of the characters a random-looking value is written in.
const KEY_WORD = /pass|pwd|secret|token|credential|(?:api|access|auth|private)[_.-]?key/i
const TOKEN_RUN = /[A-Za-z0-9+/_.~-]{16,}/g

/**
 * Whether the policy check can find a secret in a plain (kind-less) document: under a key holding
 * a secret-like name's word, or as a value of 16+ token characters with a letter and a digit
 * (sops-policy-check's looksRandom). Values are judged as written, so either shows in the text,
 * unless an escape spells a key.
 */
function policyMayFind(doc: string): boolean {
  if (doc.includes('\\') || KEY_WORD.test(doc)) return true
  TOKEN_RUN.lastIndex = 0
  for (let run = TOKEN_RUN.exec(doc); run !== null; run = TOKEN_RUN.exec(doc))
    if (/\d/.test(run[0]) && /[A-Za-z]/.test(run[0])) return true
  return false
}

/**
 * A document of a file the `.sops.yaml` policy covers: parsed as for the analysers, and unless its
 * kind is plainly other than Secret. The policy check reads Secrets and kind-less documents (plain
 * config) only, so a Deployment or HelmRelease needs no parse (on a home-ops repository whose
 * policy covers every YAML file, that was half of the scan), nor a plain document where the check
 * cannot find anything (Ansible playbooks under a `\.yaml$` rule). `auths` keeps docker config in reach.
 */
function policyDocument(doc: string, found: ReadonlySet<string>): boolean {
  if (wantedDocument(doc, found) || doc.includes('auths')) return true
  const kind = PLAIN_KIND_HEADER.exec(doc)?.[1]
  return kind === 'Secret' || (kind === undefined && policyMayFind(doc))
}

/**
 * The parsed documents the analysers need: none, the whole file (`.dockercfg`, SOPS files), the
 * documents that can hold a secret, or in a path the `.sops.yaml` policy covers, those and the
 * documents whose kind is not plainly another than Secret. `found`: the keywords of
 * {@link TRIGGER_KEYWORDS} the text holds; what kept a wanted file from being parsed goes to `problems`.
 */
export function documentsToAnalyse(
  path: string,
  text: string,
  found: ReadonlySet<string>,
  policy: SopsPolicy | undefined,
  problems?: string[],
): Document.Parsed[] {
  return [...eachDocumentToAnalyse(path, text, found, policy, problems)]
}

/** {@link documentsToAnalyse}, each parsed as it is asked for (a multi-document file's). */
export function eachDocumentToAnalyse(
  path: string,
  text: string,
  found: ReadonlySet<string>,
  policy: SopsPolicy | undefined,
  problems?: string[],
): Iterable<Document.Parsed> {
  if (!STRUCTURED.test(path) && !readsAsManifest(text)) {
    if (!found.has('sops') || !BINARY_ENVELOPE.test(text) || !sopsKeyOpensLine(text, true)) return []
    if (text.length <= MAX_PARSE) return parseYamlDocuments(text, problems)
    problems?.push(`larger than ${MAX_PARSE / 1024 / 1024} MiB: checked by the text rules only`)
    return []
  }
  const dockercfg = /\.dockercfg$/.test(path)
  const covered = policy !== undefined && ruleForPath(policy, path) !== undefined
  const plain = !dockercfg && !covered
  if (plain && (!mayTrigger(found, text) || !analysersMayFind(text) || !holdsAnalyserTrigger(text, found)))
    return []
  // Past the limit, a file of one document (or a `.dockercfg`) is not parsed. Fail closed: a file the
  // analysers should read but cannot is reported, never passed. A stream of several documents (a
  // CRD bundle, an `install.yaml`) is read document by document below, the limit applying to each
  // document the analysers want: the others cost nothing, and one that may hold a secret and is
  // too big is reported the same way.
  if (text.length > MAX_PARSE && (dockercfg || splitDocuments(text) === undefined)) {
    problems?.push(`larger than ${MAX_PARSE / 1024 / 1024} MiB: checked by the text rules only`)
    return []
  }
  // SOPS metadata in one document makes the whole file SOPS-encrypted: every document is judged.
  // Split at `---` lines and parsed document by document (the fast path reads each; the library
  // read 20,000 small Secrets plus one `sops:` line at 0.6 MB/s), with the ranges of a whole parse.
  if (dockercfg || (found.has('sops') && sopsKeyOpensLine(text, true)))
    return everyDocument(text, problems, MAX_PARSE)
  // A file of one document passed the trigger above (no second search of its text); in a stream,
  // each document is judged as a file of its own would be.
  const wanted = covered
    ? (doc: string): boolean => policyDocument(doc, found)
    : (doc: string): boolean => doc === text || (analysersMayFind(doc) && wantedDocument(doc, found))
  return eachWantedDocument(text, wanted, problems, MAX_PARSE)
}
