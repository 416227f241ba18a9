/**
 * Kubernetes manifests: a `Secret` with values in `data`/`stringData` is a plaintext secret in Git
 * (base64 is an encoding, not protection); the sealed-secrets controller's own key Secret is worse.
 * SealedSecrets are the protected form: their documents are quiet for every other rule.
 */
import type { Analysis, AnalysisInput, DocumentAnalyser, FileInput } from './types.js'
import {
  entries,
  getNode,
  getNodes,
  getString,
  isMap,
  isScalar,
  isSeq,
  items,
  MAX_DEPTH,
  nodeSpan,
  scalarSpan,
} from './yaml.js'
import type { Pair, Scalar } from './yaml.js'
import { pairsOf, resolveAlias } from './aliases.js'
import { FLAT, flatCollectionValues } from './flat-map.js'
import type { MaybeFlat } from './flat-map.js'
import { readAll } from './read-all.js'
import { eachWantedDocument } from './documents.js'
import { isEncryptedValue } from '../../core/sops-value.js'
import {
  JudgingBudget,
  decodeBase64,
  decodeJoinedBase64,
  secretValueReportable,
  wordInsteadOfBase64,
} from './values.js'
import { fieldRole } from './secret-fields.js'
import { pairedAccessKeyId } from '../rules/generic.js'
import { isPasswordHash } from '../rules/password-hashes.js'
import { javaTrustStore } from '../rules/key-files.js'
import { pkcs12TrustStore } from '../rules/pkcs12.js'
import { VisiblePreimages, isHexDigest } from './visible-preimage.js'
import { MAX_MATCHES_PER_RULE } from '../matcher.js'

/**
 * Values reported per rule so far in the file. Judging a value costs its checks (placeholder, demo
 * text, nested documents), and a crafted Secret holds a key every few bytes: like a text rule, a rule
 * stops at {@link MAX_MATCHES_PER_RULE} findings and the file is reported as not fully scanned.
 */
class Budget {
  private readonly counts = new Map<string, number>()
  /**
   * The Secrets of the document being read that were judged (a nested one is looked for among the
   * others): emptied per document, whose nodes no later document holds (kept for the whole file, a
   * file of 20,000 small Secrets kept every one alive, and the GC copied them: 60% of its scan).
   */
  readonly secrets = new Set<unknown>()
  /** The file's digest checks, bounded like its findings. */
  readonly preimages = new VisiblePreimages()
  /** The values the file's rules may still judge, whatever rule they are of. */
  readonly judging = new JudgingBudget()
  constructor(private readonly out: Analysis) {}

  /** False (and the rule marked capped) once `ruleId` has its limit of findings. */
  allows(ruleId: string): boolean {
    const count = this.counts.get(ruleId) ?? 0
    if (count < MAX_MATCHES_PER_RULE) return true
    this.cap(ruleId)
    return false
  }

  /** Whether `ruleId` judged `value` of `key` reportable; false (the rule capped) past the judging budget. */
  reportable(ruleId: string, key: string, value: string, stopwords: readonly string[]): boolean {
    const reportable = secretValueReportable(key, value, stopwords, 0, this.judging)
    if (this.judging.exhausted) this.stop(ruleId, (this.out.unjudged ??= []))
    return reportable
  }

  /** Mark `ruleId` as stopped at its match limit before the end of the file. */
  private cap(ruleId: string): void {
    this.stop(ruleId, (this.out.capped ??= []))
  }

  /** Add `ruleId` to a list of rules stopped before the end of the file. */
  private stop(ruleId: string, stopped: string[]): void {
    if (!stopped.includes(ruleId)) stopped.push(ruleId)
  }

  /** Record a finding of `ruleId`. */
  add(ruleId: string): void {
    this.counts.set(ruleId, (this.counts.get(ruleId) ?? 0) + 1)
  }
}

// Every key fieldRole calls an identifier holds one of these.
const MAY_IDENTIFY = /user|login|account|id/i

