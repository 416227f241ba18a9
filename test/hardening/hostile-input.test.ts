/**
 * Smaller hostile inputs, each refused quickly with a GitsealError rather than a crash, a stall or
 * a silent change: 9 MB of base64, invalid UTF-8 in a manifest, 20,000 age stanzas, terminal
 * escapes in a file name.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { parse, stringify } from 'yaml'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeStdBase64 } from '../../src/core/secret.js'
import { encrypt, openSops } from '../../src/sops/index.js'
import { runCli } from '../support/cli.js'
import { cpuMark, cpuMs, cpuMsSince } from '../support/cpu-time.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitseal-hostile-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('hostile input', () => {
  it('decodes ~9 MB of base64 without running out of stack', () => {
    const text = 'QUFB'.repeat((9 * 1024 * 1024) / 4)
    expect(decodeStdBase64(text)?.length).toBe((text.length / 4) * 3)
    expect(decodeStdBase64(`${text}!`)).toBeUndefined()
    expect(decodeStdBase64('QUE=')).toEqual(new Uint8Array([65, 65]))
    expect(decodeStdBase64('Q===')).toBeUndefined()
  })

  it('seal refuses a Secret with 9 MB of base64 data with a clear error', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 's.yaml'),
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\ndata:\n  blob: ${'QUFB'.repeat((9 * 1024 * 1024) / 4)}\n`,
    )
    const result = await runCli(['seal', 's.yaml', '--cert', 'missing.pem'], { cwd: dir })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).not.toContain('unexpected error')
    expect(result.stderr).toMatch(/s\.yaml/)
  })

  it('refuses invalid UTF-8 in a manifest instead of sealing U+FFFD', async () => {
    const dir = tempDir()
    const bytes = Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n  pw: "ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('cd"\n'),
    ])
    writeFileSync(join(dir, 's.yaml'), bytes)
    for (const argv of [
      ['seal', 's.yaml', '--cert', 'missing.pem'],
      ['eso', 'externalsecret', 's.yaml', '--store', 'x'],
      ['encrypt', '--age', 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p', 's.yaml'],
    ]) {
      const result = await runCli(argv, { cwd: dir })
      expect(result.stderr).toMatch(/s\.yaml: not valid UTF-8/)
      expect(result.exitCode).toBe(2)
    }
  })

  it('refuses a lone surrogate escape in stringData (YAML \\udc80, JSON \\ud800) instead of sealing or encrypting U+FFFD (red team 25)', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 's.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: n}\nstringData:\n  pw: "ab\\udc80cd"\n',
    )
    writeFileSync(
      join(dir, 's.json'),
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"n"},"stringData":{"pw":"ab\\ud800cd"}}',
    )
    const age = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'
    for (const file of ['s.yaml', 's.json']) {
      for (const argv of [
        ['seal', file, '--cert', 'missing.pem'],
        ['eso', 'externalsecret', file, '--store', 'x'],
        ['encrypt', '--age', age, file],
      ]) {
        const result = await runCli(argv, { cwd: dir })
        expect(result.stderr, argv.join(' ')).toMatch(/lone UTF-16 surrogate/)
        expect(result.stderr, argv.join(' ')).toContain(file)
        expect(result.stdout).toBe('')
        expect(result.exitCode).toBe(2)
      }
    }
    // A whole pair (an astral character written as two escapes) is fine.
    writeFileSync(
      join(dir, 'ok.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  pw: "\\ud83d\\ude00"\n',
    )
    const ok = await runCli(['encrypt', '--age', age, 'ok.yaml'], { cwd: dir })
    expect(ok.exitCode, ok.stderr).toBe(0)
  })

  it('refuses a SOPS file with 2,000 age stanzas in about the time it takes to parse it; 20,000 before parsing', async () => {
    const identity = await generateIdentity()
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: [await identityToRecipient(identity)],
    })
    const doc = parse(encrypted) as { sops: { age: unknown[] } }
    const stanza = doc.sops.age[0]
    const identities = [{ identity, source: 't' }]
    doc.sops.age = Array.from({ length: 2_000 }, () => stanza)
    const crafted = stringify(doc, { aliasDuplicateObjects: false })
    const parseMs = cpuMs(() => parse(crafted))
    const start = cpuMark()
    await expect(
      openSops(crafted, { format: 'yaml', file: 'crafted.yaml', identities }),
    ).rejects.toMatchObject({
      code: 'E_SOPS_BAD_FORMAT',
      message: /2000 age keys; gitseal accepts at most 256/,
    })
    // Trying each stanza with each identity took 13 s for 20,000; now the count is refused before any is tried.
    expect(cpuMsSince(start)).toBeLessThan(2 * parseMs + 1000)
    // 20,000 stanzas (10 MB) pass the YAML token budget: refused before the yaml library reads them.
    doc.sops.age = Array.from({ length: 20_000 }, () => stanza)
    const huge = stringify(doc, { aliasDuplicateObjects: false })
    await expect(openSops(huge, { format: 'yaml', file: 'crafted.yaml', identities })).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
      message: /^crafted\.yaml: holds more than 200000 YAML tokens/,
    })
  }, 60_000)

  it('refuses age entries holding thousands of recipient stanzas before trying any (6,400 stanzas: 6.8 s before)', async () => {
    const identity = await generateIdentity()
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: [await identityToRecipient(identity)],
    })
    // One real age file (the age binary) for 100 other recipients: each stanza costs the identity a
    // key agreement. 64 entries of it hold 6,400 stanzas, all tried in turn before the limit.
    const others = await Promise.all(
      Array.from({ length: 100 }, async () => identityToRecipient(await generateIdentity())),
    )
    const enc = execFileSync('age', ['-a', ...others.flatMap((r) => ['-r', r])], {
      input: Buffer.alloc(32, 7),
    }).toString()
    const doc = parse(encrypted) as { sops: { age: { recipient: string; enc: string }[] } }
    const recipient = doc.sops.age[0]?.recipient ?? ''
    doc.sops.age = Array.from({ length: 64 }, () => ({ recipient, enc }))
    const start = cpuMark()
    await expect(
      openSops(stringify(doc, { aliasDuplicateObjects: false }), {
        format: 'yaml',
        file: 'stanzas.yaml',
        identities: [{ identity, source: 't' }],
      }),
    ).rejects.toMatchObject({
      code: 'E_SOPS_BAD_FORMAT',
      message: /stanzas\.yaml: .*6400 recipient stanzas; gitseal opens at most 256/,
    })
    expect(cpuMsSince(start)).toBeLessThan(3000)
  }, 60_000)

  it('encrypts and decrypts a 12 MB value in JSON and dotenv (a regex alternation ran out of stack)', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    const identities = [{ identity, source: 't' }]
    const big = 'A'.repeat(12_000_000)
    for (const [format, text] of [
      ['json', `{"a": "${big}", "b": "x\\ny\\u0041"}`],
      ['dotenv', `A="${big}"\nB=1\n`],
    ] as const) {
      const encrypted = await encrypt(text, { format, file: `big.${format}`, recipients })
      const opened = await openSops(encrypted, { format, file: `big.${format}`, identities })
      expect(opened.branches[0]?.items.map((item) => item.key)).toEqual(
        ['a', 'b'].map((k) => (format === 'json' ? k : k.toUpperCase())),
      )
    }
  }, 60_000)

  it('refuses to write an encrypted file larger than gitseal reads back (32 MiB): it could never be opened', async () => {
    const identity = await generateIdentity()
    const recipients = [await identityToRecipient(identity)]
    // 25.2 MB of binary data is 33.6 MB of base64 once encrypted.
    await expect(
      encrypt(new Uint8Array(25_200_000), { format: 'binary', file: 'big.bin', recipients }),
    ).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
      message: /^big\.bin: encrypted, it would be \d+ bytes, more than the 33554432 gitseal reads/,
    })
  }, 60_000)

  it('dotenv: an unclosed quote on each of 20,000 lines is read in linear time (23 s before)', async () => {
    const identity = await generateIdentity()
    const text = Array.from({ length: 20_000 }, (_, i) => `K${i}="x\n`).join('')
    const start = cpuMark()
    const encrypted = await encrypt(text, {
      format: 'dotenv',
      file: 'q.env',
      recipients: [await identityToRecipient(identity)],
    })
    expect(cpuMsSince(start)).toBeLessThan(5000)
    const opened = await openSops(encrypted, {
      format: 'dotenv',
      file: 'q.env',
      identities: [{ identity, source: 't' }],
    })
    expect(opened.branches[0]?.items).toHaveLength(20_000)
    // A quote closed on a later line still joins the lines, as before.
    const joined = await encrypt('A="one\ntwo \\" three"\nB=2\n', {
      format: 'dotenv',
      recipients: [await identityToRecipient(identity)],
    })
    const plain = await openSops(joined, { format: 'dotenv', identities: [{ identity, source: 't' }] })
    expect(plain.branches[0]?.items.map((item) => [item.key, item.value])).toEqual([
      ['A', '"one\ntwo \\" three"'],
      ['B', '2'],
    ])
  }, 60_000)

  it('refuses a SOPS file whose metadata expands too many aliases with a GitsealError', async () => {
    const identity = await generateIdentity()
    const encrypted = await encrypt('a: b\n', {
      format: 'yaml',
      recipients: [await identityToRecipient(identity)],
    })
    const doc = parse(encrypted) as { sops: { age: unknown[] } }
    doc.sops.age = Array.from({ length: 200 }, () => doc.sops.age[0])
    await expect(
      openSops(stringify(doc), {
        format: 'yaml',
        file: 'aliases.yaml',
        identities: [{ identity, source: 't' }],
      }),
    ).rejects.toMatchObject({ code: 'E_SOPS_BAD_FORMAT', message: /aliases\.yaml/ })
  })

  it('escapes terminal control characters of file names in errors', async () => {
    const dir = tempDir()
    const name = 'x\u001b[2Jy\u0007.yaml'
    for (const argv of [
      ['decrypt', name],
      ['seal', name, '--cert', 'c.pem'],
    ]) {
      const result = await runCli(argv, { cwd: dir })
      expect(result.exitCode).toBe(2)
      expect(result.stderr).toContain('x\\x1b[2Jy\\x07.yaml')
      // eslint-disable-next-line no-control-regex -- asserting no control characters remain
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    }
  })

  it('escapes terminal control characters of file names in info lines and warnings (rotate, updatekeys)', async () => {
    const dir = tempDir()
    const identity = await generateIdentity()
    const recipient = await identityToRecipient(identity)
    const name = 'x\u001b[31my.yaml'
    writeFileSync(join(dir, name), 'a: b\n')
    writeFileSync(join(dir, '.sops.yaml'), `creation_rules:\n  - age: ${recipient}\n`)
    const env = { ...process.env, HOME: dir, SOPS_AGE_KEY: identity }
    expect((await runCli(['encrypt', '-i', name], { cwd: dir, env })).exitCode).toBe(0)
    for (const argv of [
      ['rotate', '-i', name],
      ['updatekeys', '--yes', name],
    ]) {
      const result = await runCli(argv, { cwd: dir, env })
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stderr).toContain('x\\x1b[31my.yaml')
      // eslint-disable-next-line no-control-regex -- asserting no control characters remain
      expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    }
  })
})
