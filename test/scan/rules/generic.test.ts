import { describe, expect, it } from 'vitest'
import { createDetector } from '../../../src/scan/engine.js'
import { CS, rnd } from './tokens.js'

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
  ['.env', 'SMTP_PASSWORD=hunter2x', 'generic-password'],
  ['app.ini', `[db]\npassword = ${v()}\n`, 'generic-password'],
  ['config.toml', `[server]\nsecret_key = "${v()}"\n`, 'generic-secret'],
  ['main.tf', `resource "x" "y" {\n  password = "${v()}"\n}`, 'generic-password'],
  ['app.properties', `spring.datasource.password=${v()}`, 'generic-password'],
  ['client.ts', `const apiKey = '${v()}'`, 'generic-api-key'],
  ['client.py', `client = Client(access_key="${v()}")`, 'generic-api-key'],
  ['main.go', `cfg := Config{Password: "${v()}"}`, 'generic-password'],
  ['settings.yaml', `credentials: ${v()}`, 'generic-secret'],
  ['docker-compose.yml', `environment:\n  - POSTGRES_PASSWORD=${v()}\n`, 'generic-password'],
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
  ['values.yaml', 'compass: north-by-north-west'],
]

describe('generic rules', () => {
  it.each(TRUE_POSITIVES)('%s: finds %j', (path, text, ruleId) => {
    const findings = detector.scanFile(path, text).findings
    expect(findings.map((f) => f.ruleId)).toEqual([ruleId])
  })

  it.each(FALSE_POSITIVES)('%s: ignores %j', (path, text) => {
    expect(detector.scanFile(path, text).findings).toEqual([])
  })
})
