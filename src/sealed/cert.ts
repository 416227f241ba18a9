/**
 * The controller certificate a value is sealed for: parsed as kubeseal does (`ParseKey`: first
 * `CERTIFICATE` PEM block, RSA only) and checked more strictly (expiry with an override, key size).
 */
import { checkPrimeSync, createHash, X509Certificate } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'

/** A parsed sealing certificate. */
export interface SealingCert {
  /** The certificate as PEM (first CERTIFICATE block of the source). */
  pem: string
  /** The RSA public key values are sealed for. */
  publicKey: KeyObject
  /** SHA-256 of the certificate DER, lowercase hex without colons (what `certFingerprint` pins). */
  sha256: string
  /** OpenSSH-style `SHA256:…` fingerprint of the public key, as the controller logs it. */
  keyFingerprint: string
  /** Subject DN as text; empty for the controller's own certificates (it uses an empty CN). */
  subject: string
  notBefore: Date
  notAfter: Date
  /** RSA modulus size in bits. */
  keyBits: number
  /** Where it came from (file path or URL), for messages. */
  source: string
  /** Why the key is too weak to seal for; only set when parsed with `allowWeak` (to report it). */
  weakness?: string
}

/** Options for {@link parseCert}. */
export interface ParseCertOptions {
  /**
   * Return a certificate whose key is shorter than 2048 bits (with `weakness` set) instead of refusing
   * it: for reports, never for sealing. Structurally unsafe keys are refused regardless.
   */
  allowWeak?: boolean
}

/** Smallest RSA key gitseal seals for. */
export const MIN_RSA_BITS = 2048
/**
 * Largest RSA key accepted: OpenSSL encrypts for no larger modulus (`modulus too large`), and the
 * checks of {@link rsaKeyWeakness} cost the cube of its size (a crafted 60,000-bit key in a 7 KB
 * certificate took 200 s to judge).
 */
export const MAX_RSA_BITS = 16384
/** Warn when the certificate expires within this many days. */
export const EXPIRY_WARNING_DAYS = 30
/** A certificate valid from at most this far in the future is clock skew (warned), beyond it refused. */
export const NOT_YET_VALID_SKEW_MS = 86_400_000

// Primes below 2^14: a modulus with a factor this small is factored by anyone in microseconds.
const SMALL_PRIMES: readonly bigint[] = (() => {
  const limit = 1 << 14
  const sieve = new Uint8Array(limit)
  const primes: bigint[] = []
  for (let i = 2; i < limit; i++) {
    if (sieve[i] === 1) continue
    primes.push(BigInt(i))
    for (let j = i * i; j < limit; j += i) sieve[j] = 1
  }
  return primes
})()

/**
 * Why an RSA public key cannot protect a value, or undefined when it can. A certificate's key is
 * whatever its author chose: exponent 1 makes the ciphertext the plaintext, an even exponent or
 * a prime modulus, a power of a prime or one with a small factor lets anyone decrypt. Not caught:
 * a factor of some 100 bits (found by ECM in hours, but no cheap check finds it) and p²·q (whether a
 * number is squarefree is as hard as factoring it); neither lets a stranger decrypt at a glance.
 */
export function rsaKeyWeakness(modulus: bigint, exponent: bigint): string | undefined {
  if (exponent <= 65536n)
    return `its public exponent ${exponent} is too small (need 65537 or a larger odd number)`
  if (exponent % 2n === 0n) return `its public exponent ${exponent} is even`
  if (exponent >= modulus) return 'its public exponent is not smaller than its modulus'
  for (const prime of SMALL_PRIMES) {
    if (modulus % prime === 0n) return `its modulus has the small factor ${prime}`
  }
  // Two rounds: a prime always passes them; a composite passing both (≤ 1/16 even when crafted)
  // is refused as prime, the safe way to be wrong. Each round costs the cube of the key size.
  if (checkPrimeSync(modulus, { checks: 2 }))
    return 'its modulus is a prime number, not a product of two primes'
  if (fermatFactorable(modulus)) return 'its modulus factors at once (its two primes are equal or too close)'
  const power = perfectPowerExponent(modulus)
  if (power !== undefined) return `its modulus is a prime to the power ${power}: its root is its only factor`
  return undefined
}

/** ⌊n^(1/k)⌋ by Newton's method, from above. */
function integerRoot(n: bigint, k: bigint): bigint {
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n)
  for (;;) {
    const next = ((k - 1n) * x + n / x ** (k - 1n)) / k
    if (next >= x) return x
    x = next
  }
}

