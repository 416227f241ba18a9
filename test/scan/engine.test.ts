import { describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import { RULES, createDetector } from '../../src/scan/engine.js'
import { CS, githubToken, j, rnd } from './rules/tokens.js'

const token = githubToken('ghp')
const scan = (text: string | Uint8Array, path = 'app/config.yaml', options = {}) =>
  createDetector(options).scanFile(path, text)

describe('engine', () => {
  it('catalogues every rule once, with the fields reporters need', () => {
    const ids = RULES.map((rule) => rule.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThanOrEqual(100)
    for (const rule of RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(3)
      expect(['high', 'medium', 'low']).toContain(rule.severity)
      expect(rule.description.length, rule.id).toBeGreaterThan(10)
      expect(rule.remediation.length, rule.id).toBeGreaterThan(10)
      expect(Object.keys(rule).sort()).toEqual(['description', 'id', 'remediation', 'severity', 'title'])
    }
    expect(ids).toEqual(
      expect.arrayContaining(['k8s-secret-plaintext', 'sops-policy-unencrypted', 'generic-password']),
    )
  })

  it('reports 1-based lines and columns in UTF-16 code units, end included', () => {
    const text = `first line\r\n  emoji 😀 é: ${token} tail\n`
    const [finding] = scan(text).findings
    expect(finding).toMatchObject({ ruleId: 'github-pat', line: 2, secret: token })
    const line = text.split('\n')[1]!
    expect(finding!.column).toBe(line.indexOf(token) + 1)
    expect(finding!.endLine).toBe(2)
    expect(finding!.endColumn).toBe(line.indexOf(token) + token.length + 1)
  })

  it('redacts: the redacted line keeps no character of the secret, not even its prefix', () => {
    const [finding] = scan(`token: ${token}`).findings
    expect(finding!.redactedLine).toBe('token: *****')
  })

  it('cuts long lines around the secret', () => {
    const [finding] = scan(`${'x '.repeat(500)}${token}${' y'.repeat(500)}`, 'a.txt').findings
    expect(finding!.redactedLine.length).toBeLessThan(200)
    expect(finding!.redactedLine).toMatch(/^…x x .* \*{5} y y .* y…$/)
  })

  it('fingerprints by rule, file and secret: stable when lines move, different per file', () => {
    const a = scan(`token: ${token}`).findings[0]!
    const b = scan(`\n\n# moved\ntoken: ${token}`).findings[0]!
    const c = scan(`token: ${token}`, 'other/config.yaml').findings[0]!
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(a.fingerprint).not.toBe(c.fingerprint)
    expect(a.fingerprint).toMatch(/^[0-9a-f]{32}$/)
    expect(a.fingerprint).not.toContain(token)
  })

  it('honours inline gitseal:allow and gitleaks:allow on the line', () => {
    expect(scan(`token: ${token} # gitseal:allow`).findings).toEqual([])
    expect(scan(`token = "${token}" // gitleaks:allow`, 'a.ts').findings).toEqual([])
    expect(scan(`# gitseal:allow\ntoken: ${token}`).findings).toHaveLength(1)
    expect(scan(`key: "${token}" <!-- gitseal:allow -->`, 'a.md').findings).toEqual([])
    expect(scan(`token: ${token} -- gitseal:allow`, 'a.sql').findings).toEqual([])
    // A comment's prose may hold an apostrophe; `#` in a quoted string opens no comment.
    expect(scan(`token: ${token} # don't flag, gitseal:allow`).findings).toEqual([])
  })

  it('tells where inline gitseal:allow silenced a finding, for the report to count (red team 21 A15)', () => {
    expect(scan(`a: 1\ntoken: ${token} # gitseal:allow\n`).allowedInline).toEqual([{ line: 2, endLine: 2 }])
    expect(scan(`token: ${token}\n`).allowedInline).toBeUndefined()
    expect(scan(`a: 1 # gitseal:allow\n`).allowedInline).toBeUndefined()
  })

  it('does not honour the marker inside a string value or a plain value (red team 19, A14)', () => {
    const value = Buffer.from(token).toString('base64')
    const json = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","annotations":{"x":"gitseal:allow"}},"data":{"v":"${value}"}}\n`
    expect(scan(json, 's.json').findings.map((f) => f.ruleId)).toContain('k8s-secret-plaintext')
    expect(scan(`{"token": "${token}", "note": "# gitleaks:allow"}`, 'a.json').findings).toHaveLength(1)
    expect(scan(`{token: ${token}, note: gitseal:allow}`).findings).toHaveLength(1)
    expect(scan(`token: '${token} # gitseal:allow'`).findings).toHaveLength(1)
  })

  it("does not honour the marker inside a Secret's block-scalar value, only in a file kept in one (red team 22, B1)", () => {
    const secret = (key: string, header: string, line: string, kind = 'Secret'): string =>
      `apiVersion: v1\nkind: ${kind}\nmetadata: {name: a}\nstringData:\n  ${key}: ${header}\n    ${line}\n`
    const value = 'Kq7vR2mXw9LpT4zN8bYc'
    // The block's text is the value: `|`, `>`, `|-`, `>+`.
    for (const header of ['|', '>', '|-', '>+']) {
      const found = scan(secret('password', header, `${value} # gitseal:allow`), 's.yaml')
      expect(
        found.findings.map((f) => f.ruleId),
        header,
      ).toContain('k8s-secret-plaintext')
      expect(found.allowedInline, header).toBeUndefined()
    }
    // A file kept in the Secret (`app.env`, `.npmrc`): its comments are comments.
    for (const key of ['app.env', 'my.cnf', '.npmrc', 'config.yaml']) {
      const found = scan(secret(key, '|', `DB_PASSWORD=${value} # gitseal:allow`), 's.yaml')
      expect(found.findings, key).toEqual([])
      expect(found.allowedInline, key).toEqual([{ line: 6, endLine: 6 }])
    }
    // On the header line the marker is a comment (it silences that line only), and a block that is
    // no Secret's value (a ConfigMap's script) keeps its comments.
    expect(scan(secret('password', '| # gitseal:allow', value), 's.yaml').findings.length).toBeGreaterThan(0)
    const script = secret('run.sh', '|', `export TOKEN=${token} # gitseal:allow`, 'ConfigMap')
    expect(scan(script.replace('run.sh', 'script'), 's.yaml').findings).toEqual([])
    // A Secret patch kept in a block (kustomize): its value block is a value too.
    const patch = `kind: Kustomization\npatches:\n- patch: |-\n    kind: Secret\n    stringData:\n      password: |\n        ${value} # gitseal:allow\n`
    expect(scan(patch, 'kustomization.yaml').findings.map((f) => f.ruleId)).toContain('k8s-secret-plaintext')
  })

  it("does not honour the marker on a quoted value's continuation line, nor in a block scalar that is the secret's own value (red team 23 B1 gaps)", () => {
    const value = 'Kq7vR2mXw9LpT4zN8bYc'
    const secret = (stringData: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData:\n${stringData}`
    const rules = (text: string, file = 's.yaml'): string[] => scan(text, file).findings.map((f) => f.ruleId)
    // A Secret's quoted value over several lines: the marker stands inside the quotes.
    for (const quoted of [
      `  password: "${value}\n    # gitseal:allow"\n`,
      `  password: '${value}\n    # gitseal:allow'\n`,
      `  password: "${value}\n\n    # gitseal:allow"\n`,
      `  password: "first\n    ${value} # gitseal:allow\n    # gitseal:allow"\n`,
    ]) {
      expect(rules(secret(quoted)), quoted).toContain('k8s-secret-plaintext')
      expect(scan(secret(quoted), 's.yaml').allowedInline, quoted).toBeUndefined()
    }
    // Any YAML file: a token on a quoted value's continuation line, the marker after it in the quotes.
    expect(rules(`description: "see\n  ${token} # gitseal:allow"\n`, 'values.yaml')).toEqual(['github-pat'])
    expect(rules(`description: 'see\n  ${token} # gitseal:allow'\n`, 'ci.yml')).toEqual(['github-pat'])
    // A block scalar whose value is the secret: the marker is part of the value.
    const awsKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzTRU3KEY19'
    for (const header of ['|', '>-', '|+']) {
      const text = `aws:\n  aws_secret_access_key: ${header}\n    ${awsKey} # gitseal:allow\n`
      expect(rules(text, 'values.yaml'), header).toEqual(['aws-secret-access-key'])
    }
    // Still comments: after the closing quote on the value's own line, in a script kept in a block,
    // and in a file that is not YAML.
    expect(rules(`token: "${token}" # gitseal:allow\n`, 'values.yaml')).toEqual([])
    expect(rules(`run: |\n  export AWS_SECRET_ACCESS_KEY=${awsKey} # gitseal:allow\n`, 'ci.yml')).toEqual([])
    expect(rules(`run: |\n  curl -H "x: ${token}" # gitseal:allow\n`, '.gitlab-ci.yml')).toEqual([])
    expect(rules(`description: "see\n  ${token} # gitseal:allow"\n`, 'notes.md')).toEqual([])
  })

  it('applies the allowlist: paths, secret regexes, stop words', () => {
    const text = `token: ${token}`
    expect(scan(text, 'fixtures/a.yaml', { allowlist: { paths: ['fixtures/**'] } }).findings).toEqual([])
    expect(scan(text, 'x/a.yaml', { allowlist: { regexes: ['^ghp_'] } }).findings).toEqual([])
    expect(scan(text, 'x/a.yaml', { allowlist: { stopwords: [token.slice(6, 12)] } }).findings).toEqual([])
    expect(
      scan(text, 'x/a.yaml', { allowlist: { paths: ['other/**'], regexes: ['^nope'] } }).findings,
    ).toHaveLength(1)
  })

  it('disables rules, including generic and analyser rules', () => {
    expect(
      scan(`token: ${token}`, 'a.yaml', { disabledRules: ['github-pat'] }).findings.map((f) => f.ruleId),
    ).not.toContain('github-pat')
    expect(
      scan('password: "Zq8#mK2pLx9w"', 'a.yaml', { disabledRules: ['generic-password'] }).findings,
    ).toEqual([])
    const secret = 'apiVersion: v1\nkind: Secret\nstringData:\n  password: Zq8mK2pLx9w\n'
    expect(
      scan(secret, 's.yaml', { disabledRules: ['k8s-secret-plaintext', 'generic-password'] }).findings,
    ).toEqual([])
  })

  it('runs extra rules from gitseal.yaml and rejects bad ones with E_BAD_CONFIG', () => {
    const extraRules = [
      { id: 'acme-key', regex: 'acme_(?<secret>[a-z0-9]{16})', keywords: ['acme_'], severity: 'low' },
    ]
    const [finding] = scan(`key: ${j('acme_', rnd(CS.lower + CS.digits, 16))}`, 'a.yaml', {
      extraRules,
    }).findings
    expect(finding).toMatchObject({ ruleId: 'acme-key', severity: 'low', column: 11 })
    expect(finding!.secret).toHaveLength(16)
    for (const bad of [
      { id: 'x' },
      { id: 'x', regex: '(' },
      { id: 'github-pat', regex: 'a' },
      { id: 'x', regex: 'a', severity: 'fatal' },
    ]) {
      let error: unknown
      try {
        createDetector({ extraRules: [bad] })
      } catch (caught) {
        error = caught
      }
      expect(isGitsealError(error) && error.code, JSON.stringify(bad)).toBe('E_BAD_CONFIG')
    }
    expect(() => createDetector({ allowlist: { regexes: ['('] } })).toThrow(/allowlist/)
  })

  it('skips binary content (NUL byte) and tolerates invalid UTF-8 with a note', () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, ...Buffer.from(`token: ${token}`)])
    // Fail closed: binary content holding a token marker is scanned anyway; without one, skipped.
    expect(scan(binary, 'img.png').findings.map((f) => f.ruleId)).toEqual(['github-pat'])
    expect(scan(binary.subarray(0, 12), 'img.png')).toEqual({ findings: [], skipped: 'binary' })
    const invalid = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`\ntoken: ${token}\n`)])
    const result = scan(invalid, 'a.txt')
    expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([['github-pat', 2]])
    expect(result.notes?.[0]).toMatch(/invalid UTF-8/)
    expect(scan(Buffer.from(`\ufefftoken: ${token}`), 'a.txt').findings[0]!.column).toBe(8)
  })

  it('filters placeholders everywhere', () => {
    const values = [
      'changeme',
      '<password>',
      '${DB_PASSWORD}',
      '{{ .Values.password }}',
      'example-Secret-123',
      'dummy-Value-99',
      'xxxxxxxxxxxx',
      'aaaaaaaaaaaaaaaa',
      'ENC[AES256_GCM,data:abc=,iv:abc=,tag:abc=,type:str]',
    ]
    for (const value of values) {
      expect(scan(`password: "${value}"\ntoken = '${value}'\n`, 'a.yaml').findings, value).toEqual([])
      const secret = `apiVersion: v1\nkind: Secret\nstringData:\n  password: "${value}"\n`
      expect(scan(secret, 's.yaml').findings, value).toEqual([])
    }
  })

  it('reports one finding per place when rules overlap (provider beats generic)', () => {
    const findings = scan(`api_token: "${token}"`).findings
    expect(findings.map((f) => f.ruleId)).toEqual(['github-pat'])
  })

  it('never throws, whatever the path and content', () => {
    for (const content of ['', '\n', '\u0000', '---\n---\n', '{', '\ud800', 'a'.repeat(10)]) {
      expect(() => scan(content, '')).not.toThrow()
      expect(() => scan(content, 'x.json')).not.toThrow()
    }
  })
})
