/** How analysers judge a value held by a Secret-like field (after base64 decoding where relevant). */
import { isPlaceholder, namesPlace } from '../placeholder.js'
import { decodedText, isDemoValue, looksLikeWords, passwordRepeatsUser, readsAsProse } from '../demo-value.js'
import { parseYamlValue } from '../../core/yaml-unique.js'
import { shannonEntropy } from '../entropy.js'
import { holdsPrivateKey, pemBodyOk } from '../rules/pem.js'
import { holdsWalletKey } from '../rules/wallet-keys.js'
import { isVariableName, listHoldsSecret, secretLikeName } from '../rules/generic.js'
import { isPasswordHash } from '../rules/password-hashes.js'
import { fieldRole } from './secret-fields.js'
import { assignmentList, configLinePairs } from './config-lines.js'
import { configTextHoldsSecret, idValuesOf } from './config-text.js'
import { isAlgorithmName } from '../algorithm-names.js'
import { jsonNesting } from './json-syntax.js'
import { urlParts } from '../address-value.js'

// Values that are public by nature.
const PUBLIC_VALUE =
  /^\s*(?:-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|TRUSTED CERTIFICATE|DH PARAMETERS|X9.42 DH PARAMETERS|EC PARAMETERS)|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|sk-ssh-|age1[02-9ac-hj-np-z]{58}\s*$)/
const PRIVATE_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?)-----/

/** The first private key block of `text` whose END follows its BEGIN: label and body (found with indexOf). */
function privateBlock(text: string): { label: string; body: string } | undefined {
  const begin = PRIVATE_BEGIN.exec(text)
  if (begin === null) return undefined
  const label = begin[1] ?? ''
  const bodyStart = begin.index + begin[0].length
  const stop = text.indexOf(`-----END ${label}-----`, bodyStart)
  return stop < 0 ? undefined : { label, body: text.slice(bodyStart, stop) }
}
// How long a base64 value may be for its text to be judged instead of itself (a credentials file).
const MAX_ENCODED_VALUE = 64 * 1024
// Lowercase pieces (letters, then digits) joined by `_`, `-` or `.`, as names are written.
const JOINED_NAME = /^[a-z]+\d*(?:[_.-][a-z]+\d*)+$/
// An IANA time zone (`Europe/London`, `America/Argentina/Buenos_Aires`), as a Secret's `TZ` holds one.
const TIME_ZONE =
  /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Z][A-Za-z_+-]{1,30}(?:\/[A-Z][A-Za-z_-]{1,30})?$/
// Flags, numbers, durations and relative times (`30s`, Grafana's `now-2h`, `now/d`): settings.
const FLAG_OR_NUMBER =
  /^(?:true|false|yes|no|on|off|null|none|\d{1,7}|\d{1,7}(?:ms|[smhdw])|now(?:[-+]\d{1,7}[smhdwMy])?(?:\/[smhdwMy])?)$/i

/**
 * One or two words and no digits (`Pikachu`, `drift-value`, `hello world`): written into a test
 * Secret, not random (`hunter2`, with its digit, is still taken for a password). Longer word runs may be passphrases (`correct-horse-battery-staple`) and
 * stay reported.
 */
function isTestPhrase(value: string): boolean {
  return /^[A-Za-z]+(?:[-_ ][A-Za-z]+)?$/.test(value) && looksLikeWords(value)
}

/** Decode standard base64 strictly (whitespace allowed); undefined if it is not base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined
  return Buffer.from(compact, 'base64').toString('utf8')
}

// Where one encoding ends and the next begins: after padding, or at a comma.
const JOIN = /(?<==)(?=[A-Za-z0-9+/])|,/
const PRINTABLE_TEXT = /^[\x20-\x7e\t\r\n]*$/

/**
 * Base64 values run together (`c29tZQ==dGVzdA==`) or listed with commas, each decoded: their texts
 * joined by commas when every piece is base64 of printable text, else undefined.
 */
export function decodeJoinedBase64(value: string): string | undefined {
  if (value.length > MAX_ENCODED_VALUE) return undefined
  const pieces = value.replace(/\s+/g, '').split(JOIN)
  if (pieces.length < 2) return undefined
  const texts: string[] = []
  for (const piece of pieces) {
    const text = decodeBase64(piece)
    if (text === undefined || text === '' || !PRINTABLE_TEXT.test(text)) return undefined
    texts.push(text)
  }
  return texts.join(',')
}

