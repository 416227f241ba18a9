import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import { openSops } from '../../src/sops/sops-file.js'
import { toPlain } from '../../src/sops/tree.js'
import { REAL, fixtureIdentities, normalJson, realCases } from '../support/sops.js'

const ageCases = realCases().filter((c) => c.age_identities.length > 0)

describe('files written by real sops 3.5–3.13 (published test keys)', () => {
  it('has age-keyed cases to check, post-quantum ones among them', () => {
    expect(ageCases.length).toBeGreaterThan(20)
    expect(ageCases.filter((c) => c.age_identities.some((k) => k.includes('pq')))).toHaveLength(2)
  })

  it.each(ageCases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const text = readFileSync(`${REAL}${c.file}`, 'utf8')
    const open = () =>
      openSops(text, { format: c.format, file: c.file, identities: fixtureIdentities(...c.age_identities) })
    // Post-quantum (age1pq1) files fail in real sops on Debian's age 1.1.1 but gitseal opens them:
    // their plaintext comes from the upstream tests that wrote them (see fixtures' MANIFEST.md).
    const pq = c.age_identities.some((k) => k.includes('pq'))
    if (c.expect.decrypts || pq) {
      expect(c.expected_json, 'every case that opens has its expected plaintext').toBeDefined()
      const opened = await open()
      const expected: unknown = JSON.parse(readFileSync(`${REAL}${c.expected_json}`, 'utf8'))
      const plain =
        opened.branches.length === 1 ? toPlain(opened.branches[0] ?? null) : opened.branches.map(toPlain)
      expect(normalJson(plain)).toEqual(normalJson(expected))
      return
    }
    const error = await open().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isGitsealError(error)).toBe(true)
    const code = (error as { code: string }).code
    if (c.expect.sops_exit_code === 51) expect(code).toBe('E_SOPS_MAC_MISMATCH')
    if (c.expect.sops_exit_code === 25) expect(code).toBe('E_SOPS_DECRYPT')
  })
})
