/**
 * SOPS's answer to "must this value be encrypted?" (`sops.go` `shouldBeEncrypted`): the one
 * implementation the encryptor, the decryptor and the scanner share, so the gate can never judge
 * a file differently from the code that wrote it. Pure and light (only the RE2 engine, loaded on
 * the first pattern): the scanner imports it.
 */
import { goRegExp } from './go-regexp.js'

/** Which values are encrypted; sops sets at most one of the six rules. */
export interface EncryptionRules {
  unencryptedSuffix?: string
  encryptedSuffix?: string
  unencryptedRegex?: string
  encryptedRegex?: string
  unencryptedCommentRegex?: string
  encryptedCommentRegex?: string
  /** MAC covers only encrypted values (sops ≥ 3.9); does not change which values are encrypted. */
  macOnlyEncrypted?: boolean
}

/** `.sops.yaml` / metadata field names of the encryption rules, with their `EncryptionRules` keys. */
export const RULE_FIELDS = [
  ['unencrypted_suffix', 'unencryptedSuffix'],
  ['encrypted_suffix', 'encryptedSuffix'],
  ['unencrypted_regex', 'unencryptedRegex'],
  ['encrypted_regex', 'encryptedRegex'],
  ['unencrypted_comment_regex', 'unencryptedCommentRegex'],
  ['encrypted_comment_regex', 'encryptedCommentRegex'],
] as const

/** sops' default when a file names no rule: keys ending in `_unencrypted` stay in the clear. */
const DEFAULT_RULES: Readonly<EncryptionRules> = { unencryptedSuffix: '_unencrypted' }

/**
 * The rules sops applies to a YAML/JSON/dotenv/INI file: `rules`, or the default when none of
 * the six is set (a creation rule or metadata that names no rule keeps `_unencrypted` keys plain).
 */
export function withDefault(rules: EncryptionRules): EncryptionRules {
  return RULE_FIELDS.some(([, prop]) => Boolean(rules[prop])) ? rules : { ...DEFAULT_RULES, ...rules }
}

/**
 * Read the encryption rules from named fields (a `.sops.yaml` creation rule or a file's metadata);
 * empty values count as unset, as in sops. `count` is how many were set (sops refuses more than one).
 */
export function readRules(get: (field: string) => unknown): { rules: EncryptionRules; count: number } {
  const rules: EncryptionRules = {}
  let count = 0
  for (const [field, prop] of RULE_FIELDS) {
    const value = get(field)
    if (typeof value !== 'string' || value === '') continue
    rules[prop] = value
    count++
  }
  const macOnly = get('mac_only_encrypted')
  if (macOnly === true || macOnly === 'true' || macOnly === 'True') rules.macOnlyEncrypted = true
  return { rules, count }
}

/** Whether a comment rule decides: then a value's verdict depends on the comments above it. */
function dependsOnComments(rules: EncryptionRules): boolean {
  return Boolean(rules.unencryptedCommentRegex) || Boolean(rules.encryptedCommentRegex)
}

/**
 * sops' `shouldBeEncrypted`: whether the value at `path` (every key from the root) is encrypted.
 * `stack` holds the comments above the value at each level (for the comment rules); `isComment`
 * when the value is itself a comment line. The rules apply in sops' order, a later one overriding.
 * @throws GitsealError `E_BAD_CONFIG` when a regex is not valid RE2 (callers that must go on fail closed).
 */
export function shouldBeEncrypted(
  rules: EncryptionRules,
  path: readonly string[],
  stack: readonly (readonly string[])[] = [],
  isComment = false,
): boolean {
  let encrypted = true
  if (rules.unencryptedSuffix) {
    const suffix = rules.unencryptedSuffix
    if (path.some((p) => p.endsWith(suffix))) encrypted = false
  }
  if (rules.encryptedSuffix) {
    const suffix = rules.encryptedSuffix
    encrypted = path.some((p) => p.endsWith(suffix))
  }
  if (rules.unencryptedRegex) {
    const re = goRegExp(rules.unencryptedRegex, 'sops: unencrypted_regex')
    if (path.some((p) => re.test(p))) encrypted = false
  }
  if (rules.encryptedRegex) {
    const re = goRegExp(rules.encryptedRegex, 'sops: encrypted_regex')
    encrypted = path.some((p) => re.test(p))
  }
  if (rules.unencryptedCommentRegex) {
    const re = goRegExp(rules.unencryptedCommentRegex, 'sops: unencrypted_comment_regex')
    if (stack.some((level) => level.some((c) => re.test(c)))) encrypted = false
  }
  if (rules.encryptedCommentRegex) {
    const re = goRegExp(rules.encryptedCommentRegex, 'sops: encrypted_comment_regex')
    const last = stack.length - 1
    // The matching comment line itself stays in the clear.
    encrypted = stack.some((level, i) =>
      level.some((c, j) => !(isComment && i === last && j === level.length - 1) && re.test(c)),
    )
  }
  return encrypted
}

/**
 * The scanner's reading of {@link shouldBeEncrypted} for a value whose comments it does not
 * track: false when a comment rule decides (no single value can be judged), and true when a regex
 * cannot run (not RE2), so the gate fails closed instead of passing what sops would refuse.
 */
export function valueMustBeEncrypted(rules: EncryptionRules, path: readonly string[]): boolean {
  if (dependsOnComments(rules)) return false
  try {
    return shouldBeEncrypted(rules, path)
  } catch {
    return true
  }
}
