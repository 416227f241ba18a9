import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseMetadata } from '../../src/sops/metadata.js'
import { openSops, plaintextOf } from '../../src/sops/sops-file.js'
import { storeFor } from '../../src/sops/stores/index.js'
import { toPlain } from '../../src/sops/tree.js'
import { REAL, normalJson, realCases } from '../support/sops.js'
import { scratchDir } from '../support/scratch.js'

// The PGP-keyed fixtures cover stores and comments the age ones do not (INI/dotenv comments,
// YAML comments, sops 3.3–3.13 layouts). gpg (not gitseal) opens their data key.
const pgpCases = realCases().filter((c) => c.age_identities.length === 0)
let gnupgHome: string

beforeAll(() => {
  gnupgHome = scratchDir('gpg')
  for (const key of [
    'getsops-sops/keys/sops_functional_tests_key.asc',
    'flux/keys/pgp.asc',
    'sops-nix/keys/pgp.asc',
  ]) {
    try {
      execFileSync('gpg', ['--batch', '--import', `${REAL}${key}`], {
        env: { ...process.env, GNUPGHOME: gnupgHome },
        stdio: 'ignore',
      })
    } catch {
      // a key file that is not there: its cases fail below
    }
  }
})

function dataKeyByGpg(text: string, format: (typeof pgpCases)[number]['format'], file: string): Uint8Array {
  const loaded = storeFor(format).load(text, file)
  const md = parseMetadata(loaded.metadata ?? null, file)
  for (const group of md.keyGroups) {
    for (const entry of group.others.pgp ?? []) {
      try {
        const enc = (entry as { enc: string }).enc
        return new Uint8Array(
          execFileSync('gpg', ['--batch', '--quiet', '--decrypt'], {
            input: enc,
            env: { ...process.env, GNUPGHOME: gnupgHome },
            stdio: ['pipe', 'pipe', 'ignore'],
          }),
        )
      } catch {
        // another fingerprint
      }
    }
  }
  throw new Error(`gpg could not open ${file}`)
}

describe('PGP-keyed files written by real sops, data key opened by gpg', () => {
  it.each(pgpCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const text = readFileSync(`${REAL}${c.file}`, 'utf8')
    const dataKey = dataKeyByGpg(text, c.format, c.file)
    const open = () => openSops(text, { format: c.format, file: c.file, identities: [], dataKey })
    if (!c.expect.decrypts) {
      await expect(open()).rejects.toMatchObject({ code: 'E_SOPS_MAC_MISMATCH' })
      return
    }
    const opened = await open()
    expect(plaintextOf(opened)).not.toContain('ENC[AES256_GCM')
    if (c.expected_json) {
      const expected: unknown = JSON.parse(readFileSync(`${REAL}${c.expected_json}`, 'utf8'))
      const plain =
        opened.branches.length === 1 ? toPlain(opened.branches[0] ?? null) : opened.branches.map(toPlain)
      expect(normalJson(plain)).toEqual(normalJson(expected))
    }
  })
})
