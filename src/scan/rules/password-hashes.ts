/**
 * Password hashes: what the stores of passwords keep instead of the password. A hash can be cracked
 * offline, so it is reported under its own low-severity rule (`password-hash`, warn-only by
 * default), never as a plaintext password. One home for the shapes: the rule's regex and
 * {@link isPasswordHash}, which the generic rules ask before calling a value a password.
 */

// `$`, or `$$` as Docker Compose escapes it (`ADMIN_TOKEN=$$argon2id$$v=19$$…`).
const D = '\\$\\$?'
// crypt(3)'s base-64 alphabet, and standard base64.
const C = '[./A-Za-z0-9]'
const B = '[A-Za-z0-9+/]'

// crypt(3) hashes as libxcrypt, OpenSSL, htpasswd and PHP write them, by their `$id$`.
const CRYPT = [
  `${D}2[abxy]${D}\\d{2}${D}${C}{53}`, // bcrypt
  `${D}(?:1|apr1)${D}${C}{1,8}${D}${C}{22}`, // MD5-crypt, Apache's apr1
  `${D}md5(?:,rounds=\\d{1,9})?${D}${C}{1,8}(?:${D}){1,2}${C}{22}`, // Sun MD5
  `${D}5${D}(?:rounds=\\d{1,9}${D})?${C}{0,16}${D}${C}{43}`, // SHA-256-crypt
  `${D}5${D}[0-9a-f]{16}${D}[0-9a-f]{64}`, // coturn's SHA-256 (`turnadmin -P`)
  `${D}6${D}(?:rounds=\\d{1,9}${D})?${C}{0,16}${D}${C}{86}`, // SHA-512-crypt
  `${D}g?y${D}${C}{1,40}${D}${C}{1,86}${D}${C}{43}`, // yescrypt, GOST yescrypt
  `${D}7${D}${C}{11,96}${D}${C}{43}`, // scrypt (libxcrypt)
  `${D}3${D}${D}[0-9a-f]{32}`, // NT hash
  `${D}[PH]${D}${C}{31}`, // phpass (WordPress)
  `${D}S${D}${C}{52}`, // Drupal 7
  // Argon2 (PHC string), also under Django's `argon2` prefix (Jupyter's `argon2:`); older ones have no `v=`.
  `(?:argon2:?)?${D}argon2(?:id|i|d)${D}(?:v=\\d{1,3}${D})?m=\\d{1,8},t=\\d{1,4},p=\\d{1,3}${D}${B}{8,128}${D}${B}{16,256}`,
  // Passlib's PHC-like forms.
  `${D}scrypt${D}ln=\\d{1,2},r=\\d{1,3},p=\\d{1,3}${D}[./A-Za-z0-9+]{8,128}${D}[./A-Za-z0-9+]{20,256}`,
  `${D}pbkdf2(?:-sha(?:256|512))?${D}\\d{1,9}${D}${C}{4,128}${D}${C}{20,256}`,
  `${D}bcrypt-sha256${D}v=2,t=2b,r=\\d{2}${D}${C}{22}${D}${C}{31}`,
]

// Django's `<algorithm>$<iterations>$<salt>$<hash>` (argon2 is with the crypt forms) and
// Werkzeug's `pbkdf2:sha256:<iterations>$<salt>$<hex>`, `scrypt:<n>:<r>:<p>$<salt>$<hex>`.
const SALT = '[^$\\s"\'`\\\\]{1,64}'
const FRAMEWORK = [
  `pbkdf2_sha(?:1|256)${D}\\d{1,9}${D}${SALT}${D}${B}{27,88}={0,2}`,
  `bcrypt(?:_sha256)?${D}${D}2[aby]${D}\\d{2}${D}${C}{53}`,
  `scrypt${D}\\d{1,9}${D}${SALT}${D}\\d{1,3}${D}\\d{1,3}${D}${B}{40,128}={0,2}`,
  `pbkdf2:sha(?:1|256|512):\\d{1,9}${D}${SALT}${D}[0-9a-f]{40,128}`,
  `scrypt:\\d{1,9}:\\d{1,3}:\\d{1,3}${D}${SALT}${D}[0-9a-f]{64,256}`,
  // Jupyter's `passwd()` (Notebook's `c.NotebookApp.password`, chart values): `sha1:<12-hex salt>:<hex>`.
  `sha1:[0-9a-f]{12}:[0-9a-f]{40}`,
]

// RFC 2307 `{SCHEME}` prefixes (OpenLDAP, 389 DS), Elasticsearch's `{PBKDF2_STRETCH}`, Dovecot's,
// Atlassian's `{PKCS5S2}` and Spring Security's `{bcrypt}`-style ids. Not `{PLAIN}`, `{CLEARTEXT}` or `{noop}`: those hold the password.
const SCHEMES =
  'S?SHA(?:224|256|384|512)?|SHA-1|S?MD5|CRYPT|(?:SHA256|SHA512|MD5|BLF|DES)-CRYPT|PBKDF2(?:[-_]SHA(?:1|256|512)|_STRETCH)?|PKCS5S2|ARGON2(?:I|ID)?|CRAM-MD5|NT|LANMAN|MD4|SCRAM-SHA-(?:1|256)|SHA-256|bcrypt|pbkdf2|scrypt|sha256|argon2|ldap'