/**
 * True when a Secret's `data` value is a word or demo value typed where base64 belongs (`version1`,
 * `abc123==`), or one character typed over and over (`AAAA`, `BBBB`: a test's filler): it decodes,
 * but to bytes that are not text, and reads as words or a demo value itself, or holds no entropy.
 * Random binary data never reads so.
 */
export function wordInsteadOfBase64(raw: string, decoded: string): boolean {
  return !PRINTABLE_TEXT.test(decoded) && (looksLikeWords(raw) || isDemoValue(raw) || ONE_CHARACTER.test(raw))
}

// One character repeated, then base64's padding: no entropy at all.
const ONE_CHARACTER = /^(.)\1*=*$/

// A multi-line value that is a YAML mapping or list (a config file kept in a Secret).
const YAML_KEY_LINE = /^[ \t]*(?:- )?(?:[\w.-]{1,80}|"[\w.-]{1,80}"|'[\w.-]{1,80}'):(?:[ \t]|$)/m
const MAX_DOCUMENT_VALUE = 256 * 1024

// How deep a JSON document value may nest to be read (judged by its leaves); a deeper one is not.
const MAX_JSON_NESTING = 64
// What {@link parseDocumentValue} gives for a YAML document past the file's budget, or JSON nested
// past MAX_JSON_NESTING: not read, reported whole.
const UNREAD = Symbol('unread')

/**
 * `value` parsed as JSON (`{…}`/`[…]`), as a multi-line YAML document or as lines of a config file
 * (dotenv, Redis ACL: {@link configLinePairs}), else undefined; {@link UNREAD} for a YAML
 * document past the `budget` of YAML the file's values may have read.
 */
function parseDocumentValue(value: string, budget: JudgingBudget | undefined): unknown {
  if (value.length > MAX_DOCUMENT_VALUE) return undefined
  try {
    // (Not JSON: then not YAML either, as when JSON.parse threw; told without its costly exception.)
    if (/^[[{]/.test(value)) {
      const nesting = jsonNesting(value)
      // Deeper than any config: not parsed (JSON.parse of 100,000 levels cost 90 ms), reported whole.
      if (nesting > MAX_JSON_NESTING) return UNREAD
      return nesting >= 0 ? JSON.parse(value) : configLinePairs(value)
    }
    if (value.includes('\n') && YAML_KEY_LINE.test(value))
      return budget?.takeYaml(value.length) === false ? UNREAD : parseYamlValue(value, { maxAliasCount: 10 })
  } catch {
    // Not a document: the value is judged as a whole.
  }
  return configLinePairs(value)
}

/**
 * How many values one file's analysers judge in full: a Secret's values and the leaves of the
 * documents and config files kept in them. Judging one costs microseconds (placeholder, demo words,
 * nested documents) and a crafted file holds a value every few bytes; past the limit the rest goes
 * unjudged and the file is reported as not fully scanned (fail closed, never a silent pass). The 116
 * judged trees of the benchmark judge at most 63 in a file.
 */
export const MAX_JUDGED_PER_FILE = 256
// How many secret-named leaves of one document value are judged one by one; a document holding
// more is reported as a whole (fail closed: a crafted value of a thousand demo passwords costs
// bounded work and hides nothing).
const MAX_LEAVES_JUDGED = 64
// How deep a document value's leaves are judged; a secret-named one deeper is reported as a whole.
const MAX_LEVEL = 8

// How much YAML the documents kept in one file's values may hold in all: the YAML library reads
// about 1 MB/s, and a crafted Secret holds nothing else. A YAML document past it is reported as a
// whole, not read (the 116 judged trees hold at most 5.2 KB in one value, 7.2 KB in one tree).
const MAX_YAML_PER_FILE = 8 * 1024

/** What one file's analysers may still judge ({@link MAX_JUDGED_PER_FILE}, {@link MAX_YAML_PER_FILE}). */
export class JudgingBudget {
  private left = MAX_JUDGED_PER_FILE
  private yamlLeft = MAX_YAML_PER_FILE
  /** True once a value went unjudged for lack of budget. */
  exhausted = false

  /** False (and the budget marked exhausted) when no judgement is left for one more value. */
  take(): boolean {
    if (this.left > 0) {
      this.left--
      return true
    }
    this.exhausted = true
    return false
  }

  /** False when a YAML document of `length` characters is past what the file's values may read. */
  takeYaml(length: number): boolean {
    if (length > this.yamlLeft) return false
    this.yamlLeft -= length
    return true
  }
}

/** True when `node` has a string under a secret-like name (read with a stack: the nesting is the file's). */
function holdsSecretNamedLeaf(node: unknown, key: string): boolean {
  const stack: [unknown, string][] = [[node, key]]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, name] = next
    if (typeof item === 'string' && secretLikeName(name) !== undefined) return true
    if (Array.isArray(item)) for (const member of item) stack.push([member, name])
    else if (typeof item === 'object' && item !== null)
      for (const [member, value] of Object.entries(item)) stack.push([value, member])
  }
  return false
}

