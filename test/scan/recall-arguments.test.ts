/**
 * Recall on secrets written with no name of their own beside them (issue 16, held-out-30's misses):
 * a string passed to a function named for the credential (`auth_simple_password("demo", "…")`,
 * `awsKeySecret(ns, name, id, "…")`), an option and its value as separate strings of an argument
 * list (`[]string{"--token", "…"}`), an option's bare value in docs, a header value written alone
 * (`"Bearer …"`), curl's empty-user `-u :<token>` and Basic of `:<token>`, a Rust `&str` constant and
 * a key-encryption key (`SECRET_VAULT_KEK`). Values are drawn per run; placeholders, variables and
 * lookups by name stay quiet.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const detector = createDetector()

const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DIGITS = '0123456789'
const pick = (charset: string, n: number): string =>
  Array.from({ length: n }, () => charset.charAt(randomInt(charset.length))).join('')

/** A generated password or token: 24 characters, letters of both cases and digits, shuffled. */
function generated(): string {
  const chars = (pick(LOWER, 10) + pick(UPPER, 8) + pick(DIGITS, 6)).split('')
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? '']
  }
  return chars.join('')
}

/** The lines of the findings in `text` scanned as `path`. */
const lines = (path: string, text: string): number[] => [
  ...new Set(detector.scanFile(path, text).findings.map((finding) => finding.line)),
]

const DRAWS = 25

describe('a string passed to a function named for a credential', () => {
  it('is a secret in Rust, Go, Java, Python and TypeScript calls', () => {
    for (let i = 0; i < DRAWS; i++) {
      const [a, b, c, d, e] = [generated(), generated(), generated(), generated(), generated()]
      expect(
        lines(
          'tests/proto_test.rs',
          `fn t() {\n    let res = client.auth_simple_password("demo_account", "${a}").await;\n    client\n        .idm_account_credential_update_set_password(&session_token, "${b}")\n        .await;\n}\n`,
        ),
      ).toEqual([2, 4])
      expect(
        lines(
          'keys_test.go',
          `func TestKeys(t *testing.T) {\n\ts1 := awsKeySecret(ns.Name, name+"-secret1", "${pick(UPPER + DIGITS, 20)}", "${c}")\n}\n`,
        ),
      ).toEqual([2])
      expect(lines('Client.java', `class C {\n  void f() { client.setApiToken("${d}"); }\n}\n`)).toEqual([2])
      expect(lines('auth.spec.ts', `it('logs in', () => {\n  withClientSecret(ctx, '${e}')\n})\n`)).toEqual([
        2,
      ])
    }
  })

  it('stays quiet on names, variables, lookups, placeholders and calls named otherwise', () => {
    const quiet = [
      'client.auth_simple_password("demo_account", "password").await;',
      'client.auth_simple_password("demo_account", PASSWORD).await;',
      'setToken(os.Getenv("API_TOKEN"))',
      'setToken(process.env.API_TOKEN)',
      'set_password(&session, "<your-password>")',
      'set_password(&session, "changeme")',
      'kubeClient.getSecret("argocd-initial-admin-secret")',
      'setToken("${API_TOKEN}")',
      `lookupUser("${generated()}")`,
      'setToken(`Bearer ${token}`)',
      // Functions that make, look up or test the credential take other things: a root's SHA-256, names.
      `token := generateBootstrapToken(srv.URL, "subject", "${randomBytes(32).toString('hex')}")`,
      'caSecret := newPolicySecret("policy-1-autoops-ca-orphaned", "ns-1", "policy-1")',
      'certs := getSecret(secrets, "test-es-name-es-sset1-es-transport-certs")',
      `assert not filters.should_exclude_secret('${randomBytes(16).toString('hex')}')`,
    ]
    for (const line of quiet) expect(lines('app_test.go', `func f() {\n\t${line}\n}\n`), line).toEqual([])
  })
})

