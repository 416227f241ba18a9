/**
 * Nothing leaked: every command runs with a known secret value under failure conditions (and a
 * few successes whose output must stay protected), and the value appears in no stdout, stderr or
 * error message — neither as text nor base64. The scanner shows it only with --show-secrets.
 */
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'

const CANARY = 'Qz8vLw3rT6yUi9oPa2sDf5gHj'
const FORMS = [CANARY, Buffer.from(CANARY).toString('base64'), CANARY.slice(4, 16)]
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: shop
stringData:
  password: ${CANARY}
`

let dir = ''
let env: Record<string, string> = {}
let ownerEnv: Record<string, string> = {}
let recipient = ''
const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text)
  return name
}

beforeAll(async () => {
  dir = scratchDir('redaction')
  const identity = await generateIdentity()
  recipient = await identityToRecipient(identity)
  // A key that opens nothing here, and AWS settings that reach a closed local port.
  const aws = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'eu-west-1' }
  env = { HOME: dir, SOPS_AGE_KEY: await generateIdentity(), ...aws }
  ownerEnv = { ...env, SOPS_AGE_KEY: identity }
  write('secret.yaml', SECRET)
  write('cert.pem', REAL_CERT_PEM)
  write('garbage.pem', `-----BEGIN CERTIFICATE-----\n${CANARY}\n-----END CERTIFICATE-----\n`)
  write('bad-base64.yaml', SECRET.replace('stringData', 'data').replace(CANARY, `${CANARY}!!`))
  // PEM from the encodings, not an export of the KeyObject (a Node 20 deadlock, real-keys.test.ts).
  const wrongKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey
  write('wrong-key.pem', wrongKey)
  const encrypted = await runCli(['encrypt', '--age', recipient, 'secret.yaml'], { cwd: dir, env })
  expect(encrypted.exitCode).toBe(0)
  write('secret.enc.yaml', encrypted.stdout)
  write(
    'tampered.enc.yaml',
    encrypted.stdout.replace(
      /mac: ENC\[AES256_GCM,data:(.)/,
      (m, c: string) => m.slice(0, -1) + (c === 'A' ? 'B' : 'A'),
    ),
  )
  const sealed = await runCli(['seal', 'secret.yaml', '--cert', 'cert.pem'], { cwd: dir, env })
  expect(sealed.exitCode).toBe(0)
  write('secret.sealed.yaml', sealed.stdout)
})

const CASES: [string, string[], { stdin?: string; ok?: boolean; owner?: boolean }?][] = [
  ['seal with a garbage certificate', ['seal', 'secret.yaml', '--cert', 'garbage.pem']],
  [
    'seal with a certificate URL that refuses',
    ['seal', 'secret.yaml', '--cert', 'http://127.0.0.1:59999/cert.pem'],
  ],
  [
    'seal into a missing --merge-into file',
    ['seal', 'secret.yaml', '--cert', 'cert.pem', '--merge-into', 'nope.yaml'],
  ],
  ['seal (success: output is sealed)', ['seal', 'secret.yaml', '--cert', 'cert.pem'], { ok: true }],
  [
    'seal --raw (success)',
    ['seal', '--raw', '--namespace', 'shop', '--name', 'db', '--cert', 'cert.pem'],
    { stdin: CANARY, ok: true },
  ],
  ['seal a manifest with invalid base64', ['seal', 'bad-base64.yaml', '--cert', 'cert.pem']],
  ['unseal with the wrong key', ['unseal', 'secret.sealed.yaml', '--key', 'wrong-key.pem']],
  ['validate with the wrong key', ['validate', 'secret.sealed.yaml', '--key', 'wrong-key.pem']],
  ['encrypt with no recipients', ['encrypt', 'secret.yaml']],
  ['encrypt with a bad recipient', ['encrypt', '--age', 'age1notarecipient', 'secret.yaml']],
  ['encrypt (success: output is encrypted)', ['encrypt', '--age', 'RECIPIENT', 'secret.yaml'], { ok: true }],
  ['decrypt with no matching identity', ['decrypt', 'secret.enc.yaml']],
  ['decrypt a file with a tampered MAC', ['decrypt', 'tampered.enc.yaml'], { owner: true }],
  [
    'extract a missing key',
    ['decrypt', '--extract', '["stringData"]["nope"]', 'secret.enc.yaml'],
    { owner: true },
  ],
  [
    'set with no matching identity',
    ['set', 'secret.enc.yaml', '["stringData"]["password"]', '--value-stdin'],
    { stdin: `"${CANARY}"` },
  ],
  ['rotate with no matching identity', ['rotate', 'secret.enc.yaml']],
  [
    'eso externalsecret (success: references only)',
    ['eso', 'externalsecret', 'secret.yaml', '--store', 'aws'],
    { ok: true },
  ],
  [
    'eso push to an unreachable endpoint',
    ['eso', 'push', 'secret.yaml', '--region', 'eu-west-1', '--endpoint', 'http://127.0.0.1:59999'],
  ],
  [
    'eso push --dry-run',
    ['eso', 'push', 'secret.yaml', '--region', 'eu-west-1', '--endpoint', 'http://127.0.0.1:9', '--dry-run'],
  ],
  ['protect with no policy', ['protect', 'secret.yaml']],
  ['new secret with no policy', ['new', 'secret', 'db', '--from-literal', `password=${CANARY}`]],
  ['convert without the key', ['convert', 'secret.sealed.yaml', '--to', 'sops']],
  ['convert with the wrong key', ['convert', 'secret.sealed.yaml', '--to', 'sops', '--key', 'wrong-key.pem']],
  ['scan finds it (text)', ['scan', 'secret.yaml']],
  ['scan finds it (json)', ['scan', '--format', 'json', 'secret.yaml']],
  ['scan finds it (sarif)', ['scan', '--format', 'sarif', 'secret.yaml']],
  ['scan finds it (junit)', ['scan', '--format', 'junit', 'secret.yaml']],
  ['scan finds it on stdin', ['scan', '--stdin', '--stdin-filename', 'x.yaml'], { stdin: SECRET }],
]

describe('no secret value in output, errors or logs', () => {
  it.each(CASES)('%s', async (_name, argv, options = {}) => {
    const args = argv.map((arg) => (arg === 'RECIPIENT' ? recipient : arg))
    const result = await runCli(args, {
      cwd: dir,
      env: options.owner ? ownerEnv : env,
      ...(options.stdin ? { stdin: options.stdin } : {}),
    })
    if (options.ok) expect(result.exitCode, result.stderr).toBe(0)
    else expect(result.exitCode).not.toBe(0)
    for (const form of FORMS) {
      expect(result.stdout).not.toContain(form)
      expect(result.stderr).not.toContain(form)
    }
  })

  it('the scanner reports the secret it redacts, and shows it only with --show-secrets', async () => {
    const hidden = await runCli(['scan', '--format', 'json', 'secret.yaml'], { cwd: dir, env })
    expect(hidden.exitCode).toBe(1)
    const shown = await runCli(['scan', '--format', 'json', '--show-secrets', 'secret.yaml'], {
      cwd: dir,
      env,
    })
    expect(shown.stdout).toContain(CANARY)
  })

  it('no failed command left a file behind with the value', () => {
    for (const name of ['secret.enc.yaml', 'secret.sealed.yaml']) {
      expect(readFileSync(join(dir, name), 'utf8')).not.toContain(CANARY)
    }
  })
})
