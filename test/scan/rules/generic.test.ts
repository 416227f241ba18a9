import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../../src/scan/engine.js'
import { CS, rnd } from './tokens.js'
import { shannonEntropy } from '../../../src/scan/entropy.js'

const detector = createDetector()
const v = (): string => `${rnd(CS.alnum, 15)}7`

// [path, text, rule id] — secret-like assignments in each format.
const TRUE_POSITIVES: [string, string, string][] = [
  ['values.yaml', `database:\n  password: ${v()}\n`, 'generic-password'],
  ['values.yaml', `auth:\n  clientSecret: "${v()}"\n`, 'generic-secret'],
  ['config.json', `{"api_key": "${v()}"}`, 'generic-api-key'],
  ['config.json', `{\n  "auth": {"token": "${v()}"}\n}`, 'generic-token'],
  ['.env', `DB_PASSWORD=${v()}`, 'generic-password'],
  ['.env.production', `export STRIPE_SECRET=${v()}`, 'generic-secret'],
  // A dictionary word with digits is reported as typed words (warn-only), not as a random secret.
  ['.env', 'SMTP_PASSWORD=hunter2x', 'typed-word-password'],
  ['app.ini', `[db]\npassword = ${v()}\n`, 'generic-password'],
  ['config.toml', `[server]\nsecret_key = "${v()}"\n`, 'generic-secret'],
  ['main.tf', `resource "x" "y" {\n  password = "${v()}"\n}`, 'generic-password'],
  ['app.properties', `spring.datasource.password=${v()}`, 'generic-password'],
  ['client.ts', `const apiKey = '${v()}'`, 'generic-api-key'],
  ['client.py', `client = Client(access_key="${v()}")`, 'generic-api-key'],
  ['main.go', `cfg := Config{Password: "${v()}"}`, 'generic-password'],
  ['settings.yaml', `credentials: ${v()}`, 'generic-secret'],
  ['values.yaml', 'postgresql:\n  auth:\n    password: hunter22\n', 'typed-word-password'],
  [
    'deploy.yaml',
    `env:\n  - name: API_TOKEN\n    value: "${v()}"\n  - name: LOG_LEVEL\n    value: debug\n`,
    'generic-token',
  ],
  ['deploy.yaml', 'env:\n  - name: DB_PASSWORD\n    value: hunter22 # set by ops\n', 'typed-word-password'],
  ['docker-compose.yml', `environment:\n  - POSTGRES_PASSWORD=${v()}\n`, 'generic-password'],
  // Assignments written other ways (issue 16): Makefile, PHP, typed declarations, setters, XML.
  ['Makefile', `DB_PASSWORD ?= ${v()}\n`, 'generic-password'],
  ['build.mk', `API_TOKEN ::= ${v()}\n`, 'generic-token'],
  ['Makefile', `DB_PASSWORD :::= ${v()}\n`, 'generic-password'],
  ['Makefile', `SECRET_KEY := ${v()}\n`, 'generic-secret'],
  ['config.php', `<?php\n$password .= '${v()}';\n`, 'generic-password'],
  ['config.php', `<?php\n$db_password.="${v()}";\n`, 'generic-password'],
  ['main.go', `package main\n\nvar dbPassword string = "${v()}"\n`, 'generic-password'],
  // gofmt aligns a struct literal's values after the colon (held-out-25: Pomerium's and Authelia's tests).
  [
    'authorize_test.go',
    `o := config.Options{\n\tAuthenticateURLString: "https://authN.example.com",\n\tCookieSecret:          "${v()}",\n}\n`,
    'generic-secret',
  ],
  // A shared key and a MAC key (HMAC, ACME's EAB) are secrets (held-out-25: Pomerium's tests).
  ['proxy_test.go', `opts.SharedKey = "${v()}"\n`, 'generic-api-key'],
  ['autocert_test.go', `fields{\n\tEABKeyID:  "keyID",\n\tEABMACKey: "${v()}",\n}\n`, 'generic-api-key'],
  ['config.yaml', `hmac_key: ${v()}\n`, 'generic-api-key'],
  // A container's env in JSON (held-out-25: a pod spec inside Pomerium's compose file).
  [
    'compose.yml',
    `args: [{\n  "env": [\n    {\n      "name": "COOKIE_SECRET",\n      "value": "${v()}"\n    }\n  ]\n}]\n`,
    'generic-secret',
  ],
  // A setter given the name in a constant (held-out-25: the MongoDB operator's tests build Secrets so).
  [
    'authentication_test.go',
    `s := secret.Builder().\n\tSetName(user.PasswordSecretName).\n\tSetField(user.PasswordSecretKey, "${v()}").\n\tBuild()\n`,
    'generic-secret',
  ],
  ['scram_test.go', `b.SetField(constants.AgentPasswordKey, "${v()}")\n`, 'generic-password'],
  // An object's member named like a password manager still holds what it is given.
  ['brands.ts', `export const config = {\n  OnePassword: "${v()}",\n}\n`, 'generic-password'],
  // Counterparts of the held-out-5/6 false alarms: a value that only starts like a number, base64
  // of a random password with its padding cut off, a word with digits that are not counted.
  ['values.yaml', 'auth_token: 9e4a7c2f1b8d6e3a\n', 'generic-token'],
  [
    'chart_test.py',
    `content = {"elk_pass": "${Buffer.from(rnd(CS.alnum, 20)).toString('base64').replace(/=+$/, '')}"}`,
    'generic-password',
  ],
  ['values.yaml', 'stringData:\n  password: "pass-839201"\n', 'generic-password'],
  [
    'models/local.yaml',
    `params:\n  apiBase: http://llama-strix.llm:8080/v1\n  apiKey: ${v()}\n`,
    'generic-api-key',
  ],
  ...((token: string): [string, string, string][] => [
    ['ci.yaml', `token: ${token}\nremote: https://${token}@github.com/org/repo.git\n`, 'generic-token'],
  ])(v()),
  ['main.go', `package main\n\nvar password = "${v()}"\n`, 'generic-password'],
  ['Config.kt', `val apiToken: String = "${v()}"`, 'generic-token'],
  ['Main.java', `System.setProperty("db.password", "${v()}");`, 'generic-password'],
  ['Main.java', `props.put("client_secret", "${v()}");`, 'generic-secret'],
  [
    'Program.cs',
    `var settings = new Dictionary<string, string> { { "Password", "${v()}" } };`,
    'generic-password',
  ],
  [
    'settings.xml',
    `<server>\n  <id>repo</id>\n  <password>${v()}</password>\n</server>\n`,
    'generic-password',
  ],
  ['web.config', `<add>\n<apiKey>${v()}</apiKey>\n</add>`, 'generic-api-key'],
  [
    'nuget.config',
    `<packageSourceCredentials><feed>\n  <add key="ClearTextPassword" value="${v()}" />\n</feed></packageSourceCredentials>`,
    'generic-password',
  ],
]

