/**
 * Values that name an algorithm (`ed25519`, `sha256`, `aes-xts-plain64`, `argon2id`): the settings of
 * how a secret is made or kept (a LUKS cipher spec, a KDF), written under key-ish names
 * (`CRYPTO_KEY_CIPHER`, `CRYPTO_PBKDF`), not the secret.
 */

// Ciphers, modes, LUKS IV generators, KDFs, hashes, curves and key sizes.
const WORD =
  '(?:aes|des|3des|serpent|twofish|camellia|blowfish|chacha20|xchacha20|salsa20|poly1305|xts|cbc|gcm|ctr|ecb|cfb|ofb|ccm|essiv|plain|plain64|plain64be|benbi|argon2(?:i|d|id)?|pbkdf2|scrypt|bcrypt|hkdf|hmac|sha-?\\d{1,3}|sha3|md5|blake2[bs]?|whirlpool|ripemd-?\\d{3}|ed25519|ed448|x25519|x448|rsa|ecdsa|p-?\\d{3}|\\d{2,4})'
// One or more of them joined as specs are (`aes-256-gcm`, `aes-cbc-essiv:sha256`), not a number alone.
const ALGORITHM = new RegExp(`^(?!\\d+$)${WORD}(?:[-_:/]?${WORD}){0,5}$`, 'i')

/** True when `value` names an algorithm or a cipher spec. */
export function isAlgorithmName(value: string): boolean {
  return value.length <= 64 && ALGORITHM.test(value)
}
