import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { unwrapKey, wrapKey } from '../../src/sops/age.js'
import { decrypt, encrypt, openSops } from '../../src/sops/sops-file.js'
import { ageDecrypt, openIndependently } from '../support/sops-independent.js'
import { scratchDir } from '../support/scratch.js'

let dir: string
let keyFile: string
let recipient: string
let identity: string

beforeAll(() => {
  dir = scratchDir('sops')
  keyFile = join(dir, 'key.txt')
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
  const text = readFileSync(keyFile, 'utf8')
  recipient = /public key: (age1\S+)/.exec(text)?.[1] ?? ''
  identity = /AGE-SECRET-KEY-1\S+/.exec(text)?.[0] ?? ''
})

const ids = () => [{ identity, source: 'test key' }]

const SECRET_YAML = `apiVersion: v1
kind: Secret
metadata:
  name: db # the name
  namespace: prod
# credentials below
stringData:
  password: s3cr3t
  port: 5432
  ratio: 0.1
  big: 1e21
  enabled: True
  mode: 0755
  when: 2024-01-02
  list: [a, b]
  empty: ""
  nothing: null
  multi: |
    line one
    line two
`

describe('age data key interop with the real age binary', () => {
  it('age -d opens the stanza we write, with a final newline as sops writes', async () => {
    const key = new Uint8Array(32).map((_, i) => i)
    const armored = await wrapKey(key, recipient)
    expect(armored).toMatch(
      /^-----BEGIN AGE ENCRYPTED FILE-----\n[A-Za-z0-9+/=\n]+-----END AGE ENCRYPTED FILE-----\n$/,
    )
    expect(new Uint8Array(ageDecrypt(armored, keyFile))).toEqual(key)
  })

  it('we unwrap what age -e -a wrote', async () => {
    const key = Buffer.alloc(32, 7)
    const armored = execFileSync('age', ['-e', '-a', '-r', recipient], { input: key }).toString()
    expect(Buffer.from((await unwrapKey(armored, ids())) ?? [])).toEqual(key)
  })
})

