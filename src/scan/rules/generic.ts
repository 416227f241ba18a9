/**
 * Generic rules: a secret-like name assigned a random-looking value, in YAML, JSON, env, INI, TOML,
 * HCL, properties and source code. Precision comes from the filters, not the regex: name shape,
 * placeholder and reference filters, and a Shannon entropy gate.
 */
import { ENCRYPTED_VALUE_HEAD, encryptedValueLengthAt } from '../../core/sops-value.js'
import { shannonEntropy } from '../entropy.js'
import { isPlaceholder, looksLikeReference } from '../placeholder.js'
import {
  decodedBase32Text,
  decodedHexText,
  decodedText,
  isDemoValue,
  looksLikeWords,
  readsAsLabel,
  readsAsProse,
  wordsAroundCount,
} from '../demo-value.js'
import { ROTATE } from './define.js'
import { callArguments, cliOptions, namedValues } from './generic-forms.js'
import type { LineWindows, NamedValue } from './generic-forms.js'
import { byteMapEntries } from './go-secret-data.js'
import { listItemsUnderKeys } from './secret-lists.js'
import { commandOutputs } from './console-output.js'
import { goRawStrings, insideRange } from './go-raw-strings.js'
import { enumBodies } from './enum-bodies.js'
import { ansibleDocBlocks } from './ansible-docs.js'
import { fieldRole } from '../analysers/secret-fields.js'
import { templateActions } from '../template-actions.js'
import { unescapedText } from '../escaped-text.js'
import { asciidocConfigBlocks } from './asciidoc-blocks.js'
import { assignmentList, type ConfigPair } from '../analysers/config-lines.js'
import { VisiblePreimages, isHexDigest } from '../analysers/visible-preimage.js'
import { isPasswordHash } from './password-hashes.js'
import { isAlgorithmName } from '../algorithm-names.js'
import { lazyRegExp } from '../lazy-regexp.js'
import { jwtOk, madeUpGithubToken } from '../validators.js'
import { secretValueReportable } from '../analysers/values.js'
import type { RawMatch, RuleInfo } from './types.js'
import type { Offsets } from '../keyword-automaton.js'
import { isAddress, startsAsUrl } from '../address-value.js'
import { trivialObscuredPassword } from '../rclone-obscured.js'
import { djangoKeyAt, djangoKeyText, isDjangoSecretKey } from './django-keys.js'

/** Catalogue entries of the generic rules. */
export const GENERIC_RULES: readonly RuleInfo[] = [
  ['generic-password', 'Password assigned in plain text'],
  ['generic-secret', 'Secret assigned in plain text'],
  ['generic-token', 'Token assigned in plain text'],
  ['generic-api-key', 'API or access key assigned in plain text'],
].map(([id = '', title = '']) => ({
  id,
  title,
  severity: 'medium' as const,
  description: `${title}: a secret-like name with a random-looking value.`,
  remediation: ROTATE,
}))

/**
 * A cookie's signing or encryption key named for what it does (`cookie_hash`, `CookieEncryption`:
 * gorilla/securecookie's hash and block keys, as Semaphore names them), in the four spellings names join words with.
 */
const COOKIE_KEY_WORDS: readonly string[] = ['hash', 'encryption'].flatMap((word) =>
  ['', '_', '.', '-'].map((sep) => `cookie${sep}${word}`),
)

/** Lowercase keywords that let the generic scan run at all. */
export const GENERIC_KEYWORDS: readonly string[] = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'kek',
  'credential',
  ...COOKIE_KEY_WORDS,
]

