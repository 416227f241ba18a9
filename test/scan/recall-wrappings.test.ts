/**
 * Recall on the wrappings red team 19 found missing (A23, A24, C6, C7, A29): real-shaped values,
 * hundreds where a miss is per-value chance, written where they were seen (a logged URL, a JSON
 * escape, a YAML block scalar, a shell `setenv`, a netrc in values.yaml, base64 of a key file), each
 * beside a near miss that must stay quiet.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { CS, githubToken, j, rnd } from './rules/tokens.js'

const detector = createDetector()

/** The rule ids found in `text` scanned as `path`. */
const ids = (path: string, text: string): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)

/** The labels of `cases` whose scan lacks `ruleId`. */
function missed(cases: [label: string, path: string, text: string][], ruleId: string): string[] {
  return cases.filter(([, path, text]) => !ids(path, text).includes(ruleId)).map(([label]) => label)
}

describe('checksum-valid GitHub tokens wherever they stand (A23)', () => {
  const shapes = (token: string): [string, string][] => [
    ['url-escaped =', `curl "https://api.github.com/user?access_token%3D${token}"\n`],
    ['url-escaped spaces', `Authorization:%20token%20${token}\n`],
    ['JSON \\u0022', `{"t": "\\u0022${token}\\u0022"}\n`],
    ['after _', `GH_TOKEN_${token}\n`],
    ['before -', `${token}-backup\n`],
    ['after a digit', `1${token}\n`],
    ['before _', `${token}_old\n`],
  ]

  it('finds every checksum-valid token of every prefix in every shape', () => {
    const cases: [string, string, string][] = []
    for (const prefix of ['ghp', 'gho', 'ghu', 'ghs', 'ghr'])
      for (let i = 0; i < 40; i++) {
        const token = githubToken(j('g', prefix.slice(1)))
        for (const [shape, text] of shapes(token)) cases.push([`${prefix} #${i} ${shape}`, 'log.txt', text])
      }
    expect(cases.length).toBe(1400)
    const byRule = (id: string) => cases.filter(([label]) => label.startsWith(id))
    expect(missed(byRule('ghp'), 'github-pat')).toEqual([])
    expect(missed(byRule('gho'), 'github-oauth-token')).toEqual([])
    expect(missed(byRule('ghu'), 'github-user-to-server-token')).toEqual([])
    expect(missed(byRule('ghs'), 'github-app-token')).toEqual([])
    expect(missed(byRule('ghr'), 'github-refresh-token')).toEqual([])
  })

  it('finds fine-grained tokens next to _ - and escapes, and AWS key IDs after %3D', () => {
    const fine = (): string => j('github', '_pat_', rnd(CS.alnum, 22), '_', rnd(CS.alnum, 59))
    const cases: [string, string, string][] = []
    for (let i = 0; i < 40; i++)
      for (const [shape, text] of shapes(fine())) cases.push([`#${i} ${shape}`, 'log.txt', text])
    expect(missed(cases, 'github-fine-grained-pat')).toEqual([])
    const aws: [string, string, string][] = Array.from({ length: 40 }, (_, i) => [
      `#${i}`,
      'fetch.sh',
      `curl "https://sts.example.invalid/?AccessKeyId%3D${j('AK', 'IA')}${rnd(CS.b32, 16)}&x=1"\n`,
    ])
    expect(missed(aws, 'aws-access-key-id')).toEqual([])
  })

  it('still wants the token boundaries for a token without a valid checksum', () => {
    const token = githubToken(j('g', 'hp'))
    const broken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    expect(ids('a.txt', `${broken}\n`)).toContain('github-pat') // random-looking: a hand-made token
    expect(ids('a.txt', `GH_TOKEN_${broken}\n`)).toEqual([])
    expect(ids('a.txt', `${broken}-backup\n`)).toEqual([])
    expect(ids('a.txt', `x${broken}1\n`)).toEqual([])
  })
})

describe('AWS secret keys in YAML block scalars and setting commands (A24)', () => {
  it('finds each of 40 keys in every spelling; the documentation example stays quiet', () => {
    const cases: [string, string, string][] = []
    for (let i = 0; i < 40; i++) {
      const key = rnd(`${CS.alnum}+/`, 40)
      cases.push(
        [`#${i} folded`, 'values.yaml', `aws:\n  secret_access_key: >-\n    ${key}\n`],
        [
          `#${i} literal`,
          'values.yaml',
          `aws:\n  aws_secret_access_key: |\n    ${key}\n  region: eu-west-1\n`,
        ],
        [`#${i} setx`, 'setup.bat', `@echo off\nsetx AWS_SECRET_ACCESS_KEY ${key}\n`],
        [`#${i} setx /M`, 'setup.cmd', `setx /M AWS_SECRET_ACCESS_KEY "${key}"\n`],
        [`#${i} fish`, 'config.fish', `set -gx AWS_SECRET_ACCESS_KEY ${key}\n`],
        [`#${i} csh`, '.cshrc', `setenv AWS_SECRET_ACCESS_KEY ${key}\n`],
      )
    }
    expect(missed(cases, 'aws-secret-access-key')).toEqual([])
    const example = j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')
    expect(ids('setup.bat', `setx AWS_SECRET_ACCESS_KEY ${example}\n`)).toEqual([])
    expect(ids('values.yaml', `aws:\n  secret_access_key: >-\n    ${example}\n`)).toEqual([])
  })
})