describe('encrypt → decrypt round trips', () => {
  it('yaml: values, types, comments and formatting survive; an independent reader opens it', async () => {
    const enc = await encrypt(SECRET_YAML, { format: 'yaml', file: 's.yaml', recipients: [recipient] })
    expect(enc).toContain('password: ENC[AES256_GCM,data:')
    expect(enc).toMatch(/#ENC\[AES256_GCM,data:[^\]]+type:comment\]/)
    expect(enc).toContain('nothing: null')
    expect(enc).toContain('empty: ""')
    expect(enc).toMatch(/\nsops:\n {2}age:\n {4}- enc: \|\n {8}-----BEGIN AGE/)
    expect(enc).toMatch(/lastmodified: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n/)
    const plain = await decrypt(enc, { format: 'yaml', identities: ids() })
    // Decrypted leaves are written as go-yaml would: 0755 is 493, 1e21 is 1e+21, True is true.
    expect(plain).toBe(
      SECRET_YAML.replace('mode: 0755', 'mode: 493')
        .replace('when: 2024-01-02', 'when: 2024-01-02T00:00:00Z')
        .replace('big: 1e21', 'big: 1e+21')
        .replace('enabled: True', 'enabled: true'),
    )
    const independent = openIndependently(enc, 'yaml', keyFile)
    expect(independent.macOk).toBe(true)
    const byPath = Object.fromEntries(independent.values.map(([aad, p, t]) => [`${aad}${t}`, p]))
    expect(byPath['stringData:password:str']).toBe('s3cr3t')
    expect(byPath['stringData:port:int']).toBe('5432')
    expect(byPath['stringData:ratio:float']).toBe('0.1')
    expect(byPath['stringData:big:float']).toBe('1000000000000000000000')
    expect(byPath['stringData:enabled:bool']).toBe('True')
    expect(byPath['stringData:mode:int']).toBe('493')
    expect(byPath['stringData:when:time']).toBe('2024-01-02T00:00:00Z')
    expect(byPath['stringData:list:str']).toBe('b')
  })

  it('yaml multi-document: one data key, metadata in every document', async () => {
    const text = 'a: 1\n---\nb: two\n'
    const enc = await encrypt(text, { format: 'yaml', recipients: [recipient] })
    expect(enc.match(/^sops:$/gm)?.length).toBe(2)
    expect(await decrypt(enc, { format: 'yaml', identities: ids() })).toBe(text)
  })

  it.each([
    [
      'json',
      '{\n\t"a": "x",\n\t"n": 7,\n\t"f": 1.5,\n\t"t": true,\n\t"l": [\n\t\t1,\n\t\t"\\u003c\\u0026\\u003e"\n\t],\n\t"o": {}\n}\n',
    ],
    ['dotenv', 'A=1\n#comment\nB=multi\\nline\n'],
    ['ini', '[general]\nname = app\nport = 80\n\n[db]\npassword = x\n'],
  ] as const)('%s: round trip and independent reader', async (format, text) => {
    const enc = await encrypt(text, { format, recipients: [recipient] })
    expect(await decrypt(enc, { format, identities: ids() })).toBe(text)
    expect(openIndependently(enc, format, keyFile).macOk).toBe(true)
  })

  it('binary: JSON envelope with data and sops; age -d opens its key', async () => {
    const text = 'raw bytes\nsecond line'
    const enc = await encrypt(text, { format: 'binary', recipients: [recipient] })
    const parsed = JSON.parse(enc) as { data: string; sops: { age: { enc: string }[] } }
    expect(parsed.data).toMatch(/^ENC\[/)
    expect(enc).not.toContain('unencrypted_suffix')
    expect(ageDecrypt(parsed.sops.age[0]?.enc ?? '', keyFile)).toHaveLength(32)
    const independent = openIndependently(enc, 'json', keyFile)
    expect(independent.values).toEqual([['data:', text, 'str']])
    expect(independent.macOk).toBe(true)
    expect(await decrypt(enc, { format: 'binary', identities: ids() })).toBe(text)
  })

  it('writes the 3.13 metadata layout, keys sorted', async () => {
    const enc = await encrypt('{"a": "b"}', {
      format: 'json',
      recipients: [recipient],
      rules: { encryptedRegex: '^a$', macOnlyEncrypted: true },
    })
    const sops = (JSON.parse(enc) as { sops: Record<string, unknown> }).sops
    expect(Object.keys(sops)).toEqual([
      'age',
      'encrypted_regex',
      'lastmodified',
      'mac',
      'mac_only_encrypted',
      'version',
    ])
    expect(Object.keys((sops.age as object[])[0] ?? {})).toEqual(['enc', 'recipient'])
  })
})

describe('tampering is refused', () => {
  it('a changed ciphertext, MAC or lastmodified fails; a plaintext value inserted is reported', async () => {
    const enc = await encrypt('a: one\nb: two\n', { format: 'yaml', recipients: [recipient] })
    const open = (text: string) =>
      openSops(text, { format: 'yaml', identities: ids() }).then(
        () => 'ok',
        (e: unknown) => (e as { code: string }).code,
      )
    const swapped = enc.replace(/data:(.)/, (_m, c: string) => `data:${c === 'A' ? 'B' : 'A'}`)
    expect(await open(swapped)).toBe('E_SOPS_DECRYPT')
    expect(await open(enc.replace(/lastmodified: "(\d{4})/, 'lastmodified: "1999'))).toBe(
      'E_SOPS_MAC_MISMATCH',
    )
    expect(
      await open(
        enc.replace(
          /mac: ENC\[AES256_GCM,data:(.)/,
          (_m, c: string) => `mac: ENC[AES256_GCM,data:${c === 'A' ? 'B' : 'A'}`,
        ),
      ),
    ).toBe('E_SOPS_MAC_MISMATCH')
    expect(await open(enc.replace('b: ENC', 'c: plain\nb: ENC'))).toBe('E_SOPS_DECRYPT')
    expect(await open(enc.replace(/a: (ENC\S+)\nb: (ENC\S+)/, 'a: $2\nb: $1'))).toBe('E_SOPS_DECRYPT')
  })

  it('no identity: the error lists the recipients and the sources tried', async () => {
    const enc = await encrypt('a: one\n', { format: 'yaml', recipients: [recipient] })
    const error = (await openSops(enc, {
      format: 'yaml',
      identities: [],
      identitySources: ['SOPS_AGE_KEY_FILE=/nope (not found)'],
    }).then(
      () => new Error('opened'),
      (e: unknown) => e,
    )) as Error & { code: string }
    expect(error.code).toBe('E_NO_IDENTITY')
    expect(error.message).toContain(recipient)
    expect(error.message).toContain('SOPS_AGE_KEY_FILE=/nope')
  })
})

describe('dotenv extensions sops can still read', () => {
  it('a quoted multi-line value becomes one line with \\n; export lines keep their key', async () => {
    const text = 'export TOKEN=abc\nCERT="-----BEGIN-----\nMIIB\n-----END-----"\nNEXT=1\n'
    const enc = await encrypt(text, { format: 'dotenv', recipients: [recipient] })
    expect(
      enc
        .split('\n')
        .filter((l) => l !== '')
        .every((l) => l.includes('=')),
    ).toBe(true)
    expect(enc).toMatch(/^export TOKEN=ENC\[/)
    expect(await decrypt(enc, { format: 'dotenv', identities: ids() })).toBe(
      'export TOKEN=abc\nCERT="-----BEGIN-----\\nMIIB\\n-----END-----"\nNEXT=1\n',
    )
    expect(openIndependently(enc, 'dotenv', keyFile).macOk).toBe(true)
  })
})

describe('binary files keep every byte', () => {
  it('non-UTF-8 bytes round trip exactly through the binary store', async () => {
    const { openSops, plaintextBytes } = await import('../../src/sops/sops-file.js')
    const bytes = new Uint8Array([0, 255, 128, 10, 0xc3, 0x28, 65])
    const enc = await encrypt(bytes, { format: 'binary', recipients: [recipient] })
    const opened = await openSops(enc, { format: 'binary', identities: ids() })
    expect(plaintextBytes(opened)).toEqual(bytes)
  })
})

describe('key groups and Shamir', () => {
  it('a real sops file re-wrapped into 2-of-3 groups opens with any two groups, not one', async () => {
    const { generateIdentity, identityToRecipient } = await import('age-encryption')
    const { readFileSync: read } = await import('node:fs')
    const { plaintextOf, reencrypt } = await import('../../src/sops/sops-file.js')
    const { REAL, fixtureIdentities } = await import('../support/sops.js')
    const original = read(`${REAL}sops-age-js/secret.enc.yaml`, 'utf8')
    const opened = await openSops(original, {
      format: 'yaml',
      identities: fixtureIdentities('sops-age-js/keys/age.txt'),
    })
    const groups = await Promise.all(
      [1, 2, 3].map(async () => {
        const identity = await generateIdentity()
        return { identity, recipient: await identityToRecipient(identity) }
      }),
    )
    const enc = await reencrypt(plaintextOf(opened), opened, {
      keyGroups: groups.map((g) => [g.recipient]),
      shamirThreshold: 2,
    })
    expect(enc).toMatch(/key_groups:/)
    expect(enc).toMatch(/shamir_threshold: 2/)
    const withIds = (...n: number[]) =>
      openSops(enc, {
        format: 'yaml',
        identities: n.map((i) => ({ identity: groups[i]?.identity ?? '', source: `g${String(i)}` })),
      })
    expect(plaintextOf(await withIds(0, 2))).toBe(plaintextOf(opened))
    expect(plaintextOf(await withIds(1, 2))).toBe(plaintextOf(opened))
    await expect(withIds(1)).rejects.toMatchObject({ code: 'E_NO_IDENTITY' })
  })
})

describe('encryption rules, as sops applies them to every key of the path', () => {
  const enc = (text: string, rules: Record<string, string | boolean>) =>
    encrypt(text, { format: 'yaml', recipients: [recipient], rules })
  const plainLines = (text: string) => text.split('\n').filter((l) => /: \S/.test(l) && !l.includes('ENC['))

  it('suffixes and regexes', async () => {
    const text = 'db:\n  user_unencrypted: admin\n  pass: x\nname: app\n'
    expect(plainLines(await enc(text, { unencryptedSuffix: '_unencrypted' }))).toContain(
      '  user_unencrypted: admin',
    )
    expect(plainLines(await enc(text, { encryptedSuffix: 'pass' }))).toEqual(
      expect.arrayContaining(['  user_unencrypted: admin', 'name: app']),
    )
    const byRegex = await enc(text, { unencryptedRegex: '^db$' })
    expect(plainLines(byRegex)).toEqual(expect.arrayContaining(['  user_unencrypted: admin', '  pass: x']))
    expect(byRegex).toMatch(/name: ENC\[/)
    expect(await decrypt(byRegex, { format: 'yaml', identities: ids() })).toBe(text)
  })

  it('comment regexes: the marked value (not the marker) follows the rule', async () => {
    const text = 'a: 1\n# sops:enc\nb: 2\nc: 3\n'
    const encOnly = await enc(text, { encryptedCommentRegex: 'sops:enc' })
    expect(encOnly).toContain('# sops:enc\n')
    expect(encOnly).toMatch(/\nb: ENC\[/)
    expect(encOnly).toMatch(/^a: 1\n/)
    expect(encOnly).toContain('\nc: 3\n')
    const noEnc = await enc('a: 1\n# nocrypt\nb: 2\n', { unencryptedCommentRegex: 'nocrypt' })
    expect(noEnc).toContain('# nocrypt\nb: 2\n')
    expect(noEnc).toMatch(/^a: ENC\[/)
    expect(await decrypt(encOnly, { format: 'yaml', identities: ids() })).toBe(text)
  })

  it('mac_only_encrypted: changing a plaintext value still verifies, as sops 3.9+', async () => {
    const text = 'a_unencrypted: 1\nb: 2\n'
    const e = await enc(text, { macOnlyEncrypted: true })
    expect(e).toContain('mac_only_encrypted: true')
    const changed = e.replace('a_unencrypted: 1', 'a_unencrypted: 5')
    expect(await decrypt(changed, { format: 'yaml', identities: ids() })).toBe('a_unencrypted: 5\nb: 2\n')
    const strict = await enc(text, {})
    await expect(
      decrypt(strict.replace('a_unencrypted: 1', 'a_unencrypted: 5'), { format: 'yaml', identities: ids() }),
    ).rejects.toMatchObject({ code: 'E_SOPS_MAC_MISMATCH' })
  })
})

describe('YAML anchors and aliases', () => {
  const text = `defaults: &defaults
  region: eu-west-1
  tier: gold
app:
  settings: *defaults
  name: &n api
  alias_name: *n
stringData:
  password: &pw s3cr3t
  copy: *pw
`
  it('are kept where nothing under them is encrypted, expanded where sops needs the copy', async () => {
    const enc = await encrypt(text, {
      format: 'yaml',
      recipients: [recipient],
      rules: { encryptedRegex: '^(stringData)$' },
    })
    expect(enc).toContain('  settings: *defaults\n')
    expect(enc).toContain('  alias_name: *n\n')
    expect(enc).not.toContain('*pw')
    expect(enc).toMatch(/ {2}copy: ENC\[/)
    expect(await decrypt(enc, { format: 'yaml', identities: ids() })).toBe(
      text.replace('  copy: *pw', '  copy: s3cr3t'),
    )
    // go-yaml-style readers expand the kept aliases: the MAC still verifies for them.
    expect(openIndependently(enc, 'yaml', keyFile).macOk).toBe(true)
  })

  it('are expanded when the anchor itself gets encrypted', async () => {
    const enc = await encrypt('a: &x 1\nb_unencrypted: *x\n', { format: 'yaml', recipients: [recipient] })
    expect(enc).toContain('b_unencrypted: 1\n')
    expect(openIndependently(enc, 'yaml', keyFile).macOk).toBe(true)
  })
})
