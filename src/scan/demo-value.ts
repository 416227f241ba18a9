/**
 * Values written by a person to stand for a secret — `my-password`, `S3cr3tP@ss`, base64 of
 * `test-password` — and values made of words (`custom-CA`, `featureNewUI`), which name things.
 * Real secrets are random; these are judged by their shape, never by where they are.
 */
import { lazyRegExp } from './lazy-regexp.js'

// Words demo values are made of (after leet-speak: `S3cr3tP@ss` is `secret` + `pass`). A value
// built only from these, short digit groups and separators is a demo value.
const LEXICON = [
  'secret',
  'secrets',
  'password',
  'passwords',
  'passwd',
  'pass',
  'pwd',
  'pw',
  'passphrase',
  'token',
  'tokens',
  'key',
  'keys',
  'api',
  'apikey',
  'access',
  'code',
  'credential',
  'credentials',
  'auth',
  'client',
  'service',
  'principal',
  'principle',
  'app',
  'application',
  'db',
  'database',
  'user',
  'username',
  'name',
  'login',
  'admin',
  'administrator',
  'root',
  'guest',
  'test',
  'testing',
  'demo',
  'example',
  'sample',
  'default',
  'dummy',
  'fake',
  'mock',
  'foo',
  'bar',
  'baz',
  'qux',
  'hello',
  'world',
  'my',
  'your',
  'our',
  'the',
  'some',
  'this',
  'super',
  'supa', // slang spelling of super (`supa|^|pazz`)
  'id',
  'strong',
  'very',
  'new',
  'old',
  'leaked',
  'value',
  'data',
  'string',
  'abc',
  'def',
  'ghi',
  'xyz',
  'qwerty',
  'letmein',
  'welcome',
  // The most common passwords of the published yearly lists (SplashData, NordPass) that are words.
  'iloveyou',
  'sunshine',
  'princess',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'shadow',
  'superman',
  'changeme',
  'change',
  'me',
  'it',
  'is',
  'not',
  'a',
  'postgres',
  'mysql',
  'redis',
  'top',
  'private',
  'shh',
  'shhh',
  'john',
  'jane',
  'doe',
  'alice',
  'bob',
  'here',
  'goes',
  'insert',
  // Short English words names are built from (`toBeOverridden`).
  'to',
  'be',
  'of',
]
const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
}
const SEPARATOR = /[-_ .:;,!'"/*|^~]/
const DEMO_CHARS = /^[a-z0-9@$\-_ .:;,!'"/*|^~]+$/
const MAX_DEMO_LENGTH = 64
// The lexicon words each character can start (itself, or the letter its leet form stands for).
const STARTING = new Map<string, readonly string[]>()
for (const char of 'abcdefghijklmnopqrstuvwxyz0123456789@$') {
  const firsts = [char, LEET[char], char === '1' ? 'l' : undefined]
  STARTING.set(
    char,
    LEXICON.filter((word) => firsts.includes(word.charAt(0))),
  )
}

// In a long word any digit may stand for a vowel (`s1cret`, `p4ssw0rd`): people vary the leet.
const VOWELS = 'aeiou'
const LONG_WORD = 5

function letterMatches(char: string, wanted: string, wordLength: number): boolean {
  if (char === wanted || LEET[char] === wanted || (char === '1' && wanted === 'l')) return true
  if (char === '!' && (wanted === 'i' || wanted === 'l')) return true // `Ex@mp!e1`, `Adm!n`
  return wordLength >= LONG_WORD && char >= '0' && char <= '9' && VOWELS.includes(wanted)
}

// Digits counted up or down (`123456`, `9876`): four or more in a row.
const COUNTED_DIGITS =
  /(?:0(?=1)|1(?=2)|2(?=3)|3(?=4)|4(?=5)|5(?=6)|6(?=7)|7(?=8)|8(?=9)){3,}\d|(?:9(?=8)|8(?=7)|7(?=6)|6(?=5)|5(?=4)|4(?=3)|3(?=2)|2(?=1)|1(?=0)){3,}\d/g

/** Length of the run of digits counted up or down by one that starts at `at` (0 when none). */
function countedRun(value: string, at: number): number {
  const first = value.charCodeAt(at)
  if (first < 48 || first > 57) return 0
  const step = value.charCodeAt(at + 1) - first
  if (step !== 1 && step !== -1) return 1
  let length = 2
  while (value.charCodeAt(at + length) - value.charCodeAt(at + length - 1) === step) length++
  return length
}

// Words that say the value is a credential. Around one, English-spelled letters (`3xtr3ms3cr3t` is
// `extrem` + `secret`) make a phrase a person typed: words people add to them (`extreme`,
// `strong`, `mega`…) need no list.
const CREDENTIAL_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'token']
// An owner word first (`myfancypassword`, `yourapitoken`) is written as DEMO_OWNED is, unseparated.
const OWNER_FIRST = /^(?:my|your|our|the|some)(?=[a-z]{3})/

/** True when `value` from `at` spells `word`, leet-speak read as {@link letterMatches} reads it. */
function spells(value: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if (!letterMatches(value.charAt(at + i), word.charAt(i), word.length)) return false
  return true
}

/** `part` read as letters (leet-speak as letters), or undefined when a character has no letter reading. */
function leetLetters(part: string): string | undefined {
  let letters = ''
  for (const char of part) {
    const letter = /[a-z]/.test(char) ? char : LEET[char]
    if (letter === undefined) return undefined // a digit leet-speak does not use (2, 6, 8, 9): random text
    letters += letter
  }
  return letters
}

/**
 * True when lowercase `value` is a credential word (leet-speak allowed, as in lexicon words) with
 * English-spelled letters around it: the one leet rule for credential phrases.
 */
function credentialWordPhrase(value: string): boolean {
  if (value.length > 32 || !/^[a-z0-9@$]+$/.test(value)) return false
  const english = (part: string | undefined): boolean =>
    part !== undefined && (part === '' || (part.length >= 3 && spelledLikeEnglish(part)))
  for (const word of CREDENTIAL_WORDS)
    for (let at = 0; at + word.length <= value.length; at++)
      if (
        spells(value, at, word) &&
        english(leetLetters(value.slice(0, at))?.replace(OWNER_FIRST, '')) &&
        english(leetLetters(value.slice(at + word.length)))
      )
        return true
  return false
}

/**
 * True when lowercase `value` is a credential word of 6+ letters with a run of digits standing in for
 * one or two of its inner letters (`pa58163word`: `password` with digits for `ss`) — a person
 * varying the word. Random text keeps at most a letter or two of one word in order around a digit run.
 */
function credentialWordWithDigits(value: string): boolean {
  const parts = /^([a-z]{2,})(\d{2,12})([a-z]{2,})$/.exec(value)
  if (parts === null) return false
  const [, before = '', , after = ''] = parts
  return CREDENTIAL_WORDS.some(
    (word) =>
      word.length >= 6 &&
      word.startsWith(before) &&
      word.endsWith(after) &&
      before.length + after.length <= word.length &&
      before.length + after.length >= word.length - 2,
  )
}

// A credential word with a letter or two and a count around it (`mpass2`, `pwd1`, `xsecret12`): an
// initial and a number on the word, as a person labels demo passwords. Random text seldom spells
// one: 1 in 100,000 random lowercase-and-digit values of 6–10 characters (mostly `pwd`), none mixed-case.
const LABELLED_CREDENTIAL_WORD = /^[a-z]{0,2}(?:pass|passwd|password|pwd|secret|token)[a-z]{0,2}\d{0,4}$/

/** How many characters of `value` have a code from `low` to `high`. */
function countIn(value: string, low: number, high: number): number {
  let count = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c >= low && c <= high) count++
  }
  return count
}

