/** SOPS's rule for which leaves are encrypted (`sops.go` `shouldBeEncrypted`), from metadata or `.sops.yaml`. */
import { tryGoRegExp } from '../../core/go-regexp.js'
import type { GoRegExp } from '../../core/go-regexp.js'

/** One of SOPS's mutually exclusive encryption selectors. */
export type EncryptionSelector =
  | { kind: 'unencrypted_suffix' | 'encrypted_suffix'; value: string }
  | { kind: 'unencrypted_regex' | 'encrypted_regex'; value: GoRegExp }
  | { kind: 'comment' }
  /** A regex that cannot run (not RE2): every leaf counts as one to encrypt, so the gate fails closed. */
  | { kind: 'unusable'; field: string; reason: string }

const SUFFIXES = ['unencrypted_suffix', 'encrypted_suffix'] as const
const REGEXES = ['unencrypted_regex', 'encrypted_regex'] as const

/**
 * The selector configured by `get(name)` (metadata or creation rule); SOPS's default
 * `unencrypted_suffix: _unencrypted` when none is set. `comment` when a comment regex decides
 * (analysers then cannot judge single leaves).
 */
export function selectorFrom(get: (name: string) => string | undefined): EncryptionSelector {
  for (const kind of SUFFIXES) {
    const value = get(kind)
    if (value !== undefined && value !== '') return { kind, value }
  }
  for (const kind of REGEXES) {
    const value = get(kind)
    if (value === undefined || value === '') continue
    const regex = tryGoRegExp(value)
    return typeof regex === 'string'
      ? { kind: 'unusable', field: kind, reason: regex }
      : { kind, value: regex }
  }
  if (get('unencrypted_comment_regex') !== undefined || get('encrypted_comment_regex') !== undefined)
    return { kind: 'comment' }
  return { kind: 'unencrypted_suffix', value: '_unencrypted' }
}

/** Whether SOPS encrypts a leaf whose path (every key from the root) is `path`. */
export function shouldBeEncrypted(selector: EncryptionSelector, path: readonly string[]): boolean {
  switch (selector.kind) {
    case 'unencrypted_suffix':
      return !path.some((key) => key.endsWith(selector.value))
    case 'encrypted_suffix':
      return path.some((key) => key.endsWith(selector.value))
    case 'unencrypted_regex':
      return !path.some((key) => selector.value.test(key))
    case 'encrypted_regex':
      return path.some((key) => selector.value.test(key))
    case 'comment':
      return false
    case 'unusable':
      return true
  }
}

/** A SOPS-encrypted value: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`. */
export const ENC_VALUE =
  /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/
