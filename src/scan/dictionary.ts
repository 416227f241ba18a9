/**
 * Does a value read as words a person typed (`backup123456#`, `Opstree@1234`, `p@ss/word`,
 * `grafana_dashboard_user_password`) rather than random text? Judged against an English dictionary
 * plus the names of common infrastructure software, after undoing leet-speak and URL escapes.
 * Random tokens of 12 or more characters never read so (none of 100,000 tried per alphabet); of
 * 8 characters, about 1 in 5,000 does.
 */
import { FRONT_CODED_WORDS } from './dictionary-words.js'
import { spelledLikeSomeLanguage } from './demo-value.js'

// Software and infrastructure terms typed into demo values that are no English words (`from_shard_from_files2`).
export const INFRA_WORDS =
  'admin backup login logout username webhook passwd pwd api auth oauth oidc ldap saml jwt ssh tls ssl smtp imap ftp sftp http https www db sql mysql mariadb maria postgres postgresql pgsql psql mongo mongodb redis valkey memcached minio kafka zookeeper rabbitmq rabbit elastic elasticsearch opensearch kibana logstash grafana loki prometheus thanos mimir harbor nexus sonar sonarqube jenkins gitlab github gitea argo argocd flux helm kube kubernetes etcd docker podman registry vault consul nomad keycloak authentik authelia zitadel nextcloud owncloud wordpress drupal nginx traefik envoy istio apache tomcat rancher longhorn ceph rook velero restic borg clickhouse cassandra couchdb couchbase neo4j influxdb influx timescale cockroach mssql oracle sqlserver supabase firebase airflow superset metabase mattermost rocketchat matrix synapse jellyfin plex immich gitops devops sre k8s k3s shard shards sharding ingress statefulset middleware cron cronjob sso creds cred'.split(
    ' ',
  )

const INFRA = new Set(INFRA_WORDS)

// The words sharing their first two letters stand together in the sorted list, each run starting
// where an entry shares fewer than two letters with the word before it (` 0…` or ` 1…`, found with
// indexOf). A run is decoded when a word with its two letters is first looked up: decoding all
// 40,000 words into one Set cost 40–70 ms of CPU per process, and a value looks up a few runs.
let runStarts: Map<string, number[]> | undefined
const runs = new Map<string, Set<string>>()

/** Where each run starts in FRONT_CODED_WORDS, by its two letters (a run may be cut in several). */
function startsByPrefix(): Map<string, number[]> {
  const starts = [0]
  for (const marker of [' 0', ' 1'])
    for (let at = FRONT_CODED_WORDS.indexOf(marker); at >= 0; at = FRONT_CODED_WORDS.indexOf(marker, at + 2))
      starts.push(at + 1)
  starts.sort((a, b) => a - b)
  const byPrefix = new Map<string, number[]>()
  let previous = '' // the first two letters of the run before
  for (const start of starts) {
    const end = FRONT_CODED_WORDS.indexOf(' ', start)
    const shared = FRONT_CODED_WORDS.charCodeAt(start) - 48
    const prefix = (
      previous.slice(0, shared) + FRONT_CODED_WORDS.slice(start + 1, end < 0 ? undefined : end)
    ).slice(0, 2)
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), start])
    previous = prefix
  }
  return byPrefix
}

/** The words of the run(s) starting with `prefix` (two letters), decoded on first use. */
function run(prefix: string): Set<string> {
  let words = runs.get(prefix)
  if (words !== undefined) return words
  words = new Set()
  runStarts ??= startsByPrefix()
  for (const start of runStarts.get(prefix) ?? []) {
    let previous = prefix // the entry opening the run shares at most its first letter
    for (let at = start; at < FRONT_CODED_WORDS.length;) {
      const shared = FRONT_CODED_WORDS.charCodeAt(at) - 48
      if (at > start && shared < 2) break
      const end = FRONT_CODED_WORDS.indexOf(' ', at)
      const next = end < 0 ? FRONT_CODED_WORDS.length : end
      previous = previous.slice(0, shared) + FRONT_CODED_WORDS.slice(at + 1, next)
      words.add(previous)
      at = next + 1
    }
  }
  runs.set(prefix, words)
  return words
}

/** True when lowercase `word` is in the dictionary (≈40,000 words) or an infrastructure term. */
export function isDictionaryWord(word: string): boolean {
  return INFRA.has(word) || (word.length >= 2 && run(word.slice(0, 2)).has(word))
}

