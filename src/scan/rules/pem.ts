/**
 * Private key blocks (PEM, OpenSSH, PGP, SSH2). Found with `indexOf` rather than a regex so that a
 * file of repeated BEGIN lines stays linear: the next END is looked up once and reused, and only the
 * last BEGIN before it opens a body worth checking.
 */
import type { RawMatch, Rule } from './types.js'
import { isPlaceholder } from '../placeholder.js'
import {
  commentMark,
  keyBodyBase64,
  keyStructure,
  strictBase64,
  unmarked,
  unmarkedBody,
} from './key-structure.js'

const REMEDIATION =
  'Treat the key as compromised: replace it, remove it from the file (and history), and keep private keys only in protected Secrets (`gitseal seal`, `gitseal encrypt`).'

/**
 * True when the body between BEGIN and END is key material: it parses as the label's format (then
 * no placeholder heuristic applies), or, for bodies we cannot parse (hand-made, re-wrapped, test
 * keys), it is at least 64 base64 characters that do not look like a placeholder.
 */
export function pemBodyOk(body: string, label = ''): boolean {
  if (keyStructure(label, body) !== undefined) return true
  const compact = keyBodyBase64(body)
  if (compact === undefined || compact.length < 64 || !startsAsLabelSays(label, body, compact)) return false
  return !handWrapped(body) && !isPlaceholder(compact)
}

// Tools wrap key bodies at 64 characters (OpenSSL, GnuPG, PuTTY), 70 (OpenSSH) or 76 (MIME).
const NARROWEST_TOOL_LINE = 48

/**
 * True when every full line of a body is narrower than any tool writes: a fixture cut by hand (six
 * lines of 29 characters between BEGIN and END in a chart test), not a key cut short, whose lines
 * keep their width. Only asked of bodies that do not parse.
 */
