/**
 * `.sops.yaml` policy findings only where they are true (issue 16, deliverable 4): every SOPS
 * layout counts as encrypted, under any file name; a file a creation rule covers is reported only
 * when it holds a secret value or a Secret manifest with one.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { getString } from '../../src/scan/analysers/yaml.js'
import { parseSopsPolicy } from '../../src/scan/sops-policy.js'
import { TRIGGER_KEYWORDS, documentsToAnalyse } from '../../src/scan/structured.js'
import { encrypt } from '../../src/sops/sops-file.js'
import type { SopsFormat } from '../../src/sops/stores/index.js'
import { scratchDir } from '../support/scratch.js'
import { REAL } from '../support/sops.js'

const dir = scratchDir('sops-policy')
execFileSync('age-keygen', ['-o', join(dir, 'key.txt')], { stdio: 'ignore' })
const recipient = /public key: (age1\S+)/.exec(readFileSync(join(dir, 'key.txt'), 'utf8'))?.[1] ?? ''

/** A policy as broad as real repositories write it: every file under the scan root. */
const EVERYTHING = {
  sopsConfig: { file: '.sops.yaml', text: 'creation_rules:\n  - path_regex: .*\n    age: age1x\n' },
}
const SECRETISH = {
  sopsConfig: { file: '.sops.yaml', text: 'creation_rules:\n  - path_regex: .*secret.*\n    age: age1x\n' },
}
const scan = (path: string, text: string | Uint8Array, options = EVERYTHING): string[] =>
  createDetector(options)
    .scanFile(path, text)
    .findings.map((f) => `${f.ruleId}:${f.line}`)

function walk(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

const PASSWORD = 'Zr8-vQ2mK7pLw4Xn'
/** A real unencrypted private key, made by openssl (the binary layout's plaintext). */
const rsaKey = execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
})
const PLAIN: Record<SopsFormat, [string, string]> = {
  yaml: ['secrets/db.yaml', `db:\n  password: ${PASSWORD}\n  host: db.internal\n`],
  json: ['secrets/db.json', `{"db": {"password": "${PASSWORD}", "host": "db.internal"}}\n`],
  dotenv: ['secrets/app.env', `DB_PASSWORD=${PASSWORD}\nDB_HOST=db.internal\n`],
  ini: ['secrets/app.ini', `[db]\npassword = ${PASSWORD}\nhost = db.internal\n`],
  binary: ['secrets/tls.key', rsaKey],
}

