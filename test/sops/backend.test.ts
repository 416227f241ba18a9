import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stringifyObjects } from '../../src/core/manifest.js'
import { parseSecretObject } from '../../src/core/secret.js'
import { decrypt, sopsBackend } from '../../src/sops/index.js'
import { scratchDir } from '../support/scratch.js'

const dir = scratchDir('sops-backend')
const keyFile = join(dir, 'key.txt')
execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
const keyText = readFileSync(keyFile, 'utf8')
const recipient = /public key: (age1\S+)/.exec(keyText)?.[1] ?? ''
const identity = /AGE-SECRET-KEY-1\S+/.exec(keyText)?.[0] ?? ''

const secret = parseSecretObject({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'prod' },
  stringData: { password: 's3cr3t', port: '5432' },
})

/** `protect` as the workflow calls it: the raw parameters read by the backend's own `options`. */
const protectWith = async (params: Record<string, unknown>) =>
  sopsBackend.protect(secret, { options: sopsBackend.options(params) })

describe('sopsBackend', () => {
  it('protects a Secret as Flux expects: data encrypted, metadata readable, sops block; reveals it back', async () => {
    const docs = await protectWith({ recipients: [recipient] })
    const yaml = stringifyObjects(docs, 'yaml')
    expect(yaml).toContain('name: db')
    // stringData stays stringData, as `gitseal encrypt` and sops keep it.
    expect(yaml).toMatch(/^stringData:\n {2}password: ENC\[AES256_GCM/m)
    expect(yaml).toMatch(/lastmodified: "/)
    expect(yaml).toContain('encrypted_regex: ^(data|stringData)$')
    // The real age binary opens the data key; our decrypt verifies the MAC of what the lead will write.
    const enc =
      /-----BEGIN AGE ENCRYPTED FILE-----[\s\S]+?-----END AGE ENCRYPTED FILE-----/
        .exec(yaml)?.[0]
        .replace(/^ +/gm, '') ?? ''
    expect(execFileSync('age', ['-d', '-i', keyFile], { input: enc })).toHaveLength(32)
    expect(await decrypt(yaml, { format: 'yaml', identities: [{ identity, source: 't' }] })).toContain(
      'password: s3cr3t',
    )
    const info = sopsBackend.describe(JSON.parse(JSON.stringify(docs[0])))
    expect(info?.backend).toBe('sops')
    expect(info?.details?.recipients).toEqual([recipient])
    expect(sopsBackend.describe({ kind: 'Secret' })).toBeNull()
    const revealed = await sopsBackend.reveal?.(docs, { identities: [identity] })
    expect(Buffer.from(revealed?.data.get('password') ?? []).toString()).toBe('s3cr3t')
  })

  it('describe throws for a broken sops block, and reveal without a key says which recipients', async () => {
    expect(() => sopsBackend.describe({ sops: { mac: 'x', lastmodified: 'never' } })).toThrow(/sops metadata/)
    const docs = await protectWith({ recipients: recipient })
    await expect(sopsBackend.reveal?.(docs, { identities: [] })).rejects.toMatchObject({
      code: 'E_NO_IDENTITY',
    })
  })
})
