/**
 * The "save the controller certificate" hint never tells a user to overwrite what gitseal.yaml names
 * (a crafted `cert: .bashrc` fails to parse, and the hint said `kubeseal --fetch-cert > .bashrc`),
 * nor to paste a path the shell reads as more than one word.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { saveCertHint } from '../../src/sealed/cert-save-hint.js'
import { runCli } from '../support/cli.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** The file names a hint says to write (`> F` and `-o F`). */
const targets = (hint: string): string[] => [...hint.matchAll(/(?:> |-o )(\S+?)[,)]/g)].map((m) => m[1]!)

describe('saveCertHint', () => {
  it('names the configured path only when nothing is there and it is a plain relative name', () => {
    expect(targets(saveCertHint('prod', 'certs/prod.pem', true))).toEqual([
      'certs/prod.pem',
      'certs/prod.pem',
    ])
    // Something there (a file that is not a certificate, or a symlink): a new file instead.
    expect(targets(saveCertHint('prod', 'certs/prod.pem', false))).toEqual([
      'certs/prod-new.pem',
      'certs/prod-new.pem',
    ])
    expect(targets(saveCertHint('prod', '.bashrc', false))).toEqual(['certs/prod.pem', 'certs/prod.pem'])
    for (const path of [
      'x; touch pwned',
      '$(id)',
      '../../.ssh/rc',
      '/etc/profile',
      '-out',
      'a b',
      '~/x',
      'a`id`',
    ]) {
      const hint = saveCertHint('prod', path, true)
      expect(targets(hint), path).toEqual(['certs/prod.pem', 'certs/prod.pem'])
      expect(hint).not.toContain(path)
    }
  })

  it('a cluster name that is not a plain word does not reach the file name', () => {
    const hint = saveCertHint('a;rm -rf ~', undefined, false)
    expect(targets(hint)).toEqual(['certs/controller.pem', 'certs/controller.pem'])
    expect(saveCertHint('\u001b[31mx', undefined, false)).not.toContain('\u001b')
  })
})

describe('status and init hints', () => {
  it('status: a configured path holding another file, or a symlink, is never the place to write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitseal-cert-hint-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'certs'))
    writeFileSync(join(dir, 'notes.txt'), 'not a certificate\n')
    symlinkSync(join(dir, 'nowhere', 'x'), join(dir, 'certs', 'dangling.pem'))
    writeFileSync(
      join(dir, 'gitseal.yaml'),
      'clusters:\n  notes:\n    cert: notes.txt\n  link:\n    cert: certs/dangling.pem\n  missing:\n    cert: certs/missing.pem\n' +
        '  shell:\n    cert: "x; touch pwned"\npolicy:\n  - path: "**"\n    backend: sealed\n    cluster: missing\n',
    )
    const result = await runCli(['status', '--json'], { cwd: dir })
    const report = JSON.parse(result.stdout) as { clusters: { name: string; problems: string[] }[] }
    const hint = (name: string): string => report.clusters.find((c) => c.name === name)!.problems.join('\n')
    expect(targets(hint('notes'))).toEqual(['certs/notes.pem', 'certs/notes.pem'])
    expect(targets(hint('link'))).toEqual(['certs/link.pem', 'certs/link.pem'])
    expect(targets(hint('missing'))).toEqual(['certs/missing.pem', 'certs/missing.pem'])
    expect(targets(hint('shell'))).toEqual(['certs/shell.pem', 'certs/shell.pem'])
    expect(hint('notes')).toContain('set clusters.notes.cert to it')
  })
})
