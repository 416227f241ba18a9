/**
 * Passwords made of dictionary words (`Summer2024!`, `backup123456#`, base64 of `p@ss/word`): a demo
 * value in most repositories, a guessable password where it is real. Either way not a random secret:
 * the rules that judge values by their shape (generic assignments, Secret values, URL passwords)
 * report such a value under `typed-word-password`, at low severity and warn-only by default, instead
 * of their own id. Provider tokens and keys are never judged this way.
 */
import { decodedText } from './demo-value.js'
import { readsAsTypedWords } from './dictionary.js'
import type { Candidate } from './matcher.js'
import type { RuleInfo } from './rules/index.js'

export const TYPED_WORD_RULE: RuleInfo = {
  id: 'typed-word-password',
  title: 'Password made of dictionary words',
  severity: 'low',
  description:
    'A credential value made of dictionary words with digits or symbols (`Summer2024!`): a demo value, or a guessable password.',
  remediation:
    'If the password is real, change it to a random one and keep it in a protected Secret (`gitseal seal`, `gitseal encrypt`); if it is a demo value, allowlist it or leave the warning.',
}

// Rules that find a secret by where it stands, not by what it looks like.
const VALUE_RULES =
  /^(?:generic-.*|k8s-secret-plaintext|.*-url-password|basic-auth-url|curl-user-password|jdbc-password|.*-cli-password)$/

/** The candidate under {@link TYPED_WORD_RULE} when its value (or the text its base64 encodes) reads as typed words. */
export function relabelTypedWords(candidate: Candidate): Candidate {
  if (!VALUE_RULES.test(candidate.ruleId)) return candidate
  const value = candidate.secret.trim()
  const decoded = decodedText(value, 128)?.trim()
  if (!readsAsTypedWords(value) && (decoded === undefined || !readsAsTypedWords(decoded))) return candidate
  return { ...candidate, ruleId: TYPED_WORD_RULE.id }
}
