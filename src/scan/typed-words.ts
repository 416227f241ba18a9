/**
 * Passwords made of dictionary words (`Summer2024!`, `backup123456#`, base64 of `p@ss/word`) or
 * otherwise typed by a person (keyboard runs, the file's names: hand-typed.ts): a demo
 * value in most repositories, a guessable password where it is real. Either way not a random secret:
 * the rules that judge values by their shape (generic assignments, Secret values, URL passwords)
 * report such a value under `typed-word-password`, at low severity and warn-only by default, instead
 * of their own id. Provider tokens and keys are never judged this way.
 */
import { decodedText } from './demo-value.js'
import { readsAsTypedWords } from './dictionary.js'
import { spellsFileName } from './file-names.js'
import { typedPieces } from './hand-typed.js'
import type { Candidate } from './matcher.js'
import type { RuleInfo } from './rules/index.js'

export const TYPED_WORD_RULE: RuleInfo = {
  id: 'typed-word-password',
  title: 'Password made of dictionary words',
  severity: 'low',
  description:
    'A credential value made of dictionary words with digits or symbols (`Summer2024!`), or typed by hand (keyboard runs such as `1234asd$`): a demo value, or a guessable password.',
  remediation:
    'If the password is real, change it to a random one and keep it in a protected Secret (`gitseal seal`, `gitseal encrypt`); if it is a demo value, allowlist it or leave the warning.',
}

// Rules that find a secret by where it stands, not by what it looks like (an Erlang cookie is
// chosen by whoever sets up the cluster, as a password is).
const VALUE_RULES =
  /^(?:generic-.*|k8s-secret-plaintext|.*-url-password|basic-auth-url|curl-user-password|jdbc-password|.*-cli-password|erlang-cookie)$/

// Runs of punctuation framing a value on both sides (`-----====>…<====-----`): decoration around the words.
const FRAMED = /^[^\p{L}\p{N}]{2,16}(?=[\p{L}\p{N}])(.*[\p{L}\p{N}][^\p{L}\p{N}]{0,3})[^\p{L}\p{N}]{2,16}$/u

/** True when `value`, or the words its framing punctuation wraps, reads as typed words. */
function typedWords(value: string): boolean {
  if (readsAsTypedWords(value)) return true
  const inner = FRAMED.exec(value)?.[1]
  return inner !== undefined && readsAsTypedWords(inner)
}

/**
 * The candidate under {@link TYPED_WORD_RULE} when its value (or the text its base64 encodes)
 * reads as typed words, or spells a name its file uses (`names`: the names file-names.ts reads from the file, built on first need).
 */
export function relabelTypedWords(candidate: Candidate, names?: () => ReadonlySet<string>): Candidate {
  if (!VALUE_RULES.test(candidate.ruleId)) return candidate
  const value = candidate.secret.trim()
  const decoded = decodedText(value, 128)?.trim()
  if (
    typedWords(value) ||
    (decoded !== undefined && typedWords(decoded)) ||
    typedPieces(value, names) ||
    (decoded !== undefined && typedPieces(decoded)) ||
    (names !== undefined &&
      (spellsFileName(value, names) || (decoded !== undefined && spellsFileName(decoded, names, true))))
  )
    return { ...candidate, ruleId: TYPED_WORD_RULE.id }
  return candidate
}
