/** How analysers judge a value held by a Secret-like field (after base64 decoding where relevant). */
import { isPlaceholder } from '../placeholder.js'
import { shannonEntropy } from '../entropy.js'
import { holdsPrivateKey } from '../rules/pem.js'

// Keys that usually hold identifiers, not secrets; reported only when the value itself looks random.
const BENIGN_KEY =
  /^(?:user(?:name)?|login|email|host(?:name)?|port|server|endpoint|region|namespace|database|db|dbname|db_name|schema|url|uri|address|ca\.crt|ca-bundle\.crt|tls\.crt|ca\.pem|cert|certificate|.*\.(?:crt|pub|pem\.pub))$/i
// Values that are public by nature.
const PUBLIC_VALUE =
  /^\s*(?:-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL|CERTIFICATE REQUEST)|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|sk-ssh-|age1[02-9ac-hj-np-z]{58}\s*$)/

/** Decode standard base64 strictly (whitespace allowed); undefined if it is not base64. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '')
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined
  return Buffer.from(compact, 'base64').toString('utf8')
}

/** True when a Secret's `key` holding `value` (decoded) should be reported as a plaintext secret. */
export function secretValueReportable(key: string, value: string, stopwords: readonly string[]): boolean {
  const trimmed = value.trim()
  if (trimmed === '' || PUBLIC_VALUE.test(trimmed)) return false
  if (holdsPrivateKey(trimmed)) return true // parsed key material: no placeholder heuristic applies
  if (isPlaceholder(trimmed, stopwords)) return false
  if (BENIGN_KEY.test(key)) return trimmed.length >= 16 && shannonEntropy(trimmed) >= 3.5
  return true
}
