/**
 * Key material written without the armour the PEM rules look for: a PEM block under a renamed label
 * (`-----BEGIN FOO PRIVATE KEY-----`, a parser test's fixture holding a real key), a DER private key
 * in bare base64 under a private-key name (Keycloak realm exports, app configs), the generated HMAC
 * and AES keys of a Keycloak realm export, and a signed JWT written in base64 (a Secret's `token` in
 * a Go test, a basic-auth password). Every one is reported only when its structure proves it: the
 * body parses as a private key, the JWT decodes and validates.
 */
import { isPlaceholder } from '../placeholder.js'
import { jwtOk } from '../validators.js'
import { keyStructure } from './key-structure.js'
import type { RawMatch, Rule } from './types.js'

const REMEDIATION =
  'Treat the key as compromised: replace it, remove it from the file (and history), and keep private keys only in protected Secrets (`gitseal seal`, `gitseal encrypt`).'

// The labels the PEM rules know: a block under one of them is theirs.
const KNOWN_LABELS = new Set([
  'RSA',
  'EC',
  'DSA',
  'OPENSSH',
  'ENCRYPTED',
  'PGP',
  'SSH2 ENCRYPTED',
  'MATRIX',
  'TENDERMINT',
])
// The formats a renamed block's body is tried as.
const BODY_FORMATS = [
  'PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
]
const RENAMED_BEGIN = /-----BEGIN ([A-Z0-9][A-Z0-9 _-]{0,38}) PRIVATE KEY-----/g
// Distinct renamed labels looked up per file: each costs one forward search for its END line.
const MAX_LABELS = 8

/**
 * True when `body` parses as an unencrypted private key of one of the formats (an encrypted body
 * under a label of its own could not be told apart for its severity: left to the PEM rules' labels).
 */
function parsesAsKey(body: string): boolean {
  return BODY_FORMATS.some((format) => keyStructure(format, body) === 'plain')
}

/** PEM blocks under a label the PEM rules do not know, whose body parses as a private key. */
function* renamedPemBlocks(text: string): Generator<RawMatch> {
  const nextEnd = new Map<string, number>()
  RENAMED_BEGIN.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = RENAMED_BEGIN.exec(text)) !== null) {
    const label = match[1] ?? ''
    if (KNOWN_LABELS.has(label)) continue
    const end = `-----END ${label} PRIVATE KEY-----`
    const bodyStart = match.index + match[0].length
    let stop = nextEnd.get(label)
    if (stop === undefined && nextEnd.size >= MAX_LABELS) continue
    // The END line is searched forward only: a file of many BEGIN lines stays linear.
    if (stop === undefined || (stop >= 0 && stop < bodyStart)) stop = text.indexOf(end, bodyStart)
    nextEnd.set(label, stop)
    if (stop < 0) continue
    const body = text.slice(bodyStart, stop)
    if (body.includes('-----BEGIN ') || !parsesAsKey(body)) continue
    yield { start: match.index, end: stop + end.length, secret: text.slice(match.index, stop + end.length) }
    RENAMED_BEGIN.lastIndex = stop + end.length
  }
}

// A private-key name, its operator, an optional JSON array bracket and a quote, then bare base64 DER
// (a SEQUENCE: `M`): Keycloak's `"privateKey" : [ "MIIEow…" ]`, `private_key: "MIIEv…"`, and the
// text of an XML element (its SAML adapter's `<PrivateKeyPem>` with the body on the next line).
const BARE_DER_KEY =
  /private[_.-]?key(?:pem|der)?["']?(?:[ \t]{0,8}[:=][ \t]{0,8}|>[ \t\r\n]{0,80})(?:\[[ \t\r\n]{0,40})?["']?(M[A-Za-z0-9+/]{59,12000}={0,2})(?![A-Za-z0-9+/=])/gi

/** Bare base64 DER private keys under a private-key name, when the bytes parse as one. */
function* bareDerKeys(text: string): Generator<RawMatch> {
  BARE_DER_KEY.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = BARE_DER_KEY.exec(text)) !== null) {
    const secret = match[1] ?? ''
    if (!parsesAsKey(secret)) continue
    const end = match.index + match[0].length
    yield { start: end - secret.length, end, secret }
  }
}

