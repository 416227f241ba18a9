/** kubeseal habits on `gitseal seal`: `-o json|yaml` is the format (with a note), `-w` the output file. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL_CERT_PEM } from '../support/sealed.js'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-kubeseal-'))
  writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
  writeFileSync(
    join(dir, 's.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  a: b\n',
  )
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})
const cli = (args: string[]) => runCli(args, { cwd: dir })

describe('kubeseal habits on seal', () => {
  it('-o json / -o yaml is the output format with a note, never a file named json', async () => {
    const json = await cli(['seal', 's.yaml', '--cert', 'cert.pem', '-o', 'json'])
    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'SealedSecret' })
    expect(json.stderr).toContain("-o json is read as kubeseal's output format (--format json)")
    expect(existsSync(join(dir, 'json'))).toBe(false)
    const yaml = await cli(['seal', 's.yaml', '--cert', 'cert.pem', '-o', 'YAML'])
    expect(yaml.stdout.startsWith('---\napiVersion: bitnami.com/v1alpha1\n')).toBe(true)
    const clash = await cli(['seal', 's.yaml', '--cert', 'cert.pem', '-o', 'json', '--format', 'yaml'])
    expect(clash.exitCode).toBe(2)
    // A path is still a file, as everywhere in gitseal.
    expect((await cli(['seal', 's.yaml', '--cert', 'cert.pem', '-o', './json'])).exitCode).toBe(0)
    expect(readFileSync(join(dir, 'json'), 'utf8')).toContain('kind: SealedSecret')
  })

  it('-w / --sealed-secret-file FILE writes the file, as kubeseal', async () => {
    for (const flag of ['-w', '--sealed-secret-file']) {
      const out = `out${flag.length}.yaml`
      const result = await cli(['seal', 's.yaml', '--cert', 'cert.pem', flag, out])
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toBe('')
      expect(readFileSync(join(dir, out), 'utf8')).toContain('kind: SealedSecret')
    }
    const both = await cli(['seal', 's.yaml', '--cert', 'cert.pem', '-w', 'a.yaml', '-o', 'b.yaml'])
    expect(both.exitCode).toBe(2)
  })
})
