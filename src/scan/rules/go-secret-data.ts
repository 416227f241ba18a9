/**
 * Entries of Go byte maps, `"name": []byte("value")`, as tests build a Secret's data
 * (`corev1.Secret{Data: map[string][]byte{"elastic-internal-apm": []byte("…")}}`): for the generic
 * rules to judge. One forward pass; every look-back is bounded.
 */
import type { NamedValue } from './generic-forms.js'

/** An entry and whether it sits in a map given to a field named for data (`Data:`, `secretData:`). */
export interface ByteMapEntry extends NamedValue {
  inDataMap: boolean
}

const OPEN_VALUE = '[]byte("'
const OPEN_MAP = 'map[string][]byte{'
const VALUE = /([^"\\\r\n]{1,300})"[ \t]{0,4}\)/y
// The field or variable the map is given to: `Data:`, `secretData:`, `secret.Data =`, not `expectedData:`.
const DATA_FIELD = /(?:^|[\s{(,.])(?:[Ss]ecret)?[Dd]ata[ \t]{0,4}(?::=|:|=)[ \t]{0,40}$/
const LONGEST_NAME = 100

/** The quoted name before `at` (`"name": ` ending there), or undefined. */
function nameBefore(text: string, at: number): string | undefined {
  let i = at - 1
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--
  if (text[i] !== ':') return undefined
  i--
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--
  if (text[i] !== '"') return undefined
  const close = i
  for (i = close - 1; i >= 0 && close - i <= LONGEST_NAME + 1; i--) {
    const c = text[i]
    if (c === '"') return close - i > 1 ? text.slice(i + 1, close) : undefined
    if (c === '\\' || c === '\n' || c === '\r') return undefined
  }
  return undefined
}

/** Every `"name": []byte("value")` in `text`, with whether its map is a Secret's data. */
export function* byteMapEntries(text: string): Generator<ByteMapEntry> {
  let open = -1 // the last `map[string][]byte{` at or before the entry
  let nextOpen = text.indexOf(OPEN_MAP)
  let close = -1 // the first `}` after `open`
  for (let at = text.indexOf(OPEN_VALUE); at >= 0; at = text.indexOf(OPEN_VALUE, at + OPEN_VALUE.length)) {
    while (nextOpen >= 0 && nextOpen < at) {
      open = nextOpen
      nextOpen = text.indexOf(OPEN_MAP, open + OPEN_MAP.length)
    }
    if (open >= 0 && close < open) close = text.indexOf('}', open + OPEN_MAP.length)
    const name = nameBefore(text, at)
    if (name === undefined) continue
    VALUE.lastIndex = at + OPEN_VALUE.length
    const value = VALUE.exec(text)?.[1]
    if (value === undefined) continue
    const inMap = open >= 0 && (close < 0 || close > at)
    const inDataMap = inMap && DATA_FIELD.test(text.slice(Math.max(0, open - 64), open))
    const start = at + OPEN_VALUE.length
    yield { name, value, start, end: start + value.length, inDataMap }
  }
}
