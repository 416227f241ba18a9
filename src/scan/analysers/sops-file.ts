/**
 * SOPS-encrypted files (YAML, JSON, dotenv, INI, and the binary store's JSON): protected, so their
 * metadata and `ENC[...]` values are quiet; but a leaf the file's own encryption rule says must be
 * encrypted and is in the clear is a finding, and so is metadata without a MAC.
 */
import type { Document, YAMLMap } from 'yaml'
import type { Analysis, AnalysisInput, DocumentAnalyser, FileInput } from './types.js'
import { readAll } from './read-all.js'
import { documentLeaves, dotenvLeaves, iniLeaves } from './leaves.js'
import type { Leaf } from './leaves.js'
import { isEncryptedValue } from '../../core/sops-value.js'
import { readRules, valueMustBeEncrypted, withDefault } from '../../core/sops-rules.js'
import type { EncryptionRules } from '../../core/sops-rules.js'
import { formatForPath } from '../../sops/stores/format.js'
import { getNode, getString, isMap, isScalar, nodeSpan } from './yaml.js'
import type { Pair } from './yaml.js'

const KEY_TYPES = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'key_groups', 'hckms']

// The rules the file's metadata names, as sops reads them (a binary-store envelope has its one
// value encrypted whatever they say: see binaryEnvelope).
function rulesOf(get: (name: string) => string | undefined): EncryptionRules {
  return withDefault(readRules(get).rules)
}

function checkLeaves(leaves: Iterable<Leaf>, rules: EncryptionRules, out: Analysis): void {
  for (const leaf of leaves) {
    if (leaf.value === '' || isEncryptedValue(leaf.value)) continue
    if (!valueMustBeEncrypted(rules, leaf.path)) continue
    out.findings.push({
      ruleId: 'sops-unencrypted-value',
      start: leaf.start,
      end: leaf.end,
      secret: leaf.value,
    })
  }
}

/** The SOPS metadata of a document: its root `sops` mapping when that names a key type or a MAC. */
export function sopsMetadataOf(doc: Document.Parsed): unknown {
  const root = doc.contents
  if (!isMap(root)) return undefined
  const sops = getNode(root, 'sops')
  if (
    !isMap(sops) ||
    !KEY_TYPES.some((key) => getNode(sops, key) !== undefined || getNode(sops, 'mac') !== undefined)
  )
    return undefined
  return sops
}

/** The first SOPS metadata of `docs`, in order (it gives the whole file's encryption rules). */
export function firstSopsMetadata(docs: Iterable<Document.Parsed>): unknown {
  for (const doc of docs) {
    const metadata = sopsMetadataOf(doc)
    if (metadata !== undefined) return metadata
  }
  return undefined
}

/**
 * The SOPS analyser of a YAML/JSON file whose first metadata is `metadata` (found beforehand, see
 * {@link firstSopsMetadata}), reading its documents one at a time: each document's metadata is
 * quiet (and reported without a MAC), and its leaves the metadata's rules say must be encrypted
 * are checked. Findings come in the order of a whole-file read: every metadata's, then the leaves'.
 */
export function sopsAnalyser(input: FileInput, metadata: unknown): DocumentAnalyser {
  const marks: Analysis = { findings: [], quiet: [] }
  const leaves: Analysis = { findings: [], quiet: [] }
  const rules = rulesOf((name) => getString(metadata, name))
  const binaryName = formatForPath(input.path) === 'binary'
  return {
    read(doc: Document.Parsed): void {
      const sops = sopsMetadataOf(doc)
      if (sops !== undefined) {
        const root = doc.contents as YAMLMap
        const pair = root.items.find((item: Pair) => isScalar(item.key) && item.key.value === 'sops')
        const keySpan = nodeSpan(pair?.key)
        const valueSpan = nodeSpan(sops)
        if (keySpan && valueSpan) marks.quiet.push([keySpan[0], valueSpan[1]])
        if (getString(sops, 'mac') === undefined && keySpan) {
          marks.findings.push({
            ruleId: 'sops-invalid-metadata',
            start: keySpan[0],
            end: keySpan[1],
            secret: `sops@${keySpan[0]}`,
          })
        }
      }
      checkLeaves(documentLeaves(input.text, [doc]), binaryName && binaryEnvelope(doc) ? {} : rules, leaves)
    },
    get analysis(): Analysis {
      return {
        findings: [...marks.findings, ...leaves.findings],
        quiet: marks.quiet,
        sopsEncrypted: true,
      }
    },
  }
}

/**
 * True when `doc` is laid out as sops' binary store writes a file (one `data` value beside `sops`),
 * whose one value is encrypted whatever the metadata says. A YAML or JSON file renamed after
 * encryption (`secret.sops.yaml.disabled`, `.bak`) keeps its own keys and its metadata's rules.
 */
function binaryEnvelope(doc: Document.Parsed): boolean {
  const root = doc.contents
  if (!isMap(root)) return true
  return root.items.every(
    (item: Pair) => isScalar(item.key) && (item.key.value === 'data' || item.key.value === 'sops'),
  )
}

function structured(input: AnalysisInput, out: Analysis): void {
  const metadata = firstSopsMetadata(input.docs)
  if (metadata === undefined) return
  const found = readAll(sopsAnalyser(input, metadata), input.docs)
  Object.assign(out, found)
}

function flat(input: AnalysisInput, out: Analysis, dotenv: boolean): void {
  const meta = new Map<string, string>()
  let offset = 0
  let inSops = false
  for (const line of input.text.split('\n')) {
    const trimmed = line.trim()
    if (!dotenv && /^\[[^\]]*\]/.test(trimmed)) inSops = trimmed.startsWith('[sops]')
    const eq = line.indexOf('=')
    const isMeta = dotenv ? line.startsWith('sops_') : inSops
    if (isMeta) {
      if (eq > 0)
        meta.set(
          line
            .slice(0, eq)
            .trim()
            .replace(/^sops_/, ''),
          line.slice(eq + 1).trim(),
        )
      out.quiet.push([offset, offset + line.length])
    }
    offset += line.length + 1
  }
  if (!meta.has('mac') && !meta.has('version') && !meta.has('lastmodified')) {
    out.quiet.length = 0
    return
  }
  out.sopsEncrypted = true
  checkLeaves(
    dotenv ? dotenvLeaves(input.text) : iniLeaves(input.text),
    rulesOf((name) => meta.get(name)),
    out,
  )
}

/** Analyse a file that may be SOPS-encrypted; a plain file gives an empty analysis. */
export function analyseSops(input: AnalysisInput): Analysis {
  const out: Analysis = { findings: [], quiet: [] }
  // The keyword pass knows, case-folded: a search of every file's text for the word was 2 % of a scan.
  if (input.found?.has('sops') === false || !input.text.includes('sops')) return out
  if (input.docs.length > 0) structured(input, out)
  else if (/\.env$|(?:^|\/)\.env(?:\.[\w.-]+)?$/.test(input.path)) flat(input, out, true)
  else if (/\.ini$/i.test(input.path)) flat(input, out, false)
  return out
}