function isControllerKey(meta: unknown): boolean {
  const labels = getNode(meta, 'labels')
  if (getNode(labels, 'sealedsecrets.bitnami.com/sealed-secrets-key') !== undefined) return true
  const name = getString(meta, 'name') ?? getString(meta, 'generateName') ?? ''
  return name.startsWith('sealed-secrets-key')
}

// Base64 of the JKS (FE ED FE ED) and JCEKS (CE CE CE CE) magic numbers, and of a DER SEQUENCE
// with a two- or three-byte length (30 82 …, 30 83 …), which a PKCS#12 PFX opens with.
const KEYSTORE_BASE64_HEADS = ['/u3+7', 'zs7Oz', 'MII', 'MIM']

/**
 * True when a `data` value is base64 of a trust store, Java's (JKS/JCEKS) or PKCS#12 (decoded only
 * when it opens as one): certificates only, public as a PEM certificate value is.
 */
function trustStoreValue(raw: string): boolean {
  const start = raw.trimStart()
  if (!KEYSTORE_BASE64_HEADS.some((head) => start.startsWith(head))) return false
  const bytes = Buffer.from(start.replace(/\s+/g, ''), 'base64')
  return javaTrustStore(bytes) || pkcs12TrustStore(bytes)
}

/** A Secret's `data` and `stringData` blocks (every one: a duplicate key Kubernetes overrides is still in Git). */
interface SecretBlocks {
  data: readonly unknown[]
  stringData: readonly unknown[]
}

/**
 * Called with a value of a Secret's `data`/`stringData`: its key, its text, as judged (`data`
 * decoded from base64), and its node; false stops the reading.
 */
type FieldVisitor = (key: string, raw: string, judged: string, node: Scalar) => boolean

/**
 * Visit the Secret's plain string values, in order, until `visit` says stop (a judging pass that
 * stops at the rule's limit reads no further): not SOPS-encrypted ones, nor words typed where base64
 * belongs. `wanted` picks keys before their value is decoded. Plain loops, no generator or object
 * per value: a file of 20,000 small Secrets made 40 MB of garbage in the generators this replaced.
 */
function visitFields(
  blocks: SecretBlocks,
  sops: boolean,
  wanted: ((key: string) => boolean) | undefined,
  visit: FieldVisitor,
): void {
  for (let b = 0; b < blocks.data.length + blocks.stringData.length; b++) {
    const data = b < blocks.data.length
    const pairs = pairsOf(data ? blocks.data[b] : blocks.stringData[b - blocks.data.length])
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as Pair
      const name = resolveAlias(pair.key)
      if (!isScalar(name)) continue
      const key = String(name.value)
      if (wanted !== undefined && !wanted(key)) continue
      const value = resolveAlias(pair.value)
      if (!isScalar(value) || typeof value.value !== 'string') continue
      const raw = value.value
      if (sops && isEncryptedValue(raw)) continue
      if (data && trustStoreValue(raw)) continue
      const decoded = data ? decodeBase64(raw) : undefined
      if (decoded !== undefined && wordInsteadOfBase64(raw, decoded)) continue
      const joined = data && decoded === undefined ? decodeJoinedBase64(raw) : undefined
      if (!visit(key, raw, decoded ?? joined ?? raw, value)) return
    }
  }
}

// (Every identifier key names a user, a login, an account or an id: the cheap test first.)
const identifierKey = (key: string): boolean => MAY_IDENTIFY.test(key) && fieldRole(key) === 'identifier'