// Two-letter words that glue longer ones into a phrase (`justtocoverstuff`); other short
// fragments would let random letters split into words.
const GLUE_WORDS = new Set([
  'to',
  'of',
  'in',
  'on',
  'is',
  'it',
  'at',
  'as',
  'an',
  'or',
  'by',
  'my',
  'me',
  'we',
  'so',
  'up',
  'do',
  'go',
  'no',
  'be',
  'if',
])

/**
 * True when lowercase `run` splits into dictionary words of 3+ letters and glue words
 * (`dashboarduser`, `justtocoverstuff`).
 */
function splitsIntoWords(run: string): boolean {
  // reachable[i]: run[0, i) splits into words. Words are at most 16 letters: linear in the run.
  const reachable = new Array<boolean>(run.length + 1).fill(false)
  reachable[0] = true
  for (let end = 2; end <= run.length; end++) {
    for (let start = Math.max(0, end - 16); start <= end - 2 && !reachable[end]; start++) {
      if (reachable[start] !== true) continue
      const word = run.slice(start, end)
      if (word.length === 2 ? GLUE_WORDS.has(word) : isDictionaryWord(word)) reachable[end] = true
    }
  }
  return reachable[run.length] === true
}

// Leet-speak between letters (`S3cr3t`, `P@ss`); digits elsewhere are a count a person appended.
const LEET: Readonly<Record<string, string>> = {
  0: 'o',
  1: 'i',
  3: 'e',
  4: 'a',
  5: 's',
  7: 't',
  '@': 'a',
  $: 's',
}
const LEET_BETWEEN_LETTERS = /(?<=[A-Za-z])[013457@$](?=[A-Za-z])/g
// Letter runs, split where camelCase starts a word (`dashboardUser`, `MariaDB`, `MaxScale`).
const LETTER_RUNS = /[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]/g
const MAX_LENGTH = 64

/**
 * True when at least 80 % of `value`'s letters are dictionary words (or run-together words), at
 * most one letter run of one or two letters is not, letters make up at least half of its letters
 * and digits, and the digits stand in at most two groups: words with digits, symbols and separators around them, as a person makes up
 * a password. `@` and `$` are read both as letters (`P@ss`) and as separators (`Welcome@Home`).
 * A value of fewer than four letters is not judged. Or the whole value is a phrase of words typed
 * partly in leet with nothing left over ({@link leetPhrase}: `Gat3k33p3r#1`).
 */
export function readsAsTypedWords(value: string): boolean {
  if (value.length > MAX_LENGTH || value.includes('\n')) return false
  let text = value
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text)
    } catch {
      return false
    }
  }
  // Digits read as letters still count as digits here; hex with digits (`c302da7e1d3a`, read
  // `…dateidea`) is a digest or a key, whatever words its letters make.
  if (/^(?=.*[0-9])(?:[0-9a-f]+|[0-9A-F]+)$/.test(text)) return false
  if (wholeLeetWords(text) || leetPhrase(text)) return true
  if (text.replace(/[^A-Za-z]/g, '').length < text.replace(/[^0-9]/g, '').length) return false
  const leet = text.replace(LEET_BETWEEN_LETTERS, (char) => LEET[char] ?? char)
  const separated = text.replace(LEET_BETWEEN_LETTERS, (char) =>
    /[@$]/.test(char) ? ' ' : (LEET[char] ?? char),
  )
  // A symbol typed into a word (`sec@ure`, `pass#word`) is read as not there, too.
  const joined = text.replace(SYMBOLS_IN_WORD, '')
  return (
    wordsCover(leet) ||
    (separated !== leet && wordsCover(separated)) ||
    (joined !== text && wordsCover(joined)) ||
    wordWithTypedPieces(text)
  )
}

// Lowercase letters and leet digits only, with two leet digits or more (`4ls054f3`, `v3ry54f3`).
const ALL_LEET = /^(?=(?:[a-z]*[013457]){2})[a-z013457]{6,16}$/

/**
 * True when lowercase `text` is words once every leet digit is read as its letter, also at an end
 * or beside another digit (`4ls054f3` is `alsosafe`): how a person writes a demo password in leet.
 */
function wholeLeetWords(text: string): boolean {
  if (!ALL_LEET.test(text)) return false
  const letters = text.replace(/[013457]/g, (char) => LEET[char] ?? char)
  return splitsIntoWords(letters)
}

