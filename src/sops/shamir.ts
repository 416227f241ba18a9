/**
 * Shamir secret sharing over GF(2^8) as sops uses it (HashiCorp Vault's scheme): each share is
 * the y-bytes followed by one x byte; x values are distinct and random in 1..255.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { GitsealError } from '../core/errors.js'

// Multiplication in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1.
function mul(a: number, b: number): number {
  let product = 0
  let x = a
  let y = b
  while (y > 0) {
    if (y & 1) product ^= x
    x = (x << 1) ^ (x & 0x80 ? 0x11b : 0)
    y >>= 1
  }
  return product & 0xff
}

function inverse(a: number): number {
  // a^254 = a^-1 in GF(2^8).
  let result = 1
  let base = a
  let e = 254
  while (e > 0) {
    if (e & 1) result = mul(result, base)
    base = mul(base, base)
    e >>= 1
  }
  return result
}

/**
 * Split `secret` into `parts` shares, any `threshold` of which rebuild it.
 * @throws GitsealError `E_USAGE` for impossible parameters.
 */
export function shamirSplit(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (parts < 2 || parts > 255 || threshold < 2 || threshold > parts || secret.length === 0) {
    throw new GitsealError(
      'E_USAGE',
      `cannot split the data key into ${String(parts)} shares with threshold ${String(threshold)}`,
      {
        hint: 'Use at least 2 key groups and a shamir_threshold between 2 and the number of groups.',
      },
    )
  }
  const xs: number[] = []
  while (xs.length < parts) {
    const x = randomInt(1, 256)
    if (!xs.includes(x)) xs.push(x)
  }
  const shares = xs.map((x) => {
    const share = new Uint8Array(secret.length + 1)
    share[secret.length] = x
    return share
  })
  secret.forEach((byte, i) => {
    const coefficients = [byte, ...randomBytes(threshold - 1)]
    xs.forEach((x, s) => {
      // Horner's rule from the highest coefficient down.
      let y = 0
      for (let c = coefficients.length - 1; c >= 0; c--) y = mul(y, x) ^ (coefficients[c] ?? 0)
      const share = shares[s]
      if (share) share[i] = y
    })
  })
  return shares
}

/**
 * Rebuild the secret from shares (Lagrange interpolation at x = 0).
 * @throws GitsealError `E_BAD_KEY` for inconsistent shares.
 */
export function shamirCombine(shares: Uint8Array[]): Uint8Array {
  const first = shares[0]
  if (shares.length < 2 || !first) throw new GitsealError('E_BAD_KEY', 'need at least two Shamir shares')
  const length = first.length - 1
  const xs = shares.map((s) => s[s.length - 1] ?? 0)
  if (shares.some((s) => s.length !== length + 1) || new Set(xs).size !== xs.length) {
    throw new GitsealError('E_BAD_KEY', 'Shamir shares are inconsistent (different lengths or repeated x)')
  }
  const secret = new Uint8Array(length)
  for (let i = 0; i < length; i++) {
    let value = 0
    xs.forEach((xi, j) => {
      let basis = 1
      xs.forEach((xm, m) => {
        if (m !== j) basis = mul(basis, mul(xm, inverse(xm ^ xi)))
      })
      value ^= mul(shares[j]?.[i] ?? 0, basis)
    })
    secret[i] = value
  }
  return secret
}