/**
 * The odd prime k for which `modulus` is a k-th power, if any (squares are Fermat's first step):
 * p³ factors by a cube root. Every factor is past the small primes, so k < bits / 14. A k-th power
 * is a k-th power residue modulo every prime q ≡ 1 (mod k); four such q rule out all but one in
 * k⁴ other numbers at the cost of four small remainders, so a root is taken almost never (taking
 * the ~200 roots of a 16,384-bit modulus took 1.7 s).
 */
function perfectPowerExponent(modulus: bigint): number | undefined {
  const bits = modulus.toString(2).length
  for (const prime of SMALL_PRIMES) {
    const k = Number(prime)
    if (k === 2) continue
    if (k * 14 > bits) return undefined
    if (mayBePower(modulus, k) && integerRoot(modulus, prime) ** prime === modulus) return k
  }
  return undefined
}

/** False when `modulus` is no k-th power modulo one of four primes q ≡ 1 (mod k), q < 2^26. */
function mayBePower(modulus: bigint, k: number): boolean {
  let tested = 0
  for (let q = 2 * k + 1; tested < 4; q += 2 * k) {
    if (!isSmallPrime(q)) continue
    tested++
    const residue = Number(modulus % BigInt(q))
    if (residue !== 0 && powerModulo(residue, (q - 1) / k, q) !== 1) return false
  }
  return true
}

/** Trial division, for numbers below 2^26. */
function isSmallPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false
  return n > 1
}

/** base^exponent mod m in doubles: exact for m < 2^26 (products stay below 2^53). */
function powerModulo(base: number, exponent: number, m: number): number {
  let result = 1
  let b = base % m
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * b) % m
    b = (b * b) % m
  }
  return result
}

/** ⌊√n⌋ by Newton's method. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2))
  for (;;) {
    const next = (x + n / x) >> 1n
    if (next >= x) return x
    x = next
  }
}

// Fermat's method finds p and q within a few steps when they are close (p = q: the first step):
// such a key is no key. Real RSA primes differ in their top bits, so the steps never succeed.
const FERMAT_STEPS = 64

function fermatFactorable(modulus: bigint): boolean {
  let a = isqrt(modulus)
  if (a * a < modulus) a++
  for (let step = 0; step < FERMAT_STEPS; step++, a++) {
    const b2 = a * a - modulus
    const b = isqrt(b2)
    if (b * b === b2) return true
  }
  return false
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/

/**
 * Parse the first `CERTIFICATE` block of `pem` (bare public keys are refused, as kubeseal does).
 * @throws GitsealError `E_BAD_CERT` naming `source` when there is no certificate, `E_CERT_WEAK` for
 * non-RSA keys, keys under 2048 bits and unsafe keys (see {@link rsaKeyWeakness}).
 */
export function parseCert(
  pem: string | Uint8Array,
  source: string,
  options: ParseCertOptions = {},
): SealingCert {
  const { body, x509 } = readCertificateBlock(
    typeof pem === 'string' ? pem : new TextDecoder().decode(pem),
    source,
  )
  const publicKey = x509.publicKey
  const { keyBits, weakness } = checkRsaKey(publicKey, source, options)
  return {
    pem: `-----BEGIN CERTIFICATE-----\n${body.replace(/\r/g, '')}-----END CERTIFICATE-----\n`,
    publicKey,
    sha256: createHash('sha256').update(x509.raw).digest('hex'),
    keyFingerprint: sshFingerprint(publicKey),
    // Node reports an empty DN (the controller's) as undefined.
    subject: textOrEmpty(x509.subject),
    notBefore: certDate(x509.validFrom),
    notAfter: certDate(x509.validTo),
    keyBits,
    source,
    ...(weakness === undefined ? {} : { weakness }),
  }
}

/**
 * The first PEM `CERTIFICATE` block of `text`: its base64 body (as written) and the certificate.
 * @throws GitsealError `E_BAD_CERT` when there is none (saying so when `text` is an HTML page), or it does not parse.
 */
function readCertificateBlock(text: string, source: string): { body: string; x509: X509Certificate } {
  const body = CERT_BLOCK.exec(text)?.[1]
  if (body === undefined) {
    const looksLikeHtml = /^\s*<(!doctype|html)/i.test(text)
    throw new GitsealError('E_BAD_CERT', `${source}: no PEM certificate found`, {
      file: source,
      hint: looksLikeHtml
        ? "The URL served an HTML page, not the certificate: use the controller's /v1/cert.pem URL."
        : 'Give the controller certificate (-----BEGIN CERTIFICATE-----), e.g. from `gitseal cert fetch` or `kubeseal --fetch-cert`.',
    })
  }
  try {
    return { body, x509: new X509Certificate(Buffer.from(body.replace(/[\r\n]/g, ''), 'base64')) }
  } catch (cause) {
    throw new GitsealError('E_BAD_CERT', `${source}: the certificate cannot be parsed`, {
      cause,
      file: source,
      hint: 'The PEM block is damaged; fetch the certificate again.',
    })
  }
}