function secretDocument(input: FileInput, manifest: unknown, out: Analysis, budget: Budget): void {
  const blocks: SecretBlocks = {
    data: getNodes(manifest, 'data'),
    stringData: getNodes(manifest, 'stringData'),
  }
  // No values, nothing to judge (a file of 40,000 `kind: Secret` documents built passes for none).
  if (blocks.data.length === 0 && blocks.stringData.length === 0) return
  // SOPS metadata protects only the values it encrypted: whatever rules it carries (`encrypted_regex`
  // matching nothing, `_unencrypted` names, or a bare `sops: {}`), a plain value in a Secret's
  // data is in Git in the clear.
  const sops = getNode(manifest, 'sops') !== undefined
  const controllerKey = isControllerKey(getNode(manifest, 'metadata'))
  // The user names of the Secret: a password repeating one (`git`/`git`) is a demo set-up. A set
  // (passwordRepeatsUser ignores case): a crafted Secret holds thousands of each.
  const users = new Set<string>()
  visitFields(blocks, sops, identifierKey, (_key, _raw, judged) => {
    users.add(judged.trim().toLowerCase())
    return true
  })
  // The Secret's names and values: a hex digest of one of them hashes a password in view. Listed
  // only for a value shaped like a digest, once per Secret (not a copy of the Secret per value).
  let neighbours: string[] | undefined
  const around = (): string[] => {
    if (neighbours !== undefined) return neighbours
    const list: string[] = []
    visitFields(blocks, sops, undefined, (key, _raw, judged) => list.push(key, judged.trim()) > 0)
    return (neighbours = list)
  }
  let names: string[] | undefined // the Secret's field names, listed once when an access key asks
  const fieldNames = (): string[] => {
    if (names !== undefined) return names
    const list: string[] = []
    visitFields(blocks, sops, undefined, (key) => list.push(key) > 0)
    return (names = list)
  }
  // True: read on; false: the rest is not judged.
  visitFields(blocks, sops, undefined, (key, raw, judged, node) => {
    const trimmed = judged.trim()
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') valueBlock(input.text, key, node, out)
    // A password hash of a known format, or a hex digest of a value beside it (a password in view).
    const hashed =
      isPasswordHash(trimmed) || (isHexDigest(trimmed) && budget.preimages.digestOf(trimmed, around()))
    const ruleId = hashed
      ? 'password-hash'
      : controllerKey && /\.key$|key$/i.test(key)
        ? 'sealed-secrets-controller-key'
        : 'k8s-secret-plaintext'
    // Every further value of a plain Secret is of this rule: the rest is not judged.
    if (!budget.allows(ruleId)) return controllerKey
    if (users.size > 0 && trimmed !== '' && users.has(trimmed.toLowerCase()) && fieldRole(key) === 'secret')
      return true
    if (pairedAccessKeyId(key, trimmed, fieldNames)) return true // the public half: its secret is judged beside it
    // Past the judging budget the rest is not judged: the file is not fully scanned.
    if (!hashed && !budget.reportable(ruleId, key, judged, input.stopwords)) return !budget.judging.exhausted
    const span = scalarSpan(input.text, node)
    if (!span) return true
    budget.add(ruleId)
    out.findings.push({ ruleId, start: span.start, end: span.end, secret: raw })
    return true
  })
}

// A key naming a file of a format with comments (`app.env`, `my.cnf`, `.npmrc`): a block under it
// holds that file, whose `# gitseal:allow` comments are comments. Under any other key (`password: |`)
// the block's text is the value, marker and all.
const COMMENTED_FILE =
  /^\.|\.(?:env|conf|cnf|cfg|config|ini|properties|ya?ml|toml|sh|bash|py|rb|pl|php|[cm]?js|ts|json[5c]?|hcl|tf|tfvars|xml|html?|sql|lua|ps1|rc|txt)$/i

/** Note the content lines of a Secret's block-scalar value when it is the value itself (see COMMENTED_FILE). */
function valueBlock(text: string, key: string, node: Scalar, out: Analysis): void {
  const range = node.range
  if (!range || COMMENTED_FILE.test(key)) return
  // The header line (`password: | # …`) is no part of the value: its comment is one.
  const content = text.indexOf('\n', range[0]) + 1
  if (content > 0 && content < range[1]) (out.valueBlocks ??= []).push([content, range[1]])
}

