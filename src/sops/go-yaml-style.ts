/**
 * The style go-yaml v3 gives a string it writes in block context — what `sops -d` prints for a
 * decrypted value, since the ciphertext records the value but not how it was quoted. Follows
 * go-yaml's `stringv` (plain only when the text reads back as the same string; YAML 1.1 booleans
 * and sexagesimal numbers quoted) and its emitter's scalar analysis (plain, else single quotes,
 * else double quotes; a literal block for several lines unless a line ends in a space).
 */
import { plainIsString } from './go-yaml.js'

/** How a string is written: as go-yaml would, or `double` where go-yaml's choice cannot be kept. */
export type GoStringStyle = 'plain' | 'single' | 'double' | 'literal'

const OLD_BOOLS = new Set('y Y yes Yes YES on On ON n N no No NO off Off OFF'.split(' '))
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
// Code points on purpose: go-yaml analyses characters, not grapheme clusters.
const FIRST_INDICATORS = new Set(Array.from('#,[]{}&*!|>\'"%@`'))

/** go-yaml's `is_printable`: which characters it writes as they are (tab is handled apart). */
function printable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  )
}

/** What go-yaml's emitter allows for `value` (its `yaml_emitter_analyze_scalar`, block context). */
export function analyse(value: string): { plain: boolean; single: boolean; block: boolean } {
  if (value === '') return { plain: true, single: true, block: false }
  let indicators = value.startsWith('---') || value.startsWith('...')
  let special = false
  let tab = false
  let spaceBreak = false
  let breakSpace = false
  // By code point over the string itself: an array of a 32 MB value's characters took 1 GB.
  for (let i = 0; i < value.length;) {
    const code = value.codePointAt(i) ?? 0
    const width = code > 0xffff ? 2 : 1
    // The neighbours are compared with ASCII only, which a surrogate half never is.
    const ch = value.charAt(i)
    const next = value[i + width]
    const previous = value[i - 1]
    const followedByBlank = next === undefined || next === ' ' || next === '\t' || next === '\n'
    if (i === 0) {
      if (FIRST_INDICATORS.has(ch)) indicators = true
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) indicators = true
    } else if (ch === ':' && followedByBlank) indicators = true
    else if (ch === '#' && (previous === ' ' || previous === '\t')) indicators = true
    if (ch === '\t') tab = true
    else if (!printable(code)) special = true
    if (ch === ' ' && previous === '\n') breakSpace = true
    if (ch === '\n' && previous === ' ') spaceBreak = true
    i += width
  }
  const edgeBlank = /^[ \n]|[ \n]$/.test(value)
  const multiline = value.includes('\n')
  return {
    plain: !edgeBlank && !indicators && !tab && !special && !spaceBreak && !breakSpace && !multiline,
    single: !tab && !special && !spaceBreak && !breakSpace,
    block: !value.endsWith(' ') && !spaceBreak && !special,
  }
}

/**
 * The style go-yaml v3 writes `value` in. A literal block whose first line starts with a space or
 * a line break needs an indentation indicator the `yaml` package cannot write reliably, so such a
 * value (and a multi-line one with a tab or control character) is double-quoted instead.
 */
export function goStringStyle(value: string): GoStringStyle {
  const allowed = analyse(value)
  if (value.includes('\n')) {
    const needsIndicator = value.startsWith(' ') || value.startsWith('\n')
    return allowed.block && !needsIndicator && !value.includes('\t') && !/[\r\u0085\u2028\u2029]/.test(value)
      ? 'literal'
      : 'double'
  }
  const canUsePlain = plainIsString(value) && !OLD_BOOLS.has(value) && !BASE60_FLOAT.test(value)
  if (!canUsePlain) return 'double'
  if (allowed.plain) return 'plain'
  return allowed.single ? 'single' : 'double'
}