describe('an option and its value as strings of an argument list', () => {
  it('is a secret under a credential option', () => {
    for (let i = 0; i < DRAWS; i++) {
      const token = `tk_${generated()}`
      expect(
        lines(
          'cmd/publish_test.go',
          `func TestPublish(t *testing.T) {\n\trequire.Nil(t, app.Run([]string{"ntfy", "publish", "--token", "${token}", "mytopic"}))\n}\n`,
        ),
      ).toEqual([2])
      expect(
        lines('tests/test_cli.py', `args = ["--password", "${generated()}", "--user", "admin"]\n`),
      ).toEqual([1])
    }
  })

  // held-out-30 (ntfy's subscribe_test.go): a flag with no value before the credential option; the
  // pair was read as `--poll` given `--token`, and the token after it was never judged.
  it('takes the option after a flag, not the flag given the option', () => {
    const token = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2'
    const text = `func TestPoll(t *testing.T) {\n\terr := app.Run([]string{"ntfy", "subscribe", "--poll", "--token", "${token}", "mytopic"})\n}\n`
    expect(detector.scanFile('cmd/subscribe_test.go', text).findings.map((f) => f.secret)).toEqual([token])
    expect(lines('cmd/subscribe_test.go', 'run([]string{"--poll", "--token", "--user", "phil"})\n')).toEqual(
      [],
    )
  })

  it('stays quiet on variables, placeholders and other options', () => {
    for (const args of [
      '"--token", token',
      '"--token", "$NTFY_TOKEN"',
      '"--token", "<token>"',
      `"--user", "${generated()}"`,
      '"--token-file", "/run/secrets/ntfy-token"',
    ])
      expect(lines('cmd/publish_test.go', `func f() {\n\trun([]string{"ntfy", ${args}})\n}\n`), args).toEqual(
        [],
      )
  })

  it("reads an option's bare value in docs, where it looks generated", () => {
    for (let i = 0; i < DRAWS; i++) {
      const token = `tk_${generated()}`
      expect(
        lines(
          'docs/publish.md',
          `# Publish\n\n\`\`\`\nntfy publish \\\n  --token ${token} \\\n  mytopic\n\`\`\`\n`,
        ),
      ).toEqual([5])
    }
    expect(lines('docs/publish.md', '```\nntfy publish --token YOUR_TOKEN mytopic\n```\n')).toEqual([])
    expect(lines('docs/publish.md', '```\nntfy publish --token $NTFY_TOKEN mytopic\n```\n')).toEqual([])
  })
})

// held-out-25/30 (mongodb-kubernetes-operator, ntfy): a literal a test expects a credential-named
// field to hold, with no name of its own beside it.
describe('a literal a test expects a credential-named field to hold', () => {
  it('is a secret in testify and Jest/Vitest assertions', () => {
    for (let i = 0; i < DRAWS; i++) {
      const e = generated()
      expect(lines('client/config_test.go', `\trequire.Equal(t, "tk_${e}", conf.DefaultToken)\n`)).toEqual([
        1,
      ])
      expect(
        lines('scram_test.go', `\tassert.Equal(t, "${e}", string(ps.Data[constants.AgentPasswordKey]))\n`),
      ).toEqual([1])
      expect(lines('config.spec.ts', `  expect(config.apiToken).toBe('${e}')\n`)).toEqual([1])
    }
  })

  it('stays quiet on other fields, readable values and the actual value first', () => {
    for (const text of [
      `\trequire.Equal(t, "${generated()}", conf.DefaultUser)\n`,
      '\trequire.Equal(t, "invalid-token", conf.DefaultToken)\n',
      `\trequire.Equal(t, conf.DefaultToken, "$NTFY_TOKEN")\n`,
      "  expect(config.apiToken).toBe('')\n",
      `  expect(config.tokenCount).toBe('${generated()}')\n`,
    ])
      expect(lines('config_test.go', text), text).toEqual([])
  })
})

