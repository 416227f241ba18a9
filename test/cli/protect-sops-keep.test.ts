/**
 * `protect -o FILE` over a file real sops wrote keeps what `sops edit` keeps: the data key (same age
 * stanza), the exact `ENC[…]` string of every unchanged value; only new or changed values are
 * encrypted afresh and the MAC recomputed. Checked independently: the real `age` binary unwraps the
 * data key and node:crypto opens the new value with it (sops' AES-256-GCM, path as AAD).
 */
import { execFileSync } from 'node:child_process'
import { createDecipheriv } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

const FIXTURE = join(import.meta.dirname, '../../fixtures/sops-real/flux/global-secret.yaml')
const KEY = join(import.meta.dirname, '../../fixtures/sops-real/flux/keys/age-global.txt')
const RECIPIENT = 'age1henwn645drkd3fa34t27t2w2x0nsgw3w4h62gmg5x5xflyjpy38s5cncph'
const PLAIN =
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: global-age-secret\n  namespace: default\ntype: Opaque\nstringData:\n  key: global-value\n'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-sops-keep-'))
  mkdirSync(join(dir, 'sops'))
  writeFileSync(
    join(dir, 'gitseal.yaml'),
    `policy:\n  - path: "sops/**"\n    backend: sops\n    recipients: [${RECIPIENT}]\n`,
  )
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runCli(args, { cwd: dir, env: { HOME: dir, SOPS_AGE_KEY_FILE: KEY } })
const target = () => join(dir, 'sops', 'db.yaml')
const protect = async (plain: string) => {
  writeFileSync(join(dir, 'plain.yaml'), plain)
  const result = await cli(['protect', 'plain.yaml', '-o', 'sops/db.yaml'])
  expect(result.exitCode, result.stderr).toBe(0)
  return readFileSync(target(), 'utf8')
}
type SopsDoc = { stringData: Record<string, string>; sops: { age: { enc: string }[]; mac: string } }

/** The data key, unwrapped by the real `age` binary (not our code). */
function dataKey(doc: SopsDoc): Buffer {
  return execFileSync('age', ['-d', '-i', KEY], { input: doc.sops.age[0]!.enc })
}

/** sops' value encryption opened with node:crypto: AES-256-GCM, the key path + ':' as AAD. */
function openValue(enc: string, key: Buffer, aad: string): string {
  const field = (name: string) => Buffer.from(new RegExp(`${name}:([^,\\]]*)`).exec(enc)![1]!, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', key, field('iv'))
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(field('tag'))
  return Buffer.concat([decipher.update(field('data')), decipher.final()]).toString('utf8')
}

describe('protect over a sops-written file keeps unchanged ciphertext (as sops edit)', () => {
  it('unchanged input: the real sops file stays byte for byte', async () => {
    copyFileSync(FIXTURE, target())
    expect(await protect(PLAIN)).toBe(readFileSync(FIXTURE, 'utf8'))
  })

  it('one value added: same data key, the unchanged ENC[…] kept, the new one opens, MAC recomputed', async () => {
    copyFileSync(FIXTURE, target())
    const before = parse(readFileSync(FIXTURE, 'utf8')) as SopsDoc
    const text = await protect(`${PLAIN}  extra: added-v4lue\n`)
    const after = parse(text) as SopsDoc
    expect(after.stringData.key).toBe(before.stringData.key)
    expect(after.sops.age[0]!.enc).toBe(before.sops.age[0]!.enc)
    expect(after.sops.mac).not.toBe(before.sops.mac)
    const key = dataKey(after)
    expect(key).toEqual(dataKey(before))
    expect(openValue(after.stringData.extra!, key, 'stringData:extra:')).toBe('added-v4lue')
    expect(openValue(after.stringData.key!, key, 'stringData:key:')).toBe('global-value')
    // Our decrypt verifies the recomputed MAC.
    const shown = await cli(['decrypt', 'sops/db.yaml'])
    expect(shown.exitCode, shown.stderr).toBe(0)
    expect(parse(shown.stdout)).toMatchObject({ stringData: { key: 'global-value', extra: 'added-v4lue' } })
    // Round trip: protecting the same input again is a zero diff.
    expect(await protect(`${PLAIN}  extra: added-v4lue\n`)).toBe(text)
  })

  it('one value changed: only that value is re-encrypted', async () => {
    copyFileSync(FIXTURE, target())
    const two = await protect(`${PLAIN}  other: st4ys-the-same\n`)
    const before = parse(two) as SopsDoc
    const after = parse(
      await protect(`${PLAIN.replace('global-value', 'rotated-value')}  other: st4ys-the-same\n`),
    ) as SopsDoc
    expect(after.stringData.other).toBe(before.stringData.other)
    expect(after.stringData.key).not.toBe(before.stringData.key)
    expect(openValue(after.stringData.key!, dataKey(after), 'stringData:key:')).toBe('rotated-value')
  })

  it('other recipients in the policy: encrypted anew with a new data key', async () => {
    copyFileSync(FIXTURE, target())
    const other = execFileSync('age-keygen', { encoding: 'utf8' }).match(/age1[0-9a-z]+/)![0]
    writeFileSync(
      join(dir, 'gitseal.yaml'),
      `policy:\n  - path: "sops/**"\n    backend: sops\n    recipients: [${RECIPIENT}, ${other}]\n`,
    )
    try {
      const after = parse(await protect(`${PLAIN}  extra: added-v4lue\n`)) as SopsDoc
      const before = parse(readFileSync(FIXTURE, 'utf8')) as SopsDoc
      expect(after.sops.age).toHaveLength(2)
      expect(after.stringData.key).not.toBe(before.stringData.key)
    } finally {
      writeFileSync(
        join(dir, 'gitseal.yaml'),
        `policy:\n  - path: "sops/**"\n    backend: sops\n    recipients: [${RECIPIENT}]\n`,
      )
    }
  })
})
