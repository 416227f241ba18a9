/**
 * Random-looking values from a seeded generator (mulberry32): a test that counts chance hits on
 * generated secrets sees the same draws on every run, so a rare hit cannot make it flaky.
 */

/** The alphabets generated secrets are drawn from. */
export const ALPHABETS = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lowerDigits: 'abcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upperDigits: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  symbols: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_',
}

/** A generator of `length` characters of `alphabet`, its draws fixed by `seed`. */
export function seededValues(seed: number): (alphabet: string, length: number) => string {
  let state = seed
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
  return (alphabet, length) => {
    let value = ''
    for (let i = 0; i < length; i++) value += alphabet.charAt(Math.floor(next() * alphabet.length))
    return value
  }
}
