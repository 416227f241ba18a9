/**
 * The real @aws-sdk/client-secrets-manager against the local Secrets Manager test server
 * (test/support/secrets-manager-server.ts) — no AWS account is involved.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'
import {
  connectSecretsManager,
  pushToAws,
  requestToken,
  toExternalSecret,
  toSecretStore,
  verifyExternalSecrets,
} from '../../src/eso/index.js'
import type { PushOptions } from '../../src/eso/index.js'
import { secretsManagerForFile, TEST_CREDENTIALS } from '../support/secrets-manager-server.js'
import { secretOf } from '../support/eso.js'

// What the CLI does for users (the SDK's Node 22 notice); keeps the test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const server = secretsManagerForFile()

const options = (extra: Partial<PushOptions> = {}): PushOptions => ({
  region: 'eu-west-1',
  endpoint: server.endpoint,
  credentials: TEST_CREDENTIALS,
  maxAttempts: 3,
  ...extra,
})
const db = (password = 's3cr3t-value') =>
  secretOf({
    metadata: { name: 'db', namespace: 'prod' },
    stringData: { username: 'admin', password, 'conn.url': 'postgres://db' },
  })

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    if (isGitsealError(error)) return error.code
    throw error
  }
  return undefined
}

describe('pushToAws (real AWS SDK, local Secrets Manager test server)', () => {
  it('creates once, then is idempotent: pushing twice creates one version', async () => {
    const first = await pushToAws(db(), options())
    expect(first.actions).toMatchObject([{ name: 'prod/db', action: 'create' }])
    const stored = server.secrets.get('prod/db')!
    expect(stored.versions).toHaveLength(1)
    expect(Object.fromEntries(stored.tags)).toEqual({ 'managed-by': 'gitseal' })
    expect(JSON.parse(server.current('prod/db')!)).toEqual({
      username: 'admin',
      password: 's3cr3t-value',
      'conn.url': 'postgres://db',
    })
    const second = await pushToAws(db(), options())
    expect(second.actions).toMatchObject([{ name: 'prod/db', action: 'unchanged' }])
    expect(stored.versions).toHaveLength(1)
    expect(server.writes().map((w) => w.operation)).toEqual(['CreateSecret'])
  })

  it('changing one key creates exactly one new version; AWSPREVIOUS keeps the old one', async () => {
    await pushToAws(db(), options())
    const result = await pushToAws(db('rotated'), options())
    expect(result.actions[0]).toMatchObject({ action: 'update' })
    const stored = server.secrets.get('prod/db')!
    expect(stored.versions).toHaveLength(2)
    expect([...stored.versions[0]!.stages]).toEqual(['AWSPREVIOUS'])
    expect([...stored.versions[1]!.stages]).toEqual(['AWSCURRENT'])
    expect(result.actions[0]!.versionId).toBe(stored.versions[1]!.id)
    // A -> B -> A makes a new version again (the token depends on the previous version).
    await pushToAws(db(), options())
    expect(stored.versions).toHaveLength(3)
    expect(JSON.parse(server.current('prod/db')!).password).toBe('s3cr3t-value')
  })

  it('--per-key pushes one secret per key; KMS key, tags and --for-pushsecret tag', async () => {
    const result = await pushToAws(
      db(),
      options({ perKey: true, kmsKeyId: 'alias/app', tags: { team: 'payments' }, forPushSecret: true }),
    )
    expect(result.actions.map((a) => a.name)).toEqual([
      'prod/db/username',
      'prod/db/password',
      'prod/db/conn.url',
    ])
    expect(server.current('prod/db/password')).toBe('s3cr3t-value')
    const stored = server.secrets.get('prod/db/password')!
    expect(stored.kmsKeyId).toBe('alias/app')
    expect(Object.fromEntries(stored.tags)).toEqual({
      team: 'payments',
      'managed-by': 'external-secrets',
      'pushed-by': 'gitseal',
    })
  })

  it('dry run sends no write request and reports create/update/unchanged', async () => {
    const plan = await pushToAws(db(), options({ dryRun: true }))
    expect(plan.actions).toMatchObject([{ action: 'create' }])
    expect(server.writes()).toEqual([])
    expect(server.secrets.size).toBe(0)
    await pushToAws(db(), options())
    server.requests.length = 0
    const again = await pushToAws(db('changed'), options({ dryRun: true }))
    expect(again.actions).toMatchObject([{ action: 'update' }])
    expect(server.writes()).toEqual([])
    expect(server.requests.map((r) => r.operation)).toEqual(['DescribeSecret', 'GetSecretValue'])
  })

  it('adopts an existing secret without a value, and adds missing tags', async () => {
    server.seed('prod/db', '{"old":"x"}', { owner: 'ops' })
    const result = await pushToAws(db(), options())
    expect(result.actions[0]).toMatchObject({ action: 'update', tagsAdded: ['managed-by'] })
    expect(Object.fromEntries(server.secrets.get('prod/db')!.tags)).toEqual({
      owner: 'ops',
      'managed-by': 'gitseal',
    })
  })

  it('a CreateSecret race (ResourceExistsException) continues as an update', async () => {
    server.failures.push({ operation: 'CreateSecret', type: 'ResourceExistsException', message: 'exists' })
    server.seed('prod/db', '{"someone":"else"}')
    // DescribeSecret sees nothing the first time: make it report not found once.
    server.failures.push({ operation: 'DescribeSecret', type: 'ResourceNotFoundException' })
    const result = await pushToAws(db(), options())
    expect(result.actions[0]).toMatchObject({ action: 'update' })
    expect(JSON.parse(server.current('prod/db')!).username).toBe('admin')
  })

  it('maps remote errors to codes naming the secret, never the value', async () => {
    server.seed('prod/db', '{}')
    server.secrets.get('prod/db')!.deletedDate = Date.now() / 1000
    const deleted = await pushToAws(db(), options()).catch((e: unknown) => e)
    expect(isGitsealError(deleted) && deleted.code).toBe('E_AWS_DELETED')
    expect((deleted as Error).message).toContain('"prod/db"')
    expect((deleted as { hint: string }).hint).toMatch(/restore-secret --secret-id prod\/db/)
    server.secrets.clear()

    server.failures.push({ type: 'AccessDeniedException', message: 'User is not authorized' })
    expect(await codeOf(pushToAws(db(), options()))).toBe('E_AWS_ACCESS_DENIED')

    expect(
      await codeOf(
        pushToAws(db(), options({ credentials: { accessKeyId: 'AKIDWRONG', secretAccessKey: 'x' } })),
      ),
    ).toBe('E_AWS_AUTH')
    expect(
      await codeOf(
        pushToAws(db(), options({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'wrong' } })),
      ),
    ).toBe('E_AWS_AUTH')

    // Throttling is retried with backoff by the SDK; persistent throttling is E_AWS_THROTTLED.
    server.failures.push({ type: 'ThrottlingException', message: 'Rate exceeded', times: 1 })
    expect((await pushToAws(db(), options())).actions[0]!.action).toBe('create')
    server.failures.push({ type: 'ThrottlingException', message: 'Rate exceeded', times: 10 })
    expect(await codeOf(pushToAws(db('new'), options({ maxAttempts: 2 })))).toBe('E_AWS_THROTTLED')
    server.failures.length = 0

    server.failures.push({ operation: 'PutSecretValue', type: 'DecryptionFailure', message: 'KMS' })
    const kms = await pushToAws(db('other'), options()).catch((e: unknown) => e)
    expect(isGitsealError(kms) && kms.code).toBe('E_AWS_KMS')
    expect(JSON.stringify({ m: (kms as Error).message, h: (kms as { hint: string }).hint })).not.toContain(
      'other',
    )

    expect(await codeOf(pushToAws(db(), options({ region: '' })))).toBe('E_USAGE')
    expect(await codeOf(pushToAws(db(), options({ endpoint: 'http://127.0.0.1:1' })))).toBe('E_AWS')
  })

  it('honours an AbortSignal, before and during a request', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await codeOf(pushToAws(db(), options({ signal: controller.signal })))).toBe('E_ABORTED')
    server.delayMs = 2_000
    try {
      const started = Date.now()
      const pending = pushToAws(db(), options({ signal: AbortSignal.timeout(100) }))
      expect(await codeOf(pending)).toBe('E_ABORTED')
      expect(Date.now() - started).toBeLessThan(1_500)
    } finally {
      server.delayMs = 0
    }
  })

  it('gives up on a server that drips its answer or streams without end (hard deadline, local loopback server)', async () => {
    for (const mode of ['drip', 'endless'] as const) {
      const hostile = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '1000000' })
        const timer = setInterval(
          () => response.write(mode === 'drip' ? '{' : Buffer.alloc(64 * 1024, 0x20)),
          mode === 'drip' ? 50 : 1,
        )
        response.on('close', () => clearInterval(timer))
      })
      await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
      const { port } = hostile.address() as AddressInfo
      try {
        const started = Date.now()
        const pending = pushToAws(
          db(),
          options({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1, timeoutMs: 500 }),
        )
        expect(await codeOf(pending), mode).toBe('E_AWS')
        expect(Date.now() - started, mode).toBeLessThan(5_000)
      } finally {
        hostile.closeAllConnections()
        await new Promise((resolve) => hostile.close(resolve))
      }
    }
  })

  it('stops reading an endless answer at the size cap with E_TOO_LARGE (real AWS SDK, local Secrets Manager wire-protocol server)', async () => {
    for (const mode of ['chunked', 'declared'] as const) {
      server.endlessAnswer = mode
      try {
        const before = process.memoryUsage().rss
        const started = Date.now()
        const error = await pushToAws(db(), options({ timeoutMs: 20_000 })).catch((e: unknown) => e)
        expect(isGitsealError(error) && error.code, mode).toBe('E_TOO_LARGE')
        expect((error as Error).message, mode).toMatch(
          /^AWS Secrets Manager DescribeSecret \(prod\/db\): the answer is larger than 1048576 bytes; stopped reading$/,
        )
        // Refused at the cap, long before the 20 s request timeout, and not retried.
        expect(Date.now() - started, mode).toBeLessThan(5_000)
        expect(
          server.requests.map((r) => r.operation),
          mode,
        ).toEqual(['DescribeSecret'])
        expect(process.memoryUsage().rss - before, mode).toBeLessThan(200 * 1024 * 1024)
      } finally {
        server.endlessAnswer = undefined
        server.requests.length = 0
      }
    }
  })

  it('warns about remote names that look like ARN suffixes', async () => {
    const warnings: string[] = []
    const secret = secretOf({ metadata: { name: 'my-secret', namespace: 'prod' }, stringData: { a: 'b' } })
    await pushToAws(secret, options({ dryRun: true, onWarning: (w) => warnings.push(w) }))
    expect(warnings).toEqual([
      'remote secret name "prod/my-secret" ends with "-" and 6 characters, which AWS advises against',
    ])
  })

  it('verify finds pushed refs, reports missing secrets and properties without values', async () => {
    const secret = db()
    await pushToAws(secret, options())
    const es = toExternalSecret(secret, { store: 'aws' })
    const perKey = toExternalSecret(secret, { store: 'aws', perKey: true })
    const broken = structuredClone(es) as {
      spec: { data: { remoteRef: Record<string, string> }[] }
      metadata: Record<string, string>
    }
    broken.metadata.name = 'broken'
    broken.spec.data[0]!.remoteRef.property = 'nope'
    const checks = await verifyExternalSecrets([es, perKey, broken, { kind: 'ConfigMap' }], options())
    const byStatus = (name: string) => checks.filter((c) => c.externalSecret === name).map((c) => c.status)
    expect(
      checks.filter((c) => c.externalSecret === 'db' && c.key === 'prod/db').map((c) => c.status),
    ).toEqual(['ok', 'ok', 'ok'])
    expect(checks.filter((c) => c.key.startsWith('prod/db/')).map((c) => c.status)).toEqual([
      'missing-secret',
      'missing-secret',
      'missing-secret',
    ])
    expect(byStatus('broken')).toEqual(['missing-property', 'ok', 'ok'])
    expect(JSON.stringify(checks)).not.toContain('s3cr3t')
    expect(server.writes()).toHaveLength(1)
  })
})

describe('verifyExternalSecrets with stores (real AWS SDK, local Secrets Manager test server)', () => {
  it('takes the prefix from the matching SecretStore and skips refs it cannot check', async () => {
    const secret = db()
    await pushToAws(secret, options({ prefix: 'team/' }))
    const es = toExternalSecret(secret, { store: 'aws' })
    const cluster = toExternalSecret(secret, { store: 'param', storeKind: 'ClusterSecretStore' })
    const elsewhere = toExternalSecret(secret, { store: 'us', name: 'db-us' })
    const stores = [
      toSecretStore({ name: 'aws', namespace: 'prod', region: 'eu-west-1', prefix: 'team/' }),
      toSecretStore({ name: 'param', region: 'eu-west-1', service: 'ParameterStore', clusterWide: true }),
      toSecretStore({ name: 'us', region: 'us-east-1' }),
    ]
    const checks = await verifyExternalSecrets([es, cluster, elsewhere], { ...options(), stores })
    expect(checks.filter((c) => c.externalSecret === 'db' && c.status === 'ok').map((c) => c.key)).toEqual([
      'team/prod/db',
      'team/prod/db',
      'team/prod/db',
      // the ClusterSecretStore one is skipped below
    ])
    expect(checks.filter((c) => c.status === 'skipped').map((c) => c.note)).toEqual([
      ...Array<string>(3).fill('ClusterSecretStore "param" uses ParameterStore, not SecretsManager'),
      ...Array<string>(3).fill('SecretStore "us" is in region us-east-1; run with --region us-east-1'),
    ])
    // Without the stores, the unprefixed names are missing.
    const bare = await verifyExternalSecrets([es], options())
    expect(bare.map((c) => c.status)).toEqual(['missing-secret', 'missing-secret', 'missing-secret'])
  })
})

describe('ClientRequestToken idempotency (real AWS SDK, local Secrets Manager test server)', () => {
  it('tokens are deterministic per (name, previous version, value) and 64 hex characters', async () => {
    const remote = { name: 'prod/db', value: '{"a":"b"}', refs: [] }
    const token = await requestToken(remote, 'v1')
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(await requestToken(remote, 'v1')).toBe(token)
    expect(await requestToken(remote, 'v2')).not.toBe(token)
    expect(await requestToken({ ...remote, value: '{"a":"c"}' }, 'v1')).not.toBe(token)
    expect(await requestToken({ ...remote, name: 'prod/other' }, 'v1')).not.toBe(token)
  })

  it('a retried PutSecretValue with the same token creates no second version', async () => {
    server.seed('prod/db', 'old')
    const connection = await connectSecretsManager(options())
    try {
      const put = (value: string, token: string) =>
        connection.call<{ VersionId: string }>(
          'PutSecretValue',
          { SecretId: 'prod/db', SecretString: value, ClientRequestToken: token },
          'prod/db',
        )
      const token = await requestToken({ name: 'prod/db', value: 'new', refs: [] }, 'x')
      const first = await put('new', token)
      const again = await put('new', token)
      expect(again.VersionId).toBe(first.VersionId)
      expect(server.secrets.get('prod/db')!.versions).toHaveLength(2)
      const clash = await put('different', token).catch((e: unknown) => e)
      expect(isGitsealError(clash) && (clash.cause as Error).name).toBe('ResourceExistsException')
    } finally {
      connection.close()
    }
  })
})