// Tokens a docker config keeps under names that say no "secret" (its `auth` is judged below).
const REGISTRY_TOKEN = /^(?:identitytoken|registrytoken)$/
// Base64 of `-----BEGIN`: how kubeconfig's `client-key-data` and similar fields open.
const BASE64_PEM = 'LS0tLS1CRUdJTi'

/**
 * True when a leaf is a private key whatever its name: a PEM block that parses, or base64 of one
 * (kubeconfig `client-key-data` in a kubeconfig kept base64 in a Secret's `data`).
 */
function leafHoldsPrivateKey(value: string): boolean {
  if (holdsPrivateKey(value)) return true
  if (!value.startsWith(BASE64_PEM)) return false
  const decoded = decodeBase64(value)
  return decoded !== undefined && holdsPrivateKey(decoded)
}

/**
 * A docker registry login, `auth` of a docker config (base64 of `user:password`): true when its
 * password is there and is no placeholder, demo value (`foo:bar`) or the user name again.
 */
export function registryAuthHoldsPassword(value: string, stopwords: readonly string[]): boolean {
  const decoded = decodeBase64(value)
  if (decoded === undefined) return false
  const colon = decoded.indexOf(':')
  const user = colon < 0 ? decoded : decoded.slice(0, colon)
  const password = colon < 0 ? '' : decoded.slice(colon + 1)
  return (
    password.length > 0 &&
    !isPlaceholder(password, stopwords) &&
    !isDemoValue(password) &&
    !passwordRepeatsUser(user, password)
  )
}

/**
 * A JSON or YAML document value: true when one of its leaves is a private key, when one of its
 * secret-named (or credential-named) leaves holds a secret, or when it has too many of them, or
 * too deep, to judge one by one.
 */
