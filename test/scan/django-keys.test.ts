/**
 * Django SECRET_KEYs as Django makes them (src/scan/rules/django-keys.ts): 50 characters of
 * `a-z0-9!@#$%^&*(-_=+)`, so about 1 key in 30 opens like code (`=…`, `$ab…`, `v()&…`, `)…`, `#…`) and
 * was missed. Every key is found, whole, in every file it lives in: settings.py, `os.environ.get`
 * defaults, .env lines bare or quoted, values files, Secrets, compose files, JSON. Keys come from
 * Django itself (its `get_random_secret_key()` and `startproject`, run with a seeded random source
 * so every run draws the same keys) where python3-django is installed, and from a seeded generator
 * over Django's alphabet always: every draw passes, no run draws new keys.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { isDjangoSecretKey } from '../../src/scan/rules/django-keys.js'
import { seededValues } from './support/seeded-random.js'

const detector = createDetector()
// django/core/management/utils.py, get_random_secret_key().
const DJANGO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'

/** Each file a key lives in, by path, and the text that holds it there. */
const WRAPPERS: readonly (readonly [string, (key: string) => string])[] = [
  ['mysite/settings.py', (key) => `DEBUG = False\nSECRET_KEY = '${key}'\n`],
  ['mysite/settings.py', (key) => `SECRET_KEY = "${key}"\n`],
  ['mysite/settings.py', (key) => `SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${key}")\n`],
  ['mysite/settings.py', (key) => `SECRET_KEY = os.getenv('SECRET_KEY', '${key}')\n`],
  ['mysite/settings.py', (key) => `SECRET_KEY = env("DJANGO_SECRET_KEY", default="${key}")\n`],
  ['.env', (key) => `DJANGO_DEBUG=0\nDJANGO_SECRET_KEY=${key}\n`],
  ['.env', (key) => `SECRET_KEY='${key}'\n`],
  ['env/netbox.env', (key) => `SECRET_KEY="${key}"\n`],
  ['values.yaml', (key) => `django:\n  secretKey: "${key}"\n`],
  ['values.yaml', (key) => `env:\n  DJANGO_SECRET_KEY: '${key}'\n`],
  [
    'k8s/secret.yaml',
    (key) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\nstringData:\n  DJANGO_SECRET_KEY: '${key}'\n`,
  ],
  ['docker-compose.yml', (key) => `services:\n  web:\n    environment:\n      - DJANGO_SECRET_KEY=${key}\n`],
  ['docker-compose.yml', (key) => `services:\n  web:\n    environment:\n      DJANGO_SECRET_KEY: "${key}"\n`],
  ['config.json', (key) => `{"DEBUG": false, "SECRET_KEY": "${key}"}\n`],
]

/** The wrappers (as `path #n`) in which `key` is not found whole. */
function missedIn(key: string): string[] {
  return WRAPPERS.flatMap(([path, wrap], n) =>
    detector.scanFile(path, wrap(key)).findings.some((finding) => finding.secret === key)
      ? []
      : [`${path} #${n}`],
  )
}

// Debian's python3 (python3-django installs there); another python3 first on PATH may lack Django.
const PYTHONS = ['/usr/bin/python3', 'python3']
const python = PYTHONS.find(
  (bin) => spawnSync(bin, ['-c', 'import django'], { stdio: 'ignore' }).status === 0,
)

// Django's own key maker with its random source seeded: the same keys on every run.
const SEEDED_DJANGO = `
import random, sys
import django.utils.crypto as crypto
from django.core.management.utils import get_random_secret_key
crypto.secrets = random.Random(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(get_random_secret_key())
`

/** `count` keys from Django's get_random_secret_key(), seeded with `seed`. */
function djangoKeys(bin: string, seed: number, count: number): string[] {
  const run = spawnSync(bin, ['-c', SEEDED_DJANGO, String(seed), String(count)], { encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  return run.stdout.trim().split('\n')
}

// `django-admin startproject`, seeded likewise: the settings.py Django writes, as it writes it.
const SEEDED_STARTPROJECT = `
import random, sys
import django.utils.crypto as crypto
from django.core.management import call_command
crypto.secrets = random.Random(int(sys.argv[1]))
call_command('startproject', 'mysite', sys.argv[2])
`

describe('Django secret keys', () => {
  it('knows the alphabet, length and spread of a generated key, and no typed phrase', () => {
    const draw = seededValues(20261207)
    for (let i = 0; i < 200; i++) expect(isDjangoSecretKey(draw(DJANGO_ALPHABET, 50))).toBe(true)
    expect(isDjangoSecretKey(`django-insecure-${draw(DJANGO_ALPHABET, 50)}`)).toBe(true)
    for (const value of [
      'change_me_to_a_long_random_string_please_thanks!!', // 50 characters someone typed
      draw(DJANGO_ALPHABET, 49),
      draw(DJANGO_ALPHABET, 51),
      draw('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 50),
    ])
      expect(isDjangoSecretKey(value), value).toBe(false)
  })

  // The shapes that were missed (report-125): fixed heads, seeded tails.
  it('finds keys that open or go on like code, in every wrapper', () => {
    const draw = seededValues(125)
    for (const head of [
      '=',
      '==',
      '$a',
      '$(',
      ')',
      ')&',
      '-',
      '--p',
      '_',
      'v()&',
      'qo(_c)&*',
      '#',
      '((',
      '*',
      '&ab=', // `&name=` ends an assignment's bare value
      '&x=',
      '$y$', // crypt(3) heads: a password hash's, by chance
      '$6$',
      '$2b$',
      '$apr1$',
      'pbkdf2_sha256$',
    ])
      for (let i = 0; i < 3; i++) {
        const key = head + draw(DJANGO_ALPHABET, 50 - head.length)
        expect(missedIn(key), key).toEqual([])
      }
    const inner = (piece: string): string =>
      draw(DJANGO_ALPHABET, 20) + piece + draw(DJANGO_ALPHABET, 30 - piece.length)
    for (const piece of ['%(ab)s', 'a=b&c=d', ')&x=', '$(abc)', '#x)'])
      for (let i = 0; i < 3; i++) {
        const key = inner(piece)
        expect(missedIn(key), key).toEqual([])
      }
  })

  it('finds every key of a large seeded sweep over Django’s alphabet, in every wrapper', () => {
    const draw = seededValues(32)
    const missed: string[] = []
    for (let i = 0; i < 800; i++) {
      const key = draw(DJANGO_ALPHABET, 50)
      const where = missedIn(key)
      if (where.length > 0) missed.push(`${key} in ${where.join(', ')}`)
    }
    expect(missed).toEqual([])
  })

  it.skipIf(python === undefined)(
    'finds keys Django’s get_random_secret_key() made, in every wrapper',
    () => {
      const bin = python ?? ''
      const source = spawnSync(
        bin,
        ['-c', 'import inspect; from django.core.management import utils; print(inspect.getsource(utils))'],
        { encoding: 'utf8' },
      ).stdout
      expect(source).toContain(`'${DJANGO_ALPHABET}'`) // the alphabet the sweep above draws from
      const missed: string[] = []
      for (const key of djangoKeys(bin, 16, 600)) {
        expect(key).toMatch(/^[a-z0-9!@#$%^&*(\-_=+)]{50}$/)
        const where = missedIn(key)
        if (where.length > 0) missed.push(`${key} in ${where.join(', ')}`)
      }
      expect(missed).toEqual([])
    },
  )

  it.skipIf(python === undefined)('finds the key in the settings.py django-admin startproject writes', () => {
    const bin = python ?? ''
    const dir = mkdtempSync(join(tmpdir(), 'gitseal-django-'))
    try {
      for (let seed = 1; seed <= 6; seed++) {
        const target = join(dir, String(seed))
        const run = spawnSync('mkdir', [target])
        expect(run.status).toBe(0)
        const made = spawnSync(bin, ['-c', SEEDED_STARTPROJECT, String(seed), target], { encoding: 'utf8' })
        expect(made.status, made.stderr).toBe(0)
        const settings = readFileSync(join(target, 'mysite', 'settings.py'), 'utf8')
        const key = /^SECRET_KEY = '([^'\n]+)'$/m.exec(settings)?.[1] ?? ''
        expect(key).toMatch(/^django-insecure-/)
        const found = detector.scanFile('mysite/settings.py', settings).findings
        expect(found.map((finding) => finding.secret)).toEqual([key])
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves comparisons, references, calls and placeholders alone', () => {
    for (const [path, text] of [
      ['mysite/settings.py', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'],
      ['mysite/settings.py', 'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")\n'],
      ['mysite/settings.py', 'SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "changeme")\n'],
      ['mysite/settings.py', 'SECRET_KEY = env("DJANGO_SECRET_KEY", default=None)\n'],
      ['mysite/checks.py', 'if SECRET_KEY == "insecure":\n    warn()\n'],
      ['.env', 'DJANGO_SECRET_KEY=$DJANGO_SECRET_KEY_FROM_VAULT\n'],
      ['.env', 'DJANGO_SECRET_KEY=#change-me\n'],
      ['.env', 'SECRET_KEY=change_me_to_a_long_random_string_please_thanks!!\n'],
      ['app/server.js', "const secret = process.env.SESSION_SECRET || 'keyboard cat'\n"],
    ] as const)
      expect(detector.scanFile(path, text).findings, text).toEqual([])
  })

  it('reads a default given to a credential-named environment variable in code as its value', () => {
    const draw = seededValues(7)
    for (let i = 0; i < 5; i++) {
      const token = draw('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 32)
      for (const [path, text] of [
        ['app/settings.py', `API_TOKEN = os.environ.get('API_TOKEN', '${token}')\n`],
        ['app/settings.py', `password = config("DB_PASSWORD", default="${token}")\n`],
        ['config/app.rb', `secret = ENV.fetch("CLIENT_SECRET", "${token}")\n`],
        ['config/app.php', `'secret' => env('JWT_SECRET', '${token}'),\n`],
        ['src/server.ts', `const token = process.env.API_TOKEN ?? '${token}'\n`],
      ] as const)
        expect(
          detector.scanFile(path, text).findings.map((finding) => finding.secret),
          text,
        ).toEqual([token])
    }
  })
})
