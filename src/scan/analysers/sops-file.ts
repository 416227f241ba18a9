/**
 * SOPS-encrypted files (YAML, JSON, dotenv, INI, and the binary store's JSON): protected, so their
 * metadata and `ENC[...]` values are quiet; but a leaf the file's own encryption rule says must be
 * encrypted and is in the clear is a finding, and so is metadata without a MAC.
 */
import type { Analysis, AnalysisInput } from './types.js'
import { documentLeaves, dotenvLeaves, iniLeaves } from './leaves.js'
import type { Leaf } from './leaves.js'
import { isEncryptedValue } from '../../core/sops-value.js'
import { readRules, valueMustBeEncrypted, withDefault } from '../../core/sops-rules.js'
import type { EncryptionRules } from '../../core/sops-rules.js'
import { formatForPath } from '../../sops/stores/format.js'
import { getNode, getString, isMap, isScalar, nodeSpan } from './yaml.js'
import type { Pair } from './yaml.js'

const KEY_TYPES = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'key_groups', 'hckms']

// The rules the file's metadata names, as sops reads them; a binary-store file (JSON under a name
// sops does not read as yaml/json/dotenv/ini) has its one value encrypted whatever they say.
function rulesOf(binary: boolean, get: (name: string) => string | undefined): EncryptionRules {
  if (binary) return {}
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

function structured(input: AnalysisInput, out: Analysis): void {
  let metadata: unknown
  for (const doc of input.docs) {
    const root = doc.contents
    if (!isMap(root)) continue
    const sops = getNode(root, 'sops')
    if (
      !isMap(sops) ||
      !KEY_TYPES.some((key) => getNode(sops, key) !== undefined || getNode(sops, 'mac') !== undefined)
    )
      continue
    metadata ??= sops
    const pair = root.items.find((item: Pair) => isScalar(item.key) && item.key.value === 'sops')
    const keySpan = nodeSpan(pair?.key)
    const valueSpan = nodeSpan(sops)
    if (keySpan && valueSpan) out.quiet.push([keySpan[0], valueSpan[1]])
    if (getString(sops, 'mac') === undefined && keySpan) {
      out.findings.push({
        ruleId: 'sops-invalid-metadata',
        start: keySpan[0],
        end: keySpan[1],
        secret: `sops@${keySpan[0]}`,
      })
    }
  }
  if (metadata === undefined) return
  out.sopsEncrypted = true
  const sops = metadata
  checkLeaves(
    documentLeaves(input.text, input.docs),
    rulesOf(formatForPath(input.path) === 'binary', (name) => getString(sops, name)),
    out,
  )
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
    rulesOf(false, (name) => meta.get(name)),
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
