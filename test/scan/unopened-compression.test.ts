/**
 * Compression formats gitseal does not open (bzip2, xz, zstd, 7-Zip, RAR: no decoder in Node) are
 * never a silent pass: a compressed text (`.env.xz`, `secrets.yaml.bz2`), a compressed tar or a
 * 7-Zip/RAR archive fails the gate closed (`scan-incomplete`); any other such file is a listed skip
 * with a note. Before, each was a binary skip, counted only. Real bzip2, xz and zstd make the files.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { runJob } from '../../src/scan/workers/scan-job.js'
import { j } from './rules/tokens.js'

const detector = createDetector()
// Enough text that the compressors store no plain copy of the key.
const ENV = `${'# settings of the production database and the object store\n'.repeat(40)}AWS_SECRET_ACCESS_KEY=${j('7JYCe3n14faRY+LcIgMJf', 'SAuEQEz/yjehHZtjtZm')}\n`
const compress = (tool: string): Buffer => execFileSync(tool, ['-c'], { input: ENV })
const job = (path: string, content: Uint8Array) => runJob(detector, { path, content })

describe('compression gitseal does not open', () => {
  it('a compressed .env, YAML or tar fails closed, in each format', () => {
    for (const [tool, extension] of [
      ['bzip2', 'bz2'],
      ['xz', 'xz'],
      ['zstd', 'zst'],
    ] as const) {
      for (const name of [`prod.env.${extension}`, `secrets.yaml.${extension}`, `app.tar.${extension}`]) {
        const out = job(name, compress(tool))
        expect(out.incomplete, name).toMatch(/compressed with .*does not open/)
      }
    }
  })

  it('7-Zip and RAR archives fail closed whatever their name; another compressed name is listed', () => {
    expect(job('bundle.7z', Buffer.from("7z\xbc\xaf'\x1c\x00\x04rest", 'latin1')).incomplete).toMatch(/7z/)
    expect(job('x.rar', Buffer.from('Rar!\x1a\x07\x01\x00rest', 'latin1')).incomplete).toMatch(/rar/)
    const crds = job('crds.bz2', compress('bzip2'))
    expect(crds.incomplete).toBeUndefined()
    expect(crds.notes).toEqual([expect.stringMatching(/compressed with bzip2/)])
  })

  it('a magic number planted before a .env hides nothing: its text is still scanned', () => {
    const planted = Buffer.concat([Buffer.from('\xfd7zXZ\x00', 'latin1'), Buffer.from(ENV)])
    const out = job('app.env', planted)
    expect(out.findings.map((finding) => finding.ruleId)).toContain('aws-secret-access-key')
    // And a text that merely opens with "BZh" is no bzip2 stream.
    expect(job('notes.txt', Buffer.from('BZh is a prefix\n')).notes ?? []).toEqual([])
  })
})