/** True when lowercase `value` is entirely lexicon words (leet allowed), digit groups of 1–4 and separators. */
function madeOfDemoWords(written: string): boolean {
  if (written.length === 0 || written.length > MAX_DEMO_LENGTH || !DEMO_CHARS.test(written)) return false
  const value = written.includes('zz') ? written.replace(/zz/g, 'ss') : written // slang: `pazz` is `pass`
  // Mostly digits (`636402def774`) is hex or a number, whatever words hide in it; a counted run
  // (`pass-123456`) is typed, not random, and does not count (looked for only when it matters).
  const letters = countIn(value, 97, 122)
  if (
    countIn(value, 48, 57) > letters &&
    value.replace(COUNTED_DIGITS, '').replace(/\D/g, '').length > letters
  )
    return false
  // reachable[i]: value[0..i) splits into pieces (1), one of them a lexicon word of 3+ letters (2).
  const reachable = new Uint8Array(value.length + 1)
  reachable[0] = 1
  for (let at = 0; at < value.length; at++) {
    const here = reachable[at] ?? 0
    if (here === 0) continue
    const char = value.charAt(at)
    if (SEPARATOR.test(char)) reachable[at + 1] = Math.max(reachable[at + 1] ?? 0, here)
    for (
      let end = at;
      end < at + 4 && end < value.length && value.charCodeAt(end) >= 48 && value.charCodeAt(end) <= 57;
      end++
    )
      reachable[end + 1] = Math.max(reachable[end + 1] ?? 0, here)
    const counted = countedRun(value, at)
    if (counted >= 3) reachable[at + counted] = Math.max(reachable[at + counted] ?? 0, here)
    for (const word of STARTING.get(char) ?? []) {
      if (at + word.length > value.length) continue
      let ok = true
      for (let i = 0; i < word.length && ok; i++)
        ok = letterMatches(value.charAt(at + i), word.charAt(i), word.length)
      if (ok)
        reachable[at + word.length] = Math.max(reachable[at + word.length] ?? 0, word.length >= 3 ? 2 : here)
    }
  }
  return reachable[value.length] === 2
}

// Demo text: several words, one of them says what the value stands for (`shhhh! it's a github
// secret`, `**access token goes here**`).
const DEMO_WORD = /(?:^|[^a-z])(?:secret|password|passwd|token|key|example|test)(?:[^a-z]|$)/i
// Owned by nobody in particular: `my-cluster-password`, `your_api_token`, `the-username`.
const DEMO_OWNED = /^(?:my|your|some|the)[-_ .][a-z]+(?:[-_.][a-z]+)*$/i

// Rows typed in order, forwards or backwards; the digit row wraps (`7890`, `3210987`).
const KEYBOARD_ROWS = ['abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm']
const DIGITS = '0123456789'

/** Length of the longest run at `at` along `row`, in `step` direction (+1 or -1). */
function runAlong(value: string, at: number, row: string, step: number, wraps: boolean): number {
  let from = row.indexOf(value.charAt(at))
  if (from < 0) return 0
  let length = 1
  while (at + length < value.length) {
    let next = from + step
    if (wraps) next = (next + row.length) % row.length
    if (row.charAt(next) !== value.charAt(at + length)) break
    from = next
    length++
  }
  return length
}

/** Length of the run of one character repeated at `at` (`aaaa` of `aaaa1234`). */
function repeatedRun(value: string, at: number): number {
  let length = 1
  while (value.charAt(at + length) === value.charAt(at)) length++
  return length
}

