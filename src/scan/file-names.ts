/**
 * The names a file uses — the words of its path (`kestra/…`, `unifi-poller/…`, `charts/kong/…`)
 * and the lowercase names in its text (`username: kestra`, `image: …/unpoller`) — and whether a
 * credential value spells one of them in leet-speak, another case or base64 (`k3str4`,
 * `Un1fiP@ller`, base64 of `kong`): the product's or the user's name typed as a demo password. A
 * generated value never spells a name its file uses.
 */
import { spelledLikeSomeLanguage } from './demo-value.js'

// Letters and the characters typed for them, each read as one class: `@` is typed for `a` and for
// `o`, `1` and `!` for `i` and `l`, so those letters share a class.
const CLASS: Readonly<Record<string, string>> = {
  a: 'a',
  o: 'a',
  '4': 'a',
  '0': 'a',
  '@': 'a',
  i: 'i',
  l: 'i',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  e: 'e',
  '3': 'e',
  s: 's',
  '5': 's',
  $: 's',
  t: 't',
  '7': 't',
  '+': 't',
  b: 'b',
  '8': 'b',
  g: 'g',
  '9': 'g',
  '6': 'g',
}

/** `text` lowercased with each letter (or the character typed for it) as its class. */
export function spelling(text: string): string {
  let out = ''
  for (const char of text.toLowerCase()) out += CLASS[char] ?? char
  return out
}

const SHORTEST_NAME = 4
const LONGEST_NAME = 32
// How much of a file's text is read for names: a demo config names its product near the value.
const MAX_TEXT = 1024 * 1024
// Lowercase names, alone or joined by `-`/`_` (`unifi-poller`, `kong_admin`).
const TEXT_NAME = /(?<![A-Za-z0-9])[a-z]{2,32}(?:[-_][a-z]{2,32}){0,3}(?![A-Za-z0-9])/g
const PATH_WORD = /[A-Za-z]+/g

/** The spellings of the names `path` and `text` use ({@link spelling}). */
export function fileNames(path: string, text: string): ReadonlySet<string> {
  const names = new Set<string>()
  const add = (name: string, spoken: boolean): void => {
    if (name.length < SHORTEST_NAME || name.length > LONGEST_NAME) return
    // A name from the text must read as a word of some language: a value repeated elsewhere in the
    // file (a random password in two places) is no name.
    if (spoken || spelledLikeSomeLanguage(name)) names.add(spelling(name))
  }
  for (const segment of path.split('/')) {
    const words = segment.replace(/\.[A-Za-z0-9]{1,8}$/, '').match(PATH_WORD) ?? []
    for (const word of words) add(word.toLowerCase(), true)
    add(words.join('').toLowerCase(), true)
  }
  // A name is judged once: a manifest repeats its few words thousands of times (`password`, `user`),
  // and each judgement reads the name against every language's letter model.
  const judged = new Set<string>()
  const addText = (name: string): void => {
    if (judged.has(name)) return
    judged.add(name)
    add(name, false)
  }
  for (const [name] of text.slice(0, MAX_TEXT).matchAll(TEXT_NAME)) {
    const pieces = name.split(/[-_]/)
    for (const piece of pieces) addText(piece)
    if (pieces.length > 1) addText(pieces.join(''))
  }
  return names
}

// What may follow the name in a demo password: digits and symbols (`kong123!`), at most seven.
const MAX_TAIL = 7
const LETTER = /[a-z]/gi

/**
 * True when `value` spells one of `names` ({@link fileNames}, asked for only when the value may spell a name), then at most {@link MAX_TAIL} digits
 * or symbols. A name typed as lowercase letters alone (`kestra`, `pass-839201`) is left to the
 * other judgements: the value's own letters are names in its file's text, and it may be a random
 * value the file repeats. Text decoded from base64 (`encoded`) is not in the file as such.
 */
export function spellsFileName(value: string, names: () => ReadonlySet<string>, encoded = false): boolean {
  if (value.length < SHORTEST_NAME || value.length > LONGEST_NAME + MAX_TAIL) return false
  if (/\s/.test(value)) return false
  let end = value.length
  for (let cut = 0; cut <= MAX_TAIL && end >= SHORTEST_NAME; cut++) {
    const head = value.slice(0, end)
    // Letters must carry the name: `4411` spells `aaii` but is digits.
    if (
      (encoded || !/^[a-z]+$/.test(head)) &&
      (head.match(LETTER)?.length ?? 0) * 2 >= head.length &&
      names().has(spelling(head))
    )
      return true
    const last = value.charAt(end - 1)
    if (/[A-Za-z]/.test(last)) return false // only digits and symbols trail a name
    end--
  }
  return false
}
