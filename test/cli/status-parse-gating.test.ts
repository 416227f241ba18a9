/**
 * `status` parses only the documents that can hold what it lists (a Secret-like kind at the top
 * level, a List, SOPS metadata): big CRDs and chart values are skipped unparsed, yet every spelling
 * of a Secret the API accepts is still listed, with its document number unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { BackendRegistry } from '../../src/core/backend.js'
import { inventoryFile } from '../../src/workflow/inventory.js'
import { builtinBackends } from '../../src/workflow/builtin.js'

let backends: BackendRegistry
beforeAll(async () => {
  backends = await builtinBackends()
})

const plaintext = (text: string, path = 'x.yaml') => {
  const record = inventoryFile(backends, path, text)
  return {
    kinds: record?.documents.map((doc) => `${doc.index}:${doc.kind}`) ?? [],
    problems: record?.problems ?? [],
  }
}

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: externalsecrets.external-secrets.io
spec:
  names:
    kind: ExternalSecret
    listKind: ExternalSecretList
  versions:
  - name: v1
    schema:
      openAPIV3Schema:
        properties:
          data: { type: object }
`

describe('status parse gating', () => {
  it('skips a CRD naming a Secret kind inside spec.names, and numbers the next documents as before', () => {
    const text = `${CRD}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-not-a-demo\n`
    const result = plaintext(text)
    expect(result.kinds).toEqual(['2:Secret'])
    expect(result.problems).toEqual(['Secret "db" is a plaintext Secret'])
  })

  it('still lists a Secret in every spelling the API accepts', () => {
    const spellings = [
      'apiVersion: v1\nkind: "Secret"\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n',
      "apiVersion: v1\nkind: 'Secret'\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n",
      'apiVersion: v1\nkind: !!str Secret\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n',
      'apiVersion: v1\nkind:\n  Secret\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n',
      'apiVersion: v1\n? kind\n: Secret\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n',
      '{apiVersion: v1, kind: Secret, metadata: {name: a}, stringData: {password: p4ssw0rd-value}}\n',
      '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"},"stringData":{"password":"p4ssw0rd-value"}}',
      '{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": {"name": "a"},\n  "stringData": {"password": "p4ssw0rd-value"}\n}\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a}\n  stringData: {password: p4ssw0rd-value}\n',
      '# a comment first\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {password: p4ssw0rd-value}\n',
    ]
    for (const text of spellings) {
      const path = text.startsWith('{"') ? 'x.json' : 'x.yaml'
      expect(plaintext(text, path).problems, text).toEqual(['Secret "a" is a plaintext Secret'])
    }
  })

  it('lists a Secret even when another document of the file is not valid YAML (it is not parsed)', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata: {a: 1, a: 2}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2-not-a-demo}\n`
    const record = inventoryFile(backends, 'x.yaml', text)
    expect(record?.warnings).toEqual([])
    expect(record?.documents.map((doc) => `${doc.index}:${doc.kind}`)).toEqual(['1:Secret'])
  })

  it('leaves chart values that merely mention secrets alone', () => {
    const values = 'auth:\n  existingSecret: ""\n  secretKeys:\n    adminPasswordKey: password\n'
    expect(inventoryFile(backends, 'values.yaml', values)).toBeUndefined()
  })
})

describe('status on a Secret-like document it refuses to parse', () => {
  it('too many YAML tokens or too deep is a problem (exit 1), not a warning: the document was not read', () => {
    // JSON: the yaml library reads it (simple YAML documents have a linear reader of their own).
    const big = `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "stringData": {"password": "q7-hidden"}, "list": [${'1,'.repeat(200_000)}1]}\n`
    const deep = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: q7-hidden\n  x: ${'['.repeat(300)}${']'.repeat(300)}\n`
    // A `"` inside a flow plain scalar opens no string: the brackets after it nest (a text
    // pre-check skipped them, and only the stack-overflow handler caught the library's recursion).
    const hidden = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: q7-hidden\n  x: [x "y, ${'['.repeat(3000)}${']'.repeat(3001)}\n`
    for (const [text, reason] of [
      [big, 'holds more than 200000 YAML tokens'],
      [deep, 'nested too deeply to read'],
      [hidden, 'nested too deeply to read (more than 256 levels)'],
    ] as const) {
      const record = inventoryFile(backends, 'big.yaml', text)
      expect(record?.problems.join('\n')).toContain(reason)
      expect(record?.warnings).toEqual([])
      expect(JSON.stringify(record)).not.toContain('q7-hidden')
    }
    // A syntax error stays a warning: kubectl cannot apply such a file either.
    const broken = inventoryFile(backends, 'bad.yaml', 'kind: Secret\nstringData: {a: [\n')
    expect(broken?.warnings.join('\n')).toContain('cannot be read as YAML/JSON')
    expect(broken?.problems).toEqual([])
  })
})
