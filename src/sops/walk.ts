/**
 * The tree walk of sops' `Tree.Encrypt` / `Tree.Decrypt`: which leaves are encrypted (suffix,
 * regex and comment rules on every key of the path), their additional data (`a:b:`), and the MAC
 * (SHA-512 over every leaf's plaintext in walk order, upper-case hex).
 */
import { createHash } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { decryptValue, encryptValue, leafBytes } from './cipher.js'
import type { Stash } from './cipher.js'
import { shouldBeEncrypted } from '../core/sops-rules.js'
import type { EncryptionRules } from '../core/sops-rules.js'
import { Comment, Mapping, leafText } from './tree.js'
import type { Leaf, Value } from './tree.js'

export type { EncryptionRules } from '../core/sops-rules.js'

/** `sha256("sops")`: the MAC of `mac_only_encrypted` files starts with these bytes. */
const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest()

type Visit = (value: Leaf | Comment, path: string[], comments: string[][]) => Leaf | Comment

/** Walk every leaf and comment of `branch` in sops order, replacing each with `visit`'s result. */
function walkBranch(branch: Mapping, path: string[], stack: string[][], visit: Visit): void {
  const level: string[] = []
  const here = [...stack, level]
  for (const item of branch.items) {
    if (item.key instanceof Comment) {
      level.push(item.key.text)
      const out = visit(item.key, path, here)
      item.key = out instanceof Comment ? out : new Comment(leafText(out), item.key.inline)
      continue
    }
    const isComment = item.value instanceof Comment
    if (item.value instanceof Comment) level.push(item.value.text)
    item.value = walkValue(item.value, [...path, item.key], here, visit)
    if (!isComment) level.length = 0
  }
}

function walkSeq(seq: Value[], path: string[], stack: string[][], visit: Visit): void {
  const level: string[] = []
  const here = [...stack, level]
  seq.forEach((value, i) => {
    if (value instanceof Comment) level.push(value.text)
    seq[i] = walkValue(value, path, here, visit)
    if (!(value instanceof Comment)) level.length = 0
  })
}

function walkValue(value: Value, path: string[], stack: string[][], visit: Visit): Value {
  if (value === null) return null
  if (value instanceof Mapping) {
    walkBranch(value, path, stack, visit)
    return value
  }
  if (Array.isArray(value)) {
    walkSeq(value, path, stack, visit)
    return value
  }
  const out = visit(value, path, stack)
  // A comment that decrypts or encrypts stays a comment.
  return value instanceof Comment && !(out instanceof Comment)
    ? new Comment(leafText(out), value.inline)
    : out
}

/** The additional data of a value at `path`: `a:b:` (`:` at the top). */
function aadFor(path: string[]): string {
  return `${path.join(':')}:`
}

function newMac(rules: EncryptionRules): ReturnType<typeof createHash> {
  const hash = createHash('sha512')
  if (rules.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT)
  return hash
}

/**
 * Walk every value and comment of `branches`, replace each with what `step` makes of it (told
 * whether the rules encrypt it), and return the MAC over the plaintext `step` also returns (128
 * upper-case hex digits): every value, or with `mac_only_encrypted` only the encrypted ones; never comments.
 */
function walkWithMac(
  branches: Mapping[],
  rules: EncryptionRules,
  step: (
    value: Leaf | Comment,
    path: string[],
    encrypted: boolean,
  ) => [out: Leaf | Comment, plaintext: Leaf | Comment],
): string {
  const hash = newMac(rules)
  for (const branch of branches) {
    walkBranch(branch, [], [], (value, path, stack) => {
      const isComment = value instanceof Comment
      const encrypted = shouldBeEncrypted(rules, path, stack, isComment)
      const [out, plaintext] = step(value, path, encrypted)
      if (!isComment && (!rules.macOnlyEncrypted || encrypted)) hash.update(leafBytes(plaintext).bytes)
      return out
    })
  }
  return hash.digest('hex').toUpperCase()
}

// `ENC[AES256_GCM,data:,iv:<24>,tag:<24>,type:str]` around a value's base64.
const ENC_OVERHEAD = 'ENC[AES256_GCM,data:,iv:,tag:,type:str]'.length + 24 + 24

/**
 * At least how many bytes the leaves of `branches` take once {@link encryptBranches} has run: an
 * encrypted value grows by a third (base64) plus its envelope, a plain one stays. Computed before
 * anything is encrypted, so an input whose output could not be read back is refused at once.
 */
export function encryptedLeafBytes(branches: Mapping[], rules: EncryptionRules): number {
  let total = 0
  for (const branch of branches) {
    walkBranch(branch, [], [], (value, path, stack) => {
      const isComment = value instanceof Comment
      const bytes = typeof value === 'string' ? Buffer.byteLength(value) : leafBytes(value).bytes.length
      const encrypted = bytes > 0 && shouldBeEncrypted(rules, path, stack, isComment)
      total += encrypted ? 4 * Math.ceil(bytes / 3) + ENC_OVERHEAD : bytes
      return value
    })
  }
  return total
}

/** Encrypt every document in place; returns the MAC (128 upper-case hex digits). */
export function encryptBranches(
  branches: Mapping[],
  key: Uint8Array,
  rules: EncryptionRules,
  stash?: Stash,
): string {
  return walkWithMac(branches, rules, (value, path, encrypted) => [
    encrypted ? encryptValue(value, key, aadFor(path), stash) : value,
    value,
  ])
}

/**
 * Decrypt every document in place; returns the MAC computed over the plaintext.
 * @throws GitsealError `E_SOPS_DECRYPT` naming the path of a value that does not open.
 */
export function decryptBranches(
  branches: Mapping[],
  key: Uint8Array,
  rules: EncryptionRules,
  stash?: Stash,
): string {
  return walkWithMac(branches, rules, (value, path, encrypted) => {
    let out: Leaf | Comment = value
    if (encrypted && value instanceof Comment) {
      out = decryptComment(value, key, path, stash)
    } else if (encrypted) {
      if (typeof value !== 'string') {
        throw new GitsealError(
          'E_SOPS_DECRYPT',
          `value at '${aadFor(path)}' should be encrypted but is a plain ${typeof value}`,
          { hint: 'A plaintext value was put into an encrypted file: encrypt it again, or remove it.' },
        )
      }
      out = decryptValue(value, key, aadFor(path), stash)
    }
    return [out, out]
  })
}

// Comments were not encrypted by old sops; and YAML libraries disagree on which level a comment
// between two levels belongs to, so ancestors' paths are tried too. Comments are not in the MAC.
function decryptComment(comment: Comment, key: Uint8Array, path: string[], stash?: Stash): Leaf | Comment {
  for (let n = path.length; n >= 0; n--) {
    try {
      const out = decryptValue(comment.text, key, aadFor(path.slice(0, n)), stash)
      return out instanceof Comment
        ? new Comment(out.text, comment.inline)
        : new Comment(leafText(out), comment.inline)
    } catch {
      // try the next level up
    }
  }
  return comment
}
