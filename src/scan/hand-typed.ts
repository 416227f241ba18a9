/**
 * Was a value typed by a person, or made by a machine? A generated secret is uniform over its
 * alphabet: it does not fall apart into the pieces a person types — dictionary words (also in leet: `T3st`, `P@ssw0rd`), the names its file uses (`l0gt0` in
 * a logto test), runs along a keyboard row, column, the alphabet or the digits (`1234`, `asd`,
 * `!@#$`), a count or two and separators. Measured on random draws (see test/scan/hand-typed.test.ts):
 * a random value of 10+ characters reads so about once in 100,000 draws or less, of 8–9 lowercase
 * characters about once in 20,000. Keyboard mash (`adslfkj398…`) and a random-looking chunk pasted
 * again are not read so: they are judged as any random-looking value (bench/REAL-REPOS.md, session 26).
 */
import { isDictionaryWord, leetWord } from './dictionary.js'
import { spelling } from './file-names.js'

// Keys in the order a finger runs along them: rows (shifted digits too), columns, the alphabet.
const WALKS = [
  '1234567890-=',
  '!@#$%^&*()_+',
  'qwertyuiop[]',
  "asdfghjkl;'",
  'zxcvbnm,./',
  'abcdefghijklmnopqrstuvwxyz',
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
]
const SHORTEST_WALK = 3
// Words and names of four letters or more: shorter ones (`amp`, `me`) split random text too often.
const SHORTEST_WORD = 4
const LONGEST_WORD = 16
const MAX_COUNTS = 2
const MAX_STRAYS = 1
const LENGTH = { min: 8, max: 48 }
const SHORT = 16
// What leet-speak (dictionary.ts) or a name's spelling (file-names.ts) types for a letter.
const TYPED_FOR_LETTER = /[0-9@$!|+]/

/** Length of the longest walk along {@link WALKS} at `at` of lowercase `text`, either way. */
function walkAt(text: string, at: number): number {
  let longest = 0
  for (const row of WALKS) {
    const from = row.indexOf(text.charAt(at))
    if (from < 0) continue
    for (const step of [1, -1]) {
      let length = 1
      while (at + length < text.length && row.charAt(from + step * length) === text.charAt(at + length))
        length++
      longest = Math.max(longest, length)
    }
  }
  return longest
}

/**
 * True when at most one character in four of a piece is typed for a letter (`T3st`, `P@ssw0rd`):
 * digits read as letters make words of random text soon enough.
 */
function fewLeet(typedForLetters: number, length: number): boolean {
  return typedForLetters <= Math.floor(length / 4)
}

/**
 * True when all of `value` splits into typed pieces — words, names of its file, walks — with at
 * most {@link MAX_COUNTS} counts (1–4 digits), {@link MAX_STRAYS} stray run of one or two letters
 * and single symbols between, and the pieces cover six characters and three fifths of it (a value
 * shorter than {@link SHORT}: no stray, four fifths).
 */
export function typedPieces(value: string, names?: () => ReadonlySet<string>): boolean {
  const text = value.toLowerCase()
  const n = text.length
  if (n < LENGTH.min || n > LENGTH.max || /\s/.test(text) || !/[a-z]/.test(text)) return false
  // Hex with digits is a digest or a key, whatever words its letters make (`c0de0bec…`).
  if (/^(?=.*[0-9])[0-9a-f]+$/.test(text)) return false
  // covered[at][state]: the most characters in pieces splitting text[0, at), -1 when it does not
  // split; state = counts * (MAX_STRAYS + 1) + strays.
  const states = (MAX_COUNTS + 1) * (MAX_STRAYS + 1)
  const covered = Array.from({ length: n + 1 }, () => new Array<number>(states).fill(-1))
  ;(covered[0] as number[])[0] = 0
  const reach = (to: number, state: number, pieces: number): void => {
    const row = covered[to] as number[]
    if (pieces > (row[state] ?? -1)) row[state] = pieces
  }
  const isName = (piece: string): boolean => names !== undefined && names().has(spelling(piece))
  for (let at = 0; at < n; at++) {
    const row = covered[at] as number[]
    if (row.every((pieces) => pieces < 0)) continue
    const char = text.charAt(at)
    const walk = walkAt(text, at)
    const digits = /^[0-9]{1,4}/.exec(text.slice(at, at + 4))?.[0].length ?? 0
    const stray = /^[a-z]{1,2}/.exec(text.slice(at, at + 2))?.[0].length ?? 0
    // Word and name pieces end where a letter or leet character ends.
    const ends: number[] = []
    let typedForLetters = 0 // characters of the piece typed for letters (`3` of `T3st`)
    for (let end = at + 1; end <= Math.min(n, at + LONGEST_WORD); end++) {
      const last = text.charAt(end - 1)
      if (last < 'a' || last > 'z') {
        // No word or name goes on past a character that stands for no letter.
        if (!TYPED_FOR_LETTER.test(last)) break
        typedForLetters++
      }
      if (end - at < SHORTEST_WORD || typedForLetters === end - at) continue
      const piece = text.slice(at, end)
      if (
        typedForLetters === 0
          ? isDictionaryWord(piece)
          : fewLeet(typedForLetters, piece.length) && leetWord(piece)
      )
        ends.push(end)
      else if (isName(piece)) ends.push(end)
    }
    for (let state = 0; state < states; state++) {
      const pieces = row[state] ?? -1
      if (pieces < 0) continue
      const counts = Math.floor(state / (MAX_STRAYS + 1))
      const strays = state % (MAX_STRAYS + 1)
      if (!/[a-z0-9]/.test(char)) reach(at + 1, state, pieces)
      for (let length = SHORTEST_WALK; length <= walk; length++) reach(at + length, state, pieces + length)
      for (const end of ends) reach(end, state, pieces + end - at)
      if (counts < MAX_COUNTS)
        for (let length = 1; length <= digits; length++) reach(at + length, state + MAX_STRAYS + 1, pieces)
      if (strays < MAX_STRAYS)
        for (let length = 1; length <= stray; length++) reach(at + length, state + 1, pieces)
    }
  }
  // Short values split by chance more often: under SHORT characters, no stray and four fifths in pieces.
  const short = n < SHORT
  const best = Math.max(
    ...(covered[n] as number[]).filter((_, state) => !short || state % (MAX_STRAYS + 1) === 0),
  )
  return best >= 6 && best >= (short ? 0.8 : 0.6) * n
}