// A Keycloak realm export's generated symmetric key: a key provider component (`aes-generated`,
// `hmac-generated`, `hmac-generated-hs512`) whose config holds `"secret" : [ "<base64url>" ]`.
const KEYCLOAK_SECRET = /"secret"[ \t]{0,8}:[ \t]{0,8}\[[ \t\r\n]{0,40}"([A-Za-z0-9_-]{16,200})"/g
const GENERATED_PROVIDER = /^"providerId"[ \t]{0,8}:[ \t]{0,8}"(?:aes|hmac)-generated[\w-]{0,20}"/
// How far before its `secret` a component's `providerId` is looked for: its few fields.
const COMPONENT_WINDOW = 400

/** The secrets of a Keycloak realm export's generated AES and HMAC keys. */
function* keycloakSecrets(text: string): Generator<RawMatch> {
  KEYCLOAK_SECRET.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = KEYCLOAK_SECRET.exec(text)) !== null) {
    // The nearest `providerId` before the `secret` is its own component's.
    const before = text.slice(Math.max(0, match.index - COMPONENT_WINDOW), match.index)
    if (!GENERATED_PROVIDER.test(before.slice(before.lastIndexOf('"providerId"')))) continue
    const secret = match[1] ?? ''
    // Random base64url, proven by nothing but where it stands: a filler (`xxxx…`) is none.
    if (isPlaceholder(secret)) continue
    const end = match.index + match[0].length - 1
    yield { start: end - secret.length, end, secret }
  }
}

// Base64 of `eyJ` (a JWT's header) and the rest of its run; lines of 60–76 characters continued by
// more base64 (MIME wrapping) are joined. Unbounded but greedy, so each run is read once (a bounded
// count before a lookahead would backtrack through a long run at every `ZXlK` in it); runs past
// MAX_BASE64_JWT characters are no token.
const BASE64_JWT = /ZXlK[A-Za-z0-9+/]{40,}={0,2}/g
const MAX_BASE64_JWT = 12000
const WRAPPED_LINE = /^\r?\n[ \t]{0,16}([A-Za-z0-9+/]{4,76}={0,2})(?![A-Za-z0-9+/=])/
const MAX_WRAPPED_LINES = 200

/** The base64 text at `match`, joined with the wrapped lines that continue it. */
function joinWrapped(text: string, start: number, first: string): string {
  let joined = first
  let at = start + first.length
  for (let lines = 0; lines < MAX_WRAPPED_LINES && first.length >= 60 && !joined.endsWith('='); lines++) {
    const next = WRAPPED_LINE.exec(text.slice(at, at + 100))
    if (next === null) break
    joined += next[1] ?? ''
    at += next[0].length
  }
  return joined
}

/** Base64 of a signed JWT (one line, or wrapped) that decodes and validates as a JWT. */
function* base64Jwts(text: string): Generator<RawMatch> {
  BASE64_JWT.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = BASE64_JWT.exec(text)) !== null) {
    if (match[0].length > MAX_BASE64_JWT) continue
    const decoded = Buffer.from(joinWrapped(text, match.index, match[0]), 'base64')
      .toString('latin1')
      .trim()
    const token = /^eyJ[A-Za-z0-9_-]{8,4000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{10,2000}/.exec(
      decoded,
    )?.[0]
    if (token === undefined || !jwtOk(token)) continue
    yield { start: match.index, end: match.index + match[0].length, secret: match[0] }
  }
}