function handWrapped(body: string): boolean {
  const lines = body
    .replace(/\\r|\\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/["'`,;+\s\\]/g, ''))
    .filter((line) => line !== '' && !line.includes(':'))
  return lines.length >= 3 && lines.slice(0, -1).every((line) => line.length < NARROWEST_TOOL_LINE)
}

// Labels whose body is DER, which opens with a SEQUENCE (0x30): base64 `M` as its first character.
const DER_LABELS = new Set([
  'RSA PRIVATE KEY',
  'ED25519 PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
])
// `openssh-key-v1\0`, the magic every OpenSSH private key body opens with.
const OPENSSH_MAGIC = 'b3BlbnNzaC1rZXktdjE'

/**
 * False when a body we could not parse does not even open as its label's format does: a test
 * fixture with shuffled or made-up lines (a truncated real key still opens correctly). Legacy
 * encrypted PEM (`Proc-Type:` headers) holds ciphertext, which opens with anything.
 */
function startsAsLabelSays(label: string, body: string, compact: string): boolean {
  if (label === 'OPENSSH PRIVATE KEY') return compact.startsWith(OPENSSH_MAGIC)
  if (!DER_LABELS.has(label) || body.includes('Proc-Type:')) return true
  return compact.startsWith('M')
}

/** A search for `literal` in any letter case (`-----begin rsa private key-----` is armour too). */
function anyCase(literal: string): RegExp {
  return new RegExp(literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')
}

/** Where `search` next matches at or after `from`, or -1. */
function nextAt(search: RegExp, text: string, from: number): number {
  search.lastIndex = from
  return search.exec(text)?.index ?? -1
}

const MAX_MARK = 40

/** The comment or quote mark before the BEGIN at `start` on its line (`#`, `//`, `> >`), if any. */
function lineMark(text: string, start: number): string | undefined {
  // Only the characters a mark may take are read: a search back to the line's start would read a
  // long line once per BEGIN on it.
  const before = text.slice(Math.max(0, start - MAX_MARK - 1), start)
  const newline = before.lastIndexOf('\n')
  if (newline < 0 && start > MAX_MARK) return undefined
  return commentMark(before.slice(newline + 1))
}

// A line of an armoured body once its mark, indentation and quotes are set aside: base64, a
// `Name: value` header, or an OpenPGP checksum.
const BODY_LINE = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z][A-Za-z-]{1,39}:.*|=[A-Za-z0-9+/]{4})$/
// How far an unterminated body is read: an 8192-bit RSA key or a large PGP key block fits.
const MAX_UNTERMINATED = 64 * 1024

/**
 * Where the body after a BEGIN line with no END of its own stops: the end of the last line of the
 * run of base64 and header lines that follows (a key whose END line was cut off or left out).
 * Undefined when text other than a line break follows the BEGIN on its line.
 */
function unterminatedEnd(text: string, bodyStart: number, mark: string | undefined): number | undefined {
  let at = bodyStart
  // Only blanks may follow the BEGIN on its line; stop at the first other character (a search
  // for the line break would read a long line once per BEGIN on it).
  while (at < text.length && text.charCodeAt(at) !== 10 && /\s/.test(text.charAt(at))) at++
  if (at >= text.length || text.charCodeAt(at) !== 10) return undefined
  let end: number | undefined
  while (at >= 0 && at - bodyStart < MAX_UNTERMINATED) {
    const next = text.indexOf('\n', at + 1)
    const lineEnd = next < 0 ? text.length : next
    const line = unmarked(text.slice(at + 1, lineEnd), mark).replace(/["'`,;\s\\]/g, '')
    if (line === '') {
      if (end !== undefined) return end
    } else if (BODY_LINE.test(line)) end = lineEnd
    else return end
    at = next
  }
  return end
}

/**
 * Every `begin … end` block whose body looks like a key (`bodyOk`: the label's own test). Armour in
 * another letter case, a block commented out or quoted line by line (its mark taken off every body
 * line) and a block whose END is missing are keys only when the body parses as the label's format.
 */
function* findBlocks(
  text: string,
  begin: string,
  end: string,
  label = '',
  bodyOk = pemBodyOk,
): Generator<RawMatch> {
  const beginAt = anyCase(begin)
  const endAt = anyCase(end)
  const parses = (body: string): boolean =>
    label === 'MATRIX PRIVATE KEY' ? bodyOk(body, label) : keyStructure(label, body) !== undefined
  let start = nextAt(beginAt, text, 0)
  // The next END at or after the body being read: -2 not looked up yet, -1 none in the rest of the text.
  let nextEnd = -2
  while (start >= 0) {
    const bodyStart = start + begin.length
    if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = nextAt(endAt, text, bodyStart)
    // A body holding another BEGIN line is never a key: this BEGIN's block is read without its END,
    // and BEGIN × N then one END is read once, not N times.
    const following = nextAt(beginAt, text, bodyStart)
    const mark = lineMark(text, start)
    if (nextEnd >= 0 && (following < 0 || following > nextEnd)) {
      const body = text.slice(bodyStart, nextEnd)
      const exact = text.startsWith(begin, start) && text.startsWith(end, nextEnd)
      if (
        (exact && bodyOk(body, label)) ||
        (mark !== undefined && parses(unmarkedBody(body, mark))) ||
        (!exact && parses(body))
      ) {
        const stop = nextEnd + end.length
        yield { start, end: stop, secret: text.slice(start, stop) }
      }
    } else {
      const stop = unterminatedEnd(text, bodyStart, mark)
      const body = stop === undefined ? '' : text.slice(bodyStart, stop)
      if (stop !== undefined && parses(mark === undefined ? body : unmarkedBody(body, mark))) {
        yield { start, end: stop, secret: text.slice(start, stop) }
      }
    }
    start = following
  }
}

function pem(id: string, title: string, label: string, dashes = '-----', bodyOk = pemBodyOk): Rule {
  const sep = dashes === '-----' ? '' : ' '
  const begin = `${dashes}${sep}BEGIN ${label}${sep}${dashes}`
  const end = `${dashes}${sep}END ${label}${sep}${dashes}`
  return {
    id,
    title,
    severity: 'high',
    description: `${title} in plain text.`,
    remediation: REMEDIATION,
    keywords: [begin.toLowerCase()],
    find: (text) => findBlocks(text, begin, end, label, bodyOk),
    kind: 'provider',
  }
}

// A Matrix homeserver's signing key as Dendrite writes it (`matrix_key.pem`): a `Key-ID: ed25519:…`
// header, then base64 of the 32-byte ed25519 seed, too short for the PEM bodies above. Whoever holds
// it signs events and requests as the server.
const ED25519_SEED_BYTES = 32

/** True when a Matrix key block's body, headers set aside, is base64 of one 32-byte seed. */
function matrixSeedOk(body: string): boolean {
  const compact = keyBodyBase64(body)
  if (compact === undefined || compact.length !== 44 || !compact.endsWith('=')) return false
  return strictBase64(compact)?.length === ED25519_SEED_BYTES && !isPlaceholder(compact)
}

// Synapse writes the same seed on one line of its `*.signing.key` file: `ed25519 <key id> <base64
// of the seed, unpadded>`; bridges (mautrix) keep that line as a config value (`server_key: ed25519
// …`, quoted or not). The line alone, or the value of a `:`/`=` with the line's end after it. Tried
// only at an `ed25519 ` (a multiline `^` is tried at every position: 25 ms over the 12 MB of
// argo-cd's files holding the word, 3.5 ms so); the look back is bounded.
const SYNAPSE_KEY = /ed25519 [A-Za-z0-9_]{1,64} ([A-Za-z0-9+/]{43})=?(?=["']?,?[ \t]*$)/my
const SYNAPSE_WORD = 'ed25519 '

function isBlank(code: number): boolean {
  return code === 32 || code === 9
}

/** True when the `ed25519 ` at `hit` opens its line or a value: up to 16 blanks and a quote back to a line start, `:` or `=`. */
function synapseValueStart(text: string, hit: number): boolean {
  let start = hit
  const quote = text.charCodeAt(start - 1)
  if (quote === 34 || quote === 39) start--
  const valueAt = start
  while (start > valueAt - 16 && isBlank(text.charCodeAt(start - 1))) start--
  const before = text.charCodeAt(start - 1)
  if (start === 0 || before === 10 || before === 13 || before === 0x2028 || before === 0x2029) return true
  return before === 58 || before === 61 // `:` `=`
}

/** Every Synapse signing key line whose seed decodes to 32 bytes. */
function* synapseKeys(text: string): Generator<RawMatch> {
  for (let hit = text.indexOf(SYNAPSE_WORD); hit >= 0; hit = text.indexOf(SYNAPSE_WORD, hit + 1)) {
    if (!synapseValueStart(text, hit)) continue
    SYNAPSE_KEY.lastIndex = hit
    const match = SYNAPSE_KEY.exec(text)
    if (match === null) continue
    const seed = match[1] ?? ''
    if (matrixSeedOk(`${seed}=`)) yield { start: hit, end: hit + match[0].length, secret: seed }
  }
}

// `-----BEGIN` in base64 and what follows: a key file kept as base64 (a Secret's data, a string in
// Java or Go test code, a sample in a README). 48 characters at least: the first line of one
// wrapped at 64 (read on by base64FilesHolding).
const BASE64_KEY_FILE = /LS0tLS1CRUdJTi[A-Za-z0-9+/]{34,40000}={0,2}/g

/**
 * Each match of `pattern` (global) in `text` that is base64 (or base64url) of a file `holdsKey`
 * accepts once decoded: key files kept encoded, judged by what they hold. A match that fills its
 * line is read on over the lines wrapped after it (`base64 key` wraps at 76, a block scalar indents).
 */
export function* base64FilesHolding(
  pattern: RegExp,
  holdsKey: (decoded: string) => boolean,
  text: string,
): Generator<RawMatch> {
  const decodes = (encoded: string): boolean => holdsKey(Buffer.from(encoded, 'base64').toString('latin1'))
  pattern.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = pattern.exec(text)) !== null) {
    const start = match.index
    const secret = match[0]
    if (decodes(secret)) {
      yield { start, end: start + secret.length, secret }
      continue
    }
    const wrapped = wrappedBase64(text, start, start + secret.length, match[0].slice(0, WRAP_HEAD))
    if (wrapped === undefined) continue
    // The lines read are not searched again: each character is read by at most one walk.
    pattern.lastIndex = wrapped.end
    if (decodes(wrapped.encoded)) yield { start, end: wrapped.end, secret: text.slice(start, wrapped.end) }
  }
}

// The narrowest line a tool wraps base64 at (PEM bodies 64, `base64` 76, some 60); a shorter first
// line is a value of its own, not the head of a wrapped file.
const NARROWEST_WRAP = 48
// How much base64 a wrapped file may hold, as the one-line patterns allow.
const MAX_WRAPPED = 40_000
// Characters of a match's start that, at the start of a later line, open another file: the walk stops there.
const WRAP_HEAD = 12
// base64 or base64url, as the patterns read.
const BASE64_CHAR = /[A-Za-z0-9+/_-]/

/**
 * The base64 of a file wrapped over lines, when the one-line match `start..firstEnd` fills its line:
 * each next line (indented as much as wished, CRLF or LF) as wide as the first, then a last line no
 * wider, ending in padding or not. Undefined when no line follows so.
 */
function wrappedBase64(
  text: string,
  start: number,
  firstEnd: number,
  head: string,
): { end: number; encoded: string } | undefined {
  const width = firstEnd - start
  if (width < NARROWEST_WRAP || text.charCodeAt(firstEnd - 1) === 61 /* = */) return undefined
  const parts = [text.slice(start, firstEnd)]
  let total = width
  let end = firstEnd
  let at = firstEnd
  while (total < MAX_WRAPPED) {
    if (text.charCodeAt(at) === 13) at++
    if (text.charCodeAt(at) !== 10) break
    at++
    while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++
    if (text.startsWith(head, at)) break
    let stop = at
    while (BASE64_CHAR.test(text.charAt(stop))) stop++
    const run = stop - at
    while (text.charCodeAt(stop) === 61 && stop - at < run + 2) stop++
    const next = text.charCodeAt(stop)
    if (run === 0 || stop - at > width || !(Number.isNaN(next) || next === 10 || next === 13)) break
    parts.push(text.slice(at, stop))
    total += stop - at
    end = stop
    at = stop
    // A line narrower than the first (or padded) is the last.
    if (run < width) break
  }
  return parts.length > 1 ? { end, encoded: parts.join('') } : undefined
}

/** Private key rules. */
export const PEM_RULES: readonly Rule[] = [
  pem('private-key-rsa', 'RSA private key', 'RSA PRIVATE KEY'),
  pem('private-key-ec', 'EC private key', 'EC PRIVATE KEY'),
  pem('private-key-dsa', 'DSA private key', 'DSA PRIVATE KEY'),
  pem('private-key-openssh', 'OpenSSH private key', 'OPENSSH PRIVATE KEY'),
  pem('private-key-pkcs8', 'PKCS#8 private key', 'PRIVATE KEY'),
  // Talos (secrets bundles, talosconfig) labels its PKCS#8 Ed25519 keys so.
  pem('private-key-ed25519', 'Ed25519 private key', 'ED25519 PRIVATE KEY'),
  pem('private-key-pkcs8-encrypted', 'Encrypted PKCS#8 private key', 'ENCRYPTED PRIVATE KEY'),
  pem('private-key-pgp', 'PGP private key block', 'PGP PRIVATE KEY BLOCK'),
  pem('private-key-ssh2-encrypted', 'SSH2 encrypted private key', 'SSH2 ENCRYPTED PRIVATE KEY', '----'),
  pem('private-key-matrix', 'Matrix server signing key', 'MATRIX PRIVATE KEY', '-----', matrixSeedOk),
  // A Cosmos SDK keyring export (`gaiad keys export`): sealed under a passphrase, so reported a
  // severity lower, as other protected keys are.
  pem('private-key-cosmos-keyring', 'Cosmos SDK keyring export', 'TENDERMINT PRIVATE KEY'),
  {
    id: 'private-key-matrix-synapse',
    title: 'Matrix server signing key (Synapse)',
    severity: 'high',
    description: 'A Matrix homeserver signing key in the one-line form Synapse writes, in plain text.',
    remediation: REMEDIATION,
    keywords: ['ed25519 '],
    find: synapseKeys,
    kind: 'provider',
  },
  {
    id: 'private-key-base64',
    title: 'Private key file in base64',
    severity: 'high',
    description: 'A private key file written in base64 whose decoded block parses as its format.',
    remediation: REMEDIATION,
    keywords: ['ls0tls1crudjti'],
    find: (text) => base64FilesHolding(BASE64_KEY_FILE, holdsPrivateKey, text),
    kind: 'provider',
  },
]

const LABELS = ['RSA', 'EC', 'DSA', 'OPENSSH', '', 'ENCRYPTED', 'ED25519'].map((kind) =>
  kind === '' ? 'PRIVATE KEY' : `${kind} PRIVATE KEY`,
)

/**
 * True when `text` (a decoded Secret value, a kubeconfig's client-key-data) holds a private key
 * block whose body parses as its format: such a value is reported whatever the placeholder
 * heuristics say about it.
 */
export function holdsPrivateKey(text: string): boolean {
  if (!text.includes('PRIVATE KEY')) return false
  for (const label of [...LABELS, 'PGP PRIVATE KEY BLOCK']) {
    const begin = `-----BEGIN ${label}-----`
    const start = text.indexOf(begin)
    if (start < 0) continue
    const stop = text.indexOf(`-----END ${label}-----`, start + begin.length)
    if (stop >= 0 && keyStructure(label, text.slice(start + begin.length, stop)) !== undefined) return true
  }
  return false
}
