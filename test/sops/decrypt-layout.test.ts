/**
 * `decrypt` prints what `sops -d` prints. The ciphertext records a value, not how it was quoted,
 * so neither sops nor gitseal can bring back a value's original quoting or block style: both
 * write each decrypted string as go-yaml v3 (sops' YAML library) would. The expected texts in
 * fixtures/sops-real/expected/sops-d were written by go-yaml v3 re-emitting each document as
 * sops' YAML store does (see the fixtures' MANIFEST.md).
 */
import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openSops, plaintextOf } from '../../src/sops/sops-file.js'
import { analyse, goStringStyle } from '../../src/sops/go-yaml-style.js'
import { setScalar } from '../../src/sops/stores/yaml-nodes.js'
import { Document, Scalar, parse } from 'yaml'
import { REAL, fixtureIdentities, realCases } from '../support/sops.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const cases = realCases().filter(
  (c) => c.format === 'yaml' && c.expect.decrypts && c.age_identities.length > 0,
)

const decrypted = async (file: string, keys: string[]): Promise<string> => {
  const opened = await openSops(readFileSync(`${REAL}${file}`, 'utf8'), {
    format: 'yaml',
    file,
    identities: fixtureIdentities(...keys),
  })
  return plaintextOf(opened)
}

describe('decrypt prints what sops -d prints, on files real sops wrote', () => {
  it('has an expected text for every age-keyed YAML case', () => {
    expect(cases.length).toBe(15)
    for (const c of cases) expect(existsSync(`${REAL}expected/sops-d/${c.file}`), c.file).toBe(true)
  })

  it.each(cases.map((c) => [c.file, c] as const))('%s: byte for byte', async (file, c) => {
    expect(await decrypted(file, c.age_identities)).toBe(
      readFileSync(`${REAL}expected/sops-d/${file}`, 'utf8'),
    )
  })

  it("keeps a gitseal-encrypted file's own layout: indentation, lists and comments come back as written", async () => {
    const { encrypt } = await import('../../src/sops/index.js')
    const { generateIdentity, identityToRecipient } = await import('age-encryption')
    const identity = await generateIdentity()
    const text = [
      '# kubectl-style: 2 spaces, lists not indented',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: "db" # quoted, unencrypted',
      'stringData:',
      "  password: 'it''s here'",
      '  hosts:',
      '  - a.example',
      '  - b.example',
      '',
    ].join('\n')
    const encrypted = await encrypt(text, {
      format: 'yaml',
      file: 's.yaml',
      recipients: [await identityToRecipient(identity)],
      rules: { encryptedRegex: '^stringData$' },
    })
    const opened = await openSops(encrypted, {
      format: 'yaml',
      file: 's.yaml',
      identities: [{ identity, source: 'test' }],
    })
    // Values come back in go-yaml's style (as sops writes them); every other byte is the file's.
    expect(plaintextOf(opened)).toBe(text.replace('"db"', 'db').replace("'it''s here'", "it's here"))
  })

  // Cutting the `sops` entry out of `{ sops: … }` would leave `{\n}`; sops prints `{}`.
  it('writes an empty flow mapping back as {}', async () => {
    const { encrypt } = await import('../../src/sops/index.js')
    const { generateIdentity, identityToRecipient } = await import('age-encryption')
    const identity = await generateIdentity()
    const encrypted = await encrypt('{}\n', {
      format: 'yaml',
      file: 'e.yaml',
      recipients: [await identityToRecipient(identity)],
      rules: {},
    })
    const opened = await openSops(encrypted, {
      format: 'yaml',
      file: 'e.yaml',
      identities: [{ identity, source: 'test' }],
    })
    expect(plaintextOf(opened)).toBe('{}\n')
  })
})