/**
 * The size of a certificate's RSA key and, for a short one that `options.allowWeak` lets through, its
 * weakness (an old but real controller certificate: reports may show it; sealing never uses it).
 * @throws GitsealError `E_CERT_WEAK` for a non-RSA, short (unless allowed) or structurally unsafe key,
 * `E_BAD_CERT` for one larger than OpenSSL encrypts for.
 */
function checkRsaKey(
  publicKey: KeyObject,
  source: string,
  options: ParseCertOptions,
): { keyBits: number; weakness: string | undefined } {
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new GitsealError(
      'E_CERT_WEAK',
      `${source}: expected an RSA public key but found ${publicKey.asymmetricKeyType ?? 'an unknown key type'}`,
      {
        file: source,
        hint: 'Sealed Secrets controllers use RSA keys; check that this is the controller certificate.',
      },
    )
  }
  const keyBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0
  if (keyBits > MAX_RSA_BITS) {
    throw new GitsealError(
      'E_BAD_CERT',
      `${source}: its RSA key of ${keyBits} bits is larger than ${MAX_RSA_BITS} bits, which OpenSSL cannot encrypt for`,
      {
        file: source,
        hint: 'Sealed Secrets controllers use 4096-bit keys by default; check that this is the controller certificate.',
      },
    )
  }
  const weakness =
    keyBits < MIN_RSA_BITS ? `RSA key of ${keyBits} bits is too weak (need ${MIN_RSA_BITS}+)` : undefined
  if (weakness !== undefined && options.allowWeak !== true) throw weakCertError(source, weakness)
  // A structurally unsafe key (exponent 1, prime modulus…) is no controller's: refused everywhere.
  const jwk = publicKey.export({ format: 'jwk' })
  const unsafe = rsaKeyWeakness(bigintOf(jwk.n), bigintOf(jwk.e))
  if (unsafe !== undefined) {
    throw new GitsealError('E_CERT_WEAK', `${source}: the certificate's RSA key is unsafe: ${unsafe}`, {
      file: source,
      hint: 'Values sealed for it could be read without the private key. Fetch the real controller certificate (gitseal cert fetch).',
    })
  }
  return { keyBits, weakness }
}

/** The `E_CERT_WEAK` error for a certificate whose key is too short to seal for (`weakness` as in {@link SealingCert}). */
export function weakCertError(source: string, weakness: string): GitsealError {
  return new GitsealError('E_CERT_WEAK', `${source}: ${weakness}`, {
    file: source,
    hint: 'Renew the controller key with --key-size 4096 (the default).',
  })
}

/** Options for {@link checkCert}. */
export interface CertCheckOptions {
  /** The current time (injected for tests). */
  now?: Date
  /** Seal with a certificate outside its validity period anyway (kubeseal refuses expired ones with no override). */
  allowExpired?: boolean
  /** Expected SHA-256 of the certificate (hex, colons and case ignored). */
  sha256?: string
}

/**
 * Refuse an expired, not yet valid (beyond a day of clock skew) or unpinned certificate; return
 * warnings (expiry within 30 days, not valid for a few more hours, outside validity but allowed).
 * @throws GitsealError `E_CERT_EXPIRED`, `E_CERT_NOT_YET_VALID` (hint: --allow-expired), `E_BAD_CERT` when the pin differs.
 */