// Lowercase letters, digits and symbols, as short as people type passwords.
const LOWERCASE_SHORT = /^[a-z0-9!-/:-@[-`{-~]{6,15}$/

/**
 * True when `text` is a dictionary word of 4+ letters with a name or syllables, one count and a few
 * symbols around it, all lowercase (`bob4ever`, `dolphin_123zc`): how a person makes up a short
 * password. Generated short passwords mix case. This reading adds about 1 in 4,000 random
 * lowercase-and-digit values of 8 characters, 1 in 16,000 of 10, none of 15; of mixed-case ones
 * 2 in 100,000 at 8 characters, none from 10.
 */
function wordWithTypedPieces(text: string): boolean {
  if (!LOWERCASE_SHORT.test(text)) return false
  const digitGroups = text.match(/[0-9]+/g)?.length ?? 0
  const symbols = text.replace(/[a-z0-9]/g, '').length
  if (digitGroups > 1 || symbols > 3 || digitGroups + symbols === 0) return false
  const runs = text.match(/[a-z]+/g) ?? []
  if (runs.length > 3) return false
  let strays = 0
  let word = false
  for (const run of runs) {
    if (run.length < 3) strays++
    else if (run.length >= 4 && isDictionaryWord(run)) word = true
    else if (!spelledLikeSomeLanguage(run)) return false
  }
  return word && strays <= 1
}

const SYMBOLS_IN_WORD = /(?<=[A-Za-z])[^A-Za-z0-9\s]{1,2}(?=[A-Za-z])/g

/** True when `run` (lowercase, 5+ letters) is a dictionary word with two neighbouring letters swapped (`sercet`). */
function transposedWord(run: string): boolean {
  if (run.length < 5) return false
  for (let i = 0; i + 1 < run.length; i++) {
    if (run[i] === run[i + 1]) continue
    if (isDictionaryWord(run.slice(0, i) + run.charAt(i + 1) + run.charAt(i) + run.slice(i + 2))) return true
  }
  return false
}

/** The test of {@link readsAsTypedWords} on text with leet-speak undone. */
function wordsCover(text: string): boolean {
  let letters = 0
  let covered = 0
  let strays = 0
  for (const run of text.match(LETTER_RUNS) ?? []) {
    const lower = run.toLowerCase()
    letters += run.length
    if (isDictionaryWord(lower) || (lower.length >= 6 && splitsIntoWords(lower)) || transposedWord(lower))
      covered += run.length
    else if (run.length <= 2) strays++
  }
  // A person appends a count or a year; random text scatters digits all through.
  const digitGroups = text.match(/[0-9]+/g) ?? []
  const digits = digitGroups.join('').length
  return (
    letters >= 4 && letters >= digits && digitGroups.length <= 2 && covered >= 0.8 * letters && strays <= 1
  )
}

// What a digit or symbol typed for a letter can stand for (`Adm1n1str$t0r`, `us3r2P455W0Rd!`).
const LEET_READINGS: Readonly<Record<string, string>> = {
  0: 'o',
  1: 'il',
  3: 'e',
  4: 'a',
  5: 's',
  7: 't',
  8: 'b',
  9: 'g',
  '@': 'a',
  $: 'sa',
  '!': 'i',
}
const PHRASE_SEPARATOR = /^[-_. +/:,*~#%^&=!@$?]$/
const MAX_PHRASE = 32

/** True when `piece` (lowercase, letters and leet characters) is a dictionary word once each leet character is read as a letter. */
export function leetWord(piece: string): boolean {
  // Each leet character is replaced in place: letters are copied once, not per reading.
  let readings = [piece]
  let leet = 0
  for (let at = 0; at < piece.length; at++) {
    const char = piece.charAt(at)
    if (char >= 'a' && char <= 'z') continue
    const letters = LEET_READINGS[char]
    if (letters === undefined) return false
    leet++
    readings = readings.flatMap((reading) =>
      Array.from(letters, (letter) => reading.slice(0, at) + letter + reading.slice(at + 1)),
    )
    if (readings.length > 8) return false
  }
  if (leet === 0) return isDictionaryWord(piece)
  return (
    leet < (piece.length >= 4 ? piece.length : 2) && readings.some((reading) => isDictionaryWord(reading))
  )
}

/**
 * True when the whole of `value`, lowercased, splits into dictionary words (their letters possibly
 * typed as leet: `p455w0rd`, `adm1n1str$t0r`), two-letter glue words, at most two counts of up to
 * four digits and single separators, with at least six letters in words: a phrase a person typed.
 * Nothing is left over, so random text almost never reads so.
 */
function leetPhrase(value: string): boolean {
  const text = value.toLowerCase()
  if (text.length < 10 || text.length > MAX_PHRASE) return false
  // best[i]: the fewest counts (digit groups) and then the most word letters splitting text[0, i).
  const counts = new Array<number>(text.length + 1).fill(Infinity)
  const letters = new Array<number>(text.length + 1).fill(-1)
  counts[0] = 0
  letters[0] = 0
  const reach = (to: number, count: number, wordLetters: number): void => {
    if (count < (counts[to] ?? Infinity) || (count === counts[to] && wordLetters > (letters[to] ?? -1))) {
      counts[to] = count
      letters[to] = wordLetters
    }
  }
  for (let at = 0; at < text.length; at++) {
    const count = counts[at] ?? Infinity
    const wordLetters = letters[at] ?? 0
    if (count === Infinity) continue
    if (PHRASE_SEPARATOR.test(text.charAt(at))) reach(at + 1, count, wordLetters)
    const digits = /^[0-9]{1,4}/.exec(text.slice(at, at + 4))?.[0].length ?? 0
    for (let end = at + 1; end <= at + digits; end++) if (count < 2) reach(end, count + 1, wordLetters)
    if (GLUE_WORDS.has(text.slice(at, at + 2))) reach(at + 2, count, wordLetters + 2)
    for (let end = at + 3; end <= Math.min(text.length, at + 16); end++) {
      const piece = text.slice(at, end)
      if (/[a-z]/.test(piece) && leetWord(piece)) reach(end, count, wordLetters + piece.length)
    }
  }
  return (counts[text.length] ?? Infinity) <= 2 && (letters[text.length] ?? 0) >= 6
}

// A type's name a code generator builds from a schema's path (KCL and the Kubernetes clients:
// `CertManagerIoV1CertificateSpecPrivateKey`, `[PostgresqlCnpgIoV1BackupStatusS3Credentials]` for
// a list of them), letters and digits only.
const TYPE_NAME = /^\[?([A-Za-z][A-Za-z0-9]{11,199})\]?$/
// Its pieces: an API version (`V1`, `V1alpha1`), an acronym (`HTTP`, `SD`, `APIs`), a word in
// camelCase, a capital with its digits (`S3`), a list index or a digit on a word (`Items0`, `Ec2`).
const TYPE_PIECE =
  /V\d{1,2}(?:(?:alpha|beta)\d{1,2})?(?![a-z])|[A-Z]{2,6}s?(?![a-z])|[A-Z]?[a-z]+|[A-Z]\d{1,2}(?!\d)|\d{1,2}(?!\d)/y

/**
 * True when `value` is a type's or class's name written in camelCase: three dictionary words or
 * more (12+ of their letters, two fifths of all letter pieces), the other pieces acronyms, API
 * versions, short digit groups (no more of them than words) or words a language could spell
 * (`Coreos`, `Envoyproxy`), one not (`Cnpg`) at most. A field declared with its type
 * (`privateKey : CertManagerIoV1CertificateSpecPrivateKey, default is Undefined`) holds a name.
 * Random text never splits so (none of 6,300,000 values of seven alphabets, 8–64 characters).
 */
export function readsAsTypeName(value: string): boolean {
  const name = TYPE_NAME.exec(value)?.[1]
  if (name === undefined || !/[A-Z][a-z]{2}/.test(name)) return false
  let letters = 0
  let wordLetters = 0
  let words = 0
  let others = 0
  let unspelled = 0
  TYPE_PIECE.lastIndex = 0
  while (TYPE_PIECE.lastIndex < name.length) {
    const piece = TYPE_PIECE.exec(name)?.[0]
    if (piece === undefined) return false
    if (!/^[A-Z]?[a-z]+$/.test(piece)) {
      others++
      continue
    }
    const lower = piece.toLowerCase()
    letters += piece.length
    if (piece.length >= 3 && isDictionaryWord(lower)) {
      words++
      wordLetters += piece.length
    } else if (piece.length > 2 && !spelledLikeSomeLanguage(lower) && ++unspelled > 1) return false
  }
  return words >= 3 && wordLetters >= 12 && wordLetters >= 0.4 * letters && others <= words
}
