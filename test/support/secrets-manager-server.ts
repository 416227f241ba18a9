/**
 * A local Secrets Manager test server on 127.0.0.1 — not AWS. It speaks the wire protocol the real
 * `@aws-sdk/client-secrets-manager` uses (AWS JSON 1.1: `POST /`, `X-Amz-Target: secretsmanager.<Op>`,
 * PascalCase JSON, errors as `{"__type", "message"}`), verifies the SigV4 signature against its test
 * credentials, and keeps the semantics gitseal relies on: version ids, AWSCURRENT/AWSPREVIOUS,
 * ClientRequestToken idempotency, ResourceExists/ResourceNotFound, InvalidRequest for secrets
 * scheduled for deletion. Facts from the AWS Secrets Manager API reference §4.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll } from 'vitest'

/** Test-only credentials the server accepts. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDGITSEALTEST00001',
  secretAccessKey: 'gitseal-test-secret-access-key-not-real',
}

interface Version {
  id: string
  string: string | undefined
  binary: Buffer | undefined
  stages: Set<string>
  token: string | undefined
  created: number
}

/** One stored secret (exposed for assertions). */
export interface StoredSecret {
  arn: string
  name: string
  description: string | undefined
  kmsKeyId: string | undefined
  tags: Map<string, string>
  versions: Version[]
  deletedDate: number | undefined
}

/** A request the server received. */
export interface LoggedRequest {
  operation: string
  body: Record<string, unknown>
}

/** An error to answer instead of handling, for the next `times` matching calls. */
export interface InjectedFailure {
  operation?: string
  type: string
  status?: number
  message?: string
  times?: number
}

const WRITE_OPERATIONS = new Set([
  'CreateSecret',
  'PutSecretValue',
  'UpdateSecret',
  'TagResource',
  'UntagResource',
  'DeleteSecret',
  'RestoreSecret',
])

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

/** The running server. */
export class SecretsManagerTestServer {
  readonly secrets = new Map<string, StoredSecret>()
  readonly requests: LoggedRequest[] = []
  readonly failures: InjectedFailure[] = []
  /** Delay every answer by this many milliseconds (abort and timeout tests). */
  delayMs = 0
  /**
   * Answer every signed request with a 200 JSON 1.1 answer that never ends: `chunked` streams it
   * without a length, `declared` also sends a Content-Length of 10 GiB (size-cap tests).
   */
  endlessAnswer: 'chunked' | 'declared' | undefined = undefined
  private server: Server | undefined
  endpoint = ''

  constructor(readonly region = 'eu-west-1') {}