// What go-yaml v3 writes for each string (recorded from go-yaml v3 itself, indent 4).
const GO_YAML: [string, string][] = [
  ['- x', "'- x'"],
  ['-x', '-x'],
  ['@x', "'@x'"],
  ['`x', "'`x'"],
  ["'x", "'''x'"],
  ['"x', `'"x'`],
  ['a #b', "'a #b'"],
  ['a# b', 'a# b'],
  ['foo: bar', "'foo: bar'"],
  ['foo:bar', 'foo:bar'],
  ['foo:', "'foo:'"],
  [' lead', "' lead'"],
  ['trail ', "'trail '"],
  ["it's", "it's"],
  ['1:20', '"1:20"'],
  ['1_000', '"1_000"'],
  ['yes', '"yes"'],
  ['Off', '"Off"'],
  ['', '""'],
  ['tab\there', '"tab\\there"'],
  ['ctl\x01x', '"ctl\\x01x"'],
  ['é accent', 'é accent'],
  ['{"a":1}', `'{"a":1}'`],
  ['[x', "'[x'"],
  ['x]', 'x]'],
  ['? x', "'? x'"],
  ['?x', '?x'],
  [': x', "': x'"],
  ['---x', "'---x'"],
  ['...x', "'...x'"],
  ['2024-01-02', '"2024-01-02"'],
  ['true', '"true"'],
  ['a\nb', '|-\n    a\n    b'],
  ['a\nb\n', '|\n    a\n    b'],
  ['a\nb\n\n', '|+\n    a\n    b\n'],
  ['a\n b', '|-\n    a\n     b'],
  ['a \nb', '"a \\nb"'],
]

describe("a decrypted string is written in go-yaml v3's style", () => {
  it.each(GO_YAML)('%j → %s', (value, written) => {
    const doc = new Document({})
    const scalar = new Scalar(value)
    setScalar(scalar, value)
    doc.set('k', scalar)
    const text = doc.toString({ indent: 4, lineWidth: 0 })
    expect(parse(text)).toEqual({ k: value })
    if (value === 'a \nb') expect(goStringStyle(value)).toBe('double')
    else expect(text).toBe(`k: ${written}\n`)
  })

  it('the style is the same as an analysis over the array of code points (the old one, 1 GB for 32 MB)', () => {
    const printable = (code: number): boolean =>
      code === 0x0a ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
    // go-yaml's scalar analysis as written before, over Array.from(value); goStringStyle's other tests as there.
    const reference = (value: string): string => {
      if (value === '') return '[true,true,false]'
      let indicators = value.startsWith('---') || value.startsWith('...')
      let [special, tab, spaceBreak, breakSpace] = [false, false, false, false]
      const chars = Array.from(value)
      for (const [i, ch] of chars.entries()) {
        const next = chars[i + 1]
        const blank = next === undefined || next === ' ' || next === '\t' || next === '\n'
        if (i === 0) {
          if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicators = true
          else if ('?:-'.includes(ch) && blank) indicators = true
        } else if (ch === ':' && blank) indicators = true
        else if (ch === '#' && (chars[i - 1] === ' ' || chars[i - 1] === '\t')) indicators = true
        if (ch === '\t') tab = true
        else if (!printable(ch.codePointAt(0) ?? 0)) special = true
        if (ch === ' ' && chars[i - 1] === '\n') breakSpace = true
        if (ch === '\n' && chars[i - 1] === ' ') spaceBreak = true
      }
      const edge = /^[ \n]|[ \n]$/.test(value)
      const lines = value.includes('\n')
      return JSON.stringify([
        !edge && !indicators && !tab && !special && !spaceBreak && !breakSpace && !lines,
        !tab && !special && !spaceBreak && !breakSpace,
        !value.endsWith(' ') && !spaceBreak && !special,
      ])
    }
    const piece = fc.constantFrom(
      ' ',
      '\t',
      '\n',
      ':',
      '#',
      '-',
      '?',
      'a',
      '😀',
      '\ud800',
      '\udc00',
      'é',
      '\x01',
      '\ufeff',
      '"',
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const value = pieces.join('')
        const { plain, single, block } = analyse(value)
        expect(JSON.stringify([plain, single, block]), JSON.stringify(value)).toBe(reference(value))
      }),
      fuzzParams(2000),
    )
  })

  it('never writes a block the yaml package would misread (first line starting with a space)', () => {
    const scalar = new Scalar(' a\nb')
    setScalar(scalar, ' a\nb')
    const doc = new Document({ k: scalar })
    expect(parse(doc.toString({ indent: 4 }))).toEqual({ k: ' a\nb' })
  })
})