/**
 * True when lowercase `value` is typed as runs along the alphabet, the digits or a keyboard row,
 * forwards or backwards, or of one key held (`AaAa1234` lowercased), each of 3+ characters and at
 * most three shorter than 5 per separated part (`abcde12345`, `qwerty123`, `87654321-4321`,
 * `mnbvcxzlkjhgfdsapoiuytrewq1234567`): a person's stand-in, not a secret. Random text holds a run
 * of 5 about once in 10,000 values.
 */
function madeOfSequences(value: string): boolean {
  if (value.length < 6 || value.length > MAX_DEMO_LENGTH) return false
  for (const part of value.split(/[-_ .]/)) {
    let runs = 0
    for (let at = 0; at < part.length;) {
      let longest = Math.max(
        runAlong(part, at, DIGITS, 1, true),
        runAlong(part, at, DIGITS, -1, true),
        repeatedRun(part, at),
      )
      for (const row of KEYBOARD_ROWS)
        longest = Math.max(longest, runAlong(part, at, row, 1, false), runAlong(part, at, row, -1, false))
      if (longest < 3 || (longest < 5 && ++runs > 3)) return false
      at += longest
    }
  }
  return true
}

/** True when every step of `chars` goes forward along `row` by 1 (or 2: `…h j k…` skips an ambiguous letter). */
function stepsAlong(chars: string, row: string, wraps: boolean): boolean {
  for (let i = 1; i < chars.length; i++) {
    let step = row.indexOf(chars.charAt(i)) - row.indexOf(chars.charAt(i - 1))
    if (wraps && step < 0) step += row.length
    if (step !== 1 && step !== 2) return false
  }
  return true
}

/**
 * True when lowercase `value` interleaves an alphabet run with a digit run (`a1b2c3d4e5f6`,
 * `A1b2C3d4…` once lowercased): each of the two, read alone, is typed in order.
 */
function interleavedSequences(value: string): boolean {
  if (value.length < 8 || value.length > MAX_DEMO_LENGTH || !/^[a-z0-9]+$/.test(value)) return false
  const letters = value.replace(/\d/g, '')
  const digits = value.replace(/\D/g, '')
  return (
    letters.length >= 4 &&
    digits.length >= 4 &&
    stepsAlong(letters, KEYBOARD_ROWS[0] ?? '', false) &&
    stepsAlong(digits, DIGITS, true)
  )
}

// One word and digits counted up (`bitnami1234`, `grafana-123`): a product or project name with the
// digits people type first; the word must read as English, so random text never qualifies.
const WORD_THEN_COUNTED = /^([a-z]{4,16})[-_.]?(\d{3,10})$/

/** True when lowercase `value` is an English-spelled word followed by a counted digit run. */
function wordThenCounted(value: string): boolean {
  const parts = WORD_THEN_COUNTED.exec(value)
  if (parts === null) return false
  const [, word = '', digits = ''] = parts
  return countedRun(digits, 0) === digits.length && spelledLikeEnglish(word)
}

