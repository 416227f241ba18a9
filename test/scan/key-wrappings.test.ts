/**
 * Private keys made at test time by ssh-keygen and openssl, written the ways people paste them
 * where the armour is not at a line start: commented out line by line (`# `, `// `, ` * `, `-- `,
 * `; `, `% `), quoted in Markdown or mail (`> `), armour in lower case, BEGIN without END, and an
 * OpenSSH body without its armour (red team 19 A12). Every one is found; bodies that do not parse
 * are not.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'

const run = promisify(execFile)
const detector = createDetector()

interface Key {
  name: string
  text: string
  encrypted: boolean
}

let dir = ''
const keys: Key[] = []

async function sshKeygen(name: string, args: string[], passphrase = ''): Promise<void> {
  const file = join(dir, name)
  await run('ssh-keygen', ['-q', ...args, '-N', passphrase, '-C', '', '-f', file])
  keys.push({ name, text: readFileSync(file, 'utf8'), encrypted: passphrase !== '' })
}

async function openssl(name: string, args: string[]): Promise<void> {
  const file = join(dir, `${name}.pem`)
  await run('openssl', [args[0]!, '-out', file, ...args.slice(1)])
  keys.push({
    name,
    text: readFileSync(file, 'utf8'),
    encrypted: args.some((arg) => arg.startsWith('pass:')),
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-key-wrappings-'))
  await Promise.all([
    sshKeygen('ssh-ed25519', ['-t', 'ed25519']),
    sshKeygen('ssh-ed25519-b', ['-t', 'ed25519']),
    sshKeygen('ssh-ecdsa', ['-t', 'ecdsa']),
    sshKeygen('ssh-rsa', ['-t', 'rsa', '-b', '2048']),
    sshKeygen('ssh-ed25519-pass', ['-t', 'ed25519'], 'x1'),
    openssl('pkcs8-rsa', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']),
    openssl('pkcs8-ed25519', ['genpkey', '-algorithm', 'ed25519']),
    openssl('sec1-p256', ['ecparam', '-genkey', '-noout', '-name', 'prime256v1']),
    openssl('rsa-traditional', ['genrsa', '-traditional', '2048']),
    openssl('pkcs8-encrypted', ['genpkey', '-algorithm', 'ed25519', '-aes256', '-pass', 'pass:x1']),
  ])
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const lines = (text: string): string[] => text.trimEnd().split('\n')
const prefixed = (text: string, mark: string): string =>
  `${lines(text)
    .map((line) => mark + line)
    .join('\n')}\n`
const withoutEnd = (text: string): string => `${lines(text).slice(0, -1).join('\n')}\n`
const body = (text: string): string[] => lines(text).filter((line) => !line.startsWith('-----'))

/** The severities of the findings in `text` scanned as `path`. */
function severities(path: string, text: string): string[] {
  return detector.scanFile(path, text).findings.map((finding) => finding.severity)
}

/** One finding, high, or medium for a key behind a passphrase. */
function expectKey(key: Key, path: string, text: string): void {
  expect(severities(path, text), `${key.name} in ${path}`).toEqual([key.encrypted ? 'medium' : 'high'])
}

/** A copy of a key text without the middle line of its body: it no longer parses. */
function cut(text: string): string {
  const all = lines(text)
  all.splice(Math.floor(all.length / 2), 1)
  return `${all.join('\n')}\n`
}