// A sealed value's first two bytes: the length of its RSA-OAEP part (SHA-256 needs ≥ 66 bytes; no
// controller key is over 16384 bits). Printable text as base64 reads as 8224 or more.
const MIN_RSA_PART = 66
const MAX_RSA_PART = 2048
const PRINTABLE = /^[\x20-\x7e\t\r\n]*$/

/**
 * True when `value` can be (the start of) a sealed value: standard base64 whose first two bytes
 * give an RSA part's length. One cut short (`AgBy3i4O...` in docs) still is: cut, not in the clear.
 */
function sealedShaped(value: string): boolean {
  const compact = value.replace(/\s+/g, '').replace(/(?:\.{2,}|…)$/, '')
  if (compact.length < 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return false
  const head = Buffer.from(compact.slice(0, 4), 'base64')
  const length = (head[0] ?? 0) * 256 + (head[1] ?? 0)
  return length >= MIN_RSA_PART && length <= MAX_RSA_PART
}

/**
 * A SealedSecret holding plaintext: an `encryptedData` value that is no sealed value (written by
 * hand, often base64 of the value as in a Secret's `data`; the controller cannot unseal it, so
 * nobody notices), judged as a Secret's value; and a stray `data`/`stringData`, which the API
 * prunes but Git keeps.
 */
function sealedSecret(input: FileInput, node: unknown, out: Analysis, budget: Budget): void {
  if (getNode(node, 'data') !== undefined || getNode(node, 'stringData') !== undefined)
    secretDocument(input, node, out, budget)
  const ruleId = 'k8s-secret-plaintext'
  for (const block of getNodes(getNode(node, 'spec'), 'encryptedData')) {
    for (const { key, value } of entries(block)) {
      if (!isScalar(value) || typeof value.value !== 'string' || sealedShaped(value.value)) continue
      const raw = value.value
      const decoded = decodeBase64(raw)
      const judged =
        decoded !== undefined && PRINTABLE.test(decoded) && !wordInsteadOfBase64(raw, decoded) ? decoded : raw
      if (!budget.allows(ruleId)) return
      if (!budget.reportable(ruleId, key, judged, input.stopwords)) {
        if (budget.judging.exhausted) return
        continue
      }
      const span = scalarSpan(input.text, value)
      if (!span) continue
      budget.add(ruleId)
      out.findings.push({ ruleId, start: span.start, end: span.end, secret: raw })
    }
  }
}

function kustomization(input: FileInput, root: unknown, out: Analysis, budget: Budget): void {
  for (const generator of items(getNode(root, 'secretGenerator'))) {
    for (const literal of items(getNode(generator, 'literals'))) {
      if (!isScalar(literal) || typeof literal.value !== 'string') continue
      const eq = literal.value.indexOf('=')
      if (eq <= 0 || !budget.allows('kustomize-secret-literal')) continue
      const key = literal.value.slice(0, eq)
      const value = literal.value.slice(eq + 1)
      if (!budget.reportable('kustomize-secret-literal', key, value, input.stopwords)) continue
      const span = scalarSpan(input.text, literal)
      if (!span) continue
      const start = span.start + eq + 1
      budget.add('kustomize-secret-literal')
      out.findings.push({
        ruleId: 'kustomize-secret-literal',
        start,
        end: Math.max(start, span.end),
        secret: value,
      })
    }
  }
}

/** The kind and apiVersion a list gives its items that name neither. */
interface ListDefaults {
  kind: string
  apiVersion: string
}

/**
 * A file's top-level object with `items` is a list to apimachinery's decoder whatever its kind, and
 * an item naming neither kind nor apiVersion gets the list's kind minus `List` and its apiVersion
 * (`unstructuredJSONScheme.decodeToList`): the items of a `kind: SecretList` are Secrets. Items of
 * nested lists get nothing (kubectl flattens them without it).
 */
function manifest(
  input: FileInput,
  node: unknown,
  out: Analysis,
  budget: Budget,
  depth: number,
  defaults?: ListDefaults,
): void {
  if (!isMap(node) || depth > 4) return
  let kind = getString(node, 'kind')
  let apiVersion = getString(node, 'apiVersion') ?? ''
  if (defaults !== undefined && !kind && apiVersion === '') ({ kind, apiVersion } = defaults)
  if (kind === 'SealedSecret' && apiVersion.startsWith('bitnami.com/')) {
    const span = nodeSpan(node)
    if (span) out.quiet.push(span)
    sealedSecret(input, node, out, budget)
  } else if (kind === 'Secret' && (apiVersion === 'v1' || apiVersion === '')) {
    budget.secrets.add(node)
    secretDocument(input, node, out, budget)
  }
  const list = kind === 'List' || kind?.endsWith('List') === true
  if (list || (depth === 0 && kind !== undefined && getNode(node, 'items') !== undefined)) {
    const inherited =
      depth === 0 && kind !== undefined ? { kind: kind.replace(/List$/, ''), apiVersion } : undefined
    for (const item of items(getNode(node, 'items'))) manifest(input, item, out, budget, depth + 1, inherited)
  }
  if (getNode(node, 'secretGenerator') !== undefined) kustomization(input, node, out, budget)
}

/**
 * Secrets nested in another object that a tool applies as it stands: a HelmRelease's
 * `spec.values.extraObjects` (charts render them verbatim), an OpenShift Template's `objects`. A
 * mapping at any depth with `kind: Secret` and a `data` or `stringData` mapping beside it; the
 * mapping must be there: an operator's ClusterServiceVersion lists `- kind: Secret` among the
 * resources it owns, without data.
 */
function nestedSecrets(input: FileInput, root: unknown, out: Analysis, budget: Budget, embedding = 0): void {
  const seen = new Set<unknown>()
  // The nodes to visit and their depths, side by side: not a pair array per node.
  const stack: unknown[] = [root]
  const depths: number[] = [0]
  const blocks: Scalar[] = []
  while (stack.length > 0) {
    const node = stack.pop()
    const depth = depths.pop() as number
    if (depth > MAX_DEPTH || seen.has(node)) continue
    seen.add(node)
    if (isSeq(node)) {
      for (const item of items(node)) {
        if (isMap(item) || isSeq(item)) {
          stack.push(item)
          depths.push(depth + 1)
        } else if (embedsSecret(item)) blocks.push(item as Scalar)
      }
      continue
    }
    if (!isMap(node)) continue
    if (!budget.secrets.has(node) && nestedSecret(node)) {
      budget.secrets.add(node)
      secretDocument(input, node, out, budget)
      continue
    }
    // A map kept as offsets gives the values that can be collections or blocks, building no pair.
    const values = (node as MaybeFlat)?.[FLAT] === true ? flatCollectionValues(node) : undefined
    if (values !== undefined) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i]
        if (isMap(value) || isSeq(value)) {
          stack.push(value)
          depths.push(depth + 1)
        } else if (embedsSecret(value)) blocks.push(value as Scalar)
      }
      continue
    }
    // The pairs `entries` yields, by index: an object per pair for each map of the walk was most of
    // what it allocated.
    const pairs = pairsOf(node)
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i] as Pair
      if (!isScalar(resolveAlias(pair.key))) continue
      const value = resolveAlias(pair.value)
      if (isMap(value) || isSeq(value)) {
        stack.push(value)
        depths.push(depth + 1)
      } else if (embedsSecret(value)) blocks.push(value as Scalar)
    }
  }
  if (embedding < MAX_EMBEDDING)
    for (const block of blocks) embeddedSecrets(input, block, out, budget, embedding)
}

