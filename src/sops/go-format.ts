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

/**
 * sops' `stores.ValToString` of a float64 (its dotenv and INI output): `strconv.FormatFloat(f, 'G',
 * -1, 64)` — an exponent below -4 or from 6 up as `1.5E+06` — with `.0` added to an integral result.
 */
export function formatGoFloatG(f: number): string {
  if (!Number.isFinite(f)) return formatGoFloat(f)
  const [mantissa = '', exponent = '0'] = Math.abs(f).toExponential().split('e')
  const exp = Number(exponent)
  if (exp >= -4 && exp < 6) {
    const fixed = formatGoFloat(f)
    return fixed.includes('.') ? fixed : `${fixed}.0`
  }
  const digits = String(Math.abs(exp)).padStart(2, '0')
  return `${f < 0 ? '-' : ''}${mantissa}E${exp < 0 ? '-' : '+'}${digits}`
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

const DECIMAL_FLOAT = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?)(\d+))?$/
const HEX_FLOAT = /^([+-]?)0[xX]([\da-fA-F]*)(?:\.([\da-fA-F]*))?[pP]([+-]?)(\d+)$/

/**
 * `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1p-2`) forms, underscores between
 * digits, `Inf`/`NaN`; undefined where Go returns an error, out of range included (`1e400`).
 */
export function parseGoFloat(s: string): number | undefined {
  const special = /^([+-]?)(?:inf|infinity)$/i.exec(s)
  if (special !== null) return special[1] === '-' ? -Infinity : Infinity
  if (/^nan$/i.test(s)) return NaN
  if (s.includes('_') && !goUnderscoresOk(s)) return undefined
  const text = s.replaceAll('_', '')
  const hex = HEX_FLOAT.exec(text)
  const decimal = hex === null ? DECIMAL_FLOAT.exec(text) : null
  let f: number | undefined
  if (hex !== null) f = hexFloat(hex[1] === '-', hex[2] ?? '', hex[3] ?? '', goExponent(hex[4], hex[5]))
  else if (decimal !== null) f = Number(`${decimal[1] ?? ''}e${goExponent(decimal[2], decimal[3])}`)
  return f === undefined || Number.isNaN(f) || Number.isFinite(f) ? f : undefined
}

/** Go's `underscoreOK`: each `_` stands between two digits (or a base prefix and a digit). */
function goUnderscoresOk(s: string): boolean {
  const body = s.replace(/^[+-]/, '')
  const prefixed = /^0[bBoOxX]/.test(body)
  const hex = /^0[xX]/.test(body)
  let saw = prefixed ? '0' : '^'
  for (let i = prefixed ? 2 : 0; i < body.length; i++) {
    const ch = body[i] ?? ''
    if ((ch >= '0' && ch <= '9') || (hex && /[a-fA-F]/.test(ch))) saw = '0'
    else if (ch === '_') {
      if (saw !== '0') return false
      saw = '_'
    } else if (saw === '_') return false
    else saw = '!'
  }
  return saw !== '_'
}

/** An exponent as Go's `readFloat` reads it: digits stop counting once it reaches 10,000. */
function goExponent(sign: string | undefined, digits: string | undefined): number {
  let e = 0
  for (const ch of digits ?? '') if (e < 10_000) e = e * 10 + Number(ch)
  return sign === '-' ? -e : e
}

/**
 * `(int.frac)₁₆ × 2^exp` rounded to the nearest float64, ties to even; undefined when there are no
 * digits. Like Go, only the first 16 significant digits are kept, the rest folded into a sticky bit.
 */
function hexFloat(negative: boolean, int: string, frac: string, exp: number): number | undefined {
  if (int === '' && frac === '') return undefined
  const significant = (int + frac).replace(/^0+/, '')
  if (significant === '') return negative ? -0 : 0
  const kept = significant.slice(0, 16)
  let mantissa = BigInt(`0x${kept}`)
  let e2 = exp - 4 * frac.length + 4 * (significant.length - kept.length)
  if (/[1-9a-fA-F]/.test(significant.slice(16))) {
    mantissa = mantissa * 2n + 1n
    e2 -= 1
  }
  const top = mantissa.toString(2).length - 1 + e2
  if (top > 1023) return undefined
  // The last bit kept: 52 below the leading one, or the smallest subnormal.
  const ulp = Math.max(top - 52, -1074)
  let q = mantissa
  if (ulp > e2) {
    const shift = BigInt(ulp - e2)
    q = mantissa >> shift
    const rest = mantissa - (q << shift)
    const half = 1n << (shift - 1n)
    if (rest > half || (rest === half && (q & 1n) === 1n)) q += 1n
  } else q = mantissa << BigInt(e2 - ulp)
  const f = Number(q) * 2 ** ulp
  return negative ? -f : f
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

// Go's time.Parse layout RFC3339 ("2006-01-02T15:04:05Z07:00"): `15` reads one or two digits, the
// other fields exactly their width; seconds may carry a fraction after `.` or `,`, of any length.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Go's `time.Parse(time.RFC3339, text)` (how sops reads `lastmodified` and, through
 * `Time.UnmarshalText`, a `type:time` value), written back as `Format(time.RFC3339Nano)` writes
 * it: a two-digit hour, at most nine fraction digits without trailing zeros, a zero offset as `Z`
 * and the offset normalised (`+23:60` is `+24:00`). Undefined where Go refuses the text: lowercase
 * `t`/`z`, a 30th of February, hour 24, spaces around it, a zone past +24:60 (Go 1.20+).
 */
export function goRfc3339Nano(text: string): string | undefined {
  const m = RFC3339.exec(text)
  if (m === null) return undefined
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number)
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  // Go 1.20+ refuses a zone past 24 hours or 60 minutes (it allows those two, as people write them).
  if (Number(m[9] ?? 0) > 24 || Number(m[10] ?? 0) > 60) return undefined
  const pad = (n: number): string => String(n).padStart(2, '0')
  const fraction = (m[7] ?? '').slice(0, 9).padEnd(9, '0').replace(/0+$/, '')
  // Go keeps the offset in minutes and prints it back normalised.
  const offset = Number(m[9] ?? 0) * 60 + Number(m[10] ?? 0)
  const zone = offset === 0 ? 'Z' : `${m[8] ?? '+'}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
  return `${m[1]}-${m[2]}-${m[3]}T${pad(hour)}:${m[5]}:${m[6]}${fraction === '' ? '' : `.${fraction}`}${zone}`
}