export function checkCert(cert: SealingCert, options: CertCheckOptions = {}): string[] {
  const warnings: string[] = []
  if (options.sha256 !== undefined) {
    const expected = normalizeFingerprint(options.sha256)
    if (expected !== cert.sha256) {
      throw new GitsealError(
        'E_BAD_CERT',
        `${cert.source}: certificate fingerprint ${cert.sha256} does not match the pinned ${expected}`,
        {
          file: cert.source,
          hint: 'The certificate changed: if the controller key was renewed on purpose, update the pin (gitseal cert info shows it).',
        },
      )
    }
  }
  const now = options.now ?? new Date()
  const day = formatDay(cert.notAfter)
  if (Number.isNaN(cert.notBefore.getTime()) || Number.isNaN(cert.notAfter.getTime())) {
    throw new GitsealError('E_BAD_CERT', `${cert.source}: the certificate's validity dates cannot be read`, {
      file: cert.source,
      hint: 'Fetch the controller certificate again (gitseal cert fetch).',
    })
  }
  const early = cert.notBefore.getTime() - now.getTime()
  if (early > NOT_YET_VALID_SKEW_MS && !options.allowExpired) {
    throw new GitsealError(
      'E_CERT_NOT_YET_VALID',
      `${cert.source}: the certificate is not valid before ${cert.notBefore.toISOString()}`,
      {
        file: cert.source,
        hint: 'Check the clock of this machine, and that this is the controller certificate in use now; --allow-expired seals anyway.',
      },
    )
  }
  if (early > 0) {
    warnings.push(
      `${cert.source}: the certificate is not valid before ${cert.notBefore.toISOString()} (is this machine's clock behind?)`,
    )
  }
  if (now.getTime() > cert.notAfter.getTime()) {
    if (!options.allowExpired) {
      throw new GitsealError('E_CERT_EXPIRED', `${cert.source}: the certificate expired on ${day}`, {
        file: cert.source,
        hint:
          'Fetch the current certificate from the controller (gitseal cert fetch). The controller still ' +
          'opens values sealed for an expired certificate while it keeps the key: --allow-expired seals anyway.',
      })
    }
    warnings.push(`${cert.source}: sealing with a certificate that expired on ${day}`)
  } else if (cert.notAfter.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000) {
    warnings.push(`${cert.source}: the certificate expires on ${day}; fetch the renewed one soon`)
  }
  return warnings
}

/** One thing to know about a certificate, for `status` and `cert info` (sealing uses {@link checkCert}). */
export interface CertFinding {
  kind: 'expired' | 'expires-soon' | 'not-yet-valid' | 'weak'
  message: string
}

/**
 * Everything wrong or soon wrong with `cert` at `now`: expired, expiring within 30 days, not yet
 * valid, too weak (parsed with `allowWeak`). Never throws: reports list these, sealing refuses.
 */
export function certFindings(cert: SealingCert, now: Date = new Date()): CertFinding[] {
  const findings: CertFinding[] = []
  if (cert.weakness !== undefined)
    findings.push({ kind: 'weak', message: `${cert.weakness}; gitseal refuses to seal for it` })
  if (now.getTime() < cert.notBefore.getTime()) {
    findings.push({
      kind: 'not-yet-valid',
      message: `not valid before ${cert.notBefore.toISOString()} (is this machine's clock behind?)`,
    })
  }
  if (now.getTime() > cert.notAfter.getTime()) {
    findings.push({
      kind: 'expired',
      message: `expired on ${formatDay(cert.notAfter)}; fetch the current one`,
    })
  } else if (cert.notAfter.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000) {
    findings.push({
      kind: 'expires-soon',
      message: `expires on ${formatDay(cert.notAfter)}; fetch the renewed one soon`,
    })
  }
  return findings
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * A validity date as Node prints it (OpenSSL's `Jun  1 00:00:00 2049 GMT`, the year unpadded), or an
 * invalid Date. Not `new Date(text)`: it reads the years 0–99 as 1900–1999 or 2000–2049, so a
 * certificate that expired in the year 49 passed as valid until 2049.
 */
function certDate(text: string): Date {
  const parts = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{1,4}) GMT$/.exec(text)
  const month = MONTHS.indexOf(parts?.[1] ?? '')
  if (parts === null || month < 0) return new Date(Number.NaN)
  const [day, hours, minutes, seconds, year] = parts.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ]
  const date = new Date(0)
  date.setUTCFullYear(year, month, day)
  date.setUTCHours(hours, minutes, seconds)
  return date
}

/** Lowercase hex without separators (accepts `AB:CD…`, `abcd…`, `sha256:abcd…`). */
export function normalizeFingerprint(value: string): string {
  return value
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/[:\s]/g, '')
    .toLowerCase()
}

function formatDay(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString().slice(0, 10)
}

/** OpenSSH `SHA256:` fingerprint of an RSA public key (sha256 of the ssh-rsa wire format, unpadded base64). */
function sshFingerprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' })
  const mpint = (b64url: string | undefined): Buffer => {
    let bytes = Buffer.from(b64url ?? '', 'base64url')
    if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes])
    return lengthPrefixed(bytes)
  }
  const wire = Buffer.concat([lengthPrefixed(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)])
  return `SHA256:${createHash('sha256').update(wire).digest('base64').replace(/=+$/, '')}`
}

function bigintOf(b64url: string | undefined): bigint {
  const hex = Buffer.from(b64url ?? '', 'base64url').toString('hex')
  return hex === '' ? 0n : BigInt(`0x${hex}`)
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}

function textOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
