/**
 * Recall on the formats issue 16 found missing, with real-shaped values made at test time: Azure
 * storage keys from `openssl rand` (64 random bytes, as Azure makes them) in every shape they are
 * written, and tokens built to each provider's published format from the system's random source,
 * hundreds of each, because a miss caused by an entropy or placeholder filter is per-value chance.
 */
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const pick = (charset: string, n: number): string =>
  Array.from({ length: n }, () => charset.charAt(randomInt(charset.length))).join('')
const digits = (n: number): string => pick('0123456789', n)
const hex = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n)
const b64 = (text: string): string => Buffer.from(text).toString('base64')
// Split so that neither this file nor a push-protection scan sees a token prefix.
const j = (...parts: string[]): string => parts.join('')

/** The rule ids found in `text` scanned as `path`. */
const ids = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

/** Every [label, path, text] whose scan lacks `ruleId`. */
function missed(cases: [string, string, string][], ruleId: string): string[] {
  return cases.filter(([, path, text]) => !ids(path, text).includes(ruleId)).map(([label]) => label)
}

const azureKeys: string[] = []

beforeAll(async () => {
  for (let i = 0; i < 40; i++) {
    const { stdout } = await run('openssl', ['rand', '-base64', '64'])
    azureKeys.push(stdout.replace(/\s/g, ''))
  }
}, 60_000)

describe('Azure storage account keys made by openssl, in every shape they are written', () => {
  it('finds all of them; the documentation form beside each is not reported', () => {
    expect(azureKeys.length).toBe(40)
    for (const key of azureKeys) expect(key).toMatch(/^[A-Za-z0-9+/]{86}==$/)
    const shapes = (key: string): [string, string][] => [
      ['Startup.cs', `var keys = new Dictionary<string, string> { { "AccountKey", "${key}" } };`],
      [
        'app.config',
        `<add name="s" connectionString="AccountName=acct;${j('Account', 'Key=')}${key};EndpointSuffix=core.windows.net" />`,
      ],
      ['rclone.xml', `<account>acct</account>\n<account_key>${key}</account_key>\n`],
      ['sync.ps1', `AzCopy.exe copy .\\out https://acct.blob.core.windows.net/c -storagekey ${key}`],
      ['terraform.tfvars', `storage_account_key = "${key}"`],
    ]
    const cases = azureKeys.flatMap((key, i) =>
      shapes(key).map(([path, text]): [string, string, string] => [`key #${i} in ${path}`, path, text]),
    )
    expect(missed(cases, 'azure-storage-account-key')).toEqual([])
    const docs = shapes('<storage-account-key>').map(([path, text]): [string, string, string] => [
      path,
      path,
      text,
    ])
    expect(docs.filter(([, path, text]) => ids(path, text).length > 0).map(([label]) => label)).toEqual([])
  })
})

describe('tokens built to the published formats, 200 of each', () => {
  const many = (make: () => string): string[] => Array.from({ length: 200 }, make)

  it.each([
    ['slack-bot-token', () => j('xoxb-', digits(12), '-', digits(13), '-', pick(ALNUM, 24))],
    ['slack-bot-token', () => j('xoxb-', digits(11), '-', pick(ALNUM, 24))],
    ['slack-user-token', () => j('xoxe-', digits(13), '-', digits(13), '-', digits(13), '-', hex(32))],
    [
      'slack-config-token',
      () =>
        j(
          'xoxe.',
          'xoxp-1-',
          b64(['2-2', digits(12), digits(12), digits(13), digits(13), hex(64)].join('-')),
        ).replace(/=+$/, ''),
    ],
    [
      'slack-config-refresh-token',
      () =>
        j('xoxe-', '1-', b64(['3-1', digits(12), digits(13), digits(13), hex(64)].join('-'))).replace(
          /=+$/,
          '',
        ),
    ],
    ['vault-service-token', () => j('hvs.', pick(ALNUM, 24))],
    ['vault-recovery-token', () => j('hvr.', pick(ALNUM, 24))],
    ['vault-unseal-key', () => `Unseal Key 1: ${randomBytes(33).toString('base64')}`],
  ] as const)('%s: every token is found, alone on a line of a YAML file', (ruleId, make) => {
    const cases = many(make).map((token): [string, string, string] => [
      token.slice(0, 12),
      'ci/values.yaml',
      `value: ${token}\n`,
    ])
    expect(missed(cases, ruleId)).toEqual([])
  })

  it('legacy Vault `s.` tokens are found in token positions and nowhere else', () => {
    const tokens = many(() => j('s.', pick(ALNUM, 24)))
    const positions = (token: string): [string, string][] => [
      ['.envrc', `export VAULT_TOKEN=${token}`],
      ['deploy.sh', `curl -H "X-Vault-Token: ${token}" "$VAULT_ADDR/v1/secret/data/app"`],
      ['login.json', `{"auth": {"client_token": "${token}"}}`],
    ]
    const cases = tokens.flatMap((token) =>
      positions(token).map(([path, text]): [string, string, string] => [
        `${path}: ${token.slice(0, 4)}`,
        path,
        text,
      ]),
    )
    expect(missed(cases, 'vault-legacy-token')).toEqual([])
    const elsewhere = tokens.filter((token) =>
      ids('notes.txt', `id ${token} seen`).includes('vault-legacy-token'),
    )
    expect(elsewhere).toEqual([])
  })

  it('docker `auths` with user:password are found in an extension-less file and in GitLab CI YAML', () => {
    const cases = many(() => b64(`robot$${pick(ALNUM, 8)}:${pick(ALNUM + '_-', 32)}`)).flatMap(
      (auth): [string, string, string][] => [
        [
          'auths file',
          'deploy/registry-auth',
          JSON.stringify({ auths: { 'r.example.com': { auth } } }, null, 2),
        ],
        [
          'gitlab-ci',
          '.gitlab-ci.yml',
          `variables:\n  DOCKER_AUTH_CONFIG: ${JSON.stringify(JSON.stringify({ auths: { 'r.example.com': { auth } } }))}\n`,
        ],
      ],
    )
    expect(missed(cases, 'docker-auths-credential')).toEqual([])
    const placeholder = JSON.stringify({ auths: { 'r.example.com': { auth: b64('user:password') } } })
    expect(ids('deploy/registry-auth', placeholder)).toEqual([])
  })
})
