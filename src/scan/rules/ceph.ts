/**
 * Ceph (CephX) authentication keys, as `ceph auth get-key`, `ceph-authtool --gen-print-key` and
 * keyrings write them: Rook's external-cluster scripts, `ceph-secret` Secrets, CSI configs.
 */
import { provider } from './define.js'
import type { Rule } from './types.js'

// The encoded key: crypto type (u16, 1 = AES), creation time (u32 seconds, u32 nanoseconds), secret
// length (u16, 16) and the 16-byte secret, little-endian: 28 bytes, base64 `AQ[A-D]…==`.
const KEY_BYTES = 28
const AES = 1
const SECRET_LENGTH = 16
// Creation times a real key has: CephX dates from 2008; later than 2100 is no clock's.
const EARLIEST = Date.UTC(2008, 0, 1) / 1000
const LATEST = Date.UTC(2100, 0, 1) / 1000

/** True when `secret` decodes to a CephX key's structure: AES, a plausible creation time, 16 secret bytes not all alike. */
export function cephKeyOk(secret: string): boolean {
  const bytes = Buffer.from(secret, 'base64')
  if (bytes.length !== KEY_BYTES || bytes.readUInt16LE(0) !== AES) return false
  const created = bytes.readUInt32LE(2)
  if (created < EARLIEST || created > LATEST || bytes.readUInt16LE(10) !== SECRET_LENGTH) return false
  const key = bytes.subarray(12)
  return key.some((byte) => byte !== key[0])
}

/** Ceph key rules. */
export const CEPH_RULES: readonly Rule[] = [
  provider(
    'ceph-key',
    'Ceph authentication key',
    ['aqa', 'aqb', 'aqc', 'aqd'],
    /(?<![A-Za-z0-9+/])(?<secret>AQ[A-D][A-Za-z0-9+/]{35}==)(?![A-Za-z0-9+/=])/,
    {
      description:
        'A CephX key (a Ceph user’s secret, as `ceph auth get-key` prints it): it decodes to the key structure Ceph writes (AES, creation time, 16-byte secret). Whoever holds it talks to the cluster as that user, with its capabilities.',
      remediation:
        'Rotate the key (`ceph auth rotate` on Reef and later, or create a new user and delete the old one), update its consumers, and deliver it as a protected Secret (`gitseal seal`, `gitseal encrypt`) or through External Secrets.',
      validate: cephKeyOk,
    },
  ),
]
