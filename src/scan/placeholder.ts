/**
 * Telling placeholders, templates and protected values from real secrets. Shared by provider rules,
 * generic rules and the GitOps analysers so that all of them agree on what "not a secret" means.
 */
import { ENCRYPTED_VALUE_HEAD, isEncryptedValue } from '../core/sops-value.js'
import { isPublishedExample } from './published-examples.js'
import { looksLikeWords } from './demo-value.js'
import { readsAsTypeName } from './dictionary.js'
import { isJenkinsSecret } from './jenkins-secret.js'

/**
 * Words that mark a value as an example or placeholder (case-insensitively). Long words and words
 * with punctuation count anywhere in the value; short ones only as a delimited word (see
 * {@link containsStopword}), since random text holds `todo` or `fake` by chance.
 */
export const DEFAULT_STOPWORDS: readonly string[] = [
  'changeme',
  'change_me',
  'change-me',
  'example',
  'dummy',
  'placeholder',
  'redacted',
  'your_',
  'your-',
  'yourpassword',
  'insert',
  'replace',
  'sample',
  'fake',
  'foobar',
  'notasecret',
  'not-a-secret',
  'not_a_secret',
  // A value saying it is not real (`…ThisIsNotARealKeyOMG.`, `not_a_real_token`).
  'notareal',
  'not-a-real',
  'not_a_real',
  'xxxxx',
  '*****',
  '.....',
  'todo',
  'fixme',
  'secret_here',
  'password_here',
  'token_here',
  // Flux's mask for SOPS-encrypted values in `flux build` / `flux diff` output.
  '**sops**',
]

