/**
 * How go-yaml v3 (the YAML library sops 3.13 uses) types a plain scalar. This decides the `type:`
 * sops records, so `0755` is the int 493, `yes` a string and `2024-01-02` a timestamp — YAML 1.2
 * libraries disagree on all three.
 */
import { daysIn, fitsInt64 } from './go-format.js'
import { SopsTime } from './tree.js'
import type { Leaf } from './tree.js'

const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/

/** The value go-yaml v3 resolves a plain (unquoted, untagged) scalar to; `null` for null. */
export function resolvePlain(text: string): Leaf | null {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null
    case 'true':
    case 'True':
    case 'TRUE':
      return true
    case 'false':
    case 'False':
    case 'FALSE':
      return false
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN
  }
  const first = text.charCodeAt(0)
  const numeric = (first >= 48 && first <= 57) || text[0] === '-' || text[0] === '+' || text[0] === '.'
  if (!numeric) return text
  const time = parseTimestamp(text)
  if (time !== undefined) return time
  const plain = text.replaceAll('_', '')
  const int = parseGoIntBase0(plain)
  if (int !== undefined) return fitsInt64(int) ? int : Number(int)
  // strconv.ParseFloat refuses a value out of float64's range, so go-yaml keeps `1e400` a string.
  if (FLOAT_RE.test(plain) && Number.isFinite(Number(plain))) return Number(plain)
  return text
}

/**
 * True when go-yaml v3 reads a plain scalar as a uint64 (an unsigned integer above int64's range,
 * e.g. `9223372036854775808`): sops refuses such a file (`unsupported type uint64`).
 */
export function isUint64Only(text: string): boolean {
  const first = text.charCodeAt(0)
  if (first < 48 || first > 57) return false
  const int = parseGoIntBase0(text.replaceAll('_', ''))
  return int !== undefined && !fitsInt64(int)
}

/** True when a plain scalar with this text would be read back as the string itself. */
export function plainIsString(text: string): boolean {
  return typeof resolvePlain(text) === 'string'
}

// strconv.ParseInt(s, 0, 64), and ParseUint(s, 0, 64) for values above int64 (unsigned text only),
// which go-yaml also accepts.
function parseGoIntBase0(s: string): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return undefined
  const body = m[2] ?? ''
  let n: bigint
  if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`)
  else if (/^0[0-7]+$/.test(body)) n = BigInt(`0o${body.slice(1)}`)
  else n = BigInt(body)
  if (m[1] === '-') n = -n
  if (fitsInt64(n)) return n
  return m[1] === '' && n <= UINT64_MAX ? n : undefined
}

const UINT64_MAX = 2n ** 64n - 1n

// go-yaml v3's timestamp layouts, in the order it tries them with Go's time.Parse: `T` or `t` with a
// zone (`Z` or exactly ±hh:mm), one or more spaces without one, or a date alone. Go reads month, day
// and clock fields of one or two digits, a fraction after `.` or `,` of any length (Go 1.20+).
const TS_RE =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d))|(?: +(\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?))?$/

/**
 * go-yaml v3 `parseTimestamp` (the layouts above, Go's ranges: a zone of at most 24 hours and 60
 * minutes), as `time.MarshalText` writes it back; undefined when go-yaml keeps the text a string.
 */
export function parseTimestamp(text: string): SopsTime | undefined {
  const m = TS_RE.exec(text)
  if (!m) return undefined
  const [year = 0, month = 0, day = 0] = m.slice(1, 4).map(Number)
  // A date alone has no clock: midnight (Number(undefined) is NaN, so `|| 0`).
  const clockFields = m[4] === undefined ? m.slice(9, 12) : m.slice(4, 7)
  const [hour = 0, minute = 0, second = 0] = clockFields.map((v) => Number(v) || 0)
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const zone = m[8] ?? 'Z'
  const [zoneHours, zoneMinutes] =
    zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))]
  if (zoneHours > 24 || zoneMinutes > 60) return undefined
  const offset = zoneHours * 60 + zoneMinutes
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  // Nanoseconds: the first nine digits, trailing zeros dropped as RFC3339Nano's `.999999999` does.
  const fraction = (m[7] ?? m[12] ?? '').slice(0, 9).padEnd(9, '0').replace(/0+$/, '')
  const clock = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`
  const tz = offset === 0 ? 'Z' : `${zone[0] ?? '+'}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
  return new SopsTime(`${clock}${fraction === '' ? '' : `.${fraction}`}${tz}`)
}
