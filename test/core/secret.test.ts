import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../src/core/manifest.js'
import {
  decodeStdBase64,
  invalidKeyReason,
  readManifestEntries,
  readSecrets,
  secretToObject,
} from '../../src/core/secret.js'
import { errorOf } from '../support/errors.js'

const parse = (text: string) => readSecrets(parseManifest(text, 'secret.yaml'))
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

describe('Secret parsing', () => {
  it('decodes data and merges stringData over it as the API server does', () => {
    const [secret] = parse(`apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
  labels: { app: db }
  annotations: { note: x }
type: Opaque
immutable: true
data:
  user: YWRtaW4=
  password: b2xk
stringData:
  password: new
  extra: "0755"
`)
    expect(secret).toBeDefined()
    expect(secret!.name).toBe('db')
    expect(secret!.namespace).toBe('prod')
    expect(secret!.type).toBe('Opaque')
    expect(secret!.immutable).toBe(true)
    expect(secret!.labels).toEqual({ app: 'db' })
    expect(secret!.annotations).toEqual({ note: 'x' })
    expect([...secret!.data.keys()]).toEqual(['user', 'password', 'extra'])
    expect(text(secret!.data.get('user'))).toBe('admin')
    expect(text(secret!.data.get('password'))).toBe('new')
    expect(text(secret!.data.get('extra'))).toBe('0755')
    expect([...secret!.stringDataKeys]).toEqual(['password', 'extra'])
  })

  it('keeps binary values as exact bytes through a round trip', () => {
    const bytes = new Uint8Array(256).map((_, i) => i)
    const b64 = Buffer.from(bytes).toString('base64')
    const [secret] = parse(`apiVersion: v1\nkind: Secret\nmetadata: {name: bin}\ndata:\n  blob: ${b64}\n`)
    expect(secret!.data.get('blob')).toEqual(bytes)
    const object = secretToObject(secret!, { readable: true })
    expect(object.data).toEqual({ blob: b64 })
    expect(object.stringData).toBeUndefined()
  })

  it('rejects invalid base64 naming the file, line and key', () => {
    const error = errorOf(() =>
      parse('apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  pw: "not base64!"\n'),
    )
    expect(error.code).toBe('E_BAD_SECRET')
    expect(error.message).toBe('secret.yaml:6: Secret "x": data.pw is not valid base64')
    expect(error.line).toBe(6)
  })

  it('rejects base64 without padding (Go StdEncoding requires it)', () => {
    expect(decodeStdBase64('YWRtaW4')).toBeUndefined()
    expect(decodeStdBase64('YWRtaW4=')).toEqual(new TextEncoder().encode('admin'))
    expect(decodeStdBase64('YW\nRtaW4=')).toEqual(new TextEncoder().encode('admin'))
    expect(decodeStdBase64('YWRt_W4=')).toBeUndefined()
  })

  it.each([
    ['a/b', 'letters'],
    ['with space', 'letters'],
    ['.', "'.'"],
    ['..hidden', "'..'"],
    ['x'.repeat(254), '253'],
  ])('rejects the invalid key name %j', (key, reason) => {
    expect(invalidKeyReason(key)).toContain(reason)
    const error = errorOf(() =>
      parse(`apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData:\n  "${key}": v\n`),
    )
    expect(error.code).toBe('E_BAD_SECRET')
    expect(error.message).toContain('invalid key')
  })

  it.each(['tls.crt', '.dockerconfigjson', 'a-b_c.D9', 'x'.repeat(253)])('accepts the key name %j', (key) => {
    expect(invalidKeyReason(key)).toBeUndefined()
  })

  it('refuses non-string stringData values that YAML typed as numbers or booleans', () => {
    const error = errorOf(() =>
      parse('apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData:\n  mode: 0755\n'),
    )
    expect(error.message).toContain('stringData.mode must be a string')
    expect(error.hint).toContain('Quote')
  })

  it('checks the keys each well-known type requires', () => {
    expect(
      errorOf(() =>
        parse(
          'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: kubernetes.io/tls\nstringData: {tls.crt: a}\n',
        ),
      ).message,
    ).toContain('requires key(s) tls.key')
    expect(
      errorOf(() =>
        parse(
          'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: kubernetes.io/dockerconfigjson\nstringData: {.dockerconfigjson: "[]"}\n',
        ),
      ).message,
    ).toContain('must be a JSON object')
    expect(
      errorOf(() =>
        parse(
          'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: kubernetes.io/basic-auth\nstringData: {a: b}\n',
        ),
      ).message,
    ).toContain('at least one of username, password')
    expect(
      parse(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: kubernetes.io/ssh-auth\nstringData: {ssh-privatekey: k}\n',
      )[0]!.type,
    ).toBe('kubernetes.io/ssh-auth')
    expect(
      parse(
        'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\ntype: bootstrap.kubernetes.io/token\nstringData: {token-id: abcdef}\n',
      ),
    ).toHaveLength(1)
  })

  it('rejects names that Kubernetes would refuse', () => {
    expect(
      errorOf(() => parse('apiVersion: v1\nkind: Secret\nmetadata: {name: My_Secret}\n')).message,
    ).toContain('DNS subdomain')
    expect(
      errorOf(() => parse('apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: a.b}\n')).message,
    ).toContain('DNS label')
  })

  it('keeps non-Secret documents of a multi-document file, in order', () => {
    const entries = readManifestEntries(
      parseManifest(
        `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
---
apiVersion: v1
kind: Secret
metadata: {name: s1}
stringData: {k: v}
---
# a comment-only document is kept as well
---
apiVersion: v1
kind: Secret
metadata: {name: s2}
`,
        'multi.yaml',
      ),
    )
    expect(
      entries.map((entry) => (entry.kind === 'secret' ? `secret:${entry.secret.name ?? ''}` : 'other')),
    ).toEqual(['other', 'secret:s1', 'other', 'secret:s2'])
  })

  it('reads Secrets from a kind: List and from JSON', () => {
    const list = parse(
      `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Secret, metadata: {name: a}, data: {k: dg==}}
- {apiVersion: v1, kind: Secret, metadata: {name: b}, data: {k: "!!"}}
`.replace(', data: {k: "!!"}', ''),
    )
    expect(list.map((secret) => secret.name)).toEqual(['a', 'b'])
    const json = readSecrets(
      parseManifest(
        '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"j"},"data":{"k":"dg=="}}',
        's.json',
      ),
    )
    expect(text(json[0]!.data.get('k'))).toBe('v')
  })

  it('names the List item line for errors inside a List', () => {
    const error = errorOf(() =>
      parse(
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a}\n  data:\n    k: "!!"\n',
      ),
    )
    expect(error.message).toMatch(/^secret\.yaml:8: /)
  })

  it('writes a Secret back as a Kubernetes object', () => {
    const [secret] = parse(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: y}\ntype: Opaque\nstringData: {a: hello}\n',
    )
    expect(secretToObject(secret!)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'x', namespace: 'y' },
      type: 'Opaque',
      data: { a: 'aGVsbG8=' },
    })
    expect(secretToObject(secret!, { readable: true }).stringData).toEqual({ a: 'hello' })
  })
})