describe('every SOPS layout counts as encrypted under a .sops.yaml rule', () => {
  it('real sops-written files of every store, binary ones under any name (.txt, .bin, .encrypted)', () => {
    const files = walk(REAL).filter(
      (file) =>
        !/\/(?:keys|expected|functional-tests)\/|raw-test-secrets|sops-config\.yaml$|terragrunt-tests\/file\.yaml$|\.md$|index\.json$|sources\.json$|sops-age-js\/secret\.json$/.test(
          file,
        ),
    )
    const binary = files.filter((file) => !/\.(?:ya?ml|json|env|ini)$/.test(file))
    expect(binary.length).toBeGreaterThanOrEqual(4)
    for (const file of files) expect(scan(relative(REAL, file), readFileSync(file)), file).toEqual([])
  })

  it.each(Object.keys(PLAIN) as SopsFormat[])(
    '%s written by gitseal for a real age key: quiet; its plaintext: reported',
    async (format) => {
      const [path, text] = PLAIN[format]
      const encrypted = await encrypt(text, { format, file: path, recipients: [recipient] })
      expect(encrypted).toContain('ENC[AES256_GCM,')
      expect(scan(path, encrypted)).toEqual([])
      expect(scan(path, text).length).toBeGreaterThan(0)
    },
  )

  // held-out-27 (a home-lab's `config.sops.yaml.disabled`): a YAML file renamed after encryption
  // keeps its store's layout and its metadata's rules; it is no binary-store envelope.
  it('a YAML file renamed after encryption is read by its own rules; a value they cover in the clear is reported', async () => {
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  password: ${PASSWORD}\n`
    const encrypted = await encrypt(manifest, {
      format: 'yaml',
      file: 'app.sops.yaml',
      recipients: [recipient],
      rules: { encryptedRegex: '^(data|stringData)$' },
    })
    expect(encrypted).toContain('kind: Secret')
    const none = { sopsConfig: { file: '.x', text: '' } }
    expect(scan('app/config.sops.yaml.disabled', encrypted, none)).toEqual([])
    const tampered = encrypted.replace(/password: ENC\[[^\]]*\]/, `password: ${PASSWORD}`)
    expect(tampered).not.toEqual(encrypted)
    expect(scan('app/config.sops.yaml.disabled', tampered, none)).toContain('sops-unencrypted-value:6')
  })

  it('a binary-store envelope whose data is in the clear is reported, whatever its name', async () => {
    const encrypted = await encrypt('just text\n', {
      format: 'binary',
      file: 'notes.txt',
      recipients: [recipient],
    })
    const tampered = encrypted.replace(/"data": "ENC\[[^"]*\]"/, `"data": "${PASSWORD}"`)
    expect(tampered).not.toEqual(encrypted)
    expect(scan('notes.txt', tampered, { sopsConfig: { file: '.x', text: '' } })).toContain(
      'sops-unencrypted-value:2',
    )
  })
})

describe('a file a creation rule covers is reported only when it holds a secret', () => {
  it('docs, templates and code that merely match .*secret.* are not reported', () => {
    expect(
      scan('docs/secrets.md', '# Secrets\n\nRun `sops secrets.yaml` to edit them.\n', SECRETISH),
    ).toEqual([])
    expect(
      scan(
        'charts/app/templates/secret.yaml',
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  password: {{ .Values.password | quote }}\n',
        SECRETISH,
      ),
    ).toEqual([])
    expect(
      scan('src/secret_store.py', 'def get_secret(name):\n    return vault.read(name)\n', SECRETISH),
    ).toEqual([])
    expect(
      scan(
        'k8s/external-secret.yaml',
        'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: db\n',
        SECRETISH,
      ),
    ).toEqual([])
  })

  it('Secrets with no value, only ${VAR} substitutions or placeholders are not reported; a real value is', () => {
    const secret = (body: string): string => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n${body}`
    expect(scan('k8s/db-secret.yaml', secret('type: Opaque\n'), SECRETISH)).toEqual([])
    expect(
      scan('k8s/db-secret.yaml', secret('stringData:\n  password: ${DB_PASSWORD}\n'), SECRETISH),
    ).toEqual([])
    expect(scan('k8s/db-secret.yaml', secret('stringData:\n  password: ""\n'), SECRETISH)).toEqual([])
    expect(scan('k8s/db-secret.yaml', secret(`stringData:\n  password: ${PASSWORD}\n`), SECRETISH)).toEqual([
      'sops-policy-unencrypted:6',
    ])
  })

  // held-out-26 (a Flux home lab's `.sops.yaml.tmpl` templates): block scalars judged by their text,
  // not by the `|` and indentation of their source.
  it('a block scalar is judged by what it holds: ${VAR} config or commented-out lines are not secrets', () => {
    const policy = {
      sopsConfig: {
        file: '.sops.yaml',
        text: 'creation_rules:\n  - path_regex: kubernetes/.*\\.sops\\.ya?ml\n    encrypted_regex: "^(data|stringData)$"\n    age: age1x\n',
      },
    }
    const secret = (block: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  config: |\n${block
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n')}\n`
    const scrape = '- job_name: garage\n  bearer_token: ${GARAGE_METRICS_TOKEN}\n  scheme: http'
    const jwks = '# -----BEGIN ... -----\n# ...\n# -----END ... -----'
    const path = 'kubernetes/apps/app/secret.sops.yaml.tmpl'
    expect(scan(path, secret(scrape), policy)).toEqual([])
    expect(scan(path, secret(jwks), policy)).toEqual([])
    expect(scan(path, secret(scrape.replace('${GARAGE_METRICS_TOKEN}', PASSWORD)), policy)).toEqual([
      'sops-policy-unencrypted:7',
      'generic-token:8',
    ])
  })

  it('plain values files: a value under a secret-like key or a random one is reported, settings are not', () => {
    expect(scan('secrets.yaml', 'replicas: 3\nlogLevel: debug\nenabled: true\n')).toEqual([])
    expect(scan('app/secrets.yaml', `replicas: 3\ndb:\n  password: ${PASSWORD}\n`)).toEqual([
      'sops-policy-unencrypted:3',
    ])
    expect(scan('app/values.env', `LOG_LEVEL=debug\nSESSION=${PASSWORD}x9Qa\n`)).toEqual([
      'sops-policy-unencrypted:2',
    ])
    // A YAML tag the application resolves (recyclarr, Home Assistant) names the secret elsewhere.
    expect(scan('app/secrets.yaml', 'radarr:\n  api_key: !env_var RADARR_4K_APIKEY\n')).toEqual([])
    expect(scan('app/secrets.yaml', `radarr:\n  api_key: !!str ${PASSWORD}\n`)).toEqual([
      'sops-policy-unencrypted:2',
    ])
  })

  it('under a rule covering every .yaml, settings of playbooks and compose files are not secrets; a random token is', () => {
    // ironicbadger/infra's catch-all `path_regex: \.yaml$`: none of these values is a secret.
    const playbook = [
      'host_timezone: "America/New_York"',
      'adguard_config_dest: "/etc/adguardhome/AdGuardHome.yaml"',
      'services:',
      '  web:',
      '    image: ghcr.io/paperless-ngx/paperless-ngx:latest',
      '    labels:',
      '      - traefik.http.services.web.loadbalancer.server.port=3000',
      '    environment:',
      '      - People=18f4bbe4-b869-4d9e-94f2-0fe9c5733fd1',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      'tasks:',
      '  - ansible.builtin.template:',
      '      src: jellyfin-discovery-responder.py.j2',
      '',
    ].join('\n')
    expect(scan('group_vars/all.yaml', playbook)).toEqual([])
    // A random token under a name that says nothing is still a value sops would have encrypted.
    expect(scan('group_vars/all.yaml', `${playbook}relay: ${PASSWORD}x9Qa7Kw2\n`)).toEqual([
      'sops-policy-unencrypted:15',
    ])
  })

  it('in a multi-document file, a plainly other kind is not parsed, nor one the policy check finds nothing in; Secrets, kind-less and unusual ones are', () => {
    const deployment = `---\napiVersion: apps/v1\nkind: Deployment # app\nmetadata:\n  name: app\n`
    const quoted = `---\napiVersion: apps/v1\nkind: "Deployment"\nmetadata:\n  name: app\n`
    const withKey = `${quoted}  annotations:\n    token-name: app\n`
    const plain = `---\ndb:\n  password: ${PASSWORD}\n`
    const secret = `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${PASSWORD}\n`
    const text = deployment + plain + deployment + secret + quoted + withKey
    const policy = parseSopsPolicy('.sops.yaml', EVERYTHING.sopsConfig.text)
    const found = new Set(TRIGGER_KEYWORDS.filter((word) => text.toLowerCase().includes(word)))
    const kinds = documentsToAnalyse('k8s/app.yaml', text, found, policy).map(
      (doc) => getString(doc.contents, 'kind') ?? 'none',
    )
    expect(kinds).toEqual(['none', 'Secret', 'Deployment'])
    expect(scan('k8s/app.yaml', text)).toEqual(['sops-policy-unencrypted:8', 'k8s-secret-plaintext:20'])
  })

  it('only values the creation rule would encrypt count (encrypted_regex)', () => {
    const options = {
      sopsConfig: {
        file: '.sops.yaml',
        text: "creation_rules:\n  - path_regex: secrets/\n    encrypted_regex: '^(data|stringData)$'\n    age: age1x\n",
      },
    }
    expect(scan('secrets/app.yaml', `config:\n  password: ${PASSWORD}\n`, options)).not.toContain(
      'sops-policy-unencrypted:2',
    )
    expect(scan('secrets/app.yaml', `stringData:\n  password: ${PASSWORD}\n`, options)).toEqual([
      'sops-policy-unencrypted:2',
    ])
  })

  it("a rule that names no encryption rule uses sops' default: _unencrypted keys stay plain", () => {
    expect(scan('app/secrets.yaml', `api_token_unencrypted: ${PASSWORD}\n`)).not.toContain(
      'sops-policy-unencrypted:1',
    )
    expect(scan('app/secrets.yaml', `api_token: ${PASSWORD}\n`)).toContain('sops-policy-unencrypted:1')
  })

  it('a filename_regex rule is honoured as sops does (not taken for a catch-all)', () => {
    const options = {
      sopsConfig: {
        file: '.sops.yaml',
        text: "creation_rules:\n  - filename_regex: '^creds\\.env$'\n    age: age1x\n  - path_regex: never/\n    age: age1x\n",
      },
    }
    expect(scan('svc/creds.env', `API_TOKEN=${PASSWORD}\n`, options)).toEqual(['sops-policy-unencrypted:1'])
    expect(scan('svc/other.env', `API_TOKEN=${PASSWORD}\n`, options)).not.toContain(
      'sops-policy-unencrypted:1',
    )
  })
})
