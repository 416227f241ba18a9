/**
 * Ceph (CephX) authentication keys, as `ceph auth get-key`, `ceph-authtool --gen-print-key` and
 * keyrings write them: Rook's external-cluster scripts, `ceph-secret` Secrets, CSI configs; and the
 * mirroring bootstrap peer tokens that carry one (`rbd mirror pool peer bootstrap create`).
 */
import { provider } from './define.js'
import type { Rule } from './types.js'

// The encoded key: crypto type (u16), creation time (u32 seconds, u32 nanoseconds), secret length
// (u16) and the secret, little-endian. Type 1 (AES-128) holds 16 secret bytes: 28 bytes, base64
// `AQ[A-D]…==`; type 2 (AES-256, Ceph Tentacle) 32: 44 bytes, base64 `Ag[A-D]…=`.
const HEADER_BYTES = 12
const SECRET_LENGTHS: ReadonlyMap<number, number> = new Map([
  [1, 16],
  [2, 32],
])
// Creation times a real key has: CephX dates from 2008; later than 2100 is no clock's.
const EARLIEST = Date.UTC(2008, 0, 1) / 1000
const LATEST = Date.UTC(2100, 0, 1) / 1000

/** True when `secret` decodes to a CephX key's structure: a known type, a plausible creation time, its secret's length, secret bytes not all alike. */
export function cephKeyOk(secret: string): boolean {
  const bytes = Buffer.from(secret, 'base64')
  if (bytes.length < HEADER_BYTES) return false
  const length = SECRET_LENGTHS.get(bytes.readUInt16LE(0))
  if (length === undefined || bytes.length !== HEADER_BYTES + length) return false
  const created = bytes.readUInt32LE(2)
  if (created < EARLIEST || created > LATEST || bytes.readUInt16LE(10) !== length) return false
  const key = bytes.subarray(HEADER_BYTES)
  return key.some((byte) => byte !== key[0])
}

// A bootstrap peer token: base64 of `{"fsid":"…","client_id":"…","key":"<CephX key>","mon_host":"…"}`.
// RBD's JSON is compact, CephFS's has a space after the colon: base64 of `{"fsid":` is fixed up to here.
const FSID_JSON_BASE64 = 'eyJmc2lkIjo'
const MAX_TOKEN = 4096

/** True when `token` decodes to a bootstrap peer token's JSON whose `key` is a CephX key. */
export function bootstrapTokenOk(token: string): boolean {
  if (token.length > MAX_TOKEN) return false
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
    const key = (parsed as { key?: unknown } | null)?.key
    return typeof key === 'string' && /^[A-Za-z0-9+/]{38,64}={0,2}$/.test(key) && cephKeyOk(key)
  } catch {
    return false
  }
}

const REMEDIATION =
  'Rotate the key (`ceph auth rotate` on Reef and later, or create a new user and delete the old one), update its consumers, and deliver it as a protected Secret (`gitseal seal`, `gitseal encrypt`) or through External Secrets.'

/** Ceph key rules. */
export const CEPH_RULES: readonly Rule[] = [
  provider(
    'ceph-key',
    'Ceph authentication key',
    ['aqa', 'aqb', 'aqc', 'aqd', 'aga', 'agb', 'agc', 'agd'],
    /(?<![A-Za-z0-9+/])(?<secret>AQ[A-D][A-Za-z0-9+/]{35}==|Ag[A-D][A-Za-z0-9+/]{56}=)(?![A-Za-z0-9+/=])/,
    {
      description:
        'A CephX key (a Ceph user’s secret, as `ceph auth get-key` prints it): it decodes to the key structure Ceph writes (AES-128 or AES-256, creation time, secret). Whoever holds it talks to the cluster as that user, with its capabilities.',
      remediation: REMEDIATION,
      validate: cephKeyOk,
    },
  ),
  provider(
    'ceph-bootstrap-token',
    'Ceph mirroring bootstrap peer token',
    [FSID_JSON_BASE64.toLowerCase()],
    new RegExp(
      `(?<![A-Za-z0-9+/])(?<secret>${FSID_JSON_BASE64}[A-Za-z0-9+/]{60,${MAX_TOKEN}}={0,2})(?![A-Za-z0-9+/=])`,
    ),
    {
      description:
        'An RBD or CephFS mirroring bootstrap peer token (`rbd mirror pool peer bootstrap create`, `ceph fs snapshot mirror peer_bootstrap create`): base64 JSON holding a CephX key (checked by its structure), the cluster’s fsid and monitors. Whoever holds it joins the cluster as its mirroring peer.',
      remediation: REMEDIATION,
      validate: bootstrapTokenOk,
    },
  ),
]
