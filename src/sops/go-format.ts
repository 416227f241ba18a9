/**
 * Go's textual forms of numbers and booleans, exactly as sops feeds them to AES-GCM and the MAC
 * (`strconv.Itoa`, `strconv.FormatFloat(f, 'f', -1, 64)`, Python-style `True`/`False`) and the
 * parsers sops uses on decryption (`Atoi`, `ParseFloat`, `ParseBool`).
 */

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function formatGoFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  const sign = f < 0 ? '-' : ''
  // toExponential() without digits gives the shortest round-trip mantissa, like Go's -1 precision.
  const [mantissa = '', exponent = '0'] = Math.abs(f).toExponential().split('e')
  const digits = mantissa.replace('.', '')
  const exp = Number(exponent)
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length)
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

/** sops' bool text: `True` / `False`. */
export function formatGoBool(b: boolean): string {
  return b ? 'True' : 'False'
}

/** `strconv.Atoi` on a 64-bit platform; undefined when Go would return an error. */
export function parseGoInt(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined
  const n = BigInt(s)
  return n < INT64_MIN || n > INT64_MAX ? undefined : n
}

/** True when `n` fits Go's int64. */
export function fitsInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX
}

/** `strconv.ParseFloat(s, 64)` for the decimal, Inf and NaN forms; undefined on error. */
export function parseGoFloat(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  if (/^nan$/i.test(s)) return NaN
  const clean = s.includes('_') && /^[+-]?\d+(_\d+)*(\.\d+(_\d+)*)?$/.test(s) ? s.replaceAll('_', '') : s
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return undefined
  return Number(clean)
}

/** `strconv.ParseBool`; undefined on error. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false
  return undefined
}

/** Days in `month` (1–12) of `year` in Go's proleptic Gregorian calendar (Date.UTC reads years 0–99 as 19xx). */
export function daysIn(year: number, month: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month, 0)
  return date.getUTCDate()
}