  /** Start listening on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  /** Forget every secret, request and injected failure; answer at once again. */
  reset(): void {
    this.secrets.clear()
    this.requests.length = 0
    this.failures.length = 0
    this.delayMs = 0
    this.endlessAnswer = undefined
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  /** Requests that would change state (CreateSecret, PutSecretValue, TagResource, ...). */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => WRITE_OPERATIONS.has(r.operation))
  }

  /** The AWSCURRENT string value of a secret (test assertions only). */
  current(name: string): string | undefined {
    return this.secrets.get(name)?.versions.find((v) => v.stages.has('AWSCURRENT'))?.string
  }

  /** Seed a secret directly. */
  seed(name: string, value: string, tags: Record<string, string> = {}): StoredSecret {
    const secret = this.newSecret(name, undefined, undefined, tags)
    this.addVersion(secret, value, undefined, undefined)
    return secret
  }

  private newSecret(
    name: string,
    description: string | undefined,
    kmsKeyId: string | undefined,
    tags: Record<string, string>,
  ): StoredSecret {
    const suffix = randomUUID().slice(0, 6)
    const secret: StoredSecret = {
      arn: `arn:aws:secretsmanager:${this.region}:123456789012:secret:${name}-${suffix}`,
      name,
      description,
      kmsKeyId,
      tags: new Map(Object.entries(tags)),
      versions: [],
      deletedDate: undefined,
    }
    this.secrets.set(name, secret)
    return secret
  }

  private addVersion(
    secret: StoredSecret,
    string: string | undefined,
    binary: Buffer | undefined,
    token: string | undefined,
  ): Version {
    for (const v of secret.versions) v.stages.delete('AWSPREVIOUS')
    const current = secret.versions.find((v) => v.stages.has('AWSCURRENT'))
    if (current) {
      current.stages.delete('AWSCURRENT')
      current.stages.add('AWSPREVIOUS')
    }
    const version: Version = {
      id: token ?? randomUUID(),
      string,
      binary,
      stages: new Set(['AWSCURRENT']),
      token,
      created: Date.now() / 1000,
    }
    secret.versions.push(version)
    return version
  }

  private find(id: unknown): StoredSecret {
    const secret =
      typeof id === 'string'
        ? (this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id))
        : undefined
    if (!secret)
      throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
    return secret
  }

  private live(id: unknown): StoredSecret {
    const secret = this.find(id)
    if (secret.deletedDate !== undefined) {
      throw new ServiceError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      )
    }
    return secret
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
      })
      res.end(JSON.stringify(body))
    }
    try {
      const target = req.headers['x-amz-target']
      if (
        req.method !== 'POST' ||
        req.url !== '/' ||
        typeof target !== 'string' ||
        !target.startsWith('secretsmanager.')
      ) {
        throw new ServiceError('UnknownOperationException', 'not a Secrets Manager JSON 1.1 request', 404)
      }
      if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
        throw new ServiceError('SerializationException', 'expected application/x-amz-json-1.1')
      }
      this.checkSignature(req, raw)
      const operation = target.slice('secretsmanager.'.length)
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>
      this.requests.push({ operation, body })
      if (this.delayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.delayMs))
        // The client gave up (abort tests): do nothing, as if the request never arrived.
        if (req.socket.destroyed) return
      }
      if (this.endlessAnswer !== undefined) {
        this.streamEndlessAnswer(res, this.endlessAnswer)
        return
      }
      const failure = this.failures.find((f) => f.operation === undefined || f.operation === operation)
      if (failure) {
        failure.times = (failure.times ?? 1) - 1
        if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1)
        throw new ServiceError(failure.type, failure.message ?? failure.type, failure.status ?? 400)
      }
      reply(200, this.dispatch(operation, body))
    } catch (error) {
      if (error instanceof ServiceError) reply(error.status, { __type: error.type, message: error.message })
      else reply(500, { __type: 'InternalServiceError', message: String(error) })
    }
  }

  /** A valid start of a DescribeSecret answer, then padding inside its Description, forever. */
  private streamEndlessAnswer(res: ServerResponse, mode: 'chunked' | 'declared'): void {
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
      ...(mode === 'declared' ? { 'content-length': String(10 * 1024 ** 3) } : {}),
    })
    res.write('{"Name":"endless","Description":"')
    const padding = Buffer.alloc(64 * 1024, 0x61)
    const more = (): void => {
      // Write as fast as the client reads; stop when it hangs up.
      while (!res.destroyed && res.write(padding));
      if (!res.destroyed) res.once('drain', more)
    }
    res.on('close', () => res.removeAllListeners('drain'))
    more()
  }

  /** SigV4 as the SDK computes it: shape, credential scope, and the signature itself. */
  private checkSignature(req: IncomingMessage, body: Buffer): void {
    const auth = req.headers.authorization ?? ''
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/secretsmanager\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      )
    if (!match) throw new ServiceError('IncompleteSignatureException', 'malformed Authorization header')
    const [, keyId, date, region, signedHeaders, signature] = match as unknown as string[]
    if (keyId !== TEST_CREDENTIALS.accessKeyId) {
      throw new ServiceError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      )
    }
    if (region !== this.region)
      throw new ServiceError('InvalidSignatureException', `Credential should be scoped to a valid region.`)
    const amzDate = String(req.headers['x-amz-date'])
    const headerNames = signedHeaders!.split(';')
    const canonicalHeaders = headerNames
      .map(
        (name) =>
          `${name}:${String(req.headers[name] ?? '')
            .trim()
            .replace(/\s+/g, ' ')}\n`,
      )
      .join('')
    const payloadHash = createHash('sha256').update(body).digest('hex')
    const canonical = ['POST', '/', '', canonicalHeaders, signedHeaders, payloadHash].join('\n')
    const scope = `${date!}/${region}/secretsmanager/aws4_request`
    const toSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n')
    const hmac = (key: string | Buffer, data: string): Buffer =>
      createHmac('sha256', key).update(data).digest()
    let key = hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, date!)
    for (const part of [region, 'secretsmanager', 'aws4_request']) key = hmac(key, part)
    if (createHmac('sha256', key).update(toSign).digest('hex') !== signature) {
      throw new ServiceError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided.',
      )
    }
  }

  private dispatch(operation: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (operation) {
      case 'CreateSecret':
        return this.createSecret(body)
      case 'PutSecretValue':
        return this.putSecretValue(body)
      case 'GetSecretValue':
        return this.getSecretValue(body)
      case 'DescribeSecret':
        return this.describeSecret(body)
      case 'TagResource': {
        const secret = this.live(body.SecretId)
        for (const tag of (body.Tags ?? []) as { Key: string; Value: string }[])
          secret.tags.set(tag.Key, tag.Value)
        return {}
      }
      case 'DeleteSecret': {
        const secret = this.live(body.SecretId)
        secret.deletedDate = Date.now() / 1000
        return { ARN: secret.arn, Name: secret.name, DeletionDate: secret.deletedDate + 30 * 86400 }
      }
      default:
        throw new ServiceError(
          'UnknownOperationException',
          `operation ${operation} is not supported by the test server`,
        )
    }
  }

  private value(body: Record<string, unknown>): { string: string | undefined; binary: Buffer | undefined } {
    const string = typeof body.SecretString === 'string' ? body.SecretString : undefined
    const binary =
      typeof body.SecretBinary === 'string' ? Buffer.from(body.SecretBinary, 'base64') : undefined
    if (string !== undefined && binary !== undefined) {
      throw new ServiceError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary, but not both.',
      )
    }
    const size = string !== undefined ? Buffer.byteLength(string) : (binary?.byteLength ?? 0)
    if (size > 65_536) throw new ServiceError('ValidationException', 'secret value exceeds 65536 bytes')
    return { string, binary }
  }

  private createSecret(body: Record<string, unknown>): Record<string, unknown> {
    const name = body.Name
    if (typeof name !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw new ServiceError('InvalidParameterException', 'Invalid name.')
    }
    const token = body.ClientRequestToken as string | undefined
    const { string, binary } = this.value(body)
    const existing = this.secrets.get(name)
    if (existing?.deletedDate !== undefined) {
      throw new ServiceError(
        'InvalidRequestException',
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      )
    }
    if (existing) {
      const same = existing.versions.find((v) => v.token === token && v.string === string)
      if (token !== undefined && same) return { ARN: existing.arn, Name: name, VersionId: same.id }
      throw new ServiceError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      )
    }
    const tags = Object.fromEntries(
      ((body.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
    )
    const secret = this.newSecret(
      name,
      body.Description as string | undefined,
      body.KmsKeyId as string | undefined,
      tags,
    )
    if (string === undefined && binary === undefined) return { ARN: secret.arn, Name: name }
    const version = this.addVersion(secret, string, binary, token)
    return { ARN: secret.arn, Name: name, VersionId: version.id }
  }

  private putSecretValue(body: Record<string, unknown>): Record<string, unknown> {
    const secret = this.live(body.SecretId)
    const token = body.ClientRequestToken
    if (typeof token !== 'string' || token.length < 32 || token.length > 64) {
      throw new ServiceError('InvalidParameterException', 'ClientRequestToken must be 32-64 characters.')
    }
    const { string, binary } = this.value(body)
    const same = secret.versions.find((v) => v.token === token)
    if (same) {
      const equal =
        same.string === string && (same.binary?.equals(binary ?? Buffer.alloc(0)) ?? binary === undefined)
      if (!equal) {
        throw new ServiceError(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create a new version.",
        )
      }
      return { ARN: secret.arn, Name: secret.name, VersionId: same.id, VersionStages: [...same.stages] }
    }
    const version = this.addVersion(secret, string, binary, token)
    return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: [...version.stages] }
  }

  private getSecretValue(body: Record<string, unknown>): Record<string, unknown> {
    const secret = this.live(body.SecretId)
    const stage =
      (body.VersionStage as string | undefined) ?? (body.VersionId === undefined ? 'AWSCURRENT' : undefined)
    const version = secret.versions.find(
      (v) =>
        (body.VersionId === undefined || v.id === body.VersionId) &&
        (stage === undefined || v.stages.has(stage)),
    )
    if (!version) {
      throw new ServiceError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for staging label: ${stage ?? 'AWSCURRENT'}`,
      )
    }
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      VersionStages: [...version.stages],
      CreatedDate: version.created,
      ...(version.string === undefined ? {} : { SecretString: version.string }),
      ...(version.binary === undefined ? {} : { SecretBinary: version.binary.toString('base64') }),
    }
  }

  private describeSecret(body: Record<string, unknown>): Record<string, unknown> {
    const secret = this.find(body.SecretId)
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : { Description: secret.description }),
      ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
      ...(secret.deletedDate === undefined ? {} : { DeletedDate: secret.deletedDate }),
      Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })),
      VersionIdsToStages: Object.fromEntries(
        secret.versions.filter((v) => v.stages.size > 0).map((v) => [v.id, [...v.stages]]),
      ),
    }
  }
}

/** Start a local Secrets Manager test server. */
export async function startSecretsManagerTestServer(region?: string): Promise<SecretsManagerTestServer> {
  return new SecretsManagerTestServer(region).start()
}

/**
 * A server for one test file: started before its tests, {@link SecretsManagerTestServer.reset} after
 * each, stopped after all. Call it at the top level of the file; read `endpoint` inside tests.
 */
export function secretsManagerForFile(region = 'eu-west-1'): SecretsManagerTestServer {
  const server = new SecretsManagerTestServer(region)
  beforeAll(() => server.start())
  afterEach(() => server.reset())
  afterAll(() => server.stop())
  return server
}