// `openssh-key-v1\0` in base64: every OpenSSH private key body opens with it, armour or not.
const OPENSSH_MAGIC = 'b3BlbnNzaC1rZXktdjE'
// An armoured block's body is the PEM rules': its BEGIN line comes within this many characters.
const ARMOUR_REACH = 200
const ARMOURED = /BEGIN OPENSSH PRIVATE KEY/i
// How much of a bare body is read: the largest OpenSSH keys (RSA 16384) fit.
const MAX_BARE_BODY = 64 * 1024
// A wrapped line: OpenSSH wraps at 70 characters, MIME at 76; a shorter line ends the body.
const WRAP_MIN = 60
const BASE64_CHAR = /[A-Za-z0-9+/=]/
// A line break (or its `\n` escape) and what may come before the next line: indentation, quotes,
// string concatenation.
const CONTINUATION = /(?:\\r)?(?:\\n|\r?\n)[ \t"'`+,]{0,40}(?=[A-Za-z0-9+/])/y

/** Where the run of base64 characters from `at` ends. */
function base64RunEnd(text: string, at: number): number {
  let end = at
  while (end < text.length && end - at < MAX_BARE_BODY && BASE64_CHAR.test(text.charAt(end))) end++
  return end
}

/** Where a bare base64 body from `at` ends: its run and the wrapped lines that continue it. */
function bareBodyEnd(text: string, at: number): number {
  let lineStart = at
  let end = base64RunEnd(text, at)
  while (end - lineStart >= WRAP_MIN && end - at < MAX_BARE_BODY && text.charAt(end - 1) !== '=') {
    CONTINUATION.lastIndex = end
    if (!CONTINUATION.test(text)) break
    lineStart = CONTINUATION.lastIndex
    end = base64RunEnd(text, lineStart)
  }
  return end
}

/** OpenSSH private key bodies without their BEGIN/END lines (one line, or wrapped) that parse as keys. */
function* bareOpensshKeys(text: string): Generator<RawMatch> {
  for (let hit = text.indexOf(OPENSSH_MAGIC); hit >= 0; hit = text.indexOf(OPENSSH_MAGIC, hit + 1)) {
    if (hit > 0 && /[A-Za-z0-9+/]/.test(text.charAt(hit - 1))) continue
    if (ARMOURED.test(text.slice(Math.max(0, hit - ARMOUR_REACH), hit))) continue
    const end = bareBodyEnd(text, hit)
    const secret = text.slice(hit, end)
    // Hits inside a body read are part of it: each character is read once.
    if (keyStructure('OPENSSH PRIVATE KEY', secret) !== undefined) yield { start: hit, end, secret }
    hit = end - 1
  }
}

/** Rules for key material without its usual armour. */
export const BARE_KEY_RULES: readonly Rule[] = [
  {
    id: 'private-key-renamed',
    title: 'Private key under a renamed PEM label',
    severity: 'high',
    description:
      'A PEM block under a label of its own (`FOO PRIVATE KEY`) whose body parses as a private key.',
    remediation: REMEDIATION,
    keywords: [' private key-----'],
    find: renamedPemBlocks,
    kind: 'provider',
  },
  {
    id: 'private-key-openssh-bare',
    title: 'OpenSSH private key without its armour',
    severity: 'high',
    description:
      'The base64 body of an OpenSSH private key without its BEGIN/END lines (one line, or wrapped); it parses as an `openssh-key-v1` key.',
    remediation: REMEDIATION,
    keywords: [OPENSSH_MAGIC.toLowerCase()],
    find: bareOpensshKeys,
    kind: 'provider',
  },
  {
    id: 'private-key-der',
    title: 'Private key in bare base64',
    severity: 'high',
    description:
      'A private key written as bare base64 of its DER bytes (no BEGIN/END lines) under a private-key name, as Keycloak realm exports do; the bytes parse as a key.',
    remediation: REMEDIATION,
    keywords: ['privatekey', 'private_key', 'private-key', 'private.key'],
    find: bareDerKeys,
    kind: 'provider',
  },
  {
    id: 'keycloak-realm-key',
    title: 'Keycloak realm signing or encryption key',
    severity: 'high',
    description:
      'The secret of a Keycloak realm key provider (`aes-generated`, `hmac-generated`) in a realm export: whoever holds it signs tokens or reads encrypted ones as the realm.',
    remediation:
      'Rotate the realm keys in Keycloak (add new key providers, then remove the old ones) and strip the keys from exports you commit.',
    keywords: ['-generated'],
    find: keycloakSecrets,
    kind: 'provider',
  },
  {
    id: 'jwt-base64',
    title: 'JSON Web Token in base64',
    severity: 'medium',
    description:
      'Base64 of a signed JSON Web Token (a Secret value, a basic-auth password): it decodes and validates as a JWT.',
    remediation:
      'Revoke the token (or rotate its signing key) and deliver it as a protected Secret: `gitseal seal`, `gitseal encrypt` or an ExternalSecret.',
    keywords: ['zxlk'],
    find: base64Jwts,
    kind: 'provider',
  },
]