describe('AWS secret keys in the other YAML spellings of a value on the next line (red team 24 R2)', () => {
  it('finds each of 40 keys after a comment, an anchor or tag, a bare `:` or an opening quote', () => {
    const cases: [string, string, string][] = []
    for (let i = 0; i < 40; i++) {
      const key = rnd(`${CS.alnum}+/`, 40)
      cases.push(
        [
          `#${i} folded, comment`,
          'values.yaml',
          `aws:\n  secret_access_key: >- # rotated monthly\n    ${key}\n`,
        ],
        [`#${i} anchor`, 'values.yaml', `aws:\n  aws_secret_access_key: &creds |\n    ${key}\n`],
        [`#${i} tag`, 'values.yaml', `aws:\n  aws_secret_access_key: !!str |\n    ${key}\n`],
        [
          `#${i} plain, next line`,
          'values.yaml',
          `aws:\n  aws_secret_access_key:\n    ${key}\n  region: eu-west-1\n`,
        ],
        [`#${i} quoted, next line`, 'values.yaml', `aws:\n  aws_secret_access_key: "\n    ${key}"\n`],
        [
          `#${i} comment, next line`,
          'values.yaml',
          `aws:\n  aws_secret_access_key: # from the vault\n    ${key}\n`,
        ],
      )
    }
    expect(missed(cases, 'aws-secret-access-key')).toEqual([])
    const example = j('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')
    expect(ids('values.yaml', `aws:\n  secret_access_key: &k |\n    ${example}\n`)).toEqual([])
    // A key with no value and a nested map under it holds no key.
    expect(ids('values.yaml', `aws_secret_access_key:\n  name: aws-credentials\n  key: secret\n`)).toEqual([])
  })
})

describe('netrc entries and docker identity tokens outside the files named for them (C6)', () => {
  it('finds a netrc password in values.yaml, a Dockerfile printf and a script heredoc', () => {
    const cases: [string, string, string][] = []
    for (let i = 0; i < 40; i++) {
      const password = rnd(CS.alnum, 20)
      cases.push(
        [
          `#${i} values block`,
          'values.yaml',
          `netrc:\n  content: |\n    machine api.acme-corp.io\n    login bob\n    password ${password}\n`,
        ],
        [
          `#${i} printf`,
          'Dockerfile',
          `RUN printf "machine api.acme-corp.io login bob password ${password}" > /root/.netrc\n`,
        ],
        [
          `#${i} printf \\n`,
          'Dockerfile',
          `RUN printf "machine github.com\\nlogin x-access-token\\npassword ${password}\\n" > ~/.netrc\n`,
        ],
        [
          `#${i} heredoc`,
          'setup.sh',
          `cat > ~/.netrc <<EOF\nmachine gitlab.example.com\n  login ci\n  password ${password}\nEOF\n`,
        ],
      )
    }
    expect(missed(cases, 'netrc-entry-password')).toEqual([])
  })

  it('leaves netrc entries whose password is a variable or a demo word, and prose, alone', () => {
    const quiet = [
      'RUN echo "machine github.com login bot password ${GITHUB_TOKEN}" > ~/.netrc\n',
      'RUN printf "machine %s login %s password %s" "$HOST" "$USER" "$TOKEN" > ~/.netrc\n',
      'run: echo "machine github.com login x password ${{ secrets.GH_TOKEN }}" >> ~/.netrc\n',
      'netrc: |\n  machine api.example.com\n  login user\n  password changeme\n',
      'Log in to the machine with your login and the password you were given.\n',
    ]
    for (const text of quiet) expect(ids('Dockerfile', text), text).not.toContain('netrc-entry-password')
  })

  it('finds docker identity tokens in any file holding auths JSON, escaped in CI YAML too', () => {
    const cases: [string, string, string][] = []
    for (let i = 0; i < 40; i++) {
      const token = rnd(CS.url, 300)
      cases.push(
        [`#${i} txt`, 'registry-auth.txt', `{"auths":{"acme.azurecr.io":{"identitytoken":"${token}"}}}`],
        [
          `#${i} ci`,
          '.gitlab-ci.yml',
          `variables:\n  DOCKER_AUTH_CONFIG: "{\\"auths\\": {\\"acme.azurecr.io\\": {\\"identitytoken\\": \\"${token}\\"}}}"\n`,
        ],
      )
    }
    expect(missed(cases, 'docker-auths-credential')).toEqual([])
    const placeholder = '{"auths":{"acme.azurecr.io":{"identitytoken":"<your-identity-token-here>"}}}'
    expect(ids('registry-auth.txt', placeholder)).toEqual([])
  })
})