describe('a header value written alone', () => {
  it('is a secret as a string or element text that ends with the token', () => {
    for (let i = 0; i < DRAWS; i++) {
      const token = `tk_${generated()}`
      expect(
        lines(
          'cmd/subscribe_test.go',
          `func TestSub(t *testing.T) {\n\trequire.Equal(t, "Bearer ${token}", r.Header.Get("Authorization"))\n}\n`,
        ),
      ).toEqual([2])
      expect(
        lines('docs/examples.md', `<entry key='sms.http.authorization'>Bearer ${token}</entry>\n`),
      ).toEqual([1])
    }
  })

  it('stays quiet on a string that goes on past the token, variables and placeholders', () => {
    for (const line of [
      'req.Header.Set("X", "Bearer " + token)',
      'want := "Bearer <token>"',
      'want := "Bearer ${TOKEN}"',
      'msg := "Bearer tokenization happens before the request is sent"',
      'want := "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"',
      'assert.Equal(t, "Bearer upstream-test-token-12345", auth)',
      "$request->headers['AUTHORIZATION'] = 'Bearer accesstoken-expired';",
    ])
      expect(lines('client_test.go', `func f() {\n\t${line}\n}\n`), line).toEqual([])
  })
})

describe("a token as the password of curl's empty user, or of Basic", () => {
  it('is a secret', () => {
    for (let i = 0; i < DRAWS; i++) {
      const token = `tk_${generated()}`
      expect(lines('docs/publish.md', `e.g. \`curl -u:${token} ...\`:\n`)).toEqual([1])
      expect(
        lines('docs/publish.md', `\`\`\`\ncurl -u :${token} https://ntfy.example.com/t\n\`\`\`\n`),
      ).toEqual([2])
      const basic = Buffer.from(`:${token}`).toString('base64')
      expect(lines('docs/publish.md', `\`\`\`\nAuthorization: Basic ${basic}\n\`\`\`\n`)).toEqual([2])
    }
  })

  it('stays quiet on variables and an empty user with a short password', () => {
    expect(lines('run.sh', 'curl -u :$NTFY_TOKEN https://ntfy.sh/t\n')).toEqual([])
    expect(lines('run.sh', `curl -u :\${NTFY_TOKEN} https://ntfy.sh/t\n`)).toEqual([])
    expect(lines('docs/a.md', `Authorization: Basic ${Buffer.from(':x7Qp2').toString('base64')}\n`)).toEqual(
      [],
    )
  })
})

describe('Rust typed constants and key-encryption keys', () => {
  it("finds a &str / &'static str constant under a credential name", () => {
    for (let i = 0; i < DRAWS; i++) {
      const value = generated()
      expect(lines('src/lib.rs', `pub const NOT_ADMIN_TEST_PASSWORD: &str = "${value}";\n`)).toEqual([1])
      expect(lines('src/lib.rs', `// const IMPORT_PASSWORD: &'static str = "${value}";\n`)).toEqual([1])
    }
    expect(lines('src/lib.rs', 'pub const ADMIN_PASSWORD: &str = "changeme";\n')).toEqual([])
    expect(lines('src/lib.rs', 'pub const PASSWORD_ENV: &str = "KANIDM_PASSWORD";\n')).toEqual([])
    // A label naming a key (an HMAC's domain separator), not a key.
    expect(lines('src/lib.rs', 'const APP_HMAC_KEY: &str = "myapp-hmac-key-v2";\n')).toEqual([])
  })

  it('finds a key-encryption key named KEK', () => {
    for (let i = 0; i < DRAWS; i++) {
      const kek = randomBytes(32).toString('base64')
      expect(
        lines('docker-compose.yml', `services:\n  app:\n    environment:\n      SECRET_VAULT_KEK: ${kek}\n`),
      ).toEqual([4])
      expect(lines('.env', `VAULT_KEK=${kek}\n`)).toEqual([1])
    }
    expect(
      lines(
        'docker-compose.yml',
        'services:\n  app:\n    environment:\n      SECRET_VAULT_KEK: ${SECRET_VAULT_KEK}\n',
      ),
    ).toEqual([])
    // Base64 of a phrase typed to fill 32 bytes (a chart's commented sample): no generated key.
    const typed = Buffer.from('thirty_two_byte_keyfillerfillerr').toString('base64')
    expect(lines('values.yaml', `conf:\n  simple_crypto:\n    kek: "${typed}"\n`)).toEqual([])
  })
})
