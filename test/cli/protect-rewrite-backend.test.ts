/**
 * `protect -o` treats backends alike: a third-party backend that can rewrite an existing file
 * (`rewriteText`, `rewriteDocument`) is asked to, exactly as sops is, and its `editCommand` is
 * offered in the "already protected" hint. The fake's "ciphertext" is base64: this is plumbing.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../src/core/backend.js'
import { isRecord } from '../../src/core/secret.js'
import { runCli } from '../support/cli.js'
import { fakeBackends } from '../support/fake-backends.js'
import { makeRepo, secretYaml } from '../support/repo.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')
const calls: string[] = []

const fakeText: Backend = {
  name: 'fake-text',
  editCommand: 'fake-edit',
  options: (params) => params,
  protect: (secret) =>
    Promise.resolve([
      { kind: 'FakeText', metadata: { name: secret.name }, body: b64(JSON.stringify([...secret.data])) },
    ]),
  protectText: (text) => Promise.resolve(`kind: FakeText\nbody: ${b64(text)}\n`),
  protectedWith: () => true,
  describe: (doc) =>
    isRecord(doc) && doc.kind === 'FakeText' ? { backend: 'fake-text', summary: 'base64' } : null,
  rewriteText(existing, text, format, context) {
    calls.push(`rewriteText ${format} ${context.file}`)
    return Promise.resolve(`${existing}rewrites: [${b64(text)}]\n`)
  },
  rewriteDocument(existing, secret) {
    calls.push(`rewriteDocument ${String(secret.name)}`)
    return Promise.resolve({ ...(existing as object), rewrittenFor: secret.name })
  },
}

function setup() {
  const { dir, write } = makeRepo()
  const run = (args: string[]) =>
    runCli(['protect', ...args, '--backend', 'fake-text'], { cwd: dir, backends: fakeBackends(fakeText) })
  return { dir, write, run }
}

describe('protect -o asks any backend to rewrite the existing file', () => {
  it('a sole Secret protected from its text: rewriteText gets the existing file and the new text', async () => {
    const { dir, write, run } = setup()
    write('db.yaml', secretYaml('db', { password: 'one' }))
    expect((await run(['db.yaml', '-o', 'out.yaml'])).exitCode).toBe(0)
    const first = readFileSync(join(dir, 'out.yaml'), 'utf8')
    expect(first).toBe(`kind: FakeText\nbody: ${b64(secretYaml('db', { password: 'one' }))}\n`)
    calls.length = 0
    write('db.yaml', secretYaml('db', { password: 'two' }))
    expect((await run(['db.yaml', '-o', 'out.yaml'])).exitCode).toBe(0)
    expect(calls).toEqual([`rewriteText yaml ${join(dir, 'out.yaml')}`])
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toBe(
      `${first}rewrites: [${b64(secretYaml('db', { password: 'two' }))}]\n`,
    )
  })

  it('a Secret among other documents: rewriteDocument gets its existing document', async () => {
    const { dir, write, run } = setup()
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n'
    write('db.yaml', `${secretYaml('db', { password: 'one' })}---\n${configMap}`)
    expect((await run(['db.yaml', '-o', 'out.yaml'])).exitCode).toBe(0)
    calls.length = 0
    writeFileSync(join(dir, 'db.yaml'), `${secretYaml('db', { password: 'two' })}---\n${configMap}`)
    expect((await run(['db.yaml', '-o', 'out.yaml'])).exitCode).toBe(0)
    expect(calls).toEqual(['rewriteDocument db'])
    const docs = parseAllDocuments(readFileSync(join(dir, 'out.yaml'), 'utf8')).map(
      (doc) => doc.toJS() as unknown,
    )
    expect(docs).toMatchObject([{ kind: 'FakeText', rewrittenFor: 'db' }, { kind: 'ConfigMap' }])
  })

  it("the backend's edit command is offered for a file it already protects", async () => {
    const { dir, write, run } = setup()
    write('db.yaml', secretYaml('db', { password: 'one' }))
    expect((await run(['-i', 'db.yaml'])).exitCode).toBe(0)
    expect(parse(readFileSync(join(dir, 'db.yaml'), 'utf8'))).toMatchObject({ kind: 'FakeText' })
    const again = await run(['-i', 'db.yaml'])
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('already protected (fake-text), as the policy asks')
    expect(again.stderr).toContain('or run: fake-edit db.yaml')
  })
})