// Templates and references: `${VAR}`, `$VAR`, `$(VAR)` (Kubernetes env expansion), `<<NAME>>`,
// `{{ .Values.x }}`, `%(x)s` (a whole conversion: random text holds `%(` by chance), `#{x}`, `<%= x %>`, `[[ x ]]`, `((x))` (Concourse), `@x@` (Maven
// filtering), argocd-vault-plugin's `<path:secret/app#key>` (also several, comma-separated),
// a whole-value printf verb (`%s`) or
// `{name}` / `[name]` placeholder (also several joined: `{header}.{payload}.{signature}`),
// opencode's `{env:NAME}` / `{file:path}`, an XML/SGML entity
// reference (`&operhash;`, defined elsewhere in the document), a whole grok pattern or Logstash/Fluentd
// field reference (`%{HTTPD_COMMONLOG}`, `%{[source][address]}`).
const TEMPLATE =
  /^&[A-Za-z_][\w.-]{0,60};$|^%\{[\w.:@[\]-]{1,80}\}$|\$\{|^\$[A-Za-z_]|^<<[^<>\n]{1,80}>>$|\{\{|\}\}|%\([\w.-]{1,60}\)[-#0 +]?\d{0,3}(?:\.\d{1,3})?[a-z]|#\{|<%|\[\[|^\(\(|^@[\w.-]+@$|^<[^<>]+>(?:,<[^<>]+>)*$|^\$\(|^%[-+ #0]?\d*(?:\.\d+)?[sdvqxXt]$|^\{[\w.-]{1,60}\}(?:[.:/_-]\{[\w.-]{1,60}\}){0,8}$|^\{(?:env|file):[^{}\s]{1,200}\}$|^\[[\w .-]{1,60}\]$/i

// Kubernetes' `$(VAR)` expansion of an environment variable's name, perhaps cut at its `)` by a
// rule's capture. Case matters: random lowercase text (a Django SECRET_KEY) holds `$(ab)` by chance.
const ENV_EXPANSION = /\$\([A-Z_][A-Z0-9_]*(?:\)|$)/

/**
 * References to a secret manager, which name where a secret lives: 1Password (`op://`), Vault
 * (`vault:`, `vault://`), helmfile/vals (`ref+…`), AWS Secrets Manager and SSM ARNs, Azure Key Vault
 * (`akv://`, `azkv://`, `@Microsoft.KeyVault(`), Google Secret Manager (`gcp:secretmanager:`,
 * `projects/…/secrets/…`, `sm://`), Doppler, Infisical, Bitwarden, Kubernetes `secretref`; also a
 * YAML local tag the application resolves (`!secret db_password`, `!env_var API_KEY`).
 */
export const SECRET_MANAGER_REFERENCE =
  /^(?:![A-Za-z_][\w.-]{0,30}[ \t]+(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*|[a-z][a-z_.-]*(?:[/:][a-z][a-z_.-]*)*)$|op:\/\/|vault:|ref\+|arn:aws(?:-[a-z-]+)?:(?:secretsmanager|ssm):|akv:\/\/|azkv:\/\/|@Microsoft\.KeyVault\(|gcp:secretmanager:|gcpsm:\/\/|sm:\/\/|awssm:\/\/|doppler:\/\/|infisical:\/\/|bws?:\/\/|secretref|projects\/[^/]+\/secrets\/)/i

// A `#name` marker a script replaces before use (`#token`, `#vault_url`, `#84_vault_ca`, `#certVal`):
// lowercase words joined by `_` or camelCase. Case matters: random letters mix case at random.
const MARKER = /^#(?:\d{1,4}_)?[a-z]+(?:_[a-z]+|[A-Z][a-z]{2,}){0,8}$/

// A sealed-secrets ciphertext (`kubeseal --raw`, SealedSecret encryptedData): protected, not a secret.
const SEALED = /^Ag[A-Za-z0-9+/]{300,}={0,2}$/

// A hiera-eyaml ciphertext (Puppet): `ENC[PKCS7,<base64>]`, also its GPG and KMS plugins; or its
// head, as a rule that reads a value up to the first `,` sees it.
const EYAML = /^ENC\[(?:PKCS7|GPG|KMS|GKMS)(?:,[A-Za-z0-9+/=\s]{20,}\])?$/

// A Spring Cloud Config ciphertext: `{cipher}`, optional `{key:name}`-style prefixes, then the
// hex or base64 the config server decrypts at runtime.
const SPRING_CIPHER = /^\{cipher\}(?:\{[\w.:-]{1,64}\}){0,4}[A-Za-z0-9+/=_-]{16,}$/

// A Jasypt ciphertext (Spring Boot's `ENC(…)` properties): base64 of salt, IV and ciphertext, a whole
// number of 8-byte blocks; the generic rules' capture stops before the `)`. `ENC(hunter2)` is text.
const JASYPT = /^ENC\(([A-Za-z0-9+/]{22,4000}={0,2})\)?$/
// `openssl enc -a` output: base64 of `Salted__`, an 8-byte salt and whole cipher blocks.
const OPENSSL_SALTED = /^U2FsdGVkX1[A-Za-z0-9+/]{20,4000}={0,2}$/
// An AWS KMS ciphertext blob (`aws kms encrypt`, serverless configs' `KMS_ENCRYPTED_…`): base64 that
// opens with the blob's version bytes and the key ARN's length (`AQICAH…`) and holds a PKCS#7
// encrypted-data structure (its object identifier, 1.2.840.113549.1.7.6).
const KMS_BLOB = /^AQI[BCD]AH[A-Za-z0-9+/]{150,8000}={0,2}$/
const PKCS7_ENCRYPTED_DATA = Buffer.from('06092a864886f70d010706', 'hex')

/** True when `base64` decodes to at least `least` bytes, `skip` of header then whole blocks of `block` bytes. */
function wholeBlocks(base64: string, least: number, skip: number, block: number): boolean {
  const bytes = Buffer.from(base64, 'base64').length
  return bytes >= least && (bytes - skip) % block === 0
}

/** True when `value` is a Jasypt, `openssl enc` or AWS KMS ciphertext, by its shape and block structure. */
function isToolCiphertext(value: string): boolean {
  const jasypt = JASYPT.exec(value)?.[1]
  if (jasypt !== undefined) return wholeBlocks(jasypt, 16, 0, 8)
  if (OPENSSL_SALTED.test(value)) return wholeBlocks(value, 24, 16, 8)
  return KMS_BLOB.test(value) && Buffer.from(value, 'base64').includes(PKCS7_ENCRYPTED_DATA)
}

/**
 * True when `value` is ciphertext: a SealedSecret, eyaml, Spring `{cipher}`, Jenkins `{AQAAAB…}`,
 * Jasypt `ENC(…)`, `openssl enc` or AWS KMS value, or a sops value as core/sops-value.ts
 * recognises it, whole or cut at its first comma (`ENC[AES256_GCM`: the generic rules' capture).
 * Any other `ENC[…]` (`ENC[hunter2]`) is text like any other and judged as such.
 */
function isCiphertext(value: string): boolean {
  return (
    isEncryptedValue(value) ||
    value === ENCRYPTED_VALUE_HEAD ||
    SEALED.test(value) ||
    EYAML.test(value) ||
    SPRING_CIPHER.test(value) ||
    isJenkinsSecret(value) ||
    isToolCiphertext(value)
  )
}

/** True when a run of one character, or a short cycle (`abcabc`, `010101`), makes up the value. */
function isRepetitive(value: string): boolean {
  if (value.length < 4) return false
  for (let period = 1; period <= 4; period++) {
    if (value.length < period * 3) break
    let repeats = true
    for (let i = period; i < value.length; i++) {
      if (value.charCodeAt(i) !== value.charCodeAt(i - period)) {
        repeats = false
        break
      }
    }
    if (repeats) return true
  }
  // Every character doubled (`aabbccddeeff0011`): typed by a person.
  if (value.length >= 8 && value.length % 2 === 0) {
    let doubled = true
    for (let i = 0; i < value.length && doubled; i += 2)
      doubled = value.charCodeAt(i) === value.charCodeAt(i + 1)
    if (doubled) return true
  }
  // A long run inside (`sk_live_00000000...`): a placeholder in a token, chance in long random text
  // (every OpenSSH key body has `AAAAAAAA`), so long values need a run of a quarter of their length.
  return holdsRun(value, value.length <= 100 ? 8 : Math.max(16, value.length >> 2))
}

/** True when `run` copies of one character (not a line break, as `.` reads it) stand in a row in `value`. */
function holdsRun(value: string, run: number): boolean {
  let count = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    count = i > 0 && c === value.charCodeAt(i - 1) ? count + 1 : 1
    if (count >= run && c !== 10 && c !== 13 && c !== 0x2028 && c !== 0x2029) return true
  }
  return false
}

const ALNUM = /[a-z0-9]/

/**
 * True when lowercase `lower` holds `word`: anywhere when the word is long (7+ characters) or has
 * punctuation (chance matches are then negligible); otherwise only where neither neighbour is a
 * letter or digit (`my-fake-token`, `todo`, `changeme`), never inside random text (`aB3todoX9`).
 */
export function containsStopword(lower: string, word: string): boolean {
  if (word === '') return false
  if (word.length >= 7 || /[^a-z0-9]/.test(word)) return lower.includes(word)
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    const before = lower.charAt(at - 1)
    const after = lower.charAt(at + word.length)
    if (!ALNUM.test(before) && !ALNUM.test(after)) return true
  }
  return false
}

const SEQUENTIAL = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', '1234567890', 'qwertyuiop']
// Their first 8 characters: a value holding one is typed, not random.
const SEQUENTIAL_HEADS = SEQUENTIAL.map((run) => run.slice(0, 8))

/**
 * True when `text` at `at` holds `length` characters each one after the other (`abcd`, `5678`),
 * all of them between the character codes `low` and `high`.
 */
function ascendingAt(text: string, at: number, length: number, low: number, high: number): boolean {
  const first = text.charCodeAt(at)
  if (!(first >= low && first + length - 1 <= high)) return false
  for (let i = 1; i < length; i++) if (text.charCodeAt(at + i) !== first + i) return false
  return true
}

/**
 * True when lowercase `lower` holds four letters in alphabet order then four digits in order
 * (`abcd1234`, `efgh5678`): two typed runs back to back, a filler (`standard_abcd1234`, held-out-18).
 * Random text holds one about once in 10^12 positions.
 */
function holdsTypedRuns(lower: string): boolean {
  // Character codes, every position: a regex search for the first `[a-z]{4}\d{4}` cost more (it
  // runs for every candidate value: 2.8 % of a CPU profile of the generated tree).
  for (let at = 0; at + 8 <= lower.length; at++) {
    if (ascendingAt(lower, at, 4, 97, 122) && ascendingAt(lower, at + 4, 4, 48, 57)) return true
  }
  return false
}

// The default stop words as {@link containsStopword} reads them, each kind in one regex (a value was
// searched once per word): long or punctuated words anywhere, the others as a delimited word.
const anywhere = (word: string): boolean => word.length >= 7 || /[^a-z0-9]/.test(word)
const oneOf = (words: readonly string[]): string =>
  words.length === 0 ? '(?!)' : words.map((word) => word.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')).join('|')
const STOPWORD_ANYWHERE = new RegExp(oneOf(DEFAULT_STOPWORDS.filter((word) => word !== '' && anywhere(word))))
const STOPWORD_DELIMITED = new RegExp(
  `(?<![a-z0-9])(?:${oneOf(DEFAULT_STOPWORDS.filter((word) => word !== '' && !anywhere(word)))})(?![a-z0-9])`,
)

// A short stop word standing as the first word of a camel-case name, at the start of the value or
// after punctuation: `FakeValues99…`, `todoReplaceMe`, `my-DummyKey` (the next word opens with a
// capital). Case matters: random text writes `Fake` then a capital about once in 10^8 places.
const STOPWORD_CAMEL = new RegExp(
  `(?<![A-Za-z0-9])(?:${DEFAULT_STOPWORDS.filter((word) => /^[a-z]+$/.test(word) && !anywhere(word))
    .map((word) => `[${word.charAt(0)}${word.charAt(0).toUpperCase()}]${word.slice(1)}`)
    .join('|')})(?=[A-Z])`,
)

/** True when lowercase `lower` holds a default stop word: `DEFAULT_STOPWORDS.some((word) => containsStopword(lower, word))`. */
export function holdsDefaultStopword(lower: string): boolean {
  return STOPWORD_ANYWHERE.test(lower) || STOPWORD_DELIMITED.test(lower)
}

/**
 * True when lowercase `lower` holds one of the user's allowlist stop words. They match as substrings:
 * the user chose them, so they apply even to values whose checksum or structure proves them real.
 */
export function holdsStopword(lower: string, stopwords: readonly string[]): boolean {
  return stopwords.some((word) => word !== '' && lower.includes(word))
}

/**
 * True when `value` is a placeholder, template, reference or protected value rather than a secret.
 * `extraStopwords` come from the allowlist in `gitseal.yaml` (lowercase).
 */
export function isPlaceholder(value: string, extraStopwords: readonly string[] = []): boolean {
  const trimmed = value.trim()
  if (trimmed.length === 0) return true
  if (TEMPLATE.test(trimmed) || ENV_EXPANSION.test(trimmed) || MARKER.test(trimmed)) return true
  if (SECRET_MANAGER_REFERENCE.test(trimmed)) return true
  // A type's name (`privateKey : CertManagerIoV1CertificateSpecPrivateKey`: a field declared with its type).
  if (readsAsTypeName(trimmed)) return true
  if (/^(?:\.{2,}|…)$/.test(trimmed)) return true // `...`: elided in an example
  if (isCiphertext(trimmed) || isPublishedExample(trimmed)) return true
  if (isRepetitive(trimmed)) return true
  const lower = trimmed.toLowerCase()
  if (holdsDefaultStopword(lower) || STOPWORD_CAMEL.test(trimmed)) return true
  if (holdsStopword(lower, extraStopwords)) return true
  for (const head of SEQUENTIAL_HEADS) if (lower.includes(head)) return true
  if (holdsTypedRuns(lower)) return true
  return false
}

// A (method) call (`os.getenv("DB_PASSWORD")`, `jsonencode({`, `secrets.token_hex(32)`): its callee.
const CALLEE = /^([A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)*)\(/
// A call of names, strings and numbers (`base64decode(one(key).private_key)`), closed at the end or
// before code goes on, or cut where a rule's capture stopped (`env(OIDC_CLIENT_SECRET`).
const PLAIN_CALL = /^[\w$.:>-]+\((?:[\w$.'"\s:,/-]|\([\w$.'"\s:,/-]*(?:\)|$))*(?:\)(?:$|[\s.!?;,|&)\]}])|$)/

// A first argument that reads a member of an object (Terraform's `try(data.aws_eks_cluster_auth.x[0]`):
// two or more names joined by dots, as random text never is.
const MEMBER_ARGUMENT = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\[|[,)]|$)/

/**
 * True when `value` is code calling a function: a member call (`JSON.stringify(`), a callee that
 * reads as words (`jsonencode(`, `base64decode(`), or a call of plain arguments. A random value that happens to open `r(` or
 * `k3j_x(` (a Django SECRET_KEY) is none of these.
 */
function isCall(value: string): boolean {
  const callee = CALLEE.exec(value)?.[1]
  if (callee === undefined) return false
  return (
    /\.|::|->/.test(callee) ||
    looksLikeWords(callee.replace(/\d+/g, '_')) ||
    PLAIN_CALL.test(value) ||
    MEMBER_ARGUMENT.test(value.slice(callee.length + 1))
  )
}

// Of looksLikeReference's shapes, those a value of letters and digits alone can have: a word, a hash
// scheme, a `getenv` call's head. Every other needs punctuation (`/`, `.`, `(`, `_`, `:`…), and most
// candidates have none: the rest of the tests are skipped for them.
const ALNUM_ONLY = /^[A-Za-z0-9]+$/
const REFERENCE_WORD = /^(?:true|false|null|none|nil|undefined|yes|no|on|off|required|optional)$/i
// The configuration passes of a Windows answer file (unattend.xml's `<settings pass="oobeSystem">`):
// a fixed vocabulary, written as Windows spells it.
const WINDOWS_SETUP_PASS =
  /^(?:windowsPE|offlineServicing|generalize|specialize|auditSystem|auditUser|oobeSystem)$/
// A credential's ID and the file it is read from (systemd's `LoadCredential=hsmpin:/etc/app/pin`,
// `LoadCredentialEncrypted=`): names where the secret lives. Checked as a path is (randomNotPath).
const ID_AND_PATH = /^[A-Za-z_][\w.-]{0,63}:(\/(?:[\w.-]+\/)+[\w.-]+)$/
const HASH_SCHEME =
  /^(?:md5|sha-?(?:1|224|256|384|512)|bcrypt|scrypt|argon2(?:id|i|d)?|pbkdf2)(?:[-:](?:crypt|\d{1,4}))?$/i
// Member access (`config.clientSecret`, `os.environ`): some part of it names a thing. Random parts
// joined by a dot (`iflKX8b.ioLO`, a 12-character client secret; Ory's `<43>.<43>` HMAC-signed
// opaque access tokens) are a value, not code.
const MEMBER_ACCESS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?$/
// Member access, then `[` and a number (the rest of the subscript cut off); bounded.
const INDEXED_READ = /^([A-Za-z_$][\w$]{0,80}(?:\.[A-Za-z_$][\w$]{0,80}){1,8})\[\d{1,6}$/
const ENV_READ = /^(?:process\.env|os\.environ|env\.|System\.getenv|ENV\[|getenv)/i
const FILE_PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)[\w./\\-]*$/

/**
 * True when a path-shaped `value` is rather base64 of random bytes that opens with `/` and holds no
 * `+` (about 1 random base64 password in 120): no dot (no file name, no extension), and capitals,
 * small letters and digits mixed as no directory names are (`/Users/Admin/Library` has 4 capitals).
 */
function randomNotPath(value: string): boolean {
  if (value.includes('.')) return false
  let upper = 0
  let lower = 0
  let digits = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code >= 65 && code <= 90) upper += 1
    else if (code >= 97 && code <= 122) lower += 1
    else if (code >= 48 && code <= 57) digits += 1
  }
  return upper >= 5 && lower >= 5 && (digits >= 1 || upper >= 8)
}

// A path of segments (`/geoip/GeoLite2-City.mmdb`, `provider/github.md`, `./certs/ca.pem`) whose file
// has an extension, or an absolute one of lowercase segments (`/data/dump.rdb`): base64 holds no
// `.` and mixes case.
const PATH_WITH_EXTENSION = /^(?:~|\.{1,2})?\/?(?:[\w.-]+\/)+[\w-][\w.-]*\.[a-z][a-z0-9]{1,4}$/
const LOWERCASE_PATH = /^(?:\/[a-z0-9_][a-z0-9._-]*){2,}\/?$/
// A container image reference (`ghcr.io/org/app:v1.2.3`).
const IMAGE_REFERENCE =
  /^[a-z0-9.-]+(?::\d+)?(?:\/[a-z0-9._-]+)+(?::[\w.-]{1,128})?(?:@sha256:[a-f0-9]{64})?$/
// A file name (`home-assistant-7c48d-e078848c9fb0.json`): names where the secret is, not the secret.
const FILE_NAME =
  /^[\w.-]+\.(?:json|ya?ml|toml|xml|txt|env|conf|cfg|ini|properties|pem|crt|key|p12|pfx|jks|asc|gpg)$/i

/**
 * True when `value` is a file's path or name or a container image's name (`/geoip/GeoLite2-City.mmdb`,
 * `ghcr.io/org/app:v1.2.3`): where something is kept, not a secret.
 */
export function namesPlace(value: string): boolean {
  return (
    PATH_WITH_EXTENSION.test(value) ||
    LOWERCASE_PATH.test(value) ||
    IMAGE_REFERENCE.test(value) ||
    FILE_NAME.test(value)
  )
}

/** Values that name where a secret lives rather than being one: paths, env references, plain words. */
export function looksLikeReference(value: string): boolean {
  if (ALNUM_ONLY.test(value))
    return (
      REFERENCE_WORD.test(value) ||
      HASH_SCHEME.test(value) ||
      ENV_READ.test(value) ||
      WINDOWS_SETUP_PASS.test(value)
    )
  if (REFERENCE_WORD.test(value)) return true
  if (FILE_PATH.test(value) && !randomNotPath(value)) return true // a file path
  const idPath = ID_AND_PATH.exec(value)?.[1]
  if (idPath !== undefined && !randomNotPath(idPath)) return true // `hsmpin:/etc/app/pin`
  // A file's content read by its path: Dovecot's `</etc/key.pem`, curl's and many CLIs' `@./token.txt`.
  if (/^[<@](?:\.{0,2}\/|~\/)[\w./-]*$/.test(value)) return true
  // A hash scheme named in a setting (Dovecot's `auth_verbose_passwords = sha1:6`, `SHA512-CRYPT`).
  if (HASH_SCHEME.test(value)) return true
  if (/\\[.dwsbDWS]|\[[^\]]{1,40}\][+*?{]|\(\?[:=!<]|\(\.[*+]\??(?:\)|$)|\[\^?(?:a-z|A-Z|0-9)/.test(value))
    return true // a regular expression
  if (ENV_READ.test(value)) return true
  if (MEMBER_ACCESS.test(value) && value.split(/[.(]/).some((part) => looksLikeWords(part))) return true
  if (/^&[A-Za-z_][\w.]*\{/.test(value)) return true // Go's address of a composite literal: `&syscall.Credential{…`
  // A subscript read cut at its quote (`password=u_new["password"]` read up to `"`): code, not a value.
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\[$/.test(value)) return true
  // An indexed read cut at its `]` (Terraform's `data.aws_eks_cluster_auth.cluster[0].token` read up
  // to `]`): member access that names things, then `[` and an index.
  const indexed = INDEXED_READ.exec(value)
  if (indexed !== null && looksLikeReference(indexed[1] ?? '')) return true
  if (isCall(value)) return true // a (method) call
  // An interpolation opening on code (a Python f-string's `{os.environ.get(`, `${aws_instance.x.id}`).
  if (/^\$?\{[A-Za-z_]/.test(value) && looksLikeReference(value.slice(value.indexOf('{') + 1))) return true
  // A YAML alias of a named anchor (`*clientCert`): the value is the anchored node, elsewhere.
  if (/^\*[A-Za-z_][\w-]*$/.test(value) && looksLikeWords(value.slice(1))) return true
  // An environment reference escaped for a regular expression (`\\$MY_VAR`, `\\$\\{API_KEY\\}`).
  if (/^\\+\$(?:\\*\{)?[A-Za-z_]\w*/.test(value)) return true
  // A generic function or type applied in code (`ref<string | undefined>()`, `useState<Token>(…)`).
  if (/^[A-Za-z_$][\w$]*<(?:string|number|boolean|any|unknown|[A-Z][A-Za-z]*)\b/.test(value)) return true
  // A relative path with a file extension (`provider/github.md`) or of lowercase segments.
  if (/^[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z]{1,5}$|^[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+\/?$/.test(value)) return true
  if (namesPlace(value)) return true // a file's or an image's name
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true // ENV_VAR_NAME
  // Where a credential comes from (argocd-image-updater, Flux): `ext:/scripts/auth.sh`,
  // `env:REGISTRY_TOKEN`, `pullsecret:ns/name`, `secret:ns/name#field`.
  if (
    /^(?:ext:\/\S+|env:[A-Za-z_]\w*|pullsecret:[\w.-]+\/[\w.-]+|secret:[\w.-]+\/[\w.-]+#[\w.-]+)$/.test(value)
  )
    return true
  return false
}