// Things that look like assignments to secret-like names but hold no secret.
const FALSE_POSITIVES: [string, string][] = [
  ['values.yaml', 'password: changeme'],
  ['values.yaml', 'password: "<password>"'],
  ['values.yaml', 'password: ${DB_PASSWORD}'],
  ['values.yaml', 'password: "{{ .Values.db.password }}"'],
  ['values.yaml', 'password: example-password'],
  ['values.yaml', 'password: dummy'],
  ['values.yaml', 'password: xxxxxxxxxxxx'],
  ['values.yaml', 'password: "********"'],
  ['values.yaml', 'secretName: my-app-credentials'],
  ['values.yaml', 'existingSecret: postgres-credentials'],
  ['values.yaml', 'passwordSecretKeyRef: db-password'],
  ['values.yaml', 'token_url: https://auth.corp/oauth/token'],
  ['values.yaml', 'tokenFile: /var/run/secrets/token'],
  ['values.yaml', 'secret: true'],
  ['values.yaml', 'password: ""'],
  ['values.yaml', 'password:'],
  ['values.yaml', 'secretKey: SECRET_KEY_ENV_NAME'],
  ['values.yaml', 'password: |'],
  ['values.yaml', 'max_token_length: 4096'],
  ['values.yaml', 'token_ttl: 30m'],
  ['values.yaml', 'pass: 1234567890'],
  [
    'values.yaml',
    'publicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  ],
  ['app.ts', 'const password = getPassword()'],
  ['app.ts', 'const token = process.env.GITHUB_TOKEN'],
  ['app.ts', 'const secret = config.auth.secret'],
  ['app.py', 'password = os.environ["DB_PASSWORD"]'],
  ['app.py', 'if password == "": raise'],
  ['README.md', 'Run `login --password $PASSWORD`'],
  ['.env.example', 'DB_PASSWORD=your_password_here'],
  ['values.yaml', 'password: secretref+vault://app/db#password'],
  [
    'values.yaml',
    'password: ENC[AES256_GCM,data:Zm9v,iv:YWJjZGVmZ2hpamts,tag:bW5vcHFyc3R1dnd4eXo=,type:str]',
  ],
  ['values.yaml', 'author: Jane Doe'],
  [
    'deploy.yaml',
    'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n',
  ],
  ['deploy.yaml', 'env:\n  - name: TOKEN_PATH\n    value: /var/run/secrets/token\n'],
  ['deploy.yaml', 'env:\n  - name: DB_PASSWORD\n    value: "$(DB_PASSWORD)"\n'],
  [
    'rendered.yaml',
    'annotations:\n  checksum/secret: 3b5d5c3712955042212316173ccf37be8000e1f1b3e0aa7fd0a4a6f1b8fc6e3a\n',
  ],
  ['values.yaml', 'compass: north-by-north-west'],
  // Helm template code (bitnami/charts shapes): assignments inside `{{ }}` are template variables.
  ['templates/_secrets.tpl', '      {{- $password = randAscii $passwordLength }}\n'],
  [
    'templates/secrets.yaml',
    '{{- $postgresPassword := (ternary (coalesce .Values.auth.password) (eq $customUser "postgres")) }}\n',
  ],
  ['templates/secret.yaml', '      {{- range $user, $password := .Values.auth.basicAuthUsers }}\n'],
  [
    'templates/secrets.yaml',
    '  uri: {{ printf "postgresql://postgres:%s@%s:%s/postgres" $postgresPassword $host $port | b64enc | quote }}\n',
  ],
  // Deploy-time placeholders and Kubernetes env expansion.
  ['config.yml', 'plex:\n  token: <<PLEX_API_KEY>>\n'],
  ['etcd.yaml', 'args:\n  - --initial-cluster-token=etcd-$(K8S_NAMESPACE)\n'],
  ['client_test.go', '\t\t\tToken:    "abc123def\\n",\n'],
  // An image reference whose path holds a keyword: `secrets:v0.9.8` is a tag, not an assignment.
  [
    'test.yaml',
    'asserts:\n  - equal:\n      value: ghcr.io/external-secrets/external-secrets:v0.9.8-ubi-boringssl\n',
  ],
  // Near misses of the forms above: placeholders, references and expressions.
  ['Makefile', 'DB_PASSWORD ?= $(shell cat .db-password)\n'],
  ['Makefile', 'DB_PASSWORD ?= changeme\n'],
  ['config.php', '<?php\n$password .= $suffix;\n'],
  ['main.go', 'package main\n\nvar dbPassword string = os.Getenv("DB_PASSWORD")\n'],
  [
    'authorize_test.go',
    'o := config.Options{\n\tAuthenticateURLString: authURL,\n\tCookieSecret:          tc.cookieSecret,\n}\n',
  ],
  ['authorize_test.go', 'o := config.Options{\n\tCookieSecret:          "<cookie-secret>",\n}\n'],
  [
    'pod.json',
    '{"env": [\n  {\n    "name": "COOKIE_SECRET_FILE",\n    "value": "/run/secrets/cookie"\n  },\n  {\n    "name": "LOG_LEVEL",\n    "value": "Qz8xK2vB7nLp4mWt"\n  }\n]}\n',
  ],
  ['authentication_test.go', 'b.SetField(user.PasswordSecretKey, password)\n'],
  ['authentication_test.go', 'b.SetField(user.UsernameKey, "Qz8xK2vB7nLp4mWt")\n'],
  ['authentication_test.go', 'b.SetName(user.PasswordSecretName, "mdb-user-password")\n'],
  ['proxy_test.go', 'opts.SharedKey = tc.SharedKey\n'],
  ['config.yaml', 'shared_key_file: /etc/pomerium/shared_key\n'],
  // held-out-25: a test's invalid input, words wrapped in punctuation; an enum of passkey providers'
  // AAGUIDs whose members are password managers' names.
  ['autocert_test.go', 'fields{\n\tEABMACKey: ">invalid-base64-url-encoded-mac-key<",\n}\n'],
  [
    'passkeys.ts',
    'export enum PasskeyBrand {\n  AliasVault = "a11a5faa-9f32-4b8c-8c5d-2f7d13e8c942",\n  OnePassword = "bada5566-a7aa-401f-bd96-45619a55120d",\n  NordPass = "b84e4048-15dc-4dd0-8640-f4f60813c8af",\n}\n',
  ],
  // held-out-25 (Ceph RGW docs): an access key's ID in base64 with its secret key on the next line.
  [
    'ceph-object-multisite.md',
    '```json\n{\n  "user": "realm-a-system-user",\n  "access_key": "aSw4blZIKV9nKEU5VC0=",\n  "secret_key": "<secret>"\n}\n```\n',
  ],
  ['Main.java', 'System.setProperty("db.password", System.getenv("DB_PASSWORD"));'],
  ['Main.java', 'System.setProperty("db.password", "${db.password}");'],
  ['Main.java', 'props.put("password.file", "/etc/app/password");'],
  ['settings.xml', '<password>${env.REPO_PASSWORD}</password>'],
  ['settings.xml', '<password>your-password</password>'],
  ['settings.xml', '<passwordFile>/run/secrets/db</passwordFile>'],
  ['pom.xml', '<tokenUrl>https://auth.example.com/oauth/token</tokenUrl>'],
  ['nuget.config', '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />'],
  ['web.config', '<add key="PasswordPolicy" value="Strong" />'],
  // held-out-5/6 categories: a number under a token name, base64 of PEM header text (padding cut
  // off), a demo word with a counted run, a camelCase phrase, an opencode `{env:NAME}` reference.
  ['models/glm.yaml', 'extra:\n  input_cost_per_token: 1.25e-07\n'],
  ['chart_test.py', 'content = {\n    "elk_pass": "LS1CRUdJTiBgUFJJVkFURSB",\n}'],
  ['values.yaml', '#      ELASTICSEARCH_PASSWORD: "LS1CRUdJTiBgUFJJVkFURSB"'],
  ['values.yaml', 'stringData:\n  password: "pass-123456"\n'],
  ['system.yaml', "        # params: 'mode=single;password=toBeOverridden'"],
  ['configmap.yaml', '  "apiKey": "{env:LITELLM_API_KEY}",'],
  // held-out-18: go test's result lines (`go test -v`, and the same in a `go test -json` log).
  [
    'go-test.log',
    '    --- PASS: TestMutationHTTPToHTTPS/Remove_Elasticsearch_if_it_already_exists (0.01s)\n',
  ],
  [
    'testdata/stream.json',
    '{"Action":"output","Test":"TestMutation","Output":"    --- PASS: TestMutationHTTPToHTTPS/Creating_an_Elasticsearch_cluster_should_succeed (0.03s)\\n"}\n',
  ],
  [
    'models/local.yaml',
    'params:\n  apiBase: http://llama-strix-dsv4f.llm:8080/v1\n  apiKey: llama-strix-dsv4f\n',
  ],
]

const b64 = (text: string): string => Buffer.from(text).toString('base64')

// Shapes of the false alarms found on real repositories (bench/real-repos.json), each beside a real
// secret in the same position, so a filter that hides the secret too fails here.
const PAIRS: [string, (value: string) => string, string, string][] = [
  // [path, template, demo value, real-shaped value]
  ['values.yaml', (x) => `plugin.myplugin.token: "${x}"`, b64('strong-password'), b64(rnd(CS.alnum, 18))],
  ['values.yaml', (x) => `clientSecret: "${x}"`, b64('hello-world'), `${rnd(CS.alnum, 31)}x`],
  ['values.yaml', (x) => `initialClusterToken: "${x}"`, 'etcd-cluster-prod', rnd(CS.alnum, 24)],
  ['values.yaml', (x) => `  ## - secret: ${x}`, 'custom-CA', `${rnd(CS.alnum, 20)}9`],
  ['main.go', (x) => `		{SecretKey: "${x}"},`, 'SERVICE_NAME-2', `${rnd(CS.alnum, 39)}7`],
  ['main.go', (x) => `	iamCredentialsSecret = "${x}"`, 'iam_credentials/', `${rnd(CS.alnum, 23)}1`],
  ['main.go', (x) => `	sshPrivateKey = "${x}"`, 'sshPrivateKey', `${rnd(CS.alnum, 23)}1`],
  [
    'main.go',
    (x) => `	SessionToken: "${x}",`,
    'FwoGZXIvYXdzEBYaD...',
    `FwoGZXIvYXdzEBYaD${rnd(CS.alnum, 40)}`,
  ],
  [
    'main.go',
    (x) => `	tokenReg = regexp.MustCompile(\`client_token":"${x}"\`)`,
    's\\.([A-Za-z0-9]+)',
    rnd(CS.alnum, 26),
  ],
  ['main.go', (x) => `	response := \`{"access_token":"${x}"}\``, 'REDACTED', rnd(CS.alnum, 32)],
  ['main.go', (x) => `	password := "${x}"`, 'S3cr3tP@ss', `${rnd(CS.alnum, 13)}!`],
  ['main.go', (x) => `	"clientSecret": "${x}",`, 'aabbccddeeff00112233', rnd(CS.hex, 20)],
  [
    'externalsecret.yaml',
    (x) => `      data:\n        APP_POSTGRES_PASS: &dbPass "${x}"\n`,
    '{{ .POSTGRES_PASS }}',
    `${rnd(CS.alnum, 19)}3`,
  ],
  [
    'workflow.yaml',
    (x) => `          repo_secrets: |\n            GPG_PRIVATE_KEY=${x}\n`,
    'helm-chart-signing-key:private_key',
    `${rnd(CS.alnum, 23)}1`,
  ],
  ['README.md.gotmpl', (x) => `  apiToken: ${x}`, '87654321-432104321-4321-210987654321', rnd(CS.hex, 32)],
  [
    'client_test.go',
    (x) => `		"access_token": "${x}",`,
    'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9',
    `eyJ${rnd(CS.alnum, 33)}`,
  ],
  [
    'util_test.go',
    (x) => `		"credentials": \`${x}\`,`,
    b64('[default]\naws_access_key_id=<access_key_id>\naws_secret_access_key=<secret_access_key>\n'),
    b64(
      `[default]\naws_access_key_id=AKIA${rnd(CS.upper, 16)}\naws_secret_access_key=${rnd(CS.alnum, 40)}\n`,
    ),
  ],
  [
    'e2e-setup.sh',
    (x) => `vault kv put secret/app1 api_key="${x}"`,
    'app1-api-key-v1',
    `${rnd(CS.alnum, 15)}7`,
  ],
  ['values.yaml', (x) => `    credentials: ${x}`, 'ext:/scripts/auth1.sh', `${rnd(CS.alnum, 23)}1`],
  ['client_test.go', (x) => `		"access_key":    "${x}",`, 'acc<ess_&ke.,y', `${rnd(CS.alnum, 19)}&`],
  ['main_test.go', (x) => `			sshPass:  "${x}",`, 'abcde12345', `${rnd(CS.alnum, 11)}5`],
  ['acme_test.go', (x) => `		token   = "${x}"`, 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA', rnd(CS.url, 43)],
  [
    'deploy.yaml',
    (x) => `env:\n  - name: KC_DB_PASSWORD\n    value: ${x}\n`,
    'OpenshiftCA',
    `${rnd(CS.alnum, 11)}4`,
  ],
]

describe('generic rules', () => {
  it.each(PAIRS)('%s: ignores the demo shape %#, finds the secret in its place', (path, line, demo, real) => {
    expect(detector.scanFile(path, line(demo)).findings).toEqual([])
    expect(detector.scanFile(path, line(real)).findings.map((f) => f.secret)).toEqual([real])
  })

  // Judging a base64 document runs the generic rules on its text inside the outer scan: the outer
  // scan must go on where it was (shared regex state once made this loop forever).
  it('scans on after a value holding a base64 document', () => {
    const doc = b64('[default]\naws_access_key_id=<access_key_id>\naws_secret_access_key=<secret>\n')
    const real = `${rnd(CS.alnum, 21)}4`
    const text = `credentials: "${doc}"\napi_token: "${real}"\n`
    expect(detector.scanFile('config.yaml', text).findings.map((f) => f.secret)).toEqual([real])
  }, 10_000)

  it.each(TRUE_POSITIVES)('%s: finds %j', (path, text, ruleId) => {
    const findings = detector.scanFile(path, text).findings
    expect(findings.map((f) => f.ruleId)).toEqual([ruleId])
  })

  it.each(FALSE_POSITIVES)('%s: ignores %j', (path, text) => {
    expect(detector.scanFile(path, text).findings).toEqual([])
  })

  // Last, so the seeded values above stay as they were. Beside go test's result lines (held-out-18),
  // a password under a name ending in PASS is still one.
  it('ends a bare value inside a JSON string at its escape, not after it', () => {
    const value = v()
    const text = `{"config": "db:\\n  password: ${value}\\n  user: admin\\n"}\n`
    const findings = detector.scanFile('config/app.json', text).findings
    expect(findings.map((f) => [f.ruleId, f.secret])).toEqual([['generic-password', value]])
    const [finding] = findings
    expect(finding?.column).toBe(text.indexOf(value) + 1)
  })

  it('finds a password under a PASS name in a go test log', () => {
    const real = v()
    const text = `{"Output":"    --- PASS: TestReconcile/creates_the_secret (0.01s)\\n"}\n{"Output":"DB_PASS: ${real}"}\n`
    expect(detector.scanFile('testdata/stream.json', text).findings.map((f) => f.secret)).toEqual([real])
  })

  // held-out-17 (netbox-docker): Django's get_random_secret_key() draws from these characters; a key
  // that opens with a letter and `(` was taken for a function call, a reference, and dropped.
  it('finds a Django SECRET_KEY that opens like a call; calls of code stay references', () => {
    const django = `${CS.lower}${CS.digits}!@#$%^&*(-_=+)`
    for (let i = 0; i < 30; i++) {
      const key = `${rnd(CS.lower, 1 + (i % 3))}(${rnd(django, 48)}`
      const found = detector.scanFile('env/netbox.env', `SECRET_KEY='${key}'\n`).findings
      expect(found.map((f) => f.secret)).toEqual([key])
    }
    for (const call of [
      'os.getenv("DJANGO_SECRET")',
      'env(OIDC_CLIENT_SECRET)',
      'jsonencode({',
      'toRef(props',
    ])
      expect(detector.scanFile('app.ts', `const secretKey = ${call}\n`).findings).toEqual([])
  })

  // Also last. held-out-18 (Appwrite's hash-import tests): a hex digest of a word on its own line is
  // a hash of a password in view; random hex of the same length in its place is still reported.
  it.each(['md5', 'sha512'])('drops a %s digest of a word on its line, not random hex', (algorithm) => {
    const digest = createHash(algorithm).update('appwrite').digest('hex')
    const line = (value: string): string => `<?php\n$user = ['password' => '${value}', // appwrite\n];\n`
    expect(detector.scanFile('tests/UsersBase.php', line(digest)).findings).toEqual([])
    const random = rnd(CS.hex, digest.length)
    expect(detector.scanFile('tests/UsersBase.php', line(random)).findings.map((f) => f.secret)).toEqual([
      random,
    ])
  })

  // held-out-16 (CloudNativePG e2e tests): a random 10-character password whose letters repeat scores
  // under 3.0 bits, as 14 % of random 10-character values do; mixing capitals, small letters and
  // digits it needs only what random values of its length score.
  it('finds short random passwords of mixed case and digits that score under 3.0 bits', () => {
    const low: string[] = []
    while (low.length < 20) {
      const value = rnd(CS.alnum, 8 + (low.length % 3))
      const mixed = /[A-Z]/.test(value) && /[a-z]/.test(value) && /\d/.test(value)
      const gate = Math.max(2.5, Math.log2(value.length) - 0.7)
      if (mixed && shannonEntropy(value) < 3 && shannonEntropy(value) >= gate) low.push(value)
    }
    for (const value of low) {
      const found = detector.scanFile('update_user_test.go', `\tconst newPassword = "${value}"\n`).findings
      expect(found.map((f) => [f.ruleId, f.secret])).toEqual([['generic-password', value]])
    }
    // A piece of the published JWT header under a client secret name (woodpecker's forge tests).
    expect(detector.scanFile('github_test.go', 'Opts{OAuthClientSecret: "I1NiIsInR5"}\n').findings).toEqual(
      [],
    )
  })

  // held-out-17 (Strimzi system tests): base64 of a random password passed as the last argument of a
  // call that changes a credential; a getter's argument names a Secret.
  it('finds a random literal passed to a call that sets a password; a getter argument is a name', () => {
    const value = Buffer.from(rnd(CS.alnum, 32)).toString('base64')
    const call = `KafkaUserUtils.modifyKafkaUserPasswordWithNewSecret(ns.get(), user, customSecret, "${value}");\n`
    expect(detector.scanFile('MirrorMaker2ST.java', call).findings.map((f) => f.secret)).toEqual([value])
    const getter = 'certs := getSecret(secrets, "test-es-name-es-sset1-es-transport-certs")\n'
    expect(detector.scanFile('reconcile_test.go', getter).findings).toEqual([])
  })

  // held-out-17 (awesome-compose): the default a substitution falls back to is the password used
  // whenever the variable is unset — Spring's `${NAME:default}`, the shell's and Compose's `:-`/`:=`.
  it('judges the default of a substitution as the value; no default, `:?` and `:+` are references', () => {
    const value = v()
    for (const [path, line] of [
      ['application.properties', `spring.datasource.password=\${MYSQL_PASSWORD:${value}}`],
      ['docker-compose.yml', `environment:\n  - POSTGRES_PASSWORD=\${POSTGRES_PASSWORD:-${value}}\n`],
      ['values.yaml', `auth:\n  token: "\${API_TOKEN:=${value}}"\n`],
    ] as const) {
      const [finding, ...more] = detector.scanFile(path, line).findings
      expect(more, path).toEqual([])
      expect(finding?.secret, path).toBe(value)
      expect(finding?.column, path).toBe(
        line
          .split('\n')
          .find((l) => l.includes(value))!
          .indexOf(value) + 1,
      )
    }
    for (const line of [
      'spring.datasource.password=${MYSQL_PASSWORD:changeme}',
      'spring.datasource.password=${MYSQL_PASSWORD:}',
      `POSTGRES_PASSWORD=\${POSTGRES_PASSWORD:?${value}}`,
      `POSTGRES_PASSWORD=\${POSTGRES_PASSWORD:+${value}}`,
      'DB_PASSWORD=${DB_PASSWORD:-${FALLBACK_PASSWORD}}',
    ])
      expect(detector.scanFile('app.env', line).findings, line).toEqual([])
    // After `:-` the default may itself open with `+` (one `openssl rand -base64 32` key in 64).
    const plus = `+${value}=`
    const compose = `environment:\n  - POSTGRES_PASSWORD=\${POSTGRES_PASSWORD:-${plus}}\n`
    expect(detector.scanFile('docker-compose.yml', compose).findings.map((f) => f.secret)).toEqual([plus])
  })

  // A file that is one secret, named for it (Docker secrets, `--from-file` sources): its name is the
  // name; any other file, or a document under that name, is judged as before.
  it('finds a file that is one random value named for a password, secret or token', () => {
    const value = v()
    for (const path of [
      'db/password.txt',
      'secrets/postgres_root_password',
      'secrets/api-token.txt',
      'jwt.secret',
    ])
      expect(
        detector.scanFile(path, `${value}\n`).findings.map((f) => [f.ruleId, f.secret]),
        path,
      ).toEqual([['secret-file', value]])
    for (const path of ['db/init.txt', 'secrets/README', 'password-policy.md', 'tokens.txt.example'])
      expect(detector.scanFile(path, `${value}\n`).findings, path).toEqual([])
    for (const text of ['my-db-password\n', `${value} ${value}\n`, `password: ${value}\nuser: admin\n`])
      expect(
        detector.scanFile('db/password.txt', text).findings.filter((f) => f.ruleId === 'secret-file'),
        text,
      ).toEqual([])
  })

  // held-out-10/-18 false alarms, each a shape rather than a line: a character escape
  // (imapsync's `\x{00D6}`), a made-up GitHub token, a typed demo password, a file read by path and a
  // hash scheme in a Dovecot config, a hash function's test vector, a password hash beside its salt.
  it('ignores escapes, made-up GitHub tokens, typed runs, file and scheme settings, test vectors, salted hashes', () => {
    const quiet: [string, string][] = [
      ['imapsync', "is( 'bb5bfb46', hashsync( $sync ), 'hashsync: password1: \\x{00D6}' ) ;\n"],
      ['sync.pl', "my %t = ( password => '\\u{1F600}\\u{1F601}' );\n"],
      ['hack/README.md', '```json\n{\n  "github-token": "ghp_asdflkj12340987"\n}\n```\n'],
      ['config.json', '{"token": "github_pat_11ABCDEFG0123456789"}\n'],
      ['examples/app/.env', 'dbPass=AaAa1234\n'],
      ['dovecot.conf', 'mail_crypt_global_private_key = </mail_crypt/ecprivkey.pem\n'],
      ['dovecot.conf', 'auth_verbose_passwords = sha1:6\ndefault_pass_scheme = SHA512-CRYPT\n'],
      ['auth_test.go', `\t\t{"secret", "${createHash('sha256').update(v()).digest('hex')}"},\n`],
      [
        'UsersBase.php',
        `  'password' => '${randomBytes(64).toString('hex')}',\n  'name' => 'User',\n  'passwordSalt' => 'appwrite',\n`,
      ],
      [
        'UsersBase.php',
        `  'password' => '${randomBytes(64).toString('base64')}',\n  'passwordSalt' => '${randomBytes(10).toString('base64')}',\n`,
      ],
    ]
    for (const [path, text] of quiet) expect(detector.scanFile(path, text).findings, text).toEqual([])
    // The same places with a secret in them are still reported.
    const value = v()
    const found: [string, string][] = [
      ['sync.pl', `my %t = ( password => '${value}' );\n`],
      ['config.json', `{"token": "${value}"}\n`],
      ['dovecot.conf', `auth_verbose_passwords = ${value}\n`],
      ['auth_test.go', `\t\t{"secret", "${value}"},\n`],
      ['UsersBase.php', `  'password' => '${value}',\n  'passwordSalt' => 'appwrite',\n`],
      ['UsersBase.php', `  'password' => '${randomBytes(64).toString('hex')}',\n  'name' => 'User',\n`],
    ]
    for (const [path, text] of found) expect(detector.scanFile(path, text).findings.length, text).toBe(1)
  })

  // held-out-18 (ECK's fixtures.go): a YAML config a Go test writes out, kept in a raw string, is
  // configuration, not code; outside the raw string an unquoted value is still an expression.
  it('reads the lines of a Go raw string as configuration', () => {
    const value = v()
    const fixture =
      `package es\n\n// a config with a ` +
      '`' +
      `quoted` +
      '`' +
      ` word\nvar s = "a ` +
      '`' +
      ` in a string"\nvar config = ` +
      '`' +
      `elasticsearch:\n  password: ${value}\n  username: elastic\n` +
      '`' +
      `\n`
    expect(detector.scanFile('fixtures.go', fixture).findings.map((f) => [f.line, f.secret])).toEqual([
      [6, value],
    ])
    const code =
      `package es\n\nfunc f() {\n\tpassword := ${value}\n\tx := ` +
      '`one line: password: ' +
      value +
      '`' +
      `\n}\n`
    expect(detector.scanFile('main.go', code).findings).toEqual([])
  })

  // A random password can end in `_id`, `-key` or `.name` by chance (1 in ~30,000 of 32 characters
  // with `_-`): it is not taken for a field's name when a piece of it is random text.
  it('finds random values that end in a field word by chance; field names stay names', () => {
    const words = ['ID', 'key', 'name', 'username', 'email']
    const missed: string[] = []
    for (let i = 0; i < 100; i++) {
      const value = `${rnd(CS.alnum, 8)}x7Q-${rnd(CS.alnum, 14)}_${words[i % words.length]}`
      if (detector.scanFile('values.yaml', `db:\n  password: "${value}"\n`).findings.length !== 1)
        missed.push(value)
    }
    expect(missed).toEqual([])
    for (const name of ['rb5009_username', 'some_U002D_key', 'home-assistant-7c48d_key', 'grafanaAdmin_user'])
      expect(detector.scanFile('values.yaml', `db:\n  secretKey: "${name}"\n`).findings, name).toEqual([])
  })
})

describe('values that say what they are not (s16)', () => {
  const ids = (path: string, text: string): string[] =>
    detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
  const hex = randomBytes(16).toString('hex')

  it("leaves Algolia's search-only key alone where its index and Algolia are named, not elsewhere", () => {
    const vitepress = `search: {\n  provider: 'algolia',\n  options: {\n    appId: 'X1Y2Z3',\n    apiKey: '${hex}',\n    indexName: 'docs',\n  },\n},\n`
    expect(ids('docs/.vitepress/config.mts', vitepress)).toEqual([])
    const docsearch = `window.docsearch({\n  apiKey: '${hex}',\n  indexName: 'site',\n})\n`
    expect(ids('site/assets/js/search.js', docsearch)).toEqual([])
    // An index named without Algolia, or Algolia without an index: an API key like any other.
    expect(ids('app.ts', `const client = { apiKey: '${hex}', indexName: 'users' }\n`)).toEqual([
      'generic-api-key',
    ])
    expect(ids('app.ts', `// algolia admin\nconst apiKey = '${hex}'\n`)).toEqual(['generic-api-key'])
  })

  it('leaves keys public by design alone (PostHog project, Stripe publishable, .NET PublicKeyToken), not their secret kin', () => {
    const body = randomBytes(40)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 43)
    const yaml = (value: string) => `posthog:\n  api_key: ${value}\n`
    expect(ids('values.yaml', yaml(`phc_${body}`))).toEqual([])
    expect(ids('config.ts', `const apiKey = 'pk_live_${body}'\n`)).toEqual([])
    expect(ids('values.yaml', yaml(`phx_${body}`))).toEqual(['generic-api-key'])
    expect(ids('config.ts', `const apiKey = 'pk_live_${body}!'\n`)).toEqual(['generic-api-key'])
    const strongName = `<add assembly="System.Web.Mvc, Version=5.2.3.0, Culture=neutral, PublicKeyToken=${hex.slice(0, 16)}" />\n`
    expect(ids('Web.config', strongName)).toEqual([])
    expect(ids('app.env', `PRIVATE_KEY_TOKEN=${hex}\n`)).toHaveLength(1)
  })

  // held-out-26 (Ory Hydra): Go's encoding/json writes `&`, `<`, `>` as `\u0026`, `\u003c`, `\u003e`;
  // a Link header's `page_token` is a cursor (base64 of `{"offset":"100","v":2}`), not a credential.
  it("reads Go's JSON-escaped URLs by their names and values, a cursor as a cursor, a token as a token", () => {
    const cursor = Buffer.from('{"offset":"100","v":2}').toString('base64url')
    const link = `[\n  "\\u003chttp://example.com?page_size=50\\u0026page_token=${cursor}\\u003e",\n  "rel=\\"next\\""\n]\n`
    expect(ids('.snapshots/TestPaginationHeader-next.json', link)).toEqual([])
    const token = v()
    const leaked = `{"next": "\\u003chttps://api.example.com/v1/items?token=${token}\\u0026page_size=50\\u003e"}\n`
    const found = detector.scanFile('.snapshots/TestList.json', leaked).findings
    expect(found.map((finding) => finding.ruleId)).toEqual(['generic-token'])
    expect(leaked.slice(found[0]!.column - 1, found[0]!.endColumn - 1)).toBe(token)
  })

  it('leaves a timestamp or a {name} fill-in under a token name alone, not a token', () => {
    const expiry = `{\n  "expires_at": {\n    "access_token": "2022-08-25T09:26:05Z",\n    "authorize_code": "2022-08-25T09:23:04.432089764Z",\n    "refresh_token": "2022-08-26T09:21:05+02:00"\n  }\n}\n`
    expect(ids('fixtures/session.json', expiry)).toEqual([])
    expect(ids('fixtures/session.json', `{"access_token": "2022-08-25T${v()}"}\n`)).toEqual(['generic-token'])
    const spec =
      '"description": "Examples:\\n\\n\\u003c/admin/sessions?page_size=250\\u0026page_token={last_item_uuid}; rel=\\"first\\""\n'
    expect(ids('spec/api.json', spec)).toEqual([])
  })

  // held-out-26 (smallstep's ACME tests): a challenge's token is served at a public URL, no credential.
  it("leaves an ACME challenge's token alone, not a token in another struct", () => {
    const token = v()
    const challenge = `\tch := &Challenge{\n\t\tToken: "${token}",\n\t\tType:  "wire-oidc-01",\n\t}\n`
    expect(ids('acme/challenge_test.go', challenge)).toEqual([])
    const json = `{"type": "http-01", "url": "https://ca.example/acme/chall/1", "token": "${token}"}\n`
    expect(ids('testdata/order.json', json)).toEqual([])
    expect(ids('client_test.go', `\tc := &Client{\n\t\tToken: "${token}",\n\t}\n`)).toEqual(['generic-token'])
  })

  // held-out-26 (airflow-helm's Python in a Helm template): `password=u_new["password"]` is code.
  it('leaves a subscript read under a password name alone, not a literal', () => {
    const call =
      '        created_user = appbuilder.sm.add_user(\n            password=u_new["password"]\n        )\n'
    expect(ids('templates/sync/_helpers/sync_users.tpl', call)).toEqual([])
    expect(ids('templates/sync/_helpers/sync_users.tpl', `            password="${v()}"\n`)).toEqual([
      'generic-password',
    ])
  })

  it('leaves punctuation typed as a test value alone, not a random value with symbols', () => {
    expect(ids('tests/keyword_test.py', "LETTER_SECRET = 'A,.:-@*?!'\n")).toEqual([])
    expect(ids('tests/keyword_test.py', `LETTER_SECRET = '${v()}!,.'\n`)).toEqual(['generic-secret'])
  })

  it('reads a URL password of one short lowercase word as a word, a passphrase or random one as a password', () => {
    expect(ids('e2e.yml', "run: curl -s -u 'alice:wrong' http://127.0.0.1:8001/\n")).toEqual([])
    expect(ids('URLTest.php', "$url = 'https://eldad:fux@appwrite.io';\n")).toEqual([])
    expect(ids('e2e.yml', `run: curl -s -u 'alice:${v()}' http://127.0.0.1:8001/\n`)).toEqual([
      'curl-user-password',
    ])
    // Dictionary words with a count and a symbol: typed words (warn-only) after curl -u as in a URL.
    expect(ids('README.md', '    curl -u admin:kafka#Broker7 https://localhost:9200\n')).toEqual([
      'typed-word-password',
    ])
    expect(ids('ci.yml', 'url: https://admin:kafka#Broker7@localhost:9200/\n')).toEqual([
      'typed-word-password',
    ])
    const phrase = 'https://bot:deport-silver-showcase-pusher@git.internal/repo.git\n'
    expect(ids('ci.yml', phrase).length).toBe(1)
  })

  // held-out-24 (Keycloak quickstarts): a README's steps put their commands in fences nested in a
  // list item, indented four spaces; those lines are commands, as at the margin.
  it('reads a command in a fence nested in a list item as at the margin; prose beside it stays prose', () => {
    const secret = `${rnd(CS.alnum, 20)}9+/X=`
    const fenced = (indent: string): string =>
      `1. Start the server:\n\n${indent}\`\`\`\n${indent}kc.sh start-dev --spi-hmac-secret=${secret}\n${indent}\`\`\`\n`
    expect(ids('README.md', fenced(''))).toEqual(['generic-secret'])
    expect(ids('README.md', fenced('    '))).toEqual(['generic-secret'])
    expect(ids('README.md', `The server takes --spi-hmac-secret=${secret} as its key.\n`)).toEqual([])
  })

  // held-out-26 (Ory Hydra's certification logs): an HMAC-signed opaque token (`<key>.<signature>`,
  // 43 characters each) and 12-character client secrets with a `.` read as member access; an HTTP
  // exchange logged in prose (form-encoded bodies, a Python dict holding one) was read as prose.
  it('reads random parts joined by a dot as a value, and logged form-encoded pairs as literal text', () => {
    const part = (): string => randomBytes(32).toString('base64url')
    const opaque = `${part()}.${part()}`
    const json = `{\n  "access_token": "${opaque}",\n  "client_secret": "iflKX8b.ioLO"\n}\n`
    expect(ids('logs/OP-UserInfo.txt', json)).toEqual(['generic-token', 'generic-secret'])
    // Member access names something: it stays code.
    expect(
      ids('app.json', '{"client_secret": "config.clientSecret", "token": "os.environ.TOKEN"}\n'),
    ).toEqual([])
    const body = `3.07 response access_token=${opaque}&code=${part()}.${part()}&expires_in=3599&scope=openid\n`
    expect(ids('logs/OP-ClientAuth.txt', body)).toEqual(['generic-token'])
    const request = `3.30 request code=${part()}&grant_type=authorization_code&client_secret=${v()}\n`
    expect(ids('logs/OP-ClientAuth.txt', request)).toEqual(['generic-secret'])
    expect(ids('logs/OP-UserInfo.txt', `2.79 request {'body': 'access_token=${opaque}'}\n`)).toEqual([
      'generic-token',
    ])
    // Prose stays prose: a bare pair alone, or a `name:value` inside a quoted string.
    expect(ids('docs/guide.txt', `Then set access_token=${opaque} in your shell.\n`)).toEqual([])
    expect(
      ids('UPGRADE.md', '"hydra.openid.id-token:private:fa353995-d77d-420a-b967-63bf0721271b" with\n'),
    ).toEqual([])
  })
})

describe('values that are documentation, references or filler (s22, held-out-27)', () => {
  const ids = (path: string, text: string): string[] =>
    detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
  const hex = randomBytes(16).toString('hex')

  // A vendored Ansible collection (community.general): its modules' EXAMPLES and RETURN blocks.
  it("leaves the values of an Ansible module's documentation blocks alone, not the module's code", () => {
    const module = (quote: string): string =>
      `DOCUMENTATION = r${quote}\nmodule: datadog_monitor\noptions:\n  api_key:\n    type: str\n${quote}\n\n` +
      `EXAMPLES = r${quote}\n- name: Create a metric monitor\n  community.general.datadog_monitor:\n    api_key: "${hex}"\n${quote}\n\n` +
      `RETURN = ${quote}\nuser:\n  sample: {"otp_secret": "${v()}"}\n${quote}\n\n` +
      `def main():\n    api_key = "${v()}"\n`
    expect(ids('plugins/modules/datadog_monitor.py', module("'''"))).toEqual(['generic-api-key'])
    expect(ids('plugins/modules/datadog_monitor.py', module('"""'))).toEqual(['generic-api-key'])
    // The same task in a playbook is a setting.
    const task = `- community.general.datadog_monitor:\n    api_key: "${hex}"\n`
    expect(ids('playbooks/monitors.yml', task)).toEqual(['generic-api-key'])
  })

  // consul-k8s' Terraform: `token = data.aws_eks_cluster_auth.cluster[0].token` (value cut at `]`).
  it('leaves an indexed Terraform reference under a token name alone, not a literal', () => {
    const provider = (token: string): string =>
      `provider "kubernetes" {\n  host  = module.eks[0].cluster_endpoint\n  token = ${token}\n}\n`
    expect(ids('test/eks/main.tf', provider('data.aws_eks_cluster_auth.cluster[0].token'))).toEqual([])
    expect(ids('test/eks/main.tf', provider(`"${v()}"`))).toEqual(['generic-token'])
  })

  // kyverno's conformance tests: ClusterRole names `kyverno:secrets:manage-ja51n`.
  it('leaves a credential word inside a colon-joined name alone, not `secrets: value`', () => {
    const role = (name: string): string => `kind: ClusterRole\nmetadata:\n  name: ${name}\n`
    expect(ids('test/cluster-role.yaml', role('kyverno:secrets:manage-ja51n'))).toEqual([])
    expect(ids('test/cluster-role.yaml', role('system:secrets:edit-1k1o2x'))).toEqual([])
    expect(ids('config.yaml', `auth:\n  secrets: ${v()}\n`)).toEqual(['generic-secret'])
    expect(ids('config.json', `{"a":"b","secret":"${v()}"}\n`)).toEqual(['generic-secret'])
  })

  // Vale styles (a docs site's prose linter): `tokens:` lists regular expressions.
  it('leaves regular expressions with character ranges alone, not random values', () => {
    const style = (token: string): string => `extends: existence\nnonword: true\ntokens:\n  - '${token}'\n`
    expect(ids('styles/Google/Spacing.yml', style('[a-z][.?!][A-Z]'))).toEqual([])
    expect(ids('styles/Google/Spacing.yml', style('[^A-Z]x[0-9]{2}y'))).toEqual([])
    expect(ids('styles/Google/Spacing.yml', style(v()))).toEqual(['generic-token'])
  })

  // ExternalSecret targets of an app configured by `__`-nested environment variables (SABnzbd).
  it('leaves a `__`-nested variable name under a secret name alone, not a random value', () => {
    const data = (key: string): string =>
      `  data:\n    - secretKey: ${key}\n      remoteRef: {key: "app-key"}\n`
    expect(ids('externalsecret.yaml', data('SAB__misc__nzb_key'))).toEqual([])
    expect(ids('externalsecret.yaml', data('SAB__servers__newshostingcom__username'))).toEqual([])
    expect(ids('externalsecret.yaml', data(v()))).toEqual(['generic-secret'])
  })

  // An Ansible collection's integration tests of the failure path (memset: `incorrect API key`).
  it('leaves a credential alone in a YAML task named for a wrong one, not in the next task', () => {
    const key = hex
    const tasks =
      `- name: create zone with incorrect API key\n  memset_zone:\n    api_key: "${key}"\n    state: present\n  ignore_errors: true\n` +
      `\n- name: create zone\n  memset_zone:\n    api_key: "${v()}"\n    state: present\n`
    expect(ids('tests/integration/targets/memset_zone/tasks/main.yml', tasks)).toEqual(['generic-api-key'])
    const named = (name: string): string => `- name: ${name}\n  uri:\n    password: "${v()}"\n`
    expect(ids('tasks/main.yml', named('log in with an invalid password'))).toEqual([])
    expect(ids('tasks/main.yml', named('log in with the admin password'))).toEqual(['generic-password'])
  })

  // A format string filled at run time (an Ansible module's client token; a PHP test's `{$i}`).
  it('leaves a value holding a format field alone, not a random value with braces', () => {
    expect(ids('ali_instance.py', 'client_token = "Ansible-Alicloud-{0}-{1}".format(a, b)\n')).toEqual([])
    expect(ids('RegistrationTest.php', '$user = [\'password\' => "barryIsTheBest{$i}"];\n')).toEqual([])
    expect(ids('app.py', `client_token = "${v()}{x}"\n`)).toEqual(['generic-token'])
  })

  // A Proxmox API token in a README's curl command, its secret part left as a fill-in.
  it('leaves a value whose secret part is an angle-bracket fill-in alone, not the token written out', () => {
    const curl = (token: string): string =>
      `\`\`\`shell\ncurl --header 'Authorization: PVEAPIToken=root@pam!tofu=${token}' https://pve:8006/api2/json\n\`\`\`\n`
    expect(ids('README.md', curl('<UUID>'))).toEqual([])
    expect(ids('README.md', curl(randomUUID())).length).toBe(1)
  })

  // A Ceph CSI Secret kept for reference: its cluster ID (the Ceph fsid) and storage class name.
  it("leaves a Secret's clusterID and storageClass alone, not its key", () => {
    const secret = (data: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ceph\nstringData:\n${data}`
    const names =
      '  clusterID: "407036f5-1f73-44ff-ba81-1f219b7a8a64"\n  storageClass: "csi-cephfs-backups-sc"\n'
    expect(ids('app/secret.yaml', secret(names))).toEqual([])
    expect(
      ids('app/secret.yaml', secret(`${names}  userKey: ${randomBytes(24).toString('base64')}\n`)),
    ).toEqual(['k8s-secret-plaintext'])
  })

  // kyverno's CLI tests: `foo: AAAA` in a Secret's data is a filler, base64 of random bytes is not.
  it("leaves one character repeated in a Secret's data alone, not random bytes", () => {
    const secret = (data: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: example\ndata:\n${data}`
    expect(ids('test/secret/resources.yaml', secret('  foo: AAAA\n  faq: BBBB\n'))).toEqual([])
    const random = randomBytes(24).toString('base64')
    expect(ids('test/secret/resources.yaml', secret(`  foo: ${random}\n`))).toEqual(['k8s-secret-plaintext'])
  })
})

describe('values a formatter, an encoder or a tool put away from their name (s24, held-out-29)', () => {
  const found = (path: string, text: string): [string, number][] =>
    detector.scanFile(path, text).findings.map((finding) => [finding.ruleId, finding.line])
  const token = (): string => rnd(CS.url, 86)

  // Prettier wraps a long assignment after its `=` (hedgedoc's API-token tests and seed).
  it('finds a string on the line after `=` in code, where a formatter wrapped it; not elsewhere', () => {
    for (let i = 0; i < 20; i++) {
      const ts = `describe('tokens', () => {\n  const validSecret =\n    '${token()}';\n});\n`
      expect(found('api-token.service.spec.ts', ts)).toEqual([['generic-secret', 3]])
      const java = `class T {\n  private static final String API_TOKEN =\n      "${token()}";\n}\n`
      expect(found('TokenTest.java', java)).toEqual([['generic-token', 3]])
    }
    // A call, prose, or a config file whose name has no value on its own line.
    expect(found('seed.ts', `const apiToken =\n  createToken('${token()}');\n`)).toEqual([])
    expect(found('seed.ts', "const tokenHint =\n  'Paste the token your administrator sent you';\n")).toEqual(
      [],
    )
    expect(found('app.env', `API_TOKEN=\n"${token()}"\n`)).toEqual([])
    expect(found('README.md', `Set the token =\n'${token()}'\n`)).toEqual([])
  })

  // Go's url.Values marshals a form body as lists of one string (Slack's slash-command payload in
  // tektoncd's interceptor test), escaped inside a Go string or not.
  it('finds a list of one string under a secret name, escaped or not; a list of names stays names', () => {
    const value = `${rnd(CS.alnum, 23)}7`
    const go = `payload: []byte("{\\"channel_id\\":[\\"C04NETw4NBH\\"],\\"token\\":[\\"${value}\\"]}"),\n`
    expect(found('slack_test.go', `package slack\n\nvar x = T{\n${go}}\n`)).toEqual([['generic-token', 4]])
    expect(found('payload.json', `{"team_id": ["T0001"], "token": ["${value}"]}\n`)).toEqual([
      ['generic-token', 1],
    ])
    expect(found('payload.json', '{"token": ["token_a"], "secrets": ["db-password"]}\n')).toEqual([])
    // Under a plural name, a list of things: a WebAuthn session's allowed credential ids.
    const session = `{"challenge":"${rnd(CS.url, 43)}","allowed_credentials":["${rnd(CS.url, 43)}="]}\n`
    expect(found('handler_sign_webauthn_test.go', `/*\n${session}*/\n`)).toEqual([])
  })

  // `cscli bouncers add` prints `API key for '<name>':`, a blank line, then the key (an app's docs).
  it('finds the value a tool prints under a label naming it in a console block; prose after a label stays prose', () => {
    const block = (label: string, out: string): string =>
      `\`\`\`bash\n# docker exec -t crowdsec cscli bouncers add traefik\n${label}\n\n   ${out}\n\nPlease keep this key.\n\`\`\`\n`
    const key = randomBytes(32).toString('base64url').slice(0, 43)
    expect(found('description.md', block("API key for 'crowdsec-bouncer-traefik':", key))).toEqual([
      ['generic-secret', 5],
    ])
    expect(found('description.md', block('Your new token:', key))).toEqual([['generic-token', 5]])
    expect(found('description.md', block("API key for 'crowdsec-bouncer-traefik':", 'hidden'))).toEqual([])
    expect(found('description.md', block('Bouncers:', key))).toEqual([])
  })
})
