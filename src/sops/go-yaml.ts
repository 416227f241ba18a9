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

const TS_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(?:[ \t]*(Z|[+-]\d{1,2}(?::?\d{2})?))?)?$/

/** go-yaml v3 `parseTimestamp` → Go `time.MarshalText` (RFC 3339 with trimmed nanoseconds). */
export function parseTimestamp(text: string): SopsTime | undefined {
  const m = TS_RE.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const month = Number(mo)
  const day = Number(d)
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(y), month)) return undefined
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)) return undefined
  // Go accepts exactly these layouts: a zone only after `T`/`t`, none after a space.
  const sep = text.slice(10).match(/^[Tt ]/)?.[0]
  if (sep === ' ' && zone !== undefined) return undefined
  if ((sep === 'T' || sep === 't') && zone === undefined) return undefined
  const pad = (v: string | undefined, n = 2): string => (v ?? '0').padStart(n, '0')
  const fraction = (frac ?? '').replace(/0+$/, '')
  let tz = 'Z'
  if (zone !== undefined && zone !== 'Z') {
    const zm = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone)
    const zh = zm?.[2] ?? '0'
    const zmin = zm?.[3] ?? '00'
    tz = Number(zh) === 0 && Number(zmin) === 0 ? 'Z' : `${zm?.[1] ?? '+'}${pad(zh)}:${zmin}`
  }
  return new SopsTime(
    `${y ?? ''}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction ? `.${fraction}` : ''}${tz}`,
  )
}