// The name's keyword. `[\w.-]{0,30}` then takes the rest of the name, an optional type follows
// (Go `var password string = …`, Kotlin/TypeScript `password: String = …`, Rust `PASSWORD: &str =
// …`, `&'static str`), then the operator, after
// the spaces that align a block of assignments (gofmt, `terraform fmt`), and the value, after the
// spaces gofmt aligns a struct literal's values with (`CookieSecret:     "…"`):
// also Makefile `?=`, `::=`, `:::=` and PHP `.=`; a YAML anchor or tag (`&dbPass "…"`, `!!str …`)
// before the value is passed over. Everything is bounded.
const ASSIGN_SOURCE =
  /(pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|client[_.-]?secret|shared[_.-]?key|mac[_.-]?key|(?:encryption|master|signing|session|cookie)[_.-]?key|cookie[_.-]?(?:hash|encryption)|kek|credentials?)([\w.-]{0,30})(["']?[ \t]{0,40}(?:(?::[ \t]{0,4})?(?:&(?:'static[ \t]{1,4})?)?(?:string|String|str)[ \t]{1,4})?)(:::=|::=|:=|\?=|\.=|=>|:|=)[ \t]{0,40}(?:\r?\n[ \t]{0,40}(?=["'`]))?(?:[&!][\w!.-]{0,64}[ \t]{1,4}(?=[^\s#]))?(?:(["'`])([^"'`\r\n]{1,300})\5|((?:[^\s"'`,;#)\]}&]|&(?![A-Za-z_][\w.-]{0,40}=)){1,300})(?![^\s"'`,;#)\]}&]|&(?![A-Za-z_][\w.-]{0,40}=)))/
    .source
// Groups: 1 keyword, 2 rest of the name, 3 what lies between name and operator, 4 operator, 5 quote,
// 6 quoted value, 7 bare value; a bare value ends before `&name=` (a form-encoded body, a query). Group 3 gives the operator's offset without the `d` flag: group
// offsets tripled the cost of a match, and a crafted line dense in keywords ran at 12 MB/s.
// Anchored at a keyword found by KEYWORD; `i` because names come in every case.
const ASSIGN = new RegExp(ASSIGN_SOURCE, 'giy')
// Fallback when lowercasing changed the text's length (some non-ASCII letters do).
const ASSIGN_SCAN = new RegExp(ASSIGN_SOURCE, 'gi')
// What a key is for, when its name says so instead of a credential word (`encryption_key`,
// `DataStoreEncryptionKey`, ZITADEL's `--masterkey`, `signingKey`, `SESSION_KEY`, a key-encryption
// key `SECRET_VAULT_KEK`): it encrypts or signs, so whoever holds it can decrypt or forge what it
// protects. The value still has to look random.
const PURPOSE_WORDS = ['encryption', 'master', 'signing', 'session', 'cookie']
const PURPOSE_KEY = /^(?:encryption|master|signing|session|cookie|kek$)/i
// rspamd's `encryption_key` is the fuzzy storage's public key: 32 bytes in z-base-32, 52 characters
// without `0`, `2`, `l` or `v` (a random lowercase value avoids all four 2 times in 1,000).
const RSPAMD_PUBLIC_KEY = /^[13-9a-km-uw-z]{52}$/
const PURPOSE_NAME = /(?:encryption|master|signing|session|cookie)[_.-]?key|cookie[_.-]?(?:hash|encryption)/i
// A GPG key's id (16 hex digits, git's `commit-signing-key`) or fingerprint (40): which key, not the key.
const GPG_KEY_ID = /^(?:0x)?(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})$/

/**
 * True when a value already judged secret-like may be a key named for its purpose: not rspamd's
 * public key, not a description of one (ZITADEL's `MasterkeyNeedsToHave32Characters`): such keys are
 * generated, never typed.
 */
function purposeKeyLike(value: string): boolean {
  return (
    !RSPAMD_PUBLIC_KEY.test(value) &&
    !GPG_KEY_ID.test(value) &&
    !wordsAroundCount(value) &&
    !TYPED_PHRASE.test(decodedText(value) ?? '')
  )
}

// Base64 of letters and separators only (`thirty_two_byte_keyblahblahblahh`, a chart's sample KEK):
// a phrase someone typed to fill 32 bytes; generated key bytes decode to binary.
const TYPED_PHRASE = /^[A-Za-z][A-Za-z_ .-]{7,}$/

/**
 * The words an assignment's name starts at (ASSIGN's group 1 spelt out, lowercase): the keyword
 * pass records where they occur, and ASSIGN runs only there instead of trying every position.
 */
/**
 * Words the generic pass only asks whether a text holds, for forms most files lack (a Terraform
 * `variable` block, `kubectl create secret --from-literal`): the engine's keyword pass records
 * them too, so a text whose lowercased form lacks one is not searched for it. Each search of a
 * text lacking the word read all of it: 300 ms of headscale's ~3 s (two-byte strings, 1 MB each).
 */
export const GENERIC_GATE_WORDS: readonly string[] = ['variable', '--from-literal']

/**
 * Whether `text` holds `word` (one of {@link GENERIC_GATE_WORDS}): `present`, the keywords of the
 * lowercased text when the keyword pass ran, says no without a search (a word absent from the
 * lowercased text is absent from the text); else `includes` answers.
 */
function holdsWord(text: string, word: string, present: ReadonlySet<string> | undefined): boolean {
  return (present === undefined || present.has(word)) && text.includes(word)
}

export const ASSIGNMENT_WORDS: readonly string[] = [
  'pass',
  'pwd',
  'secret',
  'token',
  'credential',
  'kek',
  ...['api', 'access', 'auth', 'private', 'shared', 'mac', ...PURPOSE_WORDS].flatMap((word) =>
    ['', '_', '.', '-'].map((sep) => `${word}${sep}key`),
  ),
  ...['', '_', '.', '-'].map((sep) => `client${sep}secret`),
  ...COOKIE_KEY_WORDS,
]
// The same words searched case-sensitively in the lowercased text, when no keyword pass ran.
const KEYWORD = new RegExp(ASSIGNMENT_WORDS.map((word) => word.replace('.', '\\.')).join('|'), 'g')

// What may follow the keyword inside a name (`password`, `db_password_b64`, `secret_key`...), also
// what a key is for (`access_key_encryption`, `AccessKeyEncryption`: the key that encrypts access keys).
const SUFFIX_OK =
  /^(?:s|[_.-]?\d+|[_.-]?(?:value|val|str|string|plain|plaintext|raw|data|b64|base64|key|key[_.-]?base|access[_.-]?key|secret|token|encryption))?$/i
// In an environment variable's name (capitals and `_`), a credential word may be followed by one
// more word (`VERY_SECRET_TOO`, `SUPER_SECRET_VALUES`), unless that word says the value is about the
// credential, not the credential (`TOKEN_TTL`, `PASSWORD_FILE`, `SECRET_NAME`).
const ENV_WORD_SUFFIX = /^_[A-Z]{2,12}$/
const META_WORD =
  /^(?:NAMES?|PATHS?|FILES?|DIR|URL|URI|REF|ENV|VAR|TTL|TYPE|KIND|MODE|LENGTH|LEN|SIZE|COUNT|HEADER|PARAM|FIELD|PREFIX|SUFFIX|ENABLED|REQUIRED|ARN|LOCATION|VERSION|EXPIRY|EXPIRES|EXPIRATION|TIMEOUT|PROVIDER|STORE|BACKEND|MANAGER|ENDPOINT|HOST|PORT|FORMAT|ALGORITHM|HASH|ROTATION|LIFETIME|AGE|ID|IDS|REGEX|PATTERN|LABEL|ANNOTATION|NAMESPACE|SOURCE|TARGET|ROLE|SCOPE|SCOPES|AUDIENCE|ISSUER|METHOD|RESET|CHANGE|POLICY|MIN|MAX|PROMPT|SET|USED|FOUND|MISSING|INVALID|EXPIRED|CACHE|DB|TABLE|MOUNT|VOLUME|KEYS|SECRETS|TOKENS|FILTER|QUERY|ATTRS?|ATTRIBUTE|COMMAND|CMD|SCRIPT|SCHEME)$/
// A root token's ID is the root token itself (Vault: `VAULT_DEV_ROOT_TOKEN_ID`, `-dev-root-token-id`),
// unlike the IDs of keys and clients (`access_key_id`, `client_id`), which name a credential.
const ROOT_TOKEN_ID_SUFFIX = /^[_.-]?id$/i
const ROOT_PREFIX = /root[_.-]?$/i

// A name saying its value names an environment variable (`clientSecretFromEnv`, `PASSWORD_ENV`).
const ENV_REFERENCE_SUFFIX = /^[_.-]?(?:from[_.-]?)?env(?:[_.-]?var(?:iable)?)?$/i
// What a variable can be called: a value no variable could be named (`U6Dt…~l12…-xs`) is the
// secret itself, written where the name of its variable belongs.
const ENV_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** True when `suffix` says the value names an environment variable but `value` could not name one. */
function envReferenceHoldsValue(suffix: string, value: string): boolean {
  return ENV_REFERENCE_SUFFIX.test(suffix) && !ENV_VARIABLE_NAME.test(value)
}

/** True when an environment variable's name goes on after its credential word with one word that is no meta word. */
function envNameWordSuffix(keyword: string, suffix: string, prefix: string): boolean {
  if (!ENV_WORD_SUFFIX.test(suffix) || !/^[A-Z]+$/.test(keyword) || !/^[A-Z\d_]*$/.test(prefix)) return false
  return !META_WORD.test(suffix.slice(1))
}

/** True when the name's `suffix` after its keyword may end a secret-like name (`prefix` precedes the keyword). */
function suffixOk(keyword: string, suffix: string, prefix: string): boolean {
  if (SUFFIX_OK.test(suffix)) return true
  if (envNameWordSuffix(keyword, suffix, prefix)) return true
  return /^token$/i.test(keyword) && ROOT_TOKEN_ID_SUFFIX.test(suffix) && ROOT_PREFIX.test(prefix)
}

// Names whose last word is one of these hold something else: `existingSecret`, `max_token_age`,
// `page.token`, `is-password-set`, `hashed_secret` (a digest kept in place of the secret, as
// detect-secrets' baseline files do). Whole words only: `ADMIN_PASSWORD` and `redisPassword` end in
// `min` and `is` and are passwords.
const PREFIX_BAD_WORD =
  /^(?:existing|next|page|csrf|xsrf|continuation|sync|cancellation|cancel|max|min|num|is|has|use|enable|enabled|show|hide|forgot|reset|no|with|without|public|pub|checksum|hash|hashed|sha\d*|digest|fingerprint|md5)$/i
// Words that end in `pass` when glued to it: `bypass`, `surpass`, `compass`, `encompass`, `trespass`.
const PASS_WORD_HEAD = /(?:by|sur|com|tres)$/i
// The last word of a name prefix: `ADMIN_` → `ADMIN`, `userMax` → `Max`, `page.` → `page`.
const LAST_WORD = /(?:[A-Z]?[a-z\d]+|[A-Z\d]+)[_./-]?$/

// A name that opens with one of these is a switch: `disableDefaultAdminSecret`, `USE_ADMIN_PASSWORD`.
const FLAG_WORD =
  /^(?:is|has|use|enable|enabled|disable|disabled|show|hide|no|with|without|skip|allow|require|required)$/i
// The first word of a name's last segment: `spec.disableDefaultAdmin` → `disable`.
const FIRST_WORD = /(?:^|[./])((?:[A-Z]?[a-z\d]+|[A-Z\d]+))(?=[^./]*$)/

// `PublicKeyToken=31bf…` (.NET strong names), `public_key_id`: a public key's token or ID is public.
const PUBLIC_KEY_HEAD = /public[_.-]?key[_.-]?$/i

/** True when the words before the keyword say the name holds something else than a secret. */
function prefixBad(prefix: string, keyword: string): boolean {
  if (/^pass/i.test(keyword) && PASS_WORD_HEAD.test(prefix)) return true
  if (PUBLIC_KEY_HEAD.test(prefix)) return true
  const word = LAST_WORD.exec(prefix)?.[0].replace(/[_./-]$/, '') ?? ''
  return PREFIX_BAD_WORD.test(word) || FLAG_WORD.test(FIRST_WORD.exec(prefix)?.[1] ?? '')
}

const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|py|go|java|kt|kts|scala|rb|php|cs|rs|swift|c|cc|cpp|h|hpp|sh|bash|zsh|ps1|groovy|dart|lua|r|pl|graphqls?|gql)$/i
const ENV_FILE = /(?:^|\/)\.env(?:\.[\w.-]+)?$|\.env$/i
const DOC_FILE = /\.(?:md|markdown|rst|adoc|txt|html?)$/i
// A translation file, by where it lives (`locales/`, `i18n/`, `lang/`, Android's `values-de/`, iOS's
// `de.lproj/`), by its format (gettext, XLIFF, .resx, .arb, .strings) or by a language code naming it
// (`de.json`, `lang.da-dk.json`, `messages_pt_BR.properties`): its values are UI text.
const LOCALE_DIR =
  /(?:^|\/)(?:i18n|l10n|locales?|langs?|languages?|translations?|values-[a-z]{2}(?:-r[A-Z]{2})?|[a-z]{2}(?:[-_][A-Za-z]{2,4})?\.lproj)\/|\.(?:po|pot|xliff|xlf|resx|arb|strings)$/i
const LOCALE_NAME =
  /(?:^|\/|(?:lang|locale|messages|strings|translations?)[._-])[a-z]{2}(?:[-_](?:[A-Z]{2}|[a-z]{2}|[A-Z][a-z]{3}))?\.(?:json|properties|php)$/
const MARKDOWN_FILE = /\.(?:md|markdown)$/i
const ASCIIDOC_FILE = /\.adoc$/i
// A fence opening (three or more backticks or tildes) and its info string: indented as far as a
// list item or a block quote nests it (`    ```` under `1.`), as READMEs write their steps.
const FENCE = /^[ \t>]{0,16}(`{3,}|~{3,})[ \t]*([\w+#.-]*)/
// Fenced languages whose lines are code (an unquoted value is an expression), not configuration.
const CODE_FENCE =
  /^(?:[cm]?[jt]sx?|javascript|typescript|python|py|go|golang|java|kotlin|kt|scala|ruby|rb|php|c|cpp|c\+\+|cs|csharp|rust|rs|swift|groovy|dart|lua|perl|r)$/i

// What may stand before a fence: a space, a tab, a block quote's `>`.
const FENCE_INDENT = new Set([32, 9, 62])

/** True when the line at `at` may open or close a fence (up to 16 spaces, tabs or `>`, then a backtick or a tilde): only such lines are cut out and matched. */
function mayBeFence(text: string, at: number): boolean {
  let i = at
  while (i < at + 16 && FENCE_INDENT.has(text.charCodeAt(i))) i++
  const c = text.charCodeAt(i)
  return c === 96 || c === 126
}

/**
 * Offsets [start, end) of the fenced blocks of a Markdown text that hold configuration or commands
 * (YAML, JSON, env, shell, no language): their lines are read as a config file's, not as prose.
 */
function configFences(text: string): [number, number][] {
  const ranges: [number, number][] = []
  let open: { marker: string; start: number; code: boolean } | undefined
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    const fence = mayBeFence(text, at) ? FENCE.exec(text.slice(at, Math.min(end, at + 80))) : null
    if (fence !== null) {
      const [, marker = '', info = ''] = fence
      if (open === undefined) open = { marker, start: end + 1, code: CODE_FENCE.test(info) }
      else if (
        marker.charAt(0) === open.marker.charAt(0) &&
        marker.length >= open.marker.length &&
        info === ''
      ) {
        if (!open.code) ranges.push([open.start, at])
        open = undefined
      }
    }
    at = end + 1
  }
  return ranges
}

function ruleIdFor(keyword: string): string {
  const k = keyword.toLowerCase()
  if (k.startsWith('pass') || k === 'pwd') return 'generic-password'
  if (k.startsWith('token')) return 'generic-token'
  if (PURPOSE_KEY.test(k)) return 'generic-secret'
  if (k.includes('key')) return 'generic-api-key'
  return 'generic-secret'
}

/** Start of the whole name: walk back over name characters (and `/` of annotation keys) from the keyword. */
function namePrefix(text: string, at: number): string {
  let i = at
  while (i > 0 && at - i < 40 && nameChar(text.charCodeAt(i - 1))) i--
  // `\u0026page_token=`: the name starts after a `\uXXXX` escape (`&` in Go's JSON), not inside it.
  if (text.charCodeAt(i - 1) === 92 && UNICODE_ESCAPE_TAIL.test(text.slice(i, Math.min(i + 5, at)))) i += 5
  return text.slice(i, at)
}

// What follows the `\` of a `\uXXXX` escape.
const UNICODE_ESCAPE_TAIL = /^u[0-9A-Fa-f]{4}$/

/** `[\w./-]` by character code (tested for every character walked back over). */
function nameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 45 && code <= 57) || // - . / and digits
    code === 95
  )
}

// `- name: DB_PASSWORD` followed by `value: ...` on the next line: container env, Helm extraEnv;
// also as JSON writes it (`"name": "COOKIE_SECRET",` then `"value": "…"`, a pod spec in JSON).
// Sticky, run only at the start of lines holding `name:` (found by indexOf): a multiline regex
// tried at every position of every YAML file cost ~8 % of a worker's time on chart collections.
const ENV_PAIR =
  /^[ \t]*-?[ \t]*"?name"?:[ \t]*["']?([A-Za-z_][\w.-]{0,80})["']?[ \t]*,?[ \t]*\r?\n[ \t]*"?value"?:[ \t]*(?:(["'])([^"'\r\n]{1,300})\2|([^\s"'#]{1,300})[ \t]*(?:#[^\n]*)?$)/my
const NAME_KEYWORD =
  /pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|client[_.-]?secret|shared[_.-]?key|mac[_.-]?key|(?:encryption|master|signing|session|cookie)[_.-]?key|cookie[_.-]?(?:hash|encryption)|kek|credentials?/gi

/** The generic rule a variable name belongs to, or undefined when it does not look secret-like. */
export function secretLikeName(name: string): string | undefined {
  NAME_KEYWORD.lastIndex = 0
  let result: string | undefined
  let match: RegExpExecArray | null
  while ((match = NAME_KEYWORD.exec(name)) !== null) {
    const suffix = name.slice(match.index + match[0].length)
    const prefix = name.slice(0, match.index)
    if (suffixOk(match[0], suffix, prefix) && !prefixBad(prefix, match[0])) result = ruleIdFor(match[0])
  }
  return result
}

/** The offset of the next `name:` or `name":` at or after `from`, or -1. */
function nextNameKey(text: string, from: number): number {
  for (let at = text.indexOf('name', from); at >= 0; at = text.indexOf('name', at + 4)) {
    const next = text.charCodeAt(at + 4)
    if (next === 58 || (next === 34 && text.charCodeAt(at + 5) === 58)) return at
  }
  return -1
}

/**
 * Every `name:`/`value:` pair, tried at the start of each line that holds `name:` or `name":` (and
 * lies in `windows`, when given: the name is on that line).
 */
function* envPairs(text: string, windows: LineWindows | undefined): Generator<RegExpExecArray> {
  // Line starts are tracked forward (never searched backwards) so many hits on one line stay linear.
  let lineStart = 0
  let lineEnd = text.indexOf('\n')
  let tried = -1
  let window = 0
  for (let at = nextNameKey(text, 0); at >= 0; at = nextNameKey(text, at + 4)) {
    while (lineEnd >= 0 && lineEnd < at) {
      lineStart = lineEnd + 1
      lineEnd = text.indexOf('\n', lineStart)
    }
    if (lineStart === tried) continue
    tried = lineStart
    if (windows !== undefined) {
      while ((windows[window]?.[1] ?? Infinity) < lineStart) window++
      if ((windows[window]?.[0] ?? Infinity) > lineStart) continue
    }
    ENV_PAIR.lastIndex = lineStart
    const match = ENV_PAIR.exec(text)
    if (match !== null) yield match
  }
}

/** Env pairs into `out`, at most `limit` of them; false when there were more. */
function findEnvPairs(
  text: string,
  stopwords: readonly string[],
  out: GenericMatch[],
  limit: number,
  windows: LineWindows | undefined,
): boolean {
  let count = 0
  for (const match of envPairs(text, windows)) {
    const [whole, name = '', , quoted, bare] = match
    const ruleId = secretLikeName(name)
    const value = quoted ?? bare ?? ''
    if (ruleId === undefined || !secretLikeValue(value, stopwords, ruleId === 'generic-password')) continue
    if (++count > limit) return false
    const valueAt = match.index + whole.lastIndexOf(value)
    out.push({ ruleId, start: valueAt, end: valueAt + value.length, secret: value })
  }
  return true
}

/** A match of a generic rule. */
export interface GenericMatch extends RawMatch {
  ruleId: string
}

const NAME_VALUE_LINE = /^[ \t]*["']?([\w.-]{1,80})["']?[ \t]*[=:][ \t]*["']?([^"'\r\n]*)/gm

/** String leaves of parsed JSON with their member names (bounded depth). */
function jsonPairs(node: unknown, name: string, out: [string, string][], depth = 0): void {
  if (depth > 8) return
  if (typeof node === 'string') out.push([name, node])
  else if (Array.isArray(node)) for (const item of node) jsonPairs(item, name, out, depth + 1)
  else if (typeof node === 'object' && node !== null)
    for (const [key, item] of Object.entries(node)) jsonPairs(item, key, out, depth + 1)
}

/**
 * False when decoded text is a small document — a JSON object, lines of `name = value` /
 * `name: value`, or a one-line list of pairs — none of whose members holds a secret (secret-named
 * ones a secret-like value; see {@link listHoldsSecret} for lists); true otherwise
 * (not a document, or one that assigns a secret).
 */
function documentAssignsSecret(text: string, stopwords: readonly string[]): boolean {
  const list = assignmentList(text) // `uid=dillon,ou=people,dc=min,dc=io`
  if (list !== undefined) return listHoldsSecret(list, stopwords)
  const pairs: [string, string][] = []
  if (/^\s*\{/.test(text)) {
    try {
      jsonPairs(JSON.parse(text), '', pairs)
    } catch {
      return true
    }
  } else {
    for (const [, name = '', value = ''] of text.matchAll(NAME_VALUE_LINE)) pairs.push([name, value.trim()])
    if (pairs.length < 2) return true
  }
  return pairs.some(
    ([name, value]) => secretLikeName(name) !== undefined && secretLikeValue(value, stopwords, true),
  )
}

// `FwoGZXIvYXdzEBYaD...`, `IQoJ...Ek8=`: an example cut short or elided in documentation or a test.
const TRUNCATED = /\.{3}|…/

// A version constraint: versions with operators, joined by `,`, `|` or `||` (composer.lock's
// advisories list `"vendor/fe_change_pwd": "<2.0.5|>=3,<3.0.3"`), at least one operator or separator.
// One separator between items, so no digit run can be split two ways.
const VERSION_ITEM = String.raw`(?:[<>]=?|[=!]=|[~^])?v?\d+(?:\.(?:\d+|[x*]))*(?:-(?:dev|alpha|beta|rc|RC|patch)[\d.]*)?`
const VERSION_CONSTRAINT = new RegExp(
  `^(?=[^<>=~^|,]*[<>=~^|,])${VERSION_ITEM}(?:(?:[ ,]{1,4}|\\|\\|?)${VERSION_ITEM}){0,20}$`,
)

// A JWT's three parts (the signature may be cut off): judged as the JWT rule judges one.
const JWT_SHAPE = /^eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]*$/
const JWT_HEAD = /^eyJ[\w-]{4,}\.[\w-]+(?:\.[\w-]*)?$/

function notRandomText(text: string, stopwords: readonly string[], depth = 0): boolean {
  if (text.length < 6 || isPlaceholder(text, stopwords) || isDemoValue(text) || looksLikeWords(text))
    return true
  if (isAddress(text)) return true // `https://hooks.slack.com/services/`: an address, not a secret
  // Base64 of a JWT (a test's service-account token encoded again) is judged as the JWT rule judges one.
  if (JWT_HEAD.test(text) && !(JWT_SHAPE.test(text) && jwtOk(text))) return true
  // Base64 twice over (a Secret's `data` holding already-encoded text) is judged by the inner text.
  const inner = depth === 0 ? decodedText(text) : undefined
  if (inner !== undefined) return notRandomText(inner.trim(), stopwords, depth + 1)
  // Decoded text of words with punctuation between them (`--BEGIN \`PRIVATE `) is prose, not a secret,
  // as is a sentence (`this should not appear in output`, a test's marker encoded).
  return (/\s/.test(text) && looksLikeWords(text.replace(/[^A-Za-z0-9]+/g, ' ').trim())) || readsAsProse(text)
}

/**
 * True when decoded text names itself a credential in one piece, no document around it
 * (`my-secret-key-which-should-be-changed-in-production…`, `a_not_so_secure_encryption_key`): base64
 * of what the value filters drop as written (`/password|secret|token/`), or of a purpose key's name. `user:token` pairs and `key=value` lines are documents.
 */
function namesCredential(text: string): boolean {
  return (
    /password|secret|token|(?:encryption|master|signing|session|cookie)[_.-]?key/i.test(text) &&
    !/[\s:=]/.test(text)
  )
}

/** True when `value` is the name of a variable (`SABNZBD__API_KEY`, `GITLAB_API_TOKEN`), not its value. */
export function isVariableName(value: string): boolean {
  return /^[A-Z]+(?:__?[A-Z]+\d?)+$/.test(value) || NESTED_NAME.test(value) || isFieldName(value)
}

// A nested setting's name in an environment variable, its sections joined by `__` (.NET's and the
// *arr/SABnzbd apps' `SAB__misc__nzb_key`, `ConnectionStrings__Default`): pieces of letters only.
const NESTED_NAME = /^[A-Za-z]{2,30}(?:__[A-Za-z]{2,30}(?:_[A-Za-z]{2,30}){0,4}){1,6}$/

// Joined pieces ending in a word that names a field (`rb5009_username`, `some_U002D_key`): an
// ExternalSecret `secretKey` or a map key, which names a value. Random text ends in no such word.
const FIELD_NAME =
  /^[A-Za-z][A-Za-z0-9]{0,30}(?:[_.-][A-Za-z0-9]{1,30}){0,6}[_.-](?:user(?:name)?|login|email|key|id|name)$/i

// A piece of 8+ characters mixing small letters, capitals and digits: random text, as no field name
// is spelt (`SCNXvnlk5C0` of a random password that ends in `_ID` by chance, 1 in ~30,000).
const RANDOM_PIECE = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\D*\d)[A-Za-z0-9]{8,}$/

// The same written in camelCase (`protonvpnWireguardPrivateKey`, an ExternalSecret `secretKey`):
// letters only, each capital opening a word. Random text seldom alternates so and ends in a field word.
const CAMEL_FIELD_NAME = /^[a-z]{2,20}(?:[A-Z][a-z]{1,20}){0,8}(?:User(?:name)?|Login|Email|Key|Id|ID|Name)$/

/** True when `value` names a field (pieces joined by `_`, `.` or `-`, or camelCase; the last one `username`, `key`…). */
function isFieldName(value: string): boolean {
  if (value.length > 80) return false
  if (CAMEL_FIELD_NAME.test(value)) return true
  if (!FIELD_NAME.test(value)) return false
  return !value.split(/[_.-]/).some((piece) => RANDOM_PIECE.test(piece))
}

// A relative path to a file named by its extension, perhaps at a ref (`org/repo/.github/workflows/ci.yml@main`,
// `config/secrets/app.yaml`): names where a value is kept. Base64 ends in no dotted extension of letters.
const FILE_REFERENCE =
  /^(?:\.{0,2}\/)?(?:[\w.-]{1,100}\/){1,20}[\w-][\w.-]{0,100}\.(?:ya?ml|json|toml|ini|conf|cfg|env|properties|xml|txt|md|sh|py|js|ts|go|rb|tf|hcl|pem|crt|key|p12|pfx|jks|gpg|asc|age)(?:@[\w./-]{1,100})?$/

/** True when `value` is a relative path to a file (perhaps at a git ref): where a value is, not the value. */
export function isFileReference(value: string): boolean {
  return value.length <= 512 && FILE_REFERENCE.test(value)
}

// A command-line flag listed after a name (`[]string{"test-secret", "--namespace=test-ns"}`).
// Lowercase words joined by hyphens: a random value that opens with `-` (`-yP-TI8bvsx…`) is no flag.
const CLI_FLAG = /^--?[a-z]{2,}(?:-[a-z0-9]+)*(?:=|$)/
// Code after a string literal closed (`'),d?_.a.createElement('` in minified JavaScript).
const CODE_AFTER_STRING = /^['"`]?[)\]}][,;.)?:]/

// Two letters or digits in a value (a test, not a list of every match made per candidate).
const TWO_LETTERS = lazyRegExp(() => /[\p{L}\p{N}][^\p{L}\p{N}]*[\p{L}\p{N}]/u)

// The shortest value secretLikeValue accepts (relaxed, and not); a shorter one is dropped before other checks.
const SHORTEST_VALUE = 6
const SHORTEST_STRICT = 8

// A lowercase name (`drift-value`, `tea.v`): what names a thing, not a generated value.
const NAME = /^[a-z]+(?:[-_.][a-z]+)*$/

/** True when `value` is a Helm `--set` list (`{a,b}`) of two or more names. */
function nameList(value: string): boolean {
  if (!value.startsWith('{') || !value.endsWith('}') || !value.includes(',')) return false
  return value
    .slice(1, -1)
    .split(',')
    .every((item) => NAME.test(item))
}

/**
 * True when a list of pairs (`uid=dillon,ou=people`, `DAYTONA_API_URL=https://…`, a SAS token's
 * `sv=…&sig=…`) holds a secret: a random-looking member whatever its name, or a password-like one
 * under a secret-like name.
 */
export function listHoldsSecret(pairs: readonly ConfigPair[], stopwords: readonly string[]): boolean {
  return pairs.some((pair) =>
    Object.entries(pair).some(
      ([name, value]) =>
        memberLikeSecret(value, stopwords, false) ||
        (secretLikeName(name) !== undefined && memberLikeSecret(value, stopwords, true)),
    ),
  )
}

/** {@link secretLikeValue} for a member of a list: not read as a list again. */
function memberLikeSecret(value: string, stopwords: readonly string[], relaxed: boolean): boolean {
  return secretLikeValue(value, stopwords, relaxed, false)
}

/**
 * The length and entropy gates of {@link secretLikeValue} alone: a cheap test that, when false,
 * says secretLikeValue is false too (for callers that judge many candidates).
 */
export function valueGatesPass(value: string, relaxed = false): boolean {
  const shortest = relaxed ? SHORTEST_VALUE : SHORTEST_STRICT
  return (
    value.length >= shortest &&
    value.length <= 300 &&
    shannonEntropy(value) >= (relaxed ? 2.5 : strictGate(value))
  )
}

/**
 * Value filters shared with analysers: true when `value` is worth reporting under a secret-like
 * name. A value that is itself a list of pairs is judged by its members (`lists`: read it so).
 */
export function secretLikeValue(
  raw: string,
  stopwords: readonly string[],
  relaxed = false,
  lists = true,
): boolean {
  const value = unescapedText(raw) // `\u5bc6\u94a5`: judged as the word it spells
  if (value.length < (relaxed ? SHORTEST_VALUE : SHORTEST_STRICT) || value.length > 300) return false
  // A Django key's `=`, `$ab`, `v()`, `-ab`, `%(ab)s` or `a=b&` is chance, not syntax (django-keys.ts).
  const django = isDjangoSecretKey(value)
  if (/\s/.test(value) || (value.startsWith('=') && !django)) return false
  if (!TWO_LETTERS().test(value)) return false // punctuation (`,.:-@*?!`): typed, not generated
  const list = lists && !django ? assignmentList(value) : undefined
  if (list !== undefined) return listHoldsSecret(list, stopwords)
  // The last test first: every test below only drops values, and this one costs a count of the
  // characters (most values the filters would judge one by one fail it: `app12`, `admin`).
  if (shannonEntropy(value) < (relaxed ? 2.5 : strictGate(value))) return false
  if (!django && (CLI_FLAG.test(value) || CODE_AFTER_STRING.test(value))) return false
  if (/^\d+$/.test(value) || NAME.test(value)) return false // numbers, names
  if (nameList(value)) return false // `imagePullSecrets={fr,en,de}`: a Helm `--set` list of names
  if (startsAsUrl(value)) return false // URLs (`s3:https://…` too): the URL rules judge those
  // Versions (`^4.0.17`: a range; `5.1.1(@types/node@24.3.0)`: pnpm's lockfile adds the peers), durations.
  if (/^[~^]?\d+(?:\.\d+)+(?:\(.*)?$|^\d+[smhdw]$/.test(value)) return false
  if (VERSION_CONSTRAINT.test(value)) return false // Composer's `<2.0.5|>=3,<3.0.3`
  if (isVariableName(value) || isAlgorithmName(value)) return false // `GITLAB_API_TOKEN`, `aes-xts-plain64`
  if (isFileReference(value)) return false // `config/app.yaml`, a reusable workflow's `…/ci.yml@main`
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(value)) return false // `1.25e-07`: a number (cost per token)
  if (TIMESTAMP.test(value)) return false // `"access_token": "2022-08-25T09:26:05Z"`: an expiry, by token type
  if (
    /^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-|age1[a-z0-9]{20,}|-----BEGIN (?:CERTIFICATE|PUBLIC KEY))/.test(
      value,
    )
  )
    return false
  const judged = django ? djangoKeyText(value) : value
  if (isPlaceholder(judged, stopwords) || looksLikeReference(judged)) return false
  if (madeUpGithubToken(value)) return false // GitHub's shape is fixed: a real one is the provider rule's
  // jwt.io's sample, signed or cut before its signature; a JWT's header and claims alone, or bent by a test.
  if (JWT_HEAD.test(value) && !(JWT_SHAPE.test(value) && jwtOk(value))) return false
  if (CREDENTIAL_WORD.test(value) || TRUNCATED.test(value)) return false
  // `kanidm-hmac-key-v2`: a label naming a key, not one (`session-key-<24 hex>` holds a random piece).
  if (KEY_WORD.test(value) && !LONG_PIECE.test(value)) return false
  if (FORMAT_FIELD.test(value)) return false // `"Ansible-{0}-{1}".format(…)`, PHP's `"…{$i}"`: filled at run time
  if (PYTHON_OBJECT_REFERENCE.test(value)) return false // `kolla_ansible.cmd.genpwd:main`: an entry point
  if (FILL_IN_TAIL.test(value)) return false // `root@pam!tofu=<UUID>`: the secret part is a fill-in
  if (isDemoValue(value)) return false // `S3cr3tP@ss`, `my-password`: written to stand for one
  if (!django && isPasswordHash(value)) return false // a hash of the password (a Django key opening `$y$` is none)
  // Words name things (`custom-CA`, `featureNewUI`); under a password name in a config file a word
  // ending in digits (`hunter22`) is still taken for a password, a name with digits inside a word
  // (`n8n-green-app`) is not.
  if (looksLikeWords(value) && !(relaxed && /\d$/.test(value))) return false
  // Words wrapped in punctuation (`>invalid-base64-url-encoded-mac-key<`, a test's bad input) read as the words.
  const inside = value.replace(WRAPPING(), '')
  if (inside !== value && looksLikeWords(inside) && !(relaxed && /\d$/.test(inside))) return false
  // Read whole: a value is at most 300 characters here (base64 of a record such as
  // `{"secrets":[{"alg":"sha256","hash":…}]}` runs past decodedText's default 256).
  const decoded = decodedText(value, 300)
  if (decoded !== undefined && notRandomText(decoded.trim(), stopwords)) return false // base64 of `test-password`
  if (decoded !== undefined && isPasswordHash(decoded.trim())) return false // base64 of a hash
  if (decoded !== undefined && namesCredential(decoded.trim())) return false // as the value itself would be
  // Base64 of a small document (a JWT header alone, `[default]\naws_access_key_id=<id>`) is judged by
  // what it assigns.
  if (decoded !== undefined && !documentAssignsSecret(decoded, stopwords)) return false
  // Base32 of typed text (a test's TOTP secret: `GEZDGNBV…` is `1234567890…`) is judged by the text.
  const decoded32 = decoded === undefined ? decodedBase32Text(value) : undefined
  if (decoded32 !== undefined && notRandomText(decoded32.trim(), stopwords, 1)) return false
  // Hex of typed text (`746869732073…`: `this should not appear…`, a test's marker) likewise.
  const decodedHex = decodedHexText(value)
  if (decodedHex !== undefined && notRandomText(decodedHex.trim(), stopwords, 1)) return false
  return true
}

// A credential's word inside the value (`k5-ai-credentials`, `X-NuGet-ApiKey`, `_htpasswd`,
// `@refsec/…-apikey/apikey`): the value names a credential — a Secret, a header, a variable, a
// reference — and is not one. Random text spells none (six letters or more, or `token`).
const CREDENTIAL_WORD =
  /password|secret|token|credential|passwd|api[_.-]?key|access[_.-]?key|private[_.-]?key/i

// `key` (or `hmac`) as a word inside the value, between separators: random text almost never spells
// it so (at its end, `…_key` happens: a field word by chance).
const KEY_WORD = /[-_.:/](?:key|hmac)[-_.:/]/i
const LONG_PIECE = /[A-Za-z0-9]{12}/

// A Python object reference (`package.module:function`): a console-script entry point or a plugin
// named in pyproject.toml/setup.cfg under a command's name (`kolla-genpwd = …`, held-out-28).
const PYTHON_OBJECT_REFERENCE =
  /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+:[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$/i

// A positional format field (Python's `str.format`, C#'s `string.Format`) or PHP's `{$name}` interpolation.
const FORMAT_FIELD = /\{\d{1,2}\}|\{\$[A-Za-z_]\w{0,40}\}/

// A value whose last part, after `=` or `:`, is an angle-bracket fill-in (Proxmox's API token
// `USER@REALM!TOKENID=<UUID>`, `user:<password>`): the part that would be secret is not there.
const FILL_IN_TAIL = /[=:]<[^<>\s]{1,80}>$/

// An ISO 8601 / RFC 3339 date or timestamp (`2022-08-25`, `2022-08-25T09:23:04.432089764Z`,
// `2024-01-02T03:04:05+01:00`): a time, which maps keyed by token type hold (`expires_at`).
const TIMESTAMP =
  /^\d{4}-[01]\d-[0-3]\d(?:T[0-2]\d:[0-5]\d(?::[0-6]\d(?:\.\d{1,9})?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?$/

// Punctuation opening or closing a value (bounded: a value is at most 300 characters).
const WRAPPING = lazyRegExp(() => /^[^\p{L}\p{N}]{1,8}|[^\p{L}\p{N}]{1,8}$/gu)

// Random letters and digits score below the strict gate's 3.0 bits often when short (38 % of
// 8-character values, 14 % of 10): a value mixing capitals, small letters and digits, nothing else,
// need only reach what about 99 % of random values of its length score (log2(length) − 0.7, measured;
// never below the relaxed gate's 2.5).
const MIXED_ALNUM = /^(?=[^A-Z]*[A-Z])(?=[^a-z]*[a-z])(?=\D*\d)[A-Za-z0-9]+$/

/** The entropy `value` needs under a strict judgement: 3.0 bits, less for short mixed-case alphanumerics. */
function strictGate(value: string): number {
  return MIXED_ALNUM.test(value) ? Math.min(3, Math.max(2.5, Math.log2(value.length) - 0.7)) : 3
}

/**
 * Every assignment match: at each start of one of {@link ASSIGNMENT_WORDS} (`starts`, from the
 * keyword pass, or found here in the lowercased text), or by a full scan as a fallback when
 * lowercasing changes the text's length (only `İ` does: it becomes `i` plus a combining dot).
 */
function* assignments(text: string, starts: Offsets | undefined): Generator<RegExpExecArray> {
  if (text.includes('\u0130')) {
    ASSIGN_SCAN.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = ASSIGN_SCAN.exec(text)) !== null) {
      if (match[0].length === 0) ASSIGN_SCAN.lastIndex++
      yield match
    }
    return
  }
  let from = 0
  for (const at of starts ?? keywordStarts(text)) {
    if (at < from) continue // inside the previous assignment
    ASSIGN.lastIndex = at
    const match = ASSIGN.exec(text)
    if (match !== null && match[0].length > 0) {
      from = match.index + match[0].length
      yield match
    }
  }
}

/**
 * The lines holding one of `starts` (ascending offsets), as windows of whole lines without their
 * line break; adjacent lines form one window. Each character is looked at once.
 */
function keywordLines(text: string, starts: Offsets): [number, number][] {
  const windows: [number, number][] = []
  let end = -1
  for (const at of starts) {
    if (at <= end) continue // on a line already taken
    const from = text.lastIndexOf('\n', at - 1) + 1
    const next = text.indexOf('\n', at)
    const last = windows.at(-1)
    if (last !== undefined && from === end + 1) last[1] = next < 0 ? text.length : next
    else windows.push([from, next < 0 ? text.length : next])
    end = next < 0 ? text.length : next
  }
  return windows
}

/** Start offsets of {@link ASSIGNMENT_WORDS} in `text`, case-insensitively, ascending. */
function* keywordStarts(text: string): Generator<number> {
  const lower = text.toLowerCase()
  KEYWORD.lastIndex = 0
  let hit: RegExpExecArray | null
  while ((hit = KEYWORD.exec(lower)) !== null) {
    yield hit.index
    KEYWORD.lastIndex = hit.index + 1
  }
}

// A URL's host (`http://llama-strix.llm:8080`): one pass per file, bounded pieces. What comes
// before `@` is a user or a token (`https://<token>@github.com`), never a host.
const URL_HOST = /:\/\/([\w-]{1,63})((?:\.[\w-]{1,63}){0,10})(?=[/\s"'?#,)]|:\d|$)/g

// A `name` member's value (`- name: tea-post`, `"name": "coffee"`): what the file defines under that name.
const DEFINED_NAME = /(?<![\w.-])name["']?[ \t]{0,4}[:=][ \t]{0,4}["']?([A-Za-z0-9][\w.-]{0,79})/g

/**
 * Host names of the URLs in `text` and their first labels (`llama-strix.llm`, `llama-strix`), and
 * the names the file defines. A value that is one (`apiKey: llama-strix` beside `apiBase:
 * http://llama-strix.llm:8080`; NGINX's `pass: tea-post` beside the upstream `name: tea-post`)
 * names a service or an object: a secret never names a host or anything else in its file.
 */
function namesInFile(text: string): Set<string> {
  const names = new Set<string>()
  for (const [, label = '', rest = ''] of text.matchAll(URL_HOST)) names.add(label).add(label + rest)
  for (const [, name = ''] of text.matchAll(DEFINED_NAME)) names.add(name)
  return names
}

/** `value` lowercased with everything but letters and digits left out. */
function lettersOf(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '')
}

// A fill-in in angle brackets on one line (`<incident.io API token>`), bounded.
const FILL_IN = /^<[^<>\r\n]{1,80}>/

// What follows a bare value that stopped at `#`: bounded, so a line of many matches stays linear.
const HASH_TAIL = /#[^\s"'`]{0,120}/y

/**
 * The rest of a bare value at `at` when it goes on through `#` (`<path:kv/app#password>`,
 * `abc#def`): `#` starts a comment only after a space. Empty when the value ended there.
 */
function hashTail(text: string, at: number): string {
  if (text.charCodeAt(at) !== 35) return ''
  HASH_TAIL.lastIndex = at
  return HASH_TAIL.exec(text)?.[0] ?? ''
}

// An access key's ID: letters and digits only, as AWS, S3-compatible stores and MinIO issue them,
// or base64 (Ceph RGW docs: `"access_key": "aSw4blZI…="` (20 base64 characters), and that again in a Secret's data).
const KEY_ID = /^[A-Za-z0-9+/]{16,40}={0,2}$/
// A qualifier that makes an access key the secret itself (Azure's `primary_access_key`, `SharedAccessKey`).
const SECRET_QUALIFIER = /(?:secret|shared|primary|secondary|storage|account)[_.-]?$/i
// The secret half of a key pair, named near its ID (`secret_key:`, `secretAccessKey`, `AWS_SECRET_ACCESS_KEY`).
const SECRET_HALF = /secret[_.-]?(?:access[_.-]?)?key/i
// How far around an access key its secret half is looked for: a few lines of the same block.
const PAIR_WINDOW = 240

/**
 * True when an `access_key` (`accessKey`, `ACCESS_KEY`) assignment holds the ID half of a key pair:
 * the value is shaped like a key ID and the pair's secret half is named within a few lines. The
 * ID alone opens nothing; the secret half is reported where it is written in plain text.
 */
function accessKeyId(
  text: string,
  at: number,
  keyword: string,
  suffix: string,
  prefix: string,
  value: string,
): boolean {
  if (!/^access[_.-]?key$/i.test(keyword) || suffix !== '' || SECRET_QUALIFIER.test(prefix)) return false
  if (!KEY_ID.test(value)) return false
  return SECRET_HALF.test(text.slice(Math.max(0, at - PAIR_WINDOW), at + PAIR_WINDOW))
}

// Fields Kubernetes resources name a Secret object in by what it holds (CloudNativePG's
// `serverTLSSecret`, Percona's and Velero's `credentialsSecret`, `caSecret`): the name ends so.
const SECRET_OBJECT_FIELD = /(?:tls|ca|cert|certificate|credentials?|creds|keystore|truststore)[_.-]?secret$/i
// What such a field holds: the Secret's name, a DNS subdomain name in two or more pieces (`pg18vc-tls`).
const OBJECT_NAME = /^[a-z0-9]+(?:[.-][a-z0-9]+)+$/

// A name saying its value was encrypted or hashed for storage (`encryptedPassword`, `crypted_pass`).
const ENCRYPTED_HEAD = /(?:en)?crypted[_.-]?$/i

/** True when a field named for what its Secret holds (`serverTLSSecret`) holds a Secret's name, not a value. */
function namesSecretObject(name: string, value: string): boolean {
  return SECRET_OBJECT_FIELD.test(name) && OBJECT_NAME.test(value)
}

/**
 * True when a Secret's field `key` holds the ID half of a key pair: named `access_key` (`access-key`,
 * `accessKey`), `value` shaped like a key ID, and the pair's secret half named among the Secret's
 * fields (`keys`, listed on demand): Ceph RGW's multisite realm Secrets hold `access-key` and `secret-key`.
 */
export function pairedAccessKeyId(key: string, value: string, keys: () => readonly string[]): boolean {
  return /^access[_.-]?key$/i.test(key) && KEY_ID.test(value) && keys().some((name) => SECRET_HALF.test(name))
}

// Algolia's search UI (DocSearch, and the docs sites built on it: VitePress, Docusaurus, Docsy) is
// configured with an `apiKey` beside its `indexName`: a search-only key every visitor's browser
// receives, public by design. An `apiKey` without Algolia and an index named beside it is judged as any other.
const SEARCH_INDEX = /\bindexName\b/
const SEARCH_UI = /docsearch|algolia/i

// Keys their vendors issue for browsers and apps, public by design: PostHog project keys (`phc_`,
// write-only), Stripe publishable keys (`pk_live_`, `pk_test_`), Mapbox public tokens (`pk.eyJ…`).
// Their secret kin (`phx_`, `sk_`, `sk.eyJ…`) stay findings.
const PUBLIC_CLIENT_KEY =
  /^(?:phc_[A-Za-z0-9]{32,64}|pk_(?:live|test)_[A-Za-z0-9]{20,128}|pk\.eyJ[\w-]{10,400}\.[\w-]{10,100})$/

/** True when an `apiKey` is Algolia's search-only key: an index and DocSearch or Algolia named within a few lines. */
function searchOnlyKey(text: string, at: number, keyword: string, suffix: string): boolean {
  if (!/^api[_.-]?key$/i.test(keyword) || suffix !== '') return false
  const around = text.slice(Math.max(0, at - PAIR_WINDOW), at + PAIR_WINDOW)
  return SEARCH_INDEX.test(around) && SEARCH_UI.test(around)
}

// An ACME challenge (RFC 8555 §8): an object or struct named a challenge, or one of a challenge
// type (`http-01`, `dns-01`, `tls-alpn-01`, `wire-oidc-01`, `device-attest-01`).
const ACME_CHALLENGE = /challenge[ \t]*\{|["'](?:http|dns|tls-alpn|wire-oidc|wire-dpop|device-attest)-01["']/i
// How far before a `token` its challenge is looked for: the few lines of one object.
const CHALLENGE_REACH = 160

/**
 * True when a bare `token` is an ACME challenge's: the CA gives it out and the client serves it at
 * a public URL (`/.well-known/acme-challenge/<token>`) or in a DNS record, so it is no credential
 * (`&Challenge{Token: "…"}` in an ACME client's or CA's tests, `{"type": "http-01", "token": "…"}`).
 */
function acmeChallengeToken(
  text: string,
  at: number,
  keyword: string,
  suffix: string,
  prefix: string,
): boolean {
  if (!/^token$/i.test(keyword) || suffix !== '' || prefix !== '') return false
  return ACME_CHALLENGE.test(text.slice(Math.max(0, at - CHALLENGE_REACH), at))
}

// A password kept hashed has its salt named beside it (`'passwordSalt' => …`, `salt:`), and its value
// has a digest's shape: hex of 16–64 bytes, or padded base64 of 16, 20, 32, 48 or 64 bytes.
const SALT_NAME = /salt["']?[ \t]{0,4}(?:=>|[:=])/i
const DIGEST_SHAPE =
  /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}|[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{27}=|[A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{64}|[A-Za-z0-9+/]{86}==)$/i

/**
 * True when a password-named value is the password's hash: digest-shaped, with a salt named within
 * a few lines (Appwrite's and Firebase's scrypt imports write `password`, then `passwordSalt`).
 */
function hashBesideSalt(text: string, at: number, value: string): boolean {
  if (!DIGEST_SHAPE.test(value)) return false
  return SALT_NAME.test(text.slice(Math.max(0, at - PAIR_WINDOW), at + value.length + 2 * PAIR_WINDOW))
}

/** What {@link findGeneric} found, and whether a pass stopped at its limit. */
export interface GenericResult {
  matches: GenericMatch[]
  /** True when one of the passes found more than its limit of matches and stopped there. */
  capped: boolean
}

/**
 * The bare value at `at` that opens `ENC[AES256_GCM`: undefined when it is genuine sops ciphertext,
 * else the lookalike up to its `]`.
 */
function forgedEncryptedValue(text: string, at: number): string | undefined {
  if (encryptedValueLengthAt(text, at) > 0) return undefined
  FORGED_ENC.lastIndex = at
  return FORGED_ENC.exec(text)?.[0] ?? ENCRYPTED_VALUE_HEAD
}

/** A lookalike of a sops value: up to its closing `]` or the end of the token, at most 300 characters. */
const FORGED_ENC = /ENC\[[^\s\]"'`]{0,290}\]?/y

/**
 * Find generic secret assignments in `text` of the file at `path`; each pass (assignments, env
 * name/value pairs, other named-value forms) stops after `limit` matches, since every match costs
 * the value filters and a crafted file can hold one every few bytes; the assignment pass also
 * stops after `checkedLimit` candidates, kept or not (each costs its filters too). `starts`: where
 * the keyword pass saw {@link ASSIGNMENT_WORDS} start, ascending (searched here when not given).
 */
export function findGeneric(
  text: string,
  path: string,
  stopwords: readonly string[],
  limit = Infinity,
  starts?: Offsets,
  checkedLimit = Infinity,
  present?: ReadonlySet<string>,
): GenericResult {
  const scan = genericScan(text, path, stopwords, present)
  const out: GenericMatch[] = []
  let capped = false
  let count = 0
  let checked = 0
  for (const match of assignments(text, starts)) {
    if (++checked > checkedLimit) {
      capped = true
      break
    }
    const found = assignmentMatch(scan, match)
    if (found === undefined) continue
    if (++count > limit) {
      capped = true
      break
    }
    out.push(found)
  }
  // A name the env pairs and other named forms keep holds a keyword: only its lines need a look.
  const windows = starts === undefined ? undefined : keywordLines(text, starts)
  if (!scan.code && !scan.docs && !findEnvPairs(text, stopwords, out, limit, windows)) capped = true
  if (addNamedValues(scan, out, limit, windows)) capped = true
  if (
    text.includes('-') &&
    addCliOptions(scan, out, limit, windows ?? keywordLines(text, [...keywordStarts(text)]))
  )
    capped = true
  if (
    text.includes('(') &&
    addCallArguments(scan, out, limit, windows ?? keywordLines(text, [...keywordStarts(text)]))
  )
    capped = true
  if (scan.markdown && scan.fences.length > 0) {
    if (addBlockValues(scan, commandOutputs(text, scan.fences), out, limit)) capped = true
  }
  if (scan.yaml) {
    const lines = windows ?? keywordLines(text, [...keywordStarts(text)])
    if (addBlockValues(scan, listItemsUnderKeys(text, lines), out, limit)) capped = true
  }
  if (scan.go && text.includes('[]byte("') && addGoSecretData(scan, out, limit)) capped = true
  if (holdsWord(text, '--from-literal', present) && addSecretLiterals(scan, out, limit)) capped = true
  return { matches: outsideAnsibleDocs(text, path, out), capped }
}

/** `matches` without those inside a Python file's Ansible documentation blocks (examples, not settings). */
function outsideAnsibleDocs(text: string, path: string, matches: GenericMatch[]): GenericMatch[] {
  if (matches.length === 0 || !path.endsWith('.py')) return matches
  const blocks = ansibleDocBlocks(text)
  return blocks.length === 0 ? matches : matches.filter((match) => !insideRange(blocks, match.start))
}

/** What {@link findGeneric}'s judgements know of the file; built once per file, so no match allocates it. */
interface GenericScan {
  readonly text: string
  readonly path: string
  readonly stopwords: readonly string[]
  /** The keywords of the lowercased text, when the keyword pass ran (see {@link holdsWord}). */
  readonly present: ReadonlySet<string> | undefined
  /** A source-code file: an unquoted value is an expression. */
  readonly code: boolean
  /** An env file: every value is judged leniently. */
  readonly relaxed: boolean
  /** A documentation file: only quoted values and config fences count. */
  readonly docs: boolean
  /** A translation file: a value that reads as a label (`App-adgangskode`) is UI text. */
  readonly locale: boolean
  /** A Go file: byte-map entries (`"name": []byte("…")`) are judged too. */
  readonly go: boolean
  /** A shell script: an unquoted word that expands nothing is a literal value, not an expression. */
  readonly shell: boolean
  /** A Markdown file: an unquoted word in an inline code span is a literal too. */
  readonly markdown: boolean
  /** A YAML file: items listed under a secret-like key are judged too. */
  readonly yaml: boolean
  /** A Markdown or AsciiDoc file's config and console blocks, [start, end) ascending. */
  readonly fences: readonly (readonly [number, number])[]
  /** True inside a Markdown fenced config block; offsets must be asked in ascending order. */
  readonly inConfigFence: (at: number) => boolean
  readonly inTemplateAction: (at: number) => boolean
  /** True when the value is a host of a URL in the file or a name it defines (collected on first use). */
  readonly namesHost: (value: string) => boolean
  /** True when a hex value is the digest of a word on its line or the line above (`'…', // appwrite`): a hash in view. */
  readonly digestOfLineWord: (value: string, at: number) => boolean
  /** True inside a Go raw string spanning lines (a YAML config a test writes): its lines are config. */
  readonly inRawString: (at: number) => boolean
  /** True inside an enum declaration's body (code files): its members are named constants. */
  readonly inEnumBody: (at: number) => boolean
}

/**
 * The words of the line around offset `at` and of the line above it (at most 16 of up to 64
 * characters each per line): texts a digest there may hash (`# sha256 of 'token'` over a fixture's
 * `token: <digest>`).
 */
function lineWords(text: string, at: number): string[] {
  const start = text.lastIndexOf('\n', at) + 1
  const end = text.indexOf('\n', at)
  const wordsOf = (from: number, to: number): string[] =>
    (text.slice(from, Math.min(to, from + 4096)).match(/[\p{L}\p{N}_.@+-]{1,64}/gu) ?? []).slice(0, 16)
  const above = start === 0 ? [] : wordsOf(text.lastIndexOf('\n', start - 2) + 1, start - 1)
  return [...wordsOf(start, end < 0 ? text.length : end), ...above]
}

/** The per-file facts of {@link GenericScan}. */
function genericScan(
  text: string,
  path: string,
  stopwords: readonly string[],
  present: ReadonlySet<string> | undefined,
): GenericScan {
  const code = CODE_FILE.test(path)
  const relaxed = ENV_FILE.test(path)
  const docs = DOC_FILE.test(path)
  const locale = LOCALE_DIR.test(path) || LOCALE_NAME.test(path)
  // Markdown's fenced config blocks are read as config files; `fence` walks them forward with the matches.
  const fences = !docs
    ? []
    : MARKDOWN_FILE.test(path)
      ? configFences(text)
      : ASCIIDOC_FILE.test(path)
        ? asciidocConfigBlocks(text, CODE_FENCE)
        : []
  let fence = 0
  const inConfigFence = (at: number): boolean => {
    while (fence < fences.length && (fences[fence]?.[1] ?? 0) <= at) fence++
    return (fences[fence]?.[0] ?? Infinity) <= at
  }
  const inTemplateAction = templateActions(text)
  let hosts: Set<string> | undefined // built once, when the first candidate needs it
  const namesHost = (value: string): boolean => (hosts ??= namesInFile(text)).has(value)
  const preimages = new VisiblePreimages()
  const digestOfLineWord = (value: string, at: number): boolean =>
    isHexDigest(value) && preimages.digestOf(value, lineWords(text, at))
  let rawStrings: [number, number][] | undefined // found on first use, in Go files only
  const go = path.endsWith('.go')
  const shell = SHELL_FILE.test(path)
  const markdown = MARKDOWN_FILE.test(path)
  const yaml = /\.ya?ml$/i.test(path)
  const inRawString = (at: number): boolean => go && insideRange((rawStrings ??= goRawStrings(text)), at)
  let enums: [number, number][] | undefined // found on first use, in code files only
  const inEnumBody = (at: number): boolean => insideRange((enums ??= code ? enumBodies(text) : []), at)
  return {
    text,
    path,
    stopwords,
    present,
    code,
    relaxed,
    docs,
    locale,
    go,
    shell,
    markdown,
    fences,
    yaml,
    inConfigFence,
    inTemplateAction,
    namesHost,
    digestOfLineWord,
    inRawString,
    inEnumBody,
  }
}

/** The secret one `keyword name = value` assignment holds, or undefined when its value or place rules it out. */
function assignmentMatch(scan: GenericScan, match: RegExpExecArray): GenericMatch | undefined {
  const { text, code, docs } = scan
  const [whole, keyword = '', name = '', gap = '', operator = '', , quoted, pairOrBare] = match
  const bareAt = match.index + whole.length - (pairOrBare?.length ?? 0)
  // A value that is itself a list of pairs (a SAS token, `sv=…&ss=…&sig=…`), or a pair of a URL's
  // query, runs on past its `&`s as before: only a logged form body's value ends at one.
  const throughPairs =
    pairOrBare !== undefined &&
    (PAIR_HEAD.test(pairOrBare) ||
      (text.charAt(bareAt + pairOrBare.length) === '&' && inUrl(text, match.index)))
  // A bare Django key runs past the `)`, `&` and `#` its alphabet holds, to a space or a quote.
  const djangoKey = pairOrBare === undefined ? undefined : djangoKeyAt(text, bareAt)
  const bare = djangoKey ?? (throughPairs ? pairList(text, bareAt) : pairOrBare)
  if (bare === '') return undefined
  // A bare sops value stops at its first `,`: judge the whole of it. Genuine ciphertext is no
  // secret; a lookalike (`ENC[AES256_GCM,hunter2]`) is read up to its `]` and judged as text.
  const forged = bare === ENCRYPTED_VALUE_HEAD ? forgedEncryptedValue(text, bareAt) : ''
  if (forged === undefined) return undefined
  const tail =
    bare === undefined || forged !== '' || djangoKey !== undefined ? '' : hashTail(text, bareAt + bare.length)
  const written = quoted ?? (bare === undefined ? '' : forged || untilEscape(bare + tail))
  // `${DB_PASSWORD:-s3cr…}`, `${MYSQL_PASSWORD:db-57xsl}`: the default a substitution falls back to is a value.
  const fallback = substitutionDefault(written)
  const value = fallback ?? written
  // `token: <incident.io API token>`: a fill-in in angle brackets, spaces and all.
  if (bare?.startsWith('<') === true && FILL_IN.test(text.slice(bareAt, bareAt + 82))) return undefined
  // `page_token={last_item_uuid}`: a bare value stops before its `}`; with it, a `{name}` fill-in.
  if (bare?.startsWith('{') === true && text.charAt(bareAt + bare.length) === '}') {
    if (isPlaceholder(`${bare}}`, scan.stopwords)) return undefined
  }
  if (value.length < SHORTEST_VALUE) return undefined // first: most matches of a crafted line end here
  // A string on the line after `=` is the value only where a formatter wrapped a long assignment
  // (Prettier's `const apiKey =\n  '…';`, Java's): in code, after a plain `=`.
  if (quoted !== undefined && (!code || operator !== '=') && whole.includes('\n')) return undefined
  // `$password.= '…'`: the name took the `.` of PHP's `.=`.
  const writtenName = name.endsWith('.') && operator === '=' ? name.slice(0, -1) : name
  const opStart = match.index + keyword.length + name.length + gap.length
  const named = nameOfAssignment(text, match.index, keyword, writtenName, value)
  if (named === undefined) return undefined
  const { at, keyword: word, suffix, prefix } = named
  const literal =
    quoted !== undefined ||
    (bare !== undefined &&
      operator === '=' &&
      !code &&
      formPair(text, at - prefix.length, bareAt + bare.length))
  if (ruledOutByPlace(scan, at, word, prefix, opStart, operator.length, literal, value)) {
    return undefined
  }
  const ruleId = ruleIdFor(word)
  // A value under a password-like name in a config file is a password even when short and plain
  // (`hunter2`); tokens and keys without entropy are more often identifiers.
  const lenient = scan.relaxed || (!code && !docs && ruleId === 'generic-password')
  // The length gate of secretLikeValue, before the copies below: cheap, and most crafted hits end here.
  if (value.length < (lenient ? SHORTEST_VALUE : SHORTEST_STRICT)) return undefined
  // `sshPrivateKey = "sshPrivateKey"`: a constant holding its own name, also with characters put in
  // to test escaping (`"access_key": "acc<ess_&ke.,y"`).
  if (lettersOf(value) === lettersOf(`${prefix}${word}${suffix}`)) return undefined
  if (!secretLikeValue(value, scan.stopwords, lenient) || scan.namesHost(value)) return undefined
  if (scan.digestOfLineWord(value, at) || (scan.locale && readsAsLabel(value))) return undefined
  if (accessKeyId(text, at, word, suffix, prefix, value)) return undefined
  if (namesSecretObject(`${prefix}${word}${suffix}`, value)) return undefined
  // `encryptedPassword: '<hex digest>'`: what a password store keeps in place of the password.
  if (ENCRYPTED_HEAD.test(prefix) && isHexDigest(value)) return undefined
  // An unquoted YAML value opening with `*` is an alias (`password: *uaa_db_passwd`): the anchored node, elsewhere.
  // Only after `:`: in `- KEY=*…` (a compose list item) the `*` is inside a scalar (a Django key's, by chance).
  if (scan.yaml && quoted === undefined && operator === ':' && /^\*[^\s*]+$/.test(value)) return undefined
  if (searchOnlyKey(text, at, word, suffix) || PUBLIC_CLIENT_KEY.test(value)) return undefined
  if (acmeChallengeToken(text, at, word, suffix, prefix)) return undefined
  if (PURPOSE_KEY.test(word) && !purposeKeyLike(value)) return undefined
  if (ruleId === 'generic-password' && hashBesideSalt(text, at, value)) return undefined
  // An rclone remote's `pass` revealing one or two characters under rclone's published key.
  if (trivialObscuredPassword(text, at, `${prefix}${word}${suffix}`.toLowerCase(), value)) return undefined
  const writtenEnd = quoted === undefined ? bareAt + written.length : match.index + whole.length - 1
  const start = writtenEnd - written.length + (fallback === undefined ? 0 : written.lastIndexOf(fallback))
  return { ruleId, start, end: start + value.length, secret: value }
}

// A value that opens with a `name=value` pair (not base64's `=` padding).
const PAIR_HEAD = /^[^=&]*=[^=&]/
// A bare value read on past `&`, as far as a bare value runs (at most 300 characters).
const PAIR_LIST = /[^\s"'`,;#)\]}]{1,301}/y

/** The bare value at `at` read through its `&`s; '' when it runs past 300 characters (no value then). */
function pairList(text: string, at: number): string {
  PAIR_LIST.lastIndex = at
  const run = PAIR_LIST.exec(text)?.[0] ?? ''
  return run.length > 300 ? '' : run
}

// What follows a pair of a form-encoded body or a query string: the next `&name=`.
const NEXT_FORM_PAIR = /&[A-Za-z_][\w.-]{0,40}=/y

/**
 * True when the bare `name=value` pair whose name starts at `nameAt` and whose value ends at `valueEnd` is one
 * pair of a form-encoded body or query (`?…`/`&…` before it, `&name=` after it) or the whole of a
 * quoted string (`{'body': 'access_token=…'}`), outside a URL: an HTTP exchange as logged, whose
 * values are literal text even in prose.
 */
function formPair(text: string, nameAt: number, valueEnd: number): boolean {
  if (inUrl(text, nameAt)) return false // a link's query (a badge, a meeting): the URL rules judge those
  const before = text.charAt(nameAt - 1)
  if (before === '?' || before === '&') return true
  NEXT_FORM_PAIR.lastIndex = valueEnd
  if (NEXT_FORM_PAIR.test(text)) return true
  return (before === "'" || before === '"') && text.charAt(valueEnd) === before
}

// How far back a URL's `://` is looked for in the word holding a pair.
const URL_REACH = 2048

/** True when `://` comes before `at` in the same run of non-space characters (a URL holds it). */
function inUrl(text: string, at: number): boolean {
  const from = Math.max(0, at - URL_REACH)
  for (let i = at - 1; i >= from; i--) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13) return false
    if (c === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) return true
  }
  return false
}

/** Where an assignment's name has its credential word: the word, where it starts, and the name around it. */
interface AssignmentName {
  at: number
  keyword: string
  suffix: string
  prefix: string
}

/**
 * The credential word of the name `keyword` + `suffix` written at `at`, or undefined when the name
 * is not secret-like. When the first word's rest cannot end such a name, a later word can
 * (`--spi-action-token-handler--hmac-secret=…`: `secret`, not `token`), as {@link secretLikeName}
 * reads a whole name.
 */
function nameOfAssignment(
  text: string,
  at: number,
  keyword: string,
  suffix: string,
  value: string,
): AssignmentName | undefined {
  const prefix = namePrefix(text, at)
  if (suffixOk(keyword, suffix, prefix) || envReferenceHoldsValue(suffix, value))
    return { at, keyword, suffix, prefix }
  let later: AssignmentName | undefined
  for (const word of suffix.matchAll(NAME_KEYWORD)) {
    const offset = keyword.length + word.index
    const rest = suffix.slice(word.index + word[0].length)
    const before = prefix + keyword + suffix.slice(0, word.index)
    if (suffixOk(word[0], rest, before) && !prefixBad(before, word[0]))
      later = { at: at + offset, keyword: word[0], suffix: rest, prefix: before }
  }
  return later
}

// A shell, Compose or Spring substitution with a default (`${NAME:-default}`, `${NAME:=default}`,
// `${name.with.dots:default}`); a bare value stops before its `}`. `:?` (fail when unset) and `:+`
// (used when set) give no default; after `:-` or `:=` a default may itself open with `+` or `?`
// (`${KEY:-+rqC…=}`: one `openssl rand -base64 32` key in 64).
const SUBSTITUTION_DEFAULT = /^\$\{[A-Za-z_][\w.]{0,80}:([-=?+]?)([^${}]{1,300})\}?$/

/** The default `value` falls back to when it is a substitution with one, else undefined. */
function substitutionDefault(value: string): string | undefined {
  const match = SUBSTITUTION_DEFAULT.exec(value)
  return match === null || match[1] === '?' || match[1] === '+' ? undefined : match[2]
}

// Escapes that end a bare value written in a JSON or C string: a line break or a tab, and the
// `\u0026` (`&`), `\u003c`/`\u003e` (`<`, `>`), `\u0022`/`\u0027` (quotes) Go's encoding/json
// writes for those characters (`\u003chttp://host?page_token=…\u0026page_size=50\u003e`).
const ENDING_ESCAPE = /\\[nrt]|\\u00(?:2[267]|3[cCeE])/

/** A bare value up to the first escape that ends it ({@link ENDING_ESCAPE}). */
function untilEscape(value: string): string {
  const at = value.search(ENDING_ESCAPE)
  return at < 0 ? value : value.slice(0, at)
}

// `kubectl create secret generic … --from-literal=NAME=value`: the flag right before the name.
const FROM_LITERAL = /--from-literal[= ]$/
// A shell script: an unquoted word is a literal (`DB_PASSWORD=…`, `--docker-password=…`,
// `--set auth.password=…`) unless it expands or substitutes something (`$…`, `` `…` ``, `$(…)`).
const SHELL_FILE = /\.(?:sh|bash|zsh|ksh)$/i
const SHELL_WORD = /^[^$`(){}<>|;&\\]+$/

// How far back on its line an inline code span's opening backtick is looked for.
const INLINE_CODE_REACH = 1024

/**
 * True when offset `at` of a Markdown line lies inside an inline code span (`` `tool --secret=…` ``):
 * an odd number of backticks before it on its line and one after. A span is a command or a literal
 * as the reader types it, not prose: its unquoted words are values, as in a shell script.
 */
function inInlineCode(text: string, at: number): boolean {
  let ticks = 0
  let i = at - 1
  for (; i >= 0 && at - i <= INLINE_CODE_REACH; i--) {
    const c = text.charCodeAt(i)
    if (c === 10) break
    if (c === 96) ticks++
  }
  if (ticks % 2 === 0 || (i >= 0 && text.charCodeAt(i) !== 10)) return false
  for (let j = at; j < text.length && j - at <= INLINE_CODE_REACH; j++) {
    const c = text.charCodeAt(j)
    if (c === 96) return true
    if (c === 10) return false
  }
  return false
}

/**
 * True when where the assignment at `at` sits makes it no secret: a name prefix that is not a
 * credential's, a fill-in, a go test result, code, a template action, a comparison, or an image path
 * with a tag.
 */
function ruledOutByPlace(
  scan: GenericScan,
  at: number,
  keyword: string,
  prefix: string,
  opStart: number,
  operatorLength: number,
  quoted: boolean,
  value: string,
): boolean {
  const { text, code, docs } = scan
  if (prefixBad(prefix, keyword)) return true
  // `<secret:discord_botid>`: an angle-bracket fill-in that names a credential, filled in at deploy.
  if (text.charAt(at - prefix.length - 1) === '<' && value.includes('>')) return true
  // `--- PASS: TestName (0.01s)`: a result line of `go test -v` (and its `-json` log), not an assignment.
  if (keyword === 'PASS' && text.startsWith('--- ', at - 4)) return true
  const asConfig = docs && scan.inConfigFence(at)
  // In code, an unquoted value is an expression, except in a raw string's text (`password: …` of a
  // YAML fixture) and in `kubectl create secret … --from-literal=NAME=value`, whose value is literal.
  const literal =
    scan.inRawString(at) ||
    (scan.shell && SHELL_WORD.test(value)) ||
    FROM_LITERAL.test(text.slice(Math.max(0, at - prefix.length - 16), at - prefix.length))
  if (((code && !literal) || (docs && !asConfig && !literal)) && !quoted) {
    // In Markdown prose, an inline code span's `name=value` is a literal as a command line types it
    // (`tool --secret=…`, `API_TOKEN=…`); a span's `name: Type` is code (a schema field, a signature).
    const shellAssignment = operatorLength === 1 && text.charAt(opStart) === '='
    const spanned = scan.markdown && shellAssignment && SHELL_WORD.test(value) && inInlineCode(text, at)
    if (!spanned) return true
  }
  if (scan.inTemplateAction(at)) return true // `{{- $password = randAlphaNum 10 }}`: template code
  if (scan.inEnumBody(at)) return true // `enum PasskeyBrand { OnePassword = "bada5566-…" }`: a named constant
  if (scan.yaml && taskNamedInvalid(text, at)) return true
  const opEnd = opStart + operatorLength
  // A comparison (`==`, `!=`, `<=`); a Django key that opens with `=` (`KEY==ab…` in a .env) is none.
  if (/[=!<>]/.test(text.charAt(opStart - 1))) return true
  if (text.charAt(opEnd) === '=' && !(value.startsWith('=') && isDjangoSecretKey(value))) return true
  if (colonJoined(text, at - prefix.length, opStart, operatorLength)) return true
  // `secrets://…`, `ref+awssecrets://…`: a URL scheme (helm-secrets', vals'), not `name: value`.
  if (text.charAt(opStart) === ':' && operatorLength === 1 && text.startsWith('//', opEnd)) return true
  // `ghcr.io/external-secrets/app:v1.2`: a path with a tag, not a `name: value` pair.
  return prefix.includes('/') && !quoted && text.charAt(opEnd) !== ' '
}

// A piece of a colon-joined identifier before a name (`kyverno:` of `kyverno:secrets:edit-1k1o2`).
const JOINED_PIECE = /[\w-]:$/

/**
 * True when the name starting at `nameAt` is one piece of a colon-joined identifier (an RBAC role's
 * `kyverno:secrets:edit-1k1o2`, `system:serviceaccount:…`, a Redis key): a piece and `:` before it,
 * `:` after it with no space, as no YAML, JSON or code assignment is written.
 */
function colonJoined(text: string, nameAt: number, opStart: number, operatorLength: number): boolean {
  if (operatorLength !== 1 || text.charAt(opStart) !== ':') return false
  const after = text.charAt(opStart + 1)
  if (after === ' ' || after === '\t' || after === '"' || after === "'") return false
  return JOINED_PIECE.test(text.slice(Math.max(0, nameAt - 2), nameAt))
}

// A task or test case named for a credential that is wrong on purpose (`- name: create zone with
// incorrect API key`, an Ansible integration test of the failure path).
const INVALID_CREDENTIAL =
  /\b(?:incorrect|invalid|wrong|bad|bogus|fake)[ \t](?:[\w-]{1,20}[ \t]){0,2}(?:api[ \t_-]?key|key|password|passphrase|token|secret|credentials?)\b/i
// A YAML list item's first line, and a task's name on it.
const ITEM_HEAD = /^[ \t]*- /
const ITEM_NAME = /^[ \t]*- name:[ \t]*(.{1,200})$/
// How many lines (the assignment's and those above it) its task's name is looked for, within how many characters.
const TASK_REACH = 8
const TASK_WINDOW = 2048

/**
 * True when the YAML list item holding offset `at` (an Ansible task, a test case) is named for a
 * credential that is wrong on purpose: its `- name:` line (the assignment's own, or one a few lines
 * up with no other item's head between) says `incorrect API key`, `invalid password`, `wrong token`.
 * Only the 2 KB before `at` are read, so a file of long lines costs linear time.
 */
export function taskNamedInvalid(text: string, at: number): boolean {
  // Line by line back from `at`, no copy of the window (a copy and split of 2 KB per match was most
  // of what a Secret of 8,000 `…_password:` keys cost the rule).
  const windowStart = Math.max(0, at - TASK_WINDOW)
  let end = at
  for (let reach = 0; reach < TASK_REACH; reach++) {
    const newline = end > windowStart ? text.lastIndexOf('\n', end - 1) : -1
    const cut = newline < windowStart
    // The window's first piece may be cut: it is no line start unless the window reaches the file's start.
    if (cut && windowStart > 0) return false
    const line = text.slice(cut ? windowStart : newline + 1, end)
    if (ITEM_HEAD.test(line)) return INVALID_CREDENTIAL.test(ITEM_NAME.exec(line)?.[1] ?? '')
    if (cut) return false
    end = newline
  }
  return false
}

// `--from-literal=NAME=value` (or a space after the flag), the value bare or quoted.
const SECRET_LITERAL =
  /--from-literal[= ]([\w.-]{1,253})=(?:(["'])([^"'\r\n]{1,300})\2|([^\s"'`\\]{1,300}))/dg
// The command the flag belongs to, searched back over lines continued with `\`.
const CREATE_SECRET = /create[ \t]+secret\b/g
const COMMAND_REACH = 800
// Under a neutral name only a random-looking value counts: upper and lower case letters and digits,
// 12 or more characters (docs write `MYAPIKEY`, host names, fingerprints and user names there).
const RANDOM_LITERAL = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\D*\d)[A-Za-z0-9+/=_.~-]{12,300}$/
const MIN_LITERAL_ENTROPY = 3.5

/** True when the flag at `at` belongs to a `… create secret …` command (its line, or lines continued into it). */
function inCreateSecret(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - COMMAND_REACH), at)
  let start = -1
  CREATE_SECRET.lastIndex = 0
  for (let match = CREATE_SECRET.exec(before); match !== null; match = CREATE_SECRET.exec(before))
    start = match.index
  if (start < 0) return false
  // Every line break between the command and the flag is a continuation.
  return !/(?<!\\\r?)\n/.test(before.slice(start).replace(/\\\r?\n/g, ''))
}

/**
 * Adds the values of `kubectl create secret … --from-literal=NAME=value` to `out`, judged as a
 * Secret's value is (a neutral NAME such as `key` hides nothing: the value is a Secret's by
 * construction); names the assignment rules take are theirs. True when it stopped at `limit`.
 */
function addSecretLiterals(scan: GenericScan, out: GenericMatch[], limit: number): boolean {
  let count = 0
  SECRET_LITERAL.lastIndex = 0
  for (let match = SECRET_LITERAL.exec(scan.text); match !== null; match = SECRET_LITERAL.exec(scan.text)) {
    const name = match[1] ?? ''
    const group = match[3] === undefined ? 4 : 3
    const value = match[group] ?? ''
    const [start, end] = match.indices?.[group] ?? [0, 0]
    if (secretLikeName(name) !== undefined || !SHELL_WORD.test(value) || scan.inTemplateAction(start))
      continue
    if (!RANDOM_LITERAL.test(value) || shannonEntropy(value) < MIN_LITERAL_ENTROPY) continue
    if (!inCreateSecret(scan.text, match.index) || !secretValueReportable(name, value, scan.stopwords))
      continue
    if (++count > limit) return true
    out.push({ ruleId: 'generic-secret', start, end, secret: value })
  }
  return false
}

/**
 * True when a pair is a hash function's test vector (`{"secret", "f490e7…"}` in a table of inputs
 * and expected outputs): the first member is a credential word itself, lowercase (an input a test
 * feeds in, not a name), the second a hex digest.
 */
function testVector(name: string, value: string): boolean {
  return /^(?:secret|password|passwd|pass|pwd|token|key)\d{0,3}$/.test(name) && isHexDigest(value)
}

/** Adds the secrets of the file's other named-value forms to `out`; true when it stopped at `limit`. */
function addNamedValues(
  scan: GenericScan,
  out: GenericMatch[],
  limit: number,
  windows: LineWindows | undefined,
): boolean {
  const { code, docs } = scan
  let count = 0
  for (const { name, value, start, end } of namedValues(scan.text, windows, scan.path, scan.present)) {
    const ruleId = secretLikeName(name)
    const lenient = scan.relaxed || (!code && !docs && ruleId === 'generic-password')
    if (ruleId === undefined || scan.inTemplateAction(start) || testVector(name, value)) continue
    if (!secretLikeValue(value, scan.stopwords, lenient) || scan.namesHost(value)) continue
    if (PURPOSE_NAME.test(name) && !purposeKeyLike(value)) continue
    if (scan.locale && readsAsLabel(value)) continue
    if (++count > limit) return true
    out.push({ ruleId, start, end, secret: value })
  }
  return false
}

/**
 * Adds the values of `--option value` pairs under a secret-like option name to `out` (ZITADEL's
 * `--masterkey "…"`). With no config key around it, a value must look generated: 16 or more token
 * characters, letters and digits both (or 24+ letters of both cases), no UUID (an id as often as a key); bare values in code and
 * prose are an expression or a help text's example, as for assignments. True when it stopped at `limit`.
 */
function addCliOptions(scan: GenericScan, out: GenericMatch[], limit: number, windows: LineWindows): boolean {
  let count = 0
  for (const { name, value, start, end, quoted } of cliOptions(scan.text, windows)) {
    const ruleId = secretLikeName(name)
    if (ruleId === undefined || scan.inTemplateAction(start)) continue
    if (!quoted && scan.code && !scan.shell) continue
    if (!looksGenerated(scan, name, value)) continue
    if (++count > limit) return true
    out.push({ ruleId, start, end, secret: value })
  }
  return false
}

/**
 * True when an option's or an argument's `value` (under `name`) looks generated: it has no name of
 * its own that says "secret", so it must read as random, not a UUID, a host or a purpose's word.
 */
function looksGenerated(scan: GenericScan, name: string, value: string): boolean {
  if (!(RANDOM_TOKEN.test(value) || RANDOM_LETTERS.test(value)) || UUID.test(value)) return false
  if (!secretLikeValue(value, scan.stopwords) || scan.namesHost(value)) return false
  return !PURPOSE_NAME.test(name) || purposeKeyLike(value)
}

/**
 * Adds the string literals passed to a function named for a credential to `out`
 * (`auth_simple_password("demo", "…")`, `awsKeySecret(ns, name, id, "…")`, kanidm's and rook's
 * tests). The argument has no name of its own, so its value must look generated, as an option's does.
 * True when it stopped at `limit`.
 */
function addCallArguments(
  scan: GenericScan,
  out: GenericMatch[],
  limit: number,
  windows: LineWindows,
): boolean {
  let count = 0
  for (const { name, value, start, end } of callArguments(scan.text, windows, calleeTakesSecret)) {
    const ruleId = calleeRule(name)
    if (ruleId === undefined || scan.inTemplateAction(start)) continue
    if (!looksGenerated(scan, name, value)) continue
    if (++count > limit) return true
    out.push({ ruleId, start, end, secret: value })
  }
  return false
}

// A builder's option function (`WithToken`, `withClientSecret`): `with` says what it sets, not a flag.
const BUILDER_WITH = /^[Ww]ith(?=[A-Z_])/
// A function that makes, looks up or tests the credential its name says (`generateBootstrapToken(url,
// subject, sha)`, `getSecret(list, "<name>")`, `newPolicySecret("<name>", …)`, `should_exclude_secret`):
// its arguments are what it works from or on, not the credential it is given.
const CALLEE_VERB =
  /^(?:[Gg]et|[Gg]en(?:erate)?|[Cc]reate|[Nn]ew|[Mm]ake|[Bb]uild|[Rr]ead|[Ll]oad|[Ff]etch|[Ff]ind|[Ll]ookup|[Ll]ist|[Dd]elete|[Rr]emove|[Dd]escribe|[Ww]atch|[Ss]hould|[Ii]s|[Hh]as|[Cc]an|[Cc]heck|[Vv]alidate|[Vv]erify|[Hh]ash|[Pp]arse|[Ee]ncode|[Dd]ecode|[Ff]ormat|[Mm]ask|[Rr]edact)(?=[A-Z_\d]|$)/

/** The generic rule of a function named for the credential it takes (`set_password`, `WithToken`, `awsKeySecret`). */
function calleeRule(callee: string): string | undefined {
  if (CALLEE_VERB.test(callee)) return undefined
  return secretLikeName(callee.replace(BUILDER_WITH, ''))
}

function calleeTakesSecret(callee: string): boolean {
  return calleeRule(callee) !== undefined
}

/**
 * Adds the secrets of values named on another line to `out`: items listed under a secret-like key of
 * a YAML file (`secrets:` then `- …`, Ory's rotating secrets) and what a docs command printing a
 * secret outputs, judged strictly since neither has a name of its own. True when it stopped at `limit`.
 */
function addBlockValues(
  scan: GenericScan,
  values: Iterable<NamedValue>,
  out: GenericMatch[],
  limit: number,
): boolean {
  let count = 0
  for (const { name, value, start, end } of values) {
    const ruleId = secretLikeName(name)
    if (ruleId === undefined || scan.inTemplateAction(start)) continue
    if (!secretLikeValue(value, scan.stopwords) || scan.namesHost(value)) continue
    if (++count > limit) return true
    out.push({ ruleId, start, end, secret: value })
  }
  return false
}

// A random token: 16+ characters of the alphabets tokens and base64 use, letters and digits both.
const RANDOM_TOKEN = /^(?=[^\d]*\d)(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9+/=_.~-]{16,300}$/
// Letters of both cases only, 24+: one random alphanumeric key of 32 in 300 has no digit.
const RANDOM_LETTERS = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])[A-Za-z]{24,300}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Adds the secrets of Go byte maps (`"password": []byte("…")`) to `out`: under a secret-like name,
 * a value the strict filters keep; under any other name but a public one (`ca.crt`, `host`), a
 * random token in a map given to a Secret's data (`Data: map[string][]byte{"<user>": []byte("…")}`,
 * where Elastic's operator keys a password by its user). True when it stopped at `limit`.
 */
function addGoSecretData(scan: GenericScan, out: GenericMatch[], limit: number): boolean {
  let count = 0
  for (const { name, value, start, end, inDataMap } of byteMapEntries(scan.text)) {
    if (fieldRole(name) === 'public' || lettersOf(value) === lettersOf(name)) continue
    const ruleId = secretLikeName(name)
    if (ruleId === undefined && !(inDataMap && RANDOM_TOKEN.test(value))) continue
    if (UUID.test(value) || !secretLikeValue(value, scan.stopwords)) continue
    if (++count > limit) return true
    out.push({ ruleId: ruleId ?? 'generic-secret', start, end, secret: value })
  }
  return false
}
