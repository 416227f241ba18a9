/**
 * Two small backends for testing the workflow commands without the real ones:
 * `fake-seal` (reversible with a key file, like sealed/sops) and `fake-ref` (cannot reveal, like eso).
 * Their "encryption" is byte reversal: these tests are about policy and plumbing, not crypto.
 */
import { readFileSync } from 'node:fs'
import type { AnyBackend, Backend, BackendParams } from '../../src/core/backend.js'
import type { BackendLoader } from '../../src/cli/context.js'
import { builtinBackends } from '../../src/workflow/builtin.js'
import { runCli } from './cli.js'
import type { CliResult, RunOptions } from './cli.js'
import { GitsealError } from '../../src/core/errors.js'
import { decodeStdBase64, encodeStdBase64, isRecord, parseSecretObject } from '../../src/core/secret.js'
import type { Secret } from '../../src/core/secret.js'
import { declareParams } from '../../src/config/policy-params.js'

/** Every set of options (the raw parameters, as the fakes take them) a fake backend received, newest last. */
export const receivedParams: BackendParams[] = []

const reverse = (bytes: Uint8Array): Uint8Array => new Uint8Array([...bytes].reverse())

const fakeSeal: Backend = {
  name: 'fake-seal',
  params: declareParams({
    cluster: (v) => (typeof v === 'string' ? undefined : 'must be a string'),
    expired: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  }),
  options: (params) => params,
  protect(secret: Secret, context) {
    receivedParams.push(context.options)
    const data: Record<string, string> = {}
    for (const [key, value] of secret.data) data[key] = encodeStdBase64(reverse(value))
    return Promise.resolve([
      {
        apiVersion: 'fake.gitseal.test/v1',
        kind: 'FakeSealed',
        metadata: { name: secret.name, ...(secret.namespace ? { namespace: secret.namespace } : {}) },
        spec: {
          cluster: context.options.cluster ?? null,
          ...(secret.type ? { type: secret.type } : {}),
          data,
          ...(context.options.expired === true ? { expired: true } : {}),
        },
      },
    ])
  },
  describe(document) {
    if (!isRecord(document) || document.kind !== 'FakeSealed') return null
    const spec = isRecord(document.spec) ? document.spec : {}
    return {
      backend: 'fake-seal',
      summary: `cluster ${String(spec.cluster)}`,
      details: {
        cluster: spec.cluster,
        ...(spec.expired === true
          ? { warnings: ['sealed with a certificate that expired on 2020-01-01'] }
          : {}),
      },
    }
  },
  reveal(documents, keys) {
    const keyFiles = keys.keyFiles ?? []
    if (keyFiles.length === 0 || readFileSync(String(keyFiles[0]), 'utf8') !== 'fake-key\n') {
      return Promise.reject(new GitsealError('E_NO_IDENTITY', 'no fake key given'))
    }
    const document = documents[0] as {
      metadata: Record<string, unknown>
      spec: { data: Record<string, string>; type?: string }
    }
    const data: Record<string, string> = {}
    for (const [key, value] of Object.entries(document.spec.data)) {
      data[key] = encodeStdBase64(reverse(decodeStdBase64(value) ?? new Uint8Array()))
    }
    return Promise.resolve(
      parseSecretObject({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: document.metadata,
        type: document.spec.type,
        data,
      }),
    )
  },
}

const fakeRef: Backend = {
  name: 'fake-ref',
  params: declareParams({ store: (v) => (typeof v === 'string' ? undefined : 'must be a string') }),
  options: (params) => params,
  protect(secret, context) {
    receivedParams.push(context.options)
    return Promise.resolve([
      {
        apiVersion: 'fake.gitseal.test/v1',
        kind: 'FakeRef',
        metadata: { name: secret.name },
        spec: { store: context.options.store, keys: [...secret.data.keys()] },
      },
    ])
  },
  describe(document) {
    if (!isRecord(document) || document.kind !== 'FakeRef') return null
    const spec = isRecord(document.spec) ? document.spec : {}
    return { backend: 'fake-ref', summary: `store ${String(spec.store)}`, details: { store: spec.store } }
  },
}

/** The backends of a run with the fakes: the built-in ones, the two fakes, then `extra`. */
export function fakeBackends(...extra: AnyBackend[]): BackendLoader {
  return () => builtinBackends([fakeSeal, fakeRef, ...extra])
}

/** {@link runCli} with the built-in backends and the fakes. */
export function runWithFakes(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  return runCli(argv, { ...options, backends: fakeBackends() })
}
