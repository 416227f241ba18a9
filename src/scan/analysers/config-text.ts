/**
 * A text file kept in a Secret's value — a server config (`my.cnf`, `haproxy.cfg`, `redis.conf`) or
 * an SQL init script — judged by what it assigns, as a JSON, YAML or dotenv value is: it holds a
 * secret when a word of it looks random, a credential-named setting has a password-like value
 * (`password = …`, `requirepass …`), an SQL statement sets one (`IDENTIFIED BY '…'`, `PASSWORD '…'`)
 * or a URL carries one. Settings alone (`maxconn 2048`, `gtid_mode=on`) and demo passwords
 * (`IDENTIFIED BY 'newpass'`) are no secret.
 */
import { isDemoValue } from '../demo-value.js'
import { isPlaceholder } from '../placeholder.js'
import { secretLikeName, secretLikeValue, valueGatesPass } from '../rules/generic.js'
import { urlPasswordOf } from '../address-value.js'

// How many lines a text may have to be judged here (bounded work per value).
const MAX_LINES = 1000
// How many words and settings of one text are judged in full (each costs the value filters): a text
// needing more is judged as a whole instead, as before, so a crafted value costs bounded work.
const MAX_JUDGED = 32
// The words of a line long enough to be judged (secretLikeValue takes none shorter than 8): between
// spaces, quotes, and the punctuation of settings and statements.
const LONG_WORD = /[^\s'"`=,;()]{8,}/g
// A setting at the start of a line: `name = value`, `name: value`, `name value` (my.cnf, redis.conf).
const SETTING =
  /^[ \t]{0,40}([A-Za-z_][\w.-]{0,80})(?:[ \t]{0,40}[=:][ \t]{0,40}|[ \t]{1,40})["']?([^\s"']{1,300})/
// Redis's password directives, which name no credential word a name rule reads.
const PASSWORD_DIRECTIVE = /^(?:requirepass|masterauth)$/i
// SQL setting a password: MySQL `IDENTIFIED [WITH plugin] BY '…'`, `SET PASSWORD … = '…'`,
// PostgreSQL `[ENCRYPTED] PASSWORD '…'`. Every piece bounded, so a crafted line costs linear time.
const SQL_PASSWORD =
  /\b(?:IDENTIFIED(?:[ \t]{1,4}WITH[ \t]{1,4}\w{1,40})?[ \t]{1,4}BY(?:[ \t]{1,4}PASSWORD)?|PASSWORD(?:[ \t]{1,4}FOR[ \t]{1,4}\S{1,80}?)?[ \t]{0,4}=?(?:[ \t]{0,4}PASSWORD[ \t]{0,4}\()?)[ \t]{0,4}'([^'\r\n]{1,300})'/gi
// Text: no control characters, no U+FFFD (what random bytes decode to).
const TEXT = /^[\t\n\r\x20-\x7e\u00a0-\ufffc]*$/
// Longer words are no setting's: key material (a post-quantum age identity) is judged as a whole.
const LONGEST_WORD = 300
// An age identity, classic or post-quantum: key material, though its prefix says `SECRET`.
const AGE_IDENTITY = /^AGE-SECRET-KEY-(?:PQ-)?1[0-9A-Z]{50,}$/

/** The full judgements of one text's words and settings: each distinct value once, at most MAX_JUDGED. */
class Judgements {
  private left = MAX_JUDGED
  private readonly seen = new Set<string>()
  /** True once a value went unjudged (for lack of budget, or too long to be a setting's). */
  exhausted = false
  constructor(private readonly stopwords: readonly string[]) {}

  /** True when `value` is secret-like (a password-like one when `relaxed`). */
  secretLike(value: string, relaxed: boolean): boolean {
    if (!valueGatesPass(value, relaxed)) return false
    const key = `${relaxed ? 'p' : 'w'}${value}`
    if (this.seen.has(key)) return false
    this.seen.add(key)
    if (this.left-- <= 0) this.exhausted = true
    return !this.exhausted && secretLikeValue(value, this.stopwords, relaxed)
  }

  /** False, and the text marked for judging as a whole: it holds a word no setting has. */
  tooLong(): boolean {
    this.exhausted = true
    return false
  }

  /** True when `value` (an age identity, a URL's password) is neither a placeholder nor a demo value. */
  real(value: string): boolean {
    return !isPlaceholder(value, this.stopwords) && !isDemoValue(value)
  }
}

// A setting naming a user or an ID (`aws_access_key_id`, `username`, `login`): the other half of a login.
const ID_NAME = /(?:user(?:name)?|login|[_.-]id|[a-z]Id|ID)$/

/**
 * The values of a text's user and ID settings. A credential that repeats one (`aws_access_key_id =
 * k8ssandra`, `aws_secret_access_key = k8ssandra`; `user = admin`, `password = admin`) is a stand-in
 * typed twice, as a URL's `admin:admin` is: no provider issues a secret equal to its ID.
 */
function idValues(lines: readonly string[]): Set<string> {
  return idValuesOf(
    lines.map((line) => SETTING.exec(line) ?? []).map(([, name = '', value = '']) => [name, value]),
  )
}

/** The values (lowercase) of the `[name, value]` members named as a user or an ID (see {@link idValues}). */
export function idValuesOf(members: Iterable<readonly [string, unknown]>): Set<string> {
  const ids = new Set<string>()
  for (const [name, value] of members)
    if (typeof value === 'string' && ID_NAME.test(name) && secretLikeName(name) === undefined)
      ids.add(value.toLowerCase())
  return ids
}

/** True when one line of a config text or script holds a secret (`ids`: the text's user and ID values). */
function lineHoldsSecret(line: string, judge: Judgements, ids: ReadonlySet<string>): boolean {
  const [, name = '', value = ''] = SETTING.exec(line) ?? []
  if (value !== '' && ids.has(value.toLowerCase()) && secretLikeName(name) !== undefined) return false
  for (const [word] of line.matchAll(LONG_WORD)) {
    if (word.length > LONGEST_WORD) return judge.tooLong()
    const password = urlPasswordOf(word) // `mysql://app:…@db`
    const holds = AGE_IDENTITY.test(word)
      ? judge.real(word)
      : password !== undefined
        ? judge.real(password)
        : judge.secretLike(word, false)
    if (holds) return true
  }
  if ((secretLikeName(name) !== undefined || PASSWORD_DIRECTIVE.test(name)) && judge.secretLike(value, true))
    return true
  for (const [, sql = ''] of line.matchAll(SQL_PASSWORD)) if (judge.secretLike(sql, true)) return true
  return false
}

/**
 * Whether a multi-line `text` (a config file or script) holds a secret, judged line by line; undefined
 * when it is one line, not text, too long or needs too many judgements (then it is judged as a whole).
 */
export function configTextHoldsSecret(text: string, stopwords: readonly string[]): boolean | undefined {
  if (!text.includes('\n') || !TEXT.test(text)) return undefined
  const lines = text.split(/\r?\n/)
  if (lines.length > MAX_LINES) return undefined
  const judge = new Judgements(stopwords)
  const ids = idValues(lines)
  for (const line of lines) {
    if (lineHoldsSecret(line, judge, ids)) return true
    if (judge.exhausted) return undefined
  }
  return false
}