describe('private keys outside their usual armour (red team 19 A12)', () => {
  const marks: [string, string][] = [
    ['deploy.sh', '# '],
    ['deploy.sh', '#'],
    ['main.go', '// '],
    ['Key.java', ' * '],
    ['schema.sql', '-- '],
    ['setup.ini', '; '],
    ['notes.tex', '% '],
    ['README.md', '> '],
    ['README.md', '> > '],
    ['deploy.bat', 'REM '],
  ]

  it.each(marks)('a key commented out or quoted line by line in %s with %j is found', (path, mark) => {
    for (const key of keys) expectKey(key, path, `echo start\n${prefixed(key.text, mark)}echo done\n`)
  })

  it('armour in lower or mixed case is found', () => {
    for (const key of keys) {
      expectKey(
        key,
        'id.key',
        key.text.replace(/^-----.*-----$/gm, (armour) => armour.toLowerCase()),
      )
      expectKey(key, 'id.key', key.text.replace(/PRIVATE KEY/g, 'Private Key'))
    }
  })

  it('a key whose END line is missing is found, also followed by other text or commented out', () => {
    for (const key of keys) {
      expectKey(key, 'id_key', withoutEnd(key.text))
      expectKey(key, 'notes.txt', `${withoutEnd(key.text)}\nthe rest of the notes\n`)
      expectKey(key, 'deploy.sh', prefixed(withoutEnd(key.text), '# '))
      // A BEGIN without END before a whole key: each is read on its own.
      expect(severities('keys.txt', `${withoutEnd(key.text)}\n${key.text}`), key.name).toHaveLength(2)
    }
  })

  it('an OpenSSH body without its armour is found: one line, wrapped, indented, in a JSON string', () => {
    for (const key of keys.filter((k) => k.text.includes('OPENSSH'))) {
      const wrapped = body(key.text)
      expectKey(key, 'body.txt', `${wrapped.join('')}\n`)
      expectKey(key, 'values.yaml', `key: |\n${wrapped.map((line) => `  ${line}`).join('\n')}\n`)
      expectKey(key, 'config.json', `{"key": "${wrapped.join('\\n')}"}\n`)
      // Armoured, it is the PEM rule's one finding.
      expect(detector.scanFile('id', key.text).findings.map((f) => f.ruleId)).toEqual(['private-key-openssh'])
    }
  })

  it('bodies that do not parse are not reported in any of these shapes', () => {
    for (const key of keys.filter((k) => !k.encrypted)) {
      const bad = cut(key.text)
      expect(severities('deploy.sh', prefixed(bad, '# ')), key.name).toEqual([])
      expect(severities('id.key', bad.toLowerCase()), key.name).toEqual([])
      expect(severities('id.key', withoutEnd(bad)), key.name).toEqual([])
      if (key.text.includes('OPENSSH'))
        expect(severities('body.txt', body(bad).join('')), key.name).toEqual([])
    }
    // Made-up bodies under lower-case armour or no END: no placeholder heuristic decides, the structure does.
    const madeUp = `-----begin rsa private key-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI8MBgW\n-----end rsa private key-----\n`
    expect(severities('id.key', madeUp)).toEqual([])
    expect(severities('id.key', withoutEnd(madeUp))).toEqual([])
  })

  it('many BEGIN lines without END, one long line of BEGINs, and many OpenSSH magics scan in linear time', () => {
    const cpu = (text: string): number => {
      detector.scanFile('a.txt', text)
      const times: number[] = []
      for (let i = 0; i < 3; i++) {
        const start = process.cpuUsage()
        detector.scanFile('a.txt', text)
        const used = process.cpuUsage(start)
        times.push(used.user + used.system)
      }
      return Math.min(...times)
    }
    const shapes = [
      (n: number) => '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n'.repeat(n),
      (n: number) => '# -----BEGIN RSA PRIVATE KEY-----\n'.repeat(n),
      (n: number) => `${'b3BlbnNzaC1rZXktdjE'.repeat(4)}\n`.repeat(n),
      (n: number) => `-----begin private key-----\n${'A'.repeat(70)}\n`.repeat(n),
      // One long line of BEGINs: neither the mark before a BEGIN nor the line break after it may
      // be looked for across the whole line (quadratic: 1 MiB took 5.6 s).
      (n: number) => '-----begin dsa private key----- '.repeat(n),
      (n: number) => '-----BEGIN EC PRIVATE KEY-----\t'.repeat(n),
    ]
    for (const shape of shapes) {
      const small = cpu(shape(2000))
      const large = cpu(shape(8000))
      expect(large, shape(1).slice(0, 40)).toBeLessThan(Math.max(small, 2000) * 8)
    }
  })
})