// A name, a counted run of four or more digits, perhaps another word, with a symbol or two
// between or after (`Opstree@1234`, `Keda@12345!`, `Opstree@1234sentinel`): typed by a person.
const NAME_AROUND_COUNT =
  /^([A-Za-z]{3,16})[!#$%&*?.@^~+=_-]?(\d{4,10})(?:[!#$%&*?.@^~+=_-]?([A-Za-z]{3,16}))?[!#$%&*?.@^~+=_-]{0,3}$/

/**
 * True when `value` is a pronounceable name (a product's, not only an English word) with a counted
 * digit run (`1234`, `54321`) after it. Random letters before `1234` read as a name about once in 50.
 */
function nameAroundCount(value: string): boolean {
  const [, name = '', digits = '', word] = NAME_AROUND_COUNT.exec(value) ?? []
  if (digits === '' || countedRun(digits, 0) !== digits.length) return false
  return [name, word ?? 'word'].every((piece) => spelledLikeSomeLanguage(piece.toLowerCase()))
}

// A word dressed up to pass a password policy: digits and symbols tacked on the end
// (`MariaDB11!`, `Harbor12345`, `Welcome1!`, `ChangeMe123!`). People add the classes a policy asks
// for in a block after the word; generated secrets mix the classes all through, so their letters
// seldom read as words (about 1 in 5,000 random 8-character values do, none of 12 or more).
const DRESSED = /^([A-Za-z]{5,24})(\d{1,6}[!#$%&*?.@^~+=_-]{0,3}|[!#$%&*?.@^~+=_-]{1,3}\d{0,6})$/

/** True when `piece` is spelled like English with every letter pair English (a word, not a near miss). */
function englishPairs(piece: string): boolean {
  const lower = piece.toLowerCase()
  if (!spelledLikeEnglish(lower)) return false
  for (let i = 1; i < lower.length; i++) if (!ENGLISH_PAIRS.has(lower.slice(i - 1, i + 1))) return false
  return true
}

/**
 * True when `value` is a word (or two run together in camelCase, or a word and an acronym) with
 * digits and/or symbols on the end, using at least two of capitals, digits and symbols, as a password
 * policy asks. Lowercase with digits only (`hunter22`) is not read this way: under a password name it
 * is taken for a password.
 */
function dressedUpWord(value: string): boolean {
  const parts = value.length >= 8 ? DRESSED.exec(value) : null
  if (parts === null) return false
  const [, core = '', tail = ''] = parts
  // Two classes besides lowercase, a capital first (`Welcome1`) or digits and a symbol after a
  // lowercase word (`minio11!`); a separator (`pass-839201`) is not a class.
  const capitalised = /^[A-Z]/.test(core)
  if (!capitalised && (/[A-Z]/.test(core) || !(/\d/.test(tail) && /[^\d_.-]/.test(tail)))) return false
  // Each piece an English-spelled word, except one short piece: an acronym (`DB`) or a syllable (`Max`).
  const pieces = core.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+/g) ?? []
  if (pieces.join('') !== core || pieces.length > 2) return false
  const odd = pieces.filter(
    (piece) => !(piece.length >= 4 && /^[A-Z]?[a-z]+$/.test(piece) && englishPairs(piece)),
  )
  const [short] = odd
  if (odd.length === pieces.length || odd.length > 1) return false
  // camelCase pieces are capitalised; an acronym ends the name (`MariaDB`), a syllable is one (`Max`).
  if (pieces.length === 2 && !/^[A-Z]/.test(pieces[1] ?? '')) return false
  return (
    short === undefined ||
    (short === pieces.at(-1) && /^[A-Z]{2,3}$/.test(short)) ||
    /^[A-Z][a-z]?[aeiou][a-z]?$/.test(short)
  )
}

// A credential word as one word of several (`clickhouse_operator_password`, `p@ss/word` once joined).
const CREDENTIAL_PIECE = /(?:^|[-_ ./])(?:password|passwd|pass|pwd|secret|token)(?:[-_ ./]|$)/i
// Lowercase names and the credential word last (`pmmserver_password`, `repl-secret`): what the value
// is for, then what it stands for. Generated secrets end in no word.
const NAMED_CREDENTIAL = /^[a-z]{2,}(?:[-_.][a-z]{2,}){0,3}[-_.](?:password|passwd|pass|pwd|secret|token)$/

/**
 * True when `value` is words, one of them a credential word, or a credential word split by a
 * separator (`p@ss/word`): the value says what it stands for, as a person names a demo value.
 */
function namesItself(value: string): boolean {
  if (value.length > MAX_DEMO_LENGTH || !/[-_ ./]/.test(value)) return false
  const lower = value.toLowerCase()
  if (madeOfDemoWords(lower.replace(/[-_ ./]/g, ''))) return true
  // Every other piece a word of letters (`Xk9q/pass/Zr8v` is random text around one).
  const pieces = value.split(/[-_ ./]+/).filter((piece) => piece !== '')
  return (
    NAMED_CREDENTIAL.test(value) ||
    (CREDENTIAL_PIECE.test(value) &&
      pieces.every((piece) => /^[A-Za-z]{3,}$/.test(piece) && looksLikeWords(piece)))
  )
}

// Provider token prefixes written before a word (`ghp_secret`, `xoxb-your-token`, `sk_test_xxx`):
// the prefix says what the value stands for, the word after it that it is not one. Any other short
// lowercase prefix (`phc_`, `akab-`) counts when a demo value follows (`phc_test_key_12345`).
const TOKEN_PREFIX =
  /^(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|[sr]k_(?:live|test)_|pk_(?:live|test)_|hv[sb]\.|npm_|pypi-)/
const SHORT_PREFIX = /^[a-z]{2,5}[_-](?=[^_-].{7})/

// A project's tag before base64 (`DMS_` and base64 of `access_token`): letters of either case.
const TAG_PREFIX = /^[A-Za-z]{2,5}[_-](?=[A-Za-z0-9+/]{8})/

/** True when base64 after a short tag decodes to demo text or words: the tag dresses up a demo value. */
function prefixedEncodedDemo(value: string): boolean {
  const tag = TAG_PREFIX.exec(value)?.[0]
  const decoded = tag === undefined ? undefined : decodedText(value.slice(tag.length))
  return decoded !== undefined && (isDemoValue(decoded, false) || looksLikeWords(decoded))
}

// Leet-speak between letters (`Passw0rd`, `S3cret`), read as the letters it stands for.
const LEET_IN_WORD = /(?<=[A-Za-z])[03457@$](?=[A-Za-z])/g
// A word and a capitalised credential word after it, camelCase (`AdminPassword`, `MySecret`).
const CAMEL_CREDENTIAL = /([A-Z]?[a-z]{1,15})(?:Password|Passwd|Passphrase|Secret|Token)s?(?![a-z])/g
const CREDENTIAL_CAPITAL = /[PST]/

/**
 * True when `value` joins a word and a credential word in camelCase, leet-speak read as letters
 * (`E2eAdminPassw0rd!23`, `MyS3cret#1`): the value says what it stands for. Random text holds no
 * capitalised credential word after a word; a credential word in random text (`Xk9secretQ2`) is not
 * read so.
 */
function camelCaseCredential(value: string): boolean {
  // The credential word's capital is in the value as written (leet-speak stands for small letters).
  if (!CREDENTIAL_CAPITAL.test(value)) return false
  const letters = value.replace(LEET_IN_WORD, (char) => LEET[char] ?? char)
  for (const [, word = ''] of letters.matchAll(CAMEL_CREDENTIAL)) if (wordLike(word, true)) return true
  return false
}

// Letters a hand mashing the keyboard lands on again and again (`sdfjuhSDFjkh_sdfj…`, `asdasdasd…`).
const MASH_LENGTH = { min: 10, max: 48 }

/**
 * True when lowercase `value` is keyboard mash: runs of three letters (not one letter held) typed
 * again, one of them three times or more, cover two fifths of it. Random text of this length repeats no three letters three
 * times (about 1 in 20,000 values of 48 lowercase letters and digits; hex is not judged: six letters
 * repeat by chance).
 */
function keyboardMash(value: string): boolean {
  if (value.length < MASH_LENGTH.min || value.length > MASH_LENGTH.max || /^[0-9a-f]+$/.test(value))
    return false
  const counts = new Map<string, number>()
  for (let at = 0; at + 3 <= value.length; at++) {
    const run = value.slice(at, at + 3)
    // One key held (`hhhhh`) is not mash: random mixed case lowercased makes such runs.
    if (/^[a-z]{3}$/.test(run) && !/^(.)\1\1$/.test(run)) counts.set(run, (counts.get(run) ?? 0) + 1)
  }
  if (![...counts.values()].some((count) => count >= 3)) return false
  const covered = new Uint8Array(value.length)
  for (let at = 0; at + 3 <= value.length; at++)
    if ((counts.get(value.slice(at, at + 3)) ?? 0) >= 2) covered.fill(1, at, at + 3)
  return covered.reduce((sum, bit) => sum + bit, 0) >= 0.4 * value.length
}

// One piece of short hex (4–8 digits: at most 32 bits) among words, with counts or syllables.
const SHORT_HEX_PIECE = /^(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{4,8}$/i

/**
 * True when `value` is two or more words and one short hex id, with small counts or syllables of up
 * to four letters between (`session-key-7f8a9b77-1`, `uniq-leak-canary-9f3a`): a label a person
 * wrote for a test config, its only random part too short to guard anything.
 */
function wordsAroundShortId(value: string): boolean {
  const pieces = value.split(/[-_.]/)
  if (pieces.length < 3 || value.length > MAX_DEMO_LENGTH) return false
  let ids = 0
  let words = 0
  for (const piece of pieces) {
    if (SHORT_HEX_PIECE.test(piece)) ids++
    else if (/^[A-Za-z]{3,}$/.test(piece) && looksLikeWords(piece)) words++
    else if (!/^(?:\d{1,3}|[A-Za-z]{1,4})$/.test(piece)) return false
  }
  return ids === 1 && words >= 2
}

/** True when `value` is demo text rather than a secret: `my-password`, `S3cr3tP@ss`, `admin`, a phrase naming itself. */
export function isDemoValue(value: string, shortPrefix = true): boolean {
  // `abc123def\n` in a source string: the escape is not part of the value, nor base64 padding
  // typed after a demo value where base64 belongs (`abc123==`).
  const trimmed = value
    .trim()
    .replace(/(?:\\[nrt])+$/, '')
    .replace(/(?<=[A-Za-z0-9])={1,2}$/, '')
  // One short line only: a multi-line value (a key file with comments) is judged by its content.
  if (trimmed.length > 100 || trimmed.includes('\n')) return false
  const lower = trimmed.toLowerCase()
  if (DEMO_OWNED.test(trimmed) || madeOfDemoWords(lower) || madeOfSequences(lower)) return true
  if (interleavedSequences(lower) || wordThenCounted(lower) || nameAroundCount(trimmed)) return true
  if (credentialWordPhrase(lower) || credentialWordWithDigits(lower) || LABELLED_CREDENTIAL_WORD.test(lower))
    return true
  if (dressedUpWord(trimmed) || namesItself(trimmed) || camelCaseCredential(trimmed)) return true
  if (keyboardMash(lower) || wordsAroundShortId(trimmed)) return true
  const prefix = TOKEN_PREFIX.exec(trimmed)?.[0]
  if (prefix !== undefined && trimmed.length > prefix.length) {
    const rest = trimmed.slice(prefix.length)
    if (isDemoValue(rest) || (rest.length < 32 && looksLikeWords(rest))) return true
  }
  const short = shortPrefix ? SHORT_PREFIX.exec(trimmed)?.[0] : undefined
  if (short !== undefined && isDemoValue(trimmed.slice(short.length), false)) return true
  if (shortPrefix && prefixedEncodedDemo(trimmed)) return true
  return /\s/.test(trimmed) && DEMO_WORD.test(trimmed)
}

/** True when a credential pair is a demo set-up: the password repeats the user name (`hydra:hydra`). */
export function passwordRepeatsUser(user: string, password: string): boolean {
  return password !== '' && password.toLowerCase() === user.toLowerCase()
}

// Pieces of a name: `featureNewUI` → feature, New, UI; `more-custom-CAs` → more, custom, CAs.
const PIECE = /[A-Z]{2,}s?(?![a-z])|[A-Z]?[a-z]+|[A-Z]|\d+/g
const WORDS_ONLY = /^[A-Za-z0-9._\-/[\]:;, ]+$/
const SHORT_WORDS = new Set(LEXICON.filter((word) => word.length < 4))
const LEXICON_WORDS = new Set(LEXICON)

const TECH_TOKEN = /^(?=.{2,4}$)[a-z]{1,3}\d{1,3}[a-z]?$/i
// The letter pairs that make up 99.7 % of pairs in English prose (measured on the GNU and Apache
// licence texts): random letters use the other half of all pairs at almost every second step.
const ENGLISH_PAIRS = new Set(
  'abacadafagaiakalamanapaqarasatauavawaybabebibjblbobrbsbubycacccechcickclcocrcsctcucydadbdddedgdidldodrdsdudyeaebecedeeefegeheielemeneoepeqereseteuevewexeyfafefffiflfofrfsftfufygageggghgiglgngogpgrgsguhahehihohrhshthuhyiaibicidieifigiiikiliminioipirisitiuivixizjejojsjukakekiknkskulaldlelflilllolplrlsltlulvlymambmcmemimlmmmompmsmunancndnenfngninknlnmnnnonpnsntnunvnyoaobocodoeofogohoiokolomonoooporosotouovowoypapdpephpiplpoppprpsptpupyqurarbrcrdrerfrgrirkrlrmrnrorprrrsrtrurvrwrysascsesfshsiskslsmsospssstsuswsytatctdtetfthtitltntotptrtstttutwtyuaubucudueufuguiulumunupurusutvavevivowawewhwiwlwnwowrwswwxaxcxexixpxtxyyayeyiynyoypyrysytyzzaze'.match(
    /../g,
  ),
)

/** True when lowercase `word` is spelled like English: vowels in proportion, English letter pairs. */
function spelledLikeEnglish(word: string): boolean {
  const vowels = word.replace(/[^aeiouy]/g, '').length
  if (vowels === 0 || vowels / word.length > 0.67 || /[^aeiouy]{4}|[aeiouy]{4}/.test(word)) return false
  let odd = 0
  for (let i = 1; i < word.length; i++) if (!ENGLISH_PAIRS.has(word.slice(i - 1, i + 1))) odd++
  return odd === 0 || (odd === 1 && word.length >= 5)
}

// Capitals run together (`CLIENTCERTPAIRCRT`, `SERVERADDRESS`) are how constants and fill-in
// placeholders are written. Word joins make consonant runs English words lack, so such a run is
// judged by its letter pairs alone: every pair English. Random capitals pass that about once in
// 800 at 12 letters and far less beyond; lowercase words run together may be a passphrase and are
// not read this way.
const CAPITALS_RUN = /^[A-Z]{12,64}$/

/** True when `piece` is 12+ capitals whose every letter pair is English, with vowels in proportion. */
function capitalWordsRunTogether(piece: string): boolean {
  if (!CAPITALS_RUN.test(piece)) return false
  const lower = piece.toLowerCase()
  const vowels = lower.replace(/[^aeiouy]/g, '').length
  if (vowels / lower.length < 0.2 || vowels / lower.length > 0.67 || /[^aeiouy]{5}|[aeiouy]{4}/.test(lower))
    return false
  for (let i = 1; i < lower.length; i++) if (!ENGLISH_PAIRS.has(lower.slice(i - 1, i + 1))) return false
  return true
}

// Names in infrastructure that are not spelled like English (`helm-chart-signing-key`, `etcd-cluster`),
// and the abbreviations code names things with (`b64_encoded_str`, `tmp_cfg`).
const TECH_WORDS = new Set(
  'helm etcd kube kubectl nginx mysql psql pgsql grpc http https oidc ldap ldaps saml smtp imap sftp json yaml toml html jwks mtls ghcr argocd cncf gpg pgp ssh jwt tls ssl dns xml sql npm str int num bool val var tmp cfg conf env msg src dst obj err ctx arg args len idx buf ptr ref fmt'.split(
    ' ',
  ),
)

function wordLike(piece: string, separated: boolean): boolean {
  if (/^\d+$/.test(piece)) return piece.length <= 3
  if (/^[A-Z]{2,3}s?$/.test(piece)) return true // an acronym: CA, UI, API, CAs
  if (capitalWordsRunTogether(piece)) return true
  const lower = piece.toLowerCase()
  if (SHORT_WORDS.has(lower) || TECH_WORDS.has(lower)) return true
  if (LEXICON_WORDS.has(lower)) return lower.length >= (separated ? 3 : 4) // `passphrase` has a 5-consonant run
  return lower.length >= (separated ? 3 : 4) && spelledLikeEnglish(lower)
}

// A letter of a script without case (Han, kana, Hangul, Thai, Arabic…): a UI label or a sentence a
// person wrote (`アプリパスワード`, held-out-18's translations), never a generated secret: those are ASCII.
const CASELESS_LETTER = lazyRegExp(() => /\p{Lo}/u)

/**
 * True when `value` reads as words — an identifier, a name, a title (`custom-CA`, `OpenshiftCA`,
 * `SERVICE_NAME-2`, `some-array[0].entity`) — rather than random text: every piece of it is a word
 * of four or more letters with a vowel, an acronym, a short lexicon word or a group of ≤ 3 digits.
 * Random tokens break into short vowel-less pieces (`Skt2T0tj…`, hex, UUIDs) and are never words.
 */
export function looksLikeWords(value: string): boolean {
  return CASELESS_LETTER().test(value) || readsAsEnglishName(value) || readsAsNaturalWords(value)
}

/** The English reading of {@link looksLikeWords}: words, acronyms, short digit groups. */
function readsAsEnglishName(value: string): boolean {
  if (value.length > MAX_DEMO_LENGTH || !WORDS_ONLY.test(value)) return false
  const segments = value.split(/[^A-Za-z0-9]+/).filter((segment) => segment !== '')
  // Between separators, three-letter words (`utf`, `iam`) and short tech tokens (`s3`, `k8s`) count too.
  const separated = segments.length > 1
  let letters = false
  for (const segment of segments) {
    if (separated && TECH_TOKEN.test(segment)) continue
    const pieces = segment.match(PIECE) ?? []
    for (const [index, piece] of pieces.entries()) {
      // camelCase joins words as a separator does (`ConfigMap`).
      if (!wordLike(piece, separated || pieces.length > 1)) return false
      // Digits end a name (`hunter22`, `test-login-1`); inside one they are random text's.
      if (/^\d/.test(piece) && index !== pieces.length - 1) return false
      const lower = piece.toLowerCase()
      letters ||=
        (piece.length >= 4 && spelledLikeEnglish(lower)) ||
        (lower.length >= 3 && LEXICON_WORDS.has(lower)) ||
        TECH_WORDS.has(lower) || // `k8s_etcd`: a name of tech words
        capitalWordsRunTogether(piece)
    }
  }
  return letters
}

// Words of any language, separated by a space, hyphen or apostrophe: what a translation file or
// a UI label holds (`Contraseña`, `Пароль`, `Wachtwoord`, `OAuth-Client-Geheimnis`).
const NATURAL_TEXT = lazyRegExp(() => /^\p{L}+(?:[ '-]\p{L}+)*$/u)
const NATURAL_WORD = lazyRegExp(() => /^\p{Lu}?\p{Ll}+$/u)
const TITLE_WORD = /^[A-Z]{1,2}([a-z]{3,})$/
const ACRONYM = /^[A-Z]{2,5}$/
const VOWEL = /[aeiouy]/g

/**
 * True when `value` is words a person writes in some language rather than random letters: letters
 * only (a form label's closing colon aside), each word lowercase or capitalised or an acronym.
 * With a letter beyond ASCII (`Tajemství`) that is enough: generated secrets are ASCII. In ASCII only capitalised words (an acronym may lead one:
 * `OAuth`) of 8+ letters in all, each spelled with vowels in proportion and with at most one
 * letter pair in five that English lacks (German and Dutch spell so too). Random alphanumeric
 * values pass about once in 100,000 at 10+ characters, once in 5,000 at 8.
 */
function readsAsNaturalWords(value: string): boolean {
  const label = value.endsWith(':') ? value.slice(0, -1) : value // a form label: `Contraseña:`
  if (label.length > MAX_DEMO_LENGTH || !NATURAL_TEXT().test(label)) return false
  const words = label.split(/[ '-]/)
  // An acronym may stand among the words (`API-nøkkel`).
  if (/[^ -~]/.test(label)) return words.every((word) => NATURAL_WORD().test(word) || ACRONYM.test(word))
  let letters = 0
  for (const word of words) {
    if (ACRONYM.test(word)) continue // an acronym between words (`API`)
    const lower = TITLE_WORD.exec(word)?.[1]
    if (lower === undefined || !spelledLikeSomeLanguage(lower)) return false
    letters += word.length
  }
  return letters >= 8
}

// Words of any script (with their combining marks: Devanagari, Thai, Pe̍h-ōe-jī's `Bi̍t-bé`) joined by
// a space, hyphen, apostrophe or dot (a domain named in the label: `hCaptcha.com-salaisuus`); a word of a UI label is lowercase, capitalised (`OAuth` with two
// capitals), a brand of two capitalised words (`LinkAce`), a short run of capitals (`API`) or of a
// script without case (`パスワード`, `비밀번호`).
const LABEL_TEXT = lazyRegExp(() => /^[\p{L}\p{M}]+(?:[ '’.-][\p{L}\p{M}]+)*$/u)
const LABEL_WORD = lazyRegExp(
  () =>
    /^(?:\p{Lu}{0,2}\p{Ll}[\p{Ll}\p{M}]*(?:\p{Lu}\p{Ll}[\p{Ll}\p{M}]+)?|\p{Lu}{2,6}|[\p{Lo}\p{Lm}][\p{Lo}\p{Lm}\p{M}]*)$/u,
)

/**
 * True when `value` reads as a label of a translation file: words of some language joined by
 * hyphens or apostrophes (`App-adgangskode`, `Bind-wachtwoord`, `Skrivnost`, `Pasahitza`), a
 * closing colon or full stop aside. An ASCII word of four or more letters needs a vowel in five
 * letters and no five consonants running (spelling rules of English would drop `Lozinka`); mixed
 * case and digits, as random text has them, never pass.
 */
export function readsAsLabel(value: string): boolean {
  const label = value.replace(/[:.…]$/u, '')
  if (label.length > MAX_DEMO_LENGTH || !LABEL_TEXT().test(label)) return false
  const words = label.split(/[ '’.-]/u)
  return words.every((word) => LABEL_WORD().test(word) && labelWordSaid(word, words.length))
}

// Two capitalised words run together (`LinkAce`): a brand, each word spelt as a language spells.
const BRAND = /^([A-Z][a-z]+)([A-Z][a-z]+)$/

/**
 * True when a label's word can be said: {@link voicedWord}; a brand only beside other words
 * (`LinkAce-API-Schlüssel`), its two words each spelt like a language's: alone, random letters with
 * one capital inside would pass.
 */
function labelWordSaid(word: string, count: number): boolean {
  const brand = BRAND.exec(word)
  if (brand === null) return voicedWord(word.toLowerCase())
  return count > 1 && brand.slice(1).every((piece) => spelledLikeSomeLanguage(piece.toLowerCase()))
}

// A compound of 12 letters or more joins its words' consonants (Dutch `toegang|s|sleutel`, German
// `Angst|schweiß`): five may run there, never six.
const COMPOUND = 12

/**
 * True for a word with a letter beyond ASCII, of three letters or fewer, or with vowels enough to be
 * said: a fifth to three quarters of it (French `Nouveau`), no five consonants running (six in a compound).
 */
function voicedWord(word: string): boolean {
  if (/[^ -~]/.test(word) || word.length < 4) return true
  const vowels = word.match(VOWEL)?.length ?? 0
  const run = word.length >= COMPOUND ? /[^aeiouy]{6}/ : /[^aeiouy]{5}/
  return vowels >= 0.2 * word.length && vowels <= 0.75 * word.length && !run.test(word)
}

/** True when lowercase `word` has vowels in proportion, no five consonants running and few un-English letter pairs. */
export function spelledLikeSomeLanguage(word: string): boolean {
  const vowels = word.match(VOWEL)?.length ?? 0
  if (vowels < 0.25 * word.length || vowels > 0.67 * word.length || /[^aeiouy]{5}/.test(word)) return false
  let odd = 0
  for (let i = 1; i < word.length; i++) if (!ENGLISH_PAIRS.has(word.slice(i - 1, i + 1))) odd++
  return odd <= Math.max(1, Math.floor(word.length / 5))
}

// Padding optional: a value cut out of a longer encoding (`LS1CRUdJTiBgUFJJVkFURSB`) loses it.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/
const PRINTABLE = /^[\x20-\x7e\t\r\n]+$/

/**
 * The text `value` encodes when it is standard base64 (whitespace ignored) of printable ASCII
 * (`dGVzdA==` → `test`) and at most `maxLength` characters long, else undefined: base64 of demo words
 * is still a demo value. Random tokens seldom decode to text.
 */
export function decodedText(value: string, maxLength = 256): string | undefined {
  if (value.length > maxLength) return undefined
  const compact = value.replace(/\s+/g, '')
  if (compact.length < 8 || !BASE64.test(compact)) return undefined
  const text = Buffer.from(compact, 'base64').toString('latin1')
  return PRINTABLE.test(text) ? text : undefined
}

// RFC 4648 base32, as TOTP secrets are written (`GEZDGNBVGY3TQOJQ…`, RFC 6238's test secret).
const BASE32 = /^[A-Z2-7]{16,}={0,6}$/
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * The text `value` encodes when it is base32 (16+ characters, at most `maxLength`) of printable
 * ASCII, else undefined: a test's TOTP secret typed as text and encoded. A random secret decodes
 * to bytes, almost never to text (1 in 20,000 at 10 bytes).
 */
export function decodedBase32Text(value: string, maxLength = 256): string | undefined {
  if (value.length > maxLength || !BASE32.test(value)) return undefined
  const digits = value.replace(/=+$/, '')
  let bits = 0
  let buffered = 0
  let text = ''
  for (const char of digits) {
    buffered = (buffered << 5) | BASE32_ALPHABET.indexOf(char)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      text += String.fromCharCode((buffered >> bits) & 0xff)
      buffered &= (1 << bits) - 1
    }
  }
  return PRINTABLE.test(text) ? text : undefined
}

// Hex of 8 to 128 bytes, either case.
const HEX_BYTES = /^(?:[0-9a-f]{2}){8,128}$|^(?:[0-9A-F]{2}){8,128}$/

/**
 * The text `value` encodes when it is hex of printable ASCII (8–128 bytes), else undefined: a test
 * string hex-encoded. Random bytes are printable about once in 2,800 at 8 bytes, once in 8 million
 * at 16 (and the text must then read as words or a demo value to drop the value).
 */
export function decodedHexText(value: string): string | undefined {
  if (!HEX_BYTES.test(value)) return undefined
  const text = Buffer.from(value, 'hex').toString('latin1')
  return PRINTABLE.test(text) ? text : undefined
}

// Words that glue a sentence together: prose has them, a passphrase of chosen words seldom does.
const FUNCTION_WORDS = new Set(
  'a an the of in on to for from with by as at is are be if then else or and not this that it its your you'.split(
    ' ',
  ),
)
// A word of a sentence: letters with a vowel, lowercase or capitalised (`algorithms`, `If`, `a`).
const PROSE_WORD = /^(?=[^aeiouy]*[aeiouy])[A-Za-z]?[a-z]{0,19}$/i
// A short name or technical term between the words (`id_rsa`, `base64`, `sha256`), digits only at its end.
const PROSE_TERM = /^[a-z][a-z_]{0,9}$|^[a-z]{1,4}\d{1,3}$/
// What a sentence is written with: letters, digits, spaces and its punctuation. Quotes, `=`, `@`,
// `%` and braces belong to code, settings and SQL (`IDENTIFIED BY '…'`), which are judged as such.
const PROSE_TEXT = lazyRegExp(() => /^[\p{L}\p{N}\s.,:;!?()\-_/]*$/u)
// How much text is read as prose at most (a description in a Secret, not a document).
const MAX_PROSE = 4096

/**
 * True when `text` is a sentence a person wrote (`The allowed cipher algorithms. If unspecified…`,
 * `passphrase of the private ssh key in base64`): four or more words, two or more distinct function
 * words among them, and every piece a word or a short term. A passphrase of chosen words (`correct
 * horse battery staple`) has no function words; a random value has a piece that is no word; a
 * password written into a sentence (`the password is hunter22`) is no short term.
 */
export function readsAsProse(text: string): boolean {
  if (text.length > MAX_PROSE) return false
  // `don't`: one word. Most texts hold no quote, and the lookbehind is tried at every position.
  const unquoted =
    text.includes("'") || text.includes('’') ? text.replace(/(?<=\p{L})['’](?=\p{L})/gu, '') : text
  if (!PROSE_TEXT().test(unquoted)) return false
  const pieces = unquoted.split(/[^\p{L}\p{N}_]+/u).filter((piece) => piece !== '')
  if (pieces.length < 4) return false
  const glue = new Set(pieces.map((piece) => piece.toLowerCase()).filter((word) => FUNCTION_WORDS.has(word)))
  if (glue.size < 2) return false
  return pieces.every(
    (piece) =>
      PROSE_WORD.test(piece) || PROSE_TERM.test(piece) || (!/\d/.test(piece) && looksLikeWords(piece)),
  )
}

/**
 * True when `value` is words around counts (`SomeRandomStringOf32CharsExactly`,
 * `MasterkeyNeedsToHave32Characters`): a description of a key, not one. Each piece between digits
 * must read as words (none of 300,000 random values did).
 */
export function wordsAroundCount(value: string): boolean {
  const pieces = value.split(/\d+/).filter((piece) => piece !== '')
  return /\d/.test(value) && pieces.every((piece) => piece.length >= 4 && looksLikeWords(piece))
}
