/**
 * `protect` on the SOPS path writes what `encrypt` writes for the same file: the header comment,
 * inline comments and value comments kept (those under data/stringData encrypted as sops does),
 * stringData left as stringData, key order and `---` as written. Checked independently of our
 * decryptor: the real `age` binary unwraps the data key and node:crypto opens values and comments
 * (sops' AES-256-GCM, the key path as AAD). Re-running protect on unchanged input is a zero diff.
 */
import { execFileSync } from 'node:child_process'
import { createDecipheriv } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'

const SECRET = [
  '# database credentials for the shop',
  '---',
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: db # the name the app mounts',
  '  namespace: shop',
  'type: Opaque',
  'stringData:',
  '  # rotated every quarter',
  '  password: layout-s3cret # do not share',
  '  user: app',
  'data:',
  '  token: dG9rLXZhbHVl',
  '',
].join('\n')

let dir = ''
let keyFile = ''
let recipient = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-sops-layout-'))
  keyFile = join(dir, 'age.txt')
  execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
  recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim()
  mkdirSync(join(dir, 'sops'))
  writeFileSync(
    join(dir, 'gitseal.yaml'),
    `policy:\n  - path: "**"\n    backend: sops\n    recipients: [${recipient}]\n`,
  )
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const cli = (args: string[]) => runCli(args, { cwd: dir, env: { HOME: dir, SOPS_AGE_KEY_FILE: keyFile } })

/** The file with everything random (ciphertext, the age stanza, the time) masked. */
const shape = (text: string): string =>
  text
    .replace(/ENC\[AES256_GCM,[^\]]*\]/g, 'ENC[…]')
    .replace(/-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g, 'AGE')
    .replace(/lastmodified: "[^"]*"/, 'lastmodified: T')

type SopsDoc = { sops: { age: { enc: string }[] } }

/** The data key, unwrapped by the real `age` binary (not our code). */
const dataKey = (text: string): Buffer =>
  execFileSync('age', ['-d', '-i', keyFile], { input: (parse(text) as SopsDoc).sops.age[0]!.enc })

/** One sops `ENC[…]` opened with node:crypto: AES-256-GCM with `aad` (the key path) as AAD. */
function open(enc: string, key: Buffer, aad: string): string {
  const field = (name: string) => Buffer.from(new RegExp(`${name}:([^,\\]]*)`).exec(enc)![1]!, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', key, field('iv'))
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(field('tag'))
  return Buffer.concat([decipher.update(field('data')), decipher.final()]).toString('utf8')
}

/** A comment opens with its own path or an ancestor's (YAML libraries place comments differently). */
function openComment(enc: string, key: Buffer, aads: string[]): string {
  for (const aad of aads) {
    try {
      return open(enc, key, aad)
    } catch {
      // the next level up
    }
  }
  throw new Error(`comment opens with none of ${aads.join(', ')}`)
}

async function protect(input: string, out: string): Promise<string> {
  writeFileSync(join(dir, 'plain.yaml'), input)
  const result = await cli(['protect', 'plain.yaml', '-o', out])
  expect(result.exitCode, result.stderr).toBe(0)
  return readFileSync(join(dir, out), 'utf8')
}

describe('protect writes the layout encrypt writes (sops)', () => {
  it('keeps comments, stringData, key order and --- exactly as encrypt does', async () => {
    const protectedText = await protect(SECRET, 'sops/db.yaml')
    const encrypted = await cli([
      'encrypt',
      'plain.yaml',
      '--age',
      recipient,
      '--encrypted-regex',
      '^(data|stringData)$',
    ])
    expect(encrypted.exitCode, encrypted.stderr).toBe(0)
    expect(shape(protectedText)).toBe(shape(encrypted.stdout))
    // Said outright, not only "as encrypt": the parts outside data/stringData stay readable.
    expect(protectedText.startsWith('# database credentials for the shop\n---\napiVersion: v1\n')).toBe(true)
    expect(protectedText).toContain('  name: db # the name the app mounts\n')
    expect(protectedText).toMatch(/^stringData:\n {2}#ENC\[[^\]]*type:comment\]\n {2}password: ENC\[/m)
    expect(protectedText.indexOf('stringData:')).toBeLessThan(protectedText.indexOf('\ndata:'))
    expect(protectedText).not.toContain('layout-s3cret')
    expect(protectedText).not.toContain('quarter')
  })

  it('opens with the real age binary and node:crypto: values and comments as written', async () => {
    const text = await protect(SECRET, 'sops/opened.yaml')
    const key = dataKey(text)
    const lines = text.split('\n')
    const enc = (prefix: string) => lines.find((line) => line.startsWith(prefix))!.slice(prefix.length)
    const [value, comment] = enc('  password: ').split(' #')
    expect(open(value!, key, 'stringData:password:')).toBe('layout-s3cret')
    const aads = ['stringData:password:', 'stringData:', '']
    expect(openComment(comment!, key, aads)).toBe(' do not share')
    expect(openComment(enc('  #'), key, aads)).toBe(' rotated every quarter')
    expect(open(enc('  token: '), key, 'data:token:')).toBe('dG9rLXZhbHVl')
    // And our own decrypt (which checks the MAC) gives the input back, comments included.
    const shown = await cli(['decrypt', 'sops/opened.yaml'])
    expect(shown.exitCode, shown.stderr).toBe(0)
    expect(shown.stdout).toBe(SECRET)
  })

  it('is stable: unchanged input is a zero diff; a changed comment changes only that line', async () => {
    const first = await protect(SECRET, 'sops/stable.yaml')
    expect(await protect(SECRET, 'sops/stable.yaml')).toBe(first)
    // Quoting or indentation alone is no change either (sops compares values, not their style).
    expect(await protect(SECRET.replace('user: app', "user: 'app'"), 'sops/stable.yaml')).toBe(first)

    const edited = await protect(SECRET.replace('every quarter', 'every month'), 'sops/stable.yaml')
    const changed = (a: string, b: string) => a.split('\n').filter((line, i) => line !== b.split('\n')[i])
    // The comment, and at most sops' own lastmodified and MAC: every value keeps its ciphertext.
    const lines = changed(edited, first)
    expect(lines[0]).toMatch(/^ {2}#ENC\[/)
    expect(lines.slice(1).every((line) => /^ {2}(lastmodified|mac):/.test(line))).toBe(true)
    const aads = ['stringData:', '']
    expect(openComment(edited.split('\n')[9]!.slice(3), dataKey(edited), aads)).toBe(' rotated every month')
    expect(dataKey(edited)).toEqual(dataKey(first))
  })

  it('a JSON Secret is written as encrypt writes JSON', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'j' },
      stringData: { a: 'json-s3cret' },
    })
    writeFileSync(join(dir, 'plain.json'), json)
    const protectedJson = await cli(['protect', 'plain.json'])
    const encrypted = await cli([
      'encrypt',
      'plain.json',
      '--age',
      recipient,
      '--encrypted-regex',
      '^(data|stringData)$',
    ])
    expect(protectedJson.exitCode, protectedJson.stderr).toBe(0)
    expect(shape(protectedJson.stdout).replace(/"lastmodified": "[^"]*"/, 'T')).toBe(
      shape(encrypted.stdout).replace(/"lastmodified": "[^"]*"/, 'T'),
    )
    expect(protectedJson.stdout).not.toContain('json-s3cret')
  })
})
