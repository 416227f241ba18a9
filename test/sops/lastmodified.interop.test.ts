/**
 * `lastmodified` is the MAC's additional data as sops re-formats it after Go's
 * `time.Parse(time.RFC3339, …)`; text Go refuses makes sops refuse the file. It sits in the
 * unauthenticated metadata, so gitseal must read it exactly as Go does, no more leniently
 * (`Date.parse` took lowercase `t`/`z`, a 30th of February, hour 24 and a trailing space).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { afterAll, describe, expect, it } from 'vitest'
import { encrypt, openSops } from '../../src/sops/index.js'
import { goRfc3339 } from '../../src/sops/mac.js'

const TEXTS = [
  '2024-01-01T00:00:00Z',
  '2024-01-01t00:00:00z',
  '2024-01-01T00:00:00z',
  '2024-02-30T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2023-02-29T00:00:00Z',
  '0000-02-29T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:60Z',
  '2024-00-01T00:00:00Z',
  '2024-01-01T00:00:00Z ',
  ' 2024-01-01T00:00:00Z',
  '2024-01-01 00:00:00Z',
  '2024-1-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2024-01-01T00:00:00.123456789123Z',
  '2024-01-01T00:00:00,5Z',
  '2024-01-01T00:00:00.Z',
  '2024-01-01T01:00:00+01:00',
  '2024-01-01T00:00:00-00:00',
  '2024-01-01T00:00:00+00:00',
  '2024-01-01T00:00:00+23:60',
  '2024-01-01T00:00:00-23:59',
  '2024-01-01T00:00:00+0100',
  '2024-01-01T00:00:00+01',
  'Tue, 01 Jan 2024 00:00:00 GMT',
  '1',
]

const GO_CACHE = mkdtempSync(join(tmpdir(), 'gitseal-gocache-'))
afterAll(() => {
  rmSync(GO_CACHE, { recursive: true, force: true })
})
const HARNESS = fileURLToPath(new URL('./go-time-interop/main.go', import.meta.url))
const haveGo = spawnSync('go', ['version']).status === 0
// CI installs Go (.ci/run); elsewhere the comparison is skipped when it is missing.
const withGo = haveGo || process.env.CI ? describe : describe.skip

withGo('lastmodified: read as Go reads it (what sops runs)', () => {
  it('accepts exactly what time.Parse(RFC3339) accepts, and re-formats it as Go does', () => {
    const result = spawnSync('go', ['run', HARNESS], {
      input: JSON.stringify(TEXTS),
      encoding: 'utf8',
      env: { ...process.env, GO111MODULE: 'off', GOFLAGS: '', GOCACHE: GO_CACHE },
      timeout: 120_000,
    })
    expect(result.status, result.stderr).toBe(0)
    const go = (JSON.parse(result.stdout) as (string | null)[]).map((text) => text ?? undefined)
    expect(TEXTS.map(goRfc3339)).toEqual(go)
  }, 180_000)
})

describe('lastmodified: a file sops refuses is refused', () => {
  it('decrypting a file whose lastmodified was changed to lowercase t and z fails as in sops', async () => {
    const identity = await generateIdentity()
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: [await identityToRecipient(identity)],
      now: new Date('2024-01-01T00:00:00Z'),
    })
    const open = (text: string) =>
      openSops(text, { format: 'yaml', file: 'f.yaml', identities: [{ identity, source: 't' }] })
    await expect(open(encrypted)).resolves.toBeDefined()
    const lowered = encrypted.replace('2024-01-01T00:00:00Z', '2024-01-01t00:00:00z')
    expect(lowered).not.toBe(encrypted)
    await expect(open(lowered)).rejects.toMatchObject({
      code: 'E_SOPS_BAD_FORMAT',
      message: 'f.yaml: sops metadata: lastmodified is missing or not an RFC 3339 time',
    })
  })
})