/** How many block scalars deep manifests are read (a kustomize patch in a ConfigMap's file is two). */
const MAX_EMBEDDING = 2

// A Secret's kind and a data or stringData key, each opening a line of a block scalar's text.
const EMBEDDED_KIND = /^[ \t-]*["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?[ \t]*(?:#.*)?$/m
const EMBEDDED_DATA = /^[ \t-]*["']?(?:data|stringData)["']?[ \t]*:/m

/**
 * True for a literal block scalar whose text holds a Secret manifest: a kustomize patch
 * (`patches[].patch: |`, `patchesStrategicMerge: - |`), Helm values given as text (Argo CD's
 * `helm.values: |`, a chart's `extraObjects: |`), a manifest kept in a ConfigMap's file. Tools apply
 * or render that text as YAML, so its Secret is in Git in the clear like any other.
 */
function embedsSecret(node: unknown): boolean {
  if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || typeof node.value !== 'string') return false
  return holdsSecretText(node.value)
}

/** True when `text` has a line naming the Secret kind and one opening a data or stringData key. */
function holdsSecretText(text: string): boolean {
  return text.includes('Secret') && EMBEDDED_KIND.test(text) && EMBEDDED_DATA.test(text)
}

/**
 * Judge the Secrets of the YAML text of a literal block as if it were a file of its own (root
 * Secrets, Secrets nested in what it holds, and block scalars in it, up to {@link MAX_EMBEDDING}),
 * their findings moved to where their text stands in the file. Each level parses text no longer
 * than the file's, a bounded number of levels: linear.
 */
function embeddedSecrets(
  input: FileInput,
  block: Scalar,
  out: Analysis,
  budget: Budget,
  embedding: number,
): void {
  const text = block.value as string
  const inner: FileInput = { path: input.path, text, stopwords: input.stopwords }
  const found: Analysis = { findings: [], quiet: [] }
  const problems: string[] = []
  // Document by document, as a file's (the fast path reads each; a block of many `---` documents
  // went to the library whole).
  for (const doc of eachWantedDocument(text, holdsSecretText, problems)) {
    manifest(inner, doc.contents, found, budget, 0)
    nestedSecrets(inner, doc.contents, found, budget, embedding + 1)
  }
  // Fail closed: YAML text holding a Secret that does not parse is not passed as read. A script
  // holding one in a heredoc (`kubectl apply -f - <<EOF`) is no YAML text: its lines are the text
  // rules' (its values, often `$VAR`s, are not judged as a Secret's).
  if (opensYaml(text))
    for (const problem of problems)
      (out.problems ??= []).push(`in a block scalar holding a Secret: ${problem}`)
  for (const problem of found.problems ?? []) (out.problems ??= []).push(problem) // a block's own blocks'
  if (found.findings.length === 0 && found.quiet.length === 0 && found.valueBlocks === undefined) return
  const where = blockOffsets(input.text, block)
  for (const finding of found.findings) {
    const start = where(finding.start)
    const end = where(finding.end, start)
    out.findings.push({ ...finding, start, end: Math.max(start, end) })
  }
  for (const [from, to] of found.quiet) out.quiet.push([where(from), where(to)])
  for (const [from, to] of found.valueBlocks ?? []) {
    // The value's last character, not its end: an end past the value's last line maps to the header.
    const start = where(from)
    ;(out.valueBlocks ??= []).push([start, Math.max(start, where(to - 1, start) + 1)])
  }
}

// What a YAML text's first content line opens with: a mapping key, a sequence item, a flow
// collection, a document marker, a directive, an explicit key, an anchor or a tag.
const YAML_OPENING = /^(?:---|-(?:[ \t]|$)|[{[%?&!]|["']?[\w./-]+["']?[ \t]*:(?:[ \t]|$))/

/** True when the first content line of `text` (after blank and comment lines) opens YAML (see {@link YAML_OPENING}). */
function opensYaml(text: string): boolean {
  for (let at = 0; at < text.length;) {
    const newline = text.indexOf('\n', at)
    const line = text.slice(at, newline < 0 ? text.length : newline).trim()
    if (line !== '' && !line.startsWith('#')) return YAML_OPENING.test(line)
    if (newline < 0) break
    at = newline + 1
  }
  return false
}

/**
 * Where an offset in a literal block's value stands in the file: each line of the value is a line
 * of the block's content, after its indentation. An offset on a line that is not so (a tab, a `\r`)
 * goes to `fallback`, else the block's header: the finding is kept, at its block.
 */
function blockOffsets(source: string, block: Scalar): (offset: number, fallback?: number) => number {
  const value = block.value as string
  const header = (block.range as [number, number, number])[0]
  // Where each line of the value starts, and its line of the block in the file (-1: past the file).
  const valueStarts: number[] = [0]
  const sourceStarts: number[] = [source.indexOf('\n', header) + 1]
  for (let i = value.indexOf('\n'); i >= 0 && i < value.length - 1; i = value.indexOf('\n', i + 1)) {
    valueStarts.push(i + 1)
    const previous = sourceStarts[sourceStarts.length - 1] as number
    sourceStarts.push(previous <= 0 ? -1 : source.indexOf('\n', previous) + 1)
  }
  return (offset, fallback = header) => {
    let line = 0
    for (let lo = 0, hi = valueStarts.length - 1; lo <= hi;) {
      const mid = (lo + hi) >> 1
      if ((valueStarts[mid] as number) <= offset) {
        line = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    const at = sourceStarts[line] as number
    if (at <= 0) return fallback
    const newline = source.indexOf('\n', at)
    const sourceLine = source.slice(at, newline < 0 ? source.length : newline)
    const valueLine = value.slice(valueStarts[line], valueStarts[line + 1] ?? value.length).replace(/\n$/, '')
    if (valueLine === '' || !sourceLine.endsWith(valueLine)) return fallback
    return at + sourceLine.length - valueLine.length + (offset - (valueStarts[line] as number))
  }
}

/**
 * False when the document `root` can hold no Secret beyond the root itself (`rootSecret`: it is
 * one, judged), so the walk of {@link nestedSecrets} over every map of it (a kubeconfig's thousands
 * of users) would find nothing: its text names `Secret` no more often than the root's kind does,
 * and holds no literal block (a manifest as text) and no escape, alias or tag (which may spell a
 * kind). Bounded by the document's own text.
 */
function mayNestSecrets(text: string, root: unknown, rootSecret: boolean): boolean {
  const span = nodeSpan(root)
  if (!(isMap(root) || isSeq(root))) return false
  if (span === undefined) return true
  const source = text.slice(span[0], span[1])
  if (source.includes('|') || source.includes('\\') || source.includes('*') || source.includes('!'))
    return true
  const first = source.indexOf('Secret')
  return first >= 0 && (!rootSecret || source.includes('Secret', first + 6))
}

/** True when `node` reads as a Secret of its own: `kind: Secret` (apiVersion v1 or none) and a data mapping. */
function nestedSecret(node: unknown): boolean {
  if (getString(node, 'kind') !== 'Secret') return false
  const apiVersion = getString(node, 'apiVersion') ?? 'v1'
  return apiVersion === 'v1' && (isMap(getNode(node, 'data')) || isMap(getNode(node, 'stringData')))
}

/** The Kubernetes analyser of one file, reading its documents one at a time (one budget for the file). */
export function kubernetesAnalyser(input: FileInput): DocumentAnalyser {
  const analysis: Analysis = { findings: [], quiet: [] }
  const budget = new Budget(analysis)
  return {
    analysis,
    read: (doc) => {
      budget.secrets.clear()
      manifest(input, doc.contents, analysis, budget, 0)
      if (mayNestSecrets(input.text, doc.contents, budget.secrets.has(doc.contents)))
        nestedSecrets(input, doc.contents, analysis, budget)
    },
  }
}

/** Analyse the Kubernetes documents of a YAML/JSON file. */
export function analyseKubernetes(input: AnalysisInput): Analysis {
  return readAll(kubernetesAnalyser(input), input.docs)
}
