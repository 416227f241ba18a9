/**
 * `--git`: which findings a commit answers for (red team 19, A19). A text rule's finding is the
 * commit's when its line was added; a manifest analyser's finding when the commit added any line of
 * its YAML document — `kind: Secret` flipped over existing data, or `data: {v: *x}` added under an
 * anchor parked earlier, makes existing lines a plaintext Secret.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { scanAll } from '../../src/scan/index.js'
import { commit, git, initRepo } from './support/git-repo.js'
import { CS, rnd } from './rules/tokens.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const detector = createDetector()
const value = Buffer.from(rnd(CS.alnum, 18)).toString('base64')
const manifest = (kind: string, data: string): string =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: db\ndata:\n${data}`

async function found(dir: string, range: string): Promise<string[]> {
  const { findings } = await scanAll({ kind: 'git', cwd: dir, range }, { detector, workers: 0 })
  return findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)
}

describe('--git: the findings a commit answers for', () => {
  it('a commit that flips a ConfigMap to a Secret answers for its existing values', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const dir = temp.dir
    commit(dir, { README: 'hi\n' }, 'init')
    git(dir, 'checkout', '-q', '-b', 'pr')
    commit(dir, { 's.yaml': manifest('ConfigMap', `  v: ${value}\n`) }, 'cm')
    commit(dir, { 's.yaml': manifest('Secret', `  v: ${value}\n`) }, 'kind')
    expect(await found(dir, 'main..HEAD')).toEqual(['s.yaml:6 k8s-secret-plaintext'])
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual(['s.yaml:6 k8s-secret-plaintext'])
    // Another document of the file, untouched by the commit, is not its.
    const other = manifest('Secret', `  w: ${Buffer.from(rnd(CS.alnum, 18)).toString('base64')}\n`)
    commit(dir, { 't.yaml': `${other}---\n${manifest('ConfigMap', `  v: ${value}\n`)}` }, 't1')
    commit(dir, { 't.yaml': `${other}---\n${manifest('Secret', `  v: ${value}\n`)}` }, 't2')
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual(['t.yaml:13 k8s-secret-plaintext'])
  })

  it('a value parked under an anchor answers when a later commit puts it in data', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const dir = temp.dir
    const head = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\n  annotations:\n    note: &x ${value}\n`
    commit(dir, { 't.yaml': `${head}data: {}\n` }, 't1')
    commit(dir, { 't.yaml': `${head}data:\n  v: *x\n` }, 't2')
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual(['t.yaml:6 k8s-secret-plaintext'])
  })

  it('a merge answers for its own lines, in no parent (an evil merge, A7), and for nothing it merged', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const dir = temp.dir
    const key = (): string => `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    const sideKey = key()
    commit(dir, { README: 'hi\nthere\n' }, 'init')
    git(dir, 'checkout', '-q', '-b', 'side')
    commit(dir, { 'a.env': sideKey, README: 'hi\nside\n' }, 'side')
    git(dir, 'checkout', '-q', 'main')
    commit(dir, { 'b.txt': 'b\n', README: 'hi\nmain\n' }, 'main')
    try {
      git(dir, 'merge', '-q', '--no-commit', 'side')
    } catch {
      // The README conflicts: resolved by hand below.
    }
    // The resolution keeps side's line and adds one of its own; evil.env is in no parent.
    commit(dir, { 'evil.env': key(), README: `hi\n${key()}side\n` }, 'merge')
    // HEAD~1..HEAD is the merge and side's commit: a.env is side's own, once, never the merge's.
    const expected = [
      'README:2 aws-secret-access-key',
      'a.env:1 aws-secret-access-key',
      'evil.env:1 aws-secret-access-key',
    ]
    expect((await found(dir, 'HEAD~1..HEAD')).sort()).toEqual(expected)
    expect((await found(dir, 'HEAD')).sort()).toEqual(expected)
  })

  it('a text rule still answers only for its own added line', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const dir = temp.dir
    const key = `AWS_SECRET_ACCESS_KEY=${rnd(CS.b64, 40)}\n`
    commit(dir, { 'a.env': key }, 'one')
    commit(dir, { 'a.env': `${key}OTHER=1\n` }, 'two')
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual([])
  })

  it('a big all-in-one manifest keeps the Secret document an added line falls in (A18)', async () => {
    const temp = initRepo()
    cleanups.push(temp.cleanup)
    const dir = temp.dir
    // Over 256 KiB, so the blob is streamed and reduced: 1,500 long annotations per document.
    const filler = (indent: string) =>
      Array.from({ length: 1500 }, (_, i) => `${indent}a${i}: "${'x'.repeat(100)}"\n`).join('')
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${filler('  ')}`
    const secret = (data: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  annotations:\n${filler('    ')}data:\n  other: Zm9v\n${data}`
    const file = (data: string, extra = '') => `${config}${extra}---\n${secret(data)}---\n${config}`
    commit(dir, { 'all.yaml': file('') }, 'base')
    commit(dir, { 'all.yaml': file(`  v: ${value}\n`) }, 'add')
    // The line after the first ConfigMap (1,505 lines), its `---`, and the Secret's 1,506 lines before `other`.
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual(['all.yaml:3014 k8s-secret-plaintext'])
    // A line added to a ConfigMap keeps that document reduced: the Secret's old value is no finding.
    commit(dir, { 'all.yaml': file(`  v: ${value}\n`, '  added: "1"\n') }, 'config')
    expect(await found(dir, 'HEAD~1..HEAD')).toEqual([])
  })
})