const SCHEME = `\\{(?:${SCHEMES})\\}[A-Za-z0-9+/=$.,:-]{16,400}`

// MySQL's `PASSWORD()` (`*` + 40 hex), PostgreSQL's md5 and SCRAM-SHA-256 verifiers.
const DATABASE = [
  `\\*[0-9A-F]{40}`,
  `md5[a-f0-9]{32}`,
  `SCRAM-SHA-256${D}\\d{1,7}:${B}{4,64}={0,2}${D}${B}{43}=:${B}{43}=`,
]

// ASP.NET Core Identity's v3 hash: base64 of 0x01, the PRF, the iteration count and the salt length
// (big-endian 32-bit each), then salt and subkey. Checked by decoding ({@link aspNetIdentityV3}).
const ASP_NET_V3 = `AQAAAA${B}{70,200}={0,2}`

/** Every complete hash shape, as one alternation (the rule's group 1). */
export const PASSWORD_HASH_SOURCE = [...CRYPT, ...FRAMEWORK, SCHEME, ...DATABASE, ASP_NET_V3].join('|')

/** Lowercase substrings one of which every shape holds (the rule's keyword prefilter). */
export const PASSWORD_HASH_KEYWORDS: readonly string[] = [
  ...['$1$', '$2a$', '$2b$', '$2x$', '$2y$', '$3$$', '$5$', '$6$', '$7$', '$y$', '$gy$', '$p$', '$h$', '$s$'],
  ...['$apr1$', '$md5', '$argon2', '$scrypt$', '$pbkdf2', '$bcrypt-sha256$'],
  ...['$$1$$', '$$2a$$', '$$2b$$', '$$2y$$', '$$5$$', '$$6$$', '$$y$$', '$$apr1$$'],
  ...['pbkdf2_sha', 'bcrypt$', 'bcrypt_sha256$', 'scrypt$', 'pbkdf2:sha', 'scrypt:', 'sha1:'],
  ...['{ssha', '{sha', '{smd5', '{md5', '{crypt', '{pbkdf2', '{pkcs5s2', '{argon2', '{cram-md5'],
  ...[
    '{blf-crypt',
    '{des-crypt',
    '{nt}',
    '{lanman}',
    '{md4}',
    '{scram-sha-',
    '{bcrypt}',
    '{scrypt}',
    '{ldap}',
  ],
  ...['md5', 'scram-sha-256$', 'aqaaaa'],
]

const WHOLE = new RegExp(`^(?:${PASSWORD_HASH_SOURCE})$`)
// Openings that say hash even when the rest is cut (a SCRAM verifier split over a Go `+`) or the
// format grows: crypt ids, Django's and Werkzeug's algorithm names, and the `{SCHEME}` prefixes.
const OPENING = new RegExp(
  `^(?:${D}(?:2[abxy]|apr1|1|5|6|7|g?y|md5|argon2(?:id|i|d)|scrypt|pbkdf2[\\w-]*|bcrypt-sha256)${D}|(?:pbkdf2_sha(?:1|256)|argon2|bcrypt(?:_sha256)?|scrypt)${D}|pbkdf2:sha\\d{1,3}:\\d|scrypt:\\d{1,9}:|\\{(?:${SCHEMES})\\}\\S{8}|SCRAM-SHA-256${D}\\d{1,7}:)`,
)

/**
 * True when `value` is (or opens as) a password hash of a known format, not a password, or is
 * htpasswd text: `user:hash` lines (a basic-auth Secret's `auth` or `users`), each hash so.
 */
export function isPasswordHash(value: string): boolean {
  if (value.length > 600) return false
  return hashAlone(value) || htpasswdLines(value)
}

function hashAlone(value: string): boolean {
  return OPENING.test(value) || (WHOLE.test(value) && passwordHashOk(value))
}

const HTPASSWD_LINE = /^[^\s:]{1,64}:(\S+)$/

/** True when every non-blank line of `value` is `user:hash` with a hash {@link hashAlone} knows. */
function htpasswdLines(value: string): boolean {
  if (!value.includes(':')) return false
  const lines = value.split('\n').filter((line) => line.trim() !== '')
  return lines.length > 0 && lines.every((line) => hashAlone(HTPASSWD_LINE.exec(line.trim())?.[1] ?? ''))
}

/**
 * True when `value` (a match of the rule) is a hash: an ASP.NET Identity v3 hash must decode to its
 * header (PRF 0–2, 1,000 to 10,000,000 iterations, a salt of 8–64 bytes, a subkey of 16–64 bytes).
 */
export function passwordHashOk(value: string): boolean {
  return !value.startsWith('AQAAAA') || aspNetIdentityV3(value)
}

function aspNetIdentityV3(value: string): boolean {
  const bytes = Buffer.from(value, 'base64')
  if (bytes.length < 13 || bytes[0] !== 1) return false
  const prf = bytes.readUInt32BE(1)
  const iterations = bytes.readUInt32BE(5)
  const salt = bytes.readUInt32BE(9)
  const subkey = bytes.length - 13 - salt
  return (
    prf <= 2 &&
    iterations >= 1000 &&
    iterations <= 1e7 &&
    salt >= 8 &&
    salt <= 64 &&
    subkey >= 16 &&
    subkey <= 64
  )
}
