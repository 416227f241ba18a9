/**
 * Files the built CLI writes: plaintext outputs (`unseal -o`, `decrypt -o`) are created 0600 and
 * an existing target keeps its mode; `-o` never writes through a symbolic link; `-i` on one writes
 * through it (the link stays, the file it points to is replaced keeping its mode and, run as root,
 * its owner); a dangling link is refused.
 */
import {
  chmodSync,
  chownSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM, REAL_KEY_FILE } from '../support/sealed.js'
import { scratchDir } from '../support/scratch.js'

const SECRET =
  'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData: {password: hunter2}\n'
const mode = (file: string): number => statSync(file).mode & 0o777

describe('plaintext output files (built CLI)', () => {
  it('unseal -o (manifest and --raw) creates 0600 files and keeps the mode of an existing one', async () => {
    const dir = scratchDir('outputs')
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    writeFileSync(join(dir, 's.yaml'), SECRET)
    const sealed = await runCli(
      ['seal', 's.yaml', '--cert', 'cert.pem', '-o', 'sealed.yaml', '--allow-expired'],
      {
        cwd: dir,
      },
    )
    expect(sealed.exitCode, sealed.stderr).toBe(0)
    const key = ['--key', REAL_KEY_FILE]
    expect((await runCli(['unseal', 'sealed.yaml', ...key, '-o', 'plain.yaml'], { cwd: dir })).exitCode).toBe(
      0,
    )
    expect(mode(join(dir, 'plain.yaml'))).toBe(0o600)
    expect(readFileSync(join(dir, 'plain.yaml'), 'utf8')).toContain('aHVudGVyMg==')
    const value = /password: (\S+)/.exec(readFileSync(join(dir, 'sealed.yaml'), 'utf8'))?.[1] ?? ''
    const raw = ['unseal', '--raw', value, ...key, '--name', 's', '--namespace', 'n', '-o', 'raw.txt']
    expect((await runCli(raw, { cwd: dir })).exitCode).toBe(0)
    expect(mode(join(dir, 'raw.txt'))).toBe(0o600)
    expect(readFileSync(join(dir, 'raw.txt'), 'utf8')).toBe('hunter2')
    writeFileSync(join(dir, 'shared.yaml'), '')
    chmodSync(join(dir, 'shared.yaml'), 0o640)
    const shared = await runCli(['unseal', 'sealed.yaml', ...key, '-o', 'shared.yaml'], { cwd: dir })
    expect(shared.exitCode).toBe(0)
    expect(mode(join(dir, 'shared.yaml'))).toBe(0o640)
    expect(shared.stderr).not.toContain('readable by every user')
    // Kept as sops and a shell's `>` keep it (the user chose the file), but said out loud.
    writeFileSync(join(dir, 'open.yaml'), '')
    chmodSync(join(dir, 'open.yaml'), 0o666)
    const open = await runCli(['unseal', 'sealed.yaml', ...key, '-o', 'open.yaml'], { cwd: dir })
    expect(open.exitCode).toBe(0)
    expect(mode(join(dir, 'open.yaml'))).toBe(0o666)
    expect(open.stderr).toContain(
      'open.yaml keeps its mode 0666: the plaintext is readable by every user of this machine',
    )
  })

  it('scan --show-secrets -o creates a 0600 report (it holds the secrets in full); a redacted one stays 0644', async () => {
    const dir = scratchDir('outputs')
    writeFileSync(join(dir, 's.yaml'), SECRET.replace('hunter2', 'Xq7vLr2mZw9Kp4TnB8'))
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const shown = await runCli(
        ['scan', 's.yaml', '--show-secrets', '--format', format, '-o', `shown.${format}`],
        {
          cwd: dir,
        },
      )
      expect(shown.exitCode, shown.stderr).toBe(1)
      expect(readFileSync(join(dir, `shown.${format}`), 'utf8')).toContain('Xq7vLr2mZw9Kp4TnB8')
      expect(mode(join(dir, `shown.${format}`))).toBe(0o600)
    }
    const redacted = await runCli(['scan', 's.yaml', '--format', 'sarif', '-o', 'redacted.sarif'], {
      cwd: dir,
    })
    expect(redacted.exitCode, redacted.stderr).toBe(1)
    expect(readFileSync(join(dir, 'redacted.sarif'), 'utf8')).not.toContain('Xq7vLr2mZw9Kp4TnB8')
    expect(mode(join(dir, 'redacted.sarif'))).toBe(0o644)
  })

  it.skipIf(process.getuid?.() !== 0)(
    'encrypt -i and decrypt -i through a symlink keep the link, the mode and the owner (as root)',
    async () => {
      const dir = scratchDir('outputs')
      const identity = await generateIdentity()
      mkdirSync(join(dir, 'real'))
      const target = join(dir, 'real', 's.yaml')
      writeFileSync(target, SECRET)
      chmodSync(target, 0o640)
      chownSync(target, 1234, 2345)
      symlinkSync('real/s.yaml', join(dir, 'link.yaml'))
      const env = { ...process.env, HOME: dir, SOPS_AGE_KEY: identity }
      const check = (): void => {
        expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true)
        expect(readlinkSync(join(dir, 'link.yaml'))).toBe('real/s.yaml')
        expect(statSync(target)).toMatchObject({ uid: 1234, gid: 2345 })
        expect(mode(target)).toBe(0o640)
      }
      const recipient = await identityToRecipient(identity)
      const encrypted = await runCli(['encrypt', '-i', '--age', recipient, 'link.yaml'], { cwd: dir, env })
      expect(encrypted.exitCode, encrypted.stderr).toBe(0)
      expect(readFileSync(target, 'utf8')).toContain('ENC[AES256_GCM')
      check()
      expect((await runCli(['decrypt', '-i', 'link.yaml'], { cwd: dir, env })).exitCode).toBe(0)
      expect(readFileSync(target, 'utf8')).toMatch(/password: hunter2/)
      check()
    },
  )

  it('-o never writes through a symbolic link a repository could hold: scan -o, seal -o, unseal -o, --out-pattern (red team 23 P1)', async () => {
    const dir = scratchDir('outputs')
    const outside = scratchDir('outputs-victim')
    const victim = join(outside, 'authorized_keys')
    writeFileSync(victim, 'ssh-ed25519 AAAA… kept\n')
    writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
    writeFileSync(join(dir, 's.yaml'), SECRET)
    symlinkSync(victim, join(dir, 'report.sarif'))
    symlinkSync('/dev/null', join(dir, 'null.yaml'))
    symlinkSync(outside, join(dir, 'reports'))
    const seal = ['seal', 's.yaml', '--cert', 'cert.pem', '--allow-expired']
    const key = ['--key', REAL_KEY_FILE]
    expect((await runCli([...seal, '-o', 'sealed.yaml'], { cwd: dir })).exitCode).toBe(0)
    for (const argv of [
      ['scan', 's.yaml', '--format', 'sarif', '-o', 'report.sarif'],
      ['scan', 's.yaml', '--format', 'json', '-o', 'reports/authorized_keys'],
      [...seal, '-o', 'report.sarif'],
      [...seal, '-o', 'null.yaml'],
      [...seal, '-o', 'reports/authorized_keys'],
      [...seal, '--out-pattern', 'reports/authorized_keys'],
      ['unseal', 'sealed.yaml', ...key, '-o', 'report.sarif'],
    ]) {
      const result = await runCli(argv, { cwd: dir })
      expect(result.exitCode, argv.join(' ')).toBe(2)
      expect(result.stderr, argv.join(' ')).toMatch(/symbolic link/)
    }
    expect(readFileSync(victim, 'utf8')).toBe('ssh-ed25519 AAAA… kept\n')
    expect(lstatSync(join(dir, 'report.sarif')).isSymbolicLink()).toBe(true)
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true)
    // A real file is written.
    const ok = await runCli(['scan', 's.yaml', '--format', 'sarif', '-o', 'real.sarif'], { cwd: dir })
    expect(ok.exitCode, ok.stderr).toBe(0)
    expect(readFileSync(join(dir, 'real.sarif'), 'utf8')).toContain('"version": "2.1.0"')
  })

  it('encrypt -i refuses a dangling symlink and creates nothing', async () => {
    const dir = scratchDir('outputs')
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'))
    const result = await runCli(
      [
        'encrypt',
        '-i',
        '--age',
        'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
        'dangling.yaml',
      ],
      {
        cwd: dir,
      },
    )
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toContain('dangling.yaml')
    expect(() => lstatSync(join(dir, 'missing.yaml'))).toThrow()
  })
})