function documentHoldsSecret(
  value: string,
  stopwords: readonly string[],
  depth: number,
  budget: JudgingBudget | undefined,
): boolean | undefined {
  const parsed = parseDocumentValue(value, budget)
  if (parsed === UNREAD) return true
  if (typeof parsed !== 'object' || parsed === null) return undefined
  let leaves = 0
  // `ids`: the user and ID values beside the node (its object's members, or a config text's lines).
  const walk = (node: unknown, key: string, level: number, ids: ReadonlySet<string>): boolean => {
    if (budget?.exhausted === true) return false
    if (level > MAX_LEVEL) return holdsSecretNamedLeaf(node, key)
    if (typeof node === 'string') {
      if (leafHoldsPrivateKey(node)) return true
      // A credential repeating its user or ID (`aws_secret_access_key` = `aws_access_key_id`): a
      // stand-in typed twice, as a URL's `hydra:hydra` is.
      if (node !== '' && ids.has(node.toLowerCase())) return false
      // A `.dockerconfigjson` kept base64 in `data`: its logins are judged as the docker config analyser does.
      if (key === 'auth') return ++leaves > MAX_LEAVES_JUDGED || registryAuthHoldsPassword(node, stopwords)
      if (secretLikeName(key) === undefined && !REGISTRY_TOKEN.test(key)) return false
      return ++leaves > MAX_LEAVES_JUDGED || secretValueReportable(key, node, stopwords, depth + 1, budget)
    }
    if (Array.isArray(node)) {
      // The pairs of a config text (`[{aws_access_key_id: …}, {aws_secret_access_key: …}]`) are one object's members.
      const pairs = idValuesOf(node.flatMap((item) => (isRecord(item) ? Object.entries(item) : [])))
      return node.some((item) => walk(item, key, level + 1, pairs))
    }
    if (typeof node === 'object' && node !== null) {
      // A JSON Web Key with its private member, or a symmetric one with its key.
      if ('kty' in node && 'd' in node && typeof node.d === 'string' && node.d.length >= 40) return true
      if (
        'kty' in node &&
        node.kty === 'oct' &&
        'k' in node &&
        typeof node.k === 'string' &&
        node.k.length >= 22
      )
        return true
      const members = Object.entries(node)
      const own = idValuesOf(members)
      return members.some(([name, item]) => walk(item, name, level + 1, own.size > 0 ? own : ids))
    }
    return false
  }
  return walk(parsed, '', 0, new Set())
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when `value` is a URL whose password is there and is no placeholder, demo value or the user name again. */
function urlHoldsPassword(value: string, stopwords: readonly string[]): boolean {
  const url = urlParts(value)
  const password = url?.password
  return (
    password !== undefined &&
    password !== '' &&
    !/^[a-z]{3,10}$/.test(password) && // one short lowercase word (`ory`): typed, as the URL rules read it
    !isPlaceholder(password, stopwords) &&
    !isDemoValue(password) &&
    !passwordRepeatsUser(url?.user ?? '', password)
  )
}

/**
 * True when a Secret's `key` holding `value` (decoded) should be reported as a plaintext secret:
 * judged by what the field holds (see {@link fieldRole}) and what the value is. Key material that
 * parses as its format is always reported; a truncated `-----BEGIN … PRIVATE KEY----- ...` is not.
 * With a `budget`, a value judged past it is not reported and the budget says so (exhausted).
 */
export function secretValueReportable(
  key: string,
  value: string,
  stopwords: readonly string[],
  depth = 0,
  budget?: JudgingBudget,
): boolean {
  if (budget !== undefined && !budget.take()) return false
  const trimmed = value.trim()
  // One or two characters (`ok`, `1`) is a flag or a stand-in: no credential is so short.
  if (trimmed.length < 3 || PUBLIC_VALUE.test(trimmed)) return false
  // Parsed key material: no placeholder heuristic applies.
  if (holdsPrivateKey(trimmed) || holdsWalletKey(trimmed)) return true
  const block = privateBlock(trimmed)
  if (block) return pemBodyOk(block.body, block.label)
  const role = fieldRole(key)
  // A public field (`url`, `uri`, `proxy`, `endpoint`) holding a URL with a password still holds a password.
  if (role === 'public') return urlHoldsPassword(trimmed, stopwords)
  // A JSON or YAML document is judged by its leaves; base64 of a document or word under `stringData`
  // (`1password-credentials.json: eyJ2…`) by what it says.
  if (depth < 2) {
    const json = documentHoldsSecret(trimmed, stopwords, depth, budget)
    if (json !== undefined) return json
    if (readsAsProse(trimmed)) return false // a description of what belongs there, not the value
    const inner = decodedText(trimmed, MAX_ENCODED_VALUE)
    if (inner !== undefined) return secretValueReportable(key, inner, stopwords, depth + 1, budget)
    const config = configTextHoldsSecret(trimmed, stopwords) // `my.cnf`, an SQL script: what it sets
    if (config !== undefined) return config
    // Lines too many or too varied to judge one by one: reported, not passed on the word of one
    // placeholder somewhere in them (fail closed).
    if (trimmed.includes('\n')) return true
  }
  const list = assignmentList(trimmed) // `uid=dillon,ou=people,dc=min,dc=io`: judged by its members
  if (list !== undefined) return listHoldsSecret(list, stopwords)
  if (isPlaceholder(trimmed, stopwords) || isDemoValue(trimmed) || isTestPhrase(trimmed)) return false
  if (isVariableName(trimmed)) return false // `GITLAB_API_TOKEN`: a fill-in naming the variable
  if (namesPlace(trimmed)) return false // `/tmp/restic_cache`, `ghcr.io/org/app:v1`: names a place
  if (TIME_ZONE.test(trimmed)) return false // `TZ: Europe/London`: a time zone's name
  if (FLAG_OR_NUMBER.test(trimmed) || isPasswordHash(trimmed) || isAlgorithmName(trimmed)) return false
  if (urlParts(trimmed) !== undefined) return urlHoldsPassword(trimmed, stopwords)
  // An identifier is reported only when it looks like a random token, not an address or a name
  // (`robot_zmon_acid_monitoring`: lowercase pieces joined as names are).
  if (role === 'identifier')
    return (
      trimmed.length >= 16 &&
      !/[@<>\s]/.test(trimmed) &&
      !looksLikeWords(trimmed) &&
      !JOINED_NAME.test(trimmed) &&
      shannonEntropy(trimmed) >= 3.5
    )
  // Under a key that names no credential (`inrole1`), lowercase words joined by `_` name something
  // (a role, a user); under a credential name they may be a passphrase and stay reported.
  if (secretLikeName(key) === undefined && /^[a-z]+(?:_[a-z]+)+$/.test(trimmed)) return false
  return true
}
