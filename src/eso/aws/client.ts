/**
 * The AWS Secrets Manager client, loaded lazily (the SDK costs start-up time) and wrapped so every
 * call takes an AbortSignal and fails with a GitsealError. Credentials come from the standard AWS
 * chain unless given; gitseal adds no credential mechanism of its own.
 */
import { pipeline, Readable, Transform } from 'node:stream'
import { GitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import { mapAwsError } from './errors.js'

/** Static credentials (tests, or a caller that already resolved them). */
export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string | undefined
}

/** Where and how to reach Secrets Manager. */
export interface AwsClientOptions {
  /**
   * AWS region, e.g. `eu-west-1`. When undefined the SDK's chain decides (AWS_REGION, the profile's
   * `region`); with no region anywhere the connection fails with `E_USAGE`: gitseal never guesses.
   */
  region?: string | undefined
  /**
   * Where the user gives a region in the command at hand, for the "no region" error's hint.
   * Default: the `--region` flag, `AWS_REGION` or the profile's `region`.
   */
  regionHint?: string | undefined
  /** Endpoint override, e.g. `http://127.0.0.1:4566` (LocalStack, test servers, VPC endpoints). */
  endpoint?: string | undefined
  /** Static credentials; default: the SDK's provider chain (env, shared config/SSO, IMDS...). */
  credentials?: AwsCredentials | undefined
  /** Shared-config profile for the default chain. */
  profile?: string | undefined
  /** Attempts per request including retries of throttling and 5xx (SDK standard mode). Default 5. */
  maxAttempts?: number | undefined
  /** Give up on one request (connect, or wait for the answer) after this many ms. Default 30 000. */
  timeoutMs?: number | undefined
  /** Stop reading an answer past this many bytes (`E_TOO_LARGE`). Default 1 MiB. */
  maxResponseBytes?: number | undefined
}

/**
 * Largest Secrets Manager answer gitseal reads: 1 MiB. A secret value holds at most 64 KiB, at most
 * six times that once escaped in JSON; an endless answer would otherwise fill memory at network speed.
 */
const MAX_AWS_RESPONSE_BYTES = 1024 * 1024

/** Default per-request timeout of Secrets Manager calls. */
const AWS_TIMEOUT_MS = 30_000

/** The Secrets Manager operations gitseal uses. */
export type SecretsManagerOperation =
  'CreateSecret' | 'PutSecretValue' | 'GetSecretValue' | 'DescribeSecret' | 'TagResource'

/**
 * A connected client. Its types do not mention the SDK's, so importing `gitseal/eso` does not make
 * a TypeScript consumer type-check the whole AWS SDK.
 */
export interface SecretsManagerConnection {
  /**
   * Run `operation` with `input` (the API's PascalCase members) and return its output;
   * `name` is the remote secret it is about (for messages).
   * @throws GitsealError from {@link mapAwsError}.
   */
  call<Output>(
    operation: SecretsManagerOperation,
    input: Record<string, unknown>,
    name: string | undefined,
    signal?: AbortSignal,
  ): Promise<Output>
  /** Release sockets. */
  close(): void
}

/**
 * Load the SDK and create a client for `options`.
 * @throws GitsealError `E_USAGE` when the region is missing or the endpoint is not a URL.
 */
export async function connectSecretsManager(options: AwsClientOptions): Promise<SecretsManagerConnection> {
  const noRegion = (cause?: unknown): GitsealError =>
    new GitsealError('E_USAGE', 'no AWS region given', {
      cause,
      hint:
        options.regionHint ??
        'Pass --region (or set AWS_REGION, or region in your AWS profile), e.g. --region eu-west-1.',
    })
  if (options.region === '') throw noRegion()
  if (options.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(options.endpoint)) {
    throw new GitsealError('E_USAGE', `--endpoint "${options.endpoint}" is not an http(s) URL`)
  }
  const sdk = await import('@aws-sdk/client-secrets-manager')
  const limits: Limits = {
    timeoutMs: options.timeoutMs ?? AWS_TIMEOUT_MS,
    maxAttempts: options.maxAttempts ?? 5,
    maxResponseBytes: options.maxResponseBytes ?? MAX_AWS_RESPONSE_BYTES,
  }
  const client = createClient(sdk, options, limits)
  if (options.region === undefined) {
    // Resolve now, so a missing region is a usage error before any request.
    const region = await client.config.region().catch((error: unknown) => {
      client.destroy()
      throw noRegion(error)
    })
    if (!region) {
      client.destroy()
      throw noRegion()
    }
  }
  return connection(sdk, client, limits)
}

/** How long each attempt may idle, how many attempts a call makes, and how large an answer may be. */
interface Limits {
  timeoutMs: number
  maxAttempts: number
  maxResponseBytes: number
}

/** The connection over `client`: each call with a hard deadline, its errors as GitsealErrors. */
function connection(
  sdk: Sdk,
  client: InstanceType<Sdk['SecretsManagerClient']>,
  { timeoutMs, maxAttempts, maxResponseBytes }: Limits,
): SecretsManagerConnection {
  const commands = {
    CreateSecret: sdk.CreateSecretCommand,
    PutSecretValue: sdk.PutSecretValueCommand,
    GetSecretValue: sdk.GetSecretValueCommand,
    DescribeSecret: sdk.DescribeSecretCommand,
    TagResource: sdk.TagResourceCommand,
  }
  // The SDK types send() per command class; this wrapper forwards plain inputs and outputs.
  const send = client.send.bind(client) as (
    command: unknown,
    options: { abortSignal?: AbortSignal },
  ) => Promise<unknown>
  // requestTimeout is an idle timer: a server dripping one byte at a time, or streaming an endless
  // body, resets it forever. Each call (all its attempts) therefore also has a hard deadline.
  const callDeadlineMs = timeoutMs * maxAttempts
  return {
    async call<Output>(
      operation: SecretsManagerOperation,
      input: Record<string, unknown>,
      name: string | undefined,
      signal?: AbortSignal,
    ): Promise<Output> {
      if (signal?.aborted) throw mapAwsError(signal.reason ?? new Error('Request aborted'), operation, name)
      const Command = commands[operation] as unknown as new (input: Record<string, unknown>) => unknown
      const deadline = AbortSignal.timeout(callDeadlineMs)
      const abortSignal = signal === undefined ? deadline : AbortSignal.any([signal, deadline])
      try {
        return (await send(new Command(input), { abortSignal })) as Output
      } catch (error) {
        throw callError(error, {
          operation,
          name,
          signal,
          deadline,
          timeoutMs,
          maxAttempts,
          maxResponseBytes,
        })
      }
    },
    close: () => {
      client.destroy()
    },
  }
}

type Sdk = typeof import('@aws-sdk/client-secrets-manager')

/** The SDK client with gitseal's timeouts and response cap. */
function createClient(
  sdk: Sdk,
  options: AwsClientOptions,
  { timeoutMs, maxAttempts, maxResponseBytes }: Limits,
): InstanceType<Sdk['SecretsManagerClient']> {
  const client = new sdk.SecretsManagerClient({
    ...(options.region === undefined ? {} : { region: options.region }),
    maxAttempts,
    // Without these a silent endpoint holds the push forever (the SDK has no default timeout).
    requestHandler: {
      requestTimeout: timeoutMs,
      connectionTimeout: Math.min(timeoutMs, 10_000),
      // Else a request past requestTimeout only logs a warning and goes on waiting.
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: staticCredentials(options.credentials) }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  })
  // Innermost in the deserialize step: sees each attempt's raw answer before the SDK reads it.
  client.middlewareStack.add(capResponse(maxResponseBytes) as never, {
    step: 'deserialize',
    priority: 'low',
    name: 'gitsealResponseCap',
  })
  return client
}

/** The GitsealError for a failed call: too large an answer, the deadline, a cancel, or AWS's error. */
function callError(
  error: unknown,
  call: {
    operation: SecretsManagerOperation
    name: string | undefined
    signal: AbortSignal | undefined
    deadline: AbortSignal
    timeoutMs: number
    maxAttempts: number
    maxResponseBytes: number
  },
): GitsealError {
  const { operation, name, signal } = call
  if (error instanceof ResponseTooLarge) {
    return new GitsealError(
      'E_TOO_LARGE',
      `AWS Secrets Manager ${operation}${name === undefined ? '' : ` (${printable(name)})`}: the answer is larger than ${call.maxResponseBytes} bytes; stopped reading`,
      {
        cause: error,
        hint: 'Secrets Manager answers are far smaller: check that --endpoint points at Secrets Manager.',
      },
    )
  }
  if (call.deadline.aborted && signal?.aborted !== true) {
    return new GitsealError(
      'E_AWS',
      `AWS Secrets Manager ${operation}: no complete answer within ${(call.timeoutMs * call.maxAttempts) / 1000} s (${call.maxAttempts} attempts of up to --timeout ${call.timeoutMs / 1000} s)`,
      {
        cause: error,
        hint: 'Check the endpoint and the network, or raise --timeout; pushes are idempotent, run the command again.',
      },
    )
  }
  if (signal?.aborted) {
    return new GitsealError('E_ABORTED', `AWS Secrets Manager ${operation}: aborted`, {
      cause: error,
      hint: 'Cancelled; run the command again: pushes are idempotent.',
    })
  }
  return mapAwsError(error, operation, name)
}

/** An answer past the size cap (the SDK passes this error through; `call` names the operation). */
class ResponseTooLarge extends Error {}

/** The part of the SDK's HTTP response the cap looks at. */
interface RawResponse {
  headers: Record<string, string | undefined>
  body: unknown
}

/**
 * A deserialize-step middleware that refuses an answer declaring more than `maxBytes`, and stops
 * reading (closing the connection) as soon as one streams more.
 */
function capResponse(maxBytes: number) {
  return (next: (args: unknown) => Promise<{ response: unknown }>) =>
    async (args: unknown): Promise<{ response: unknown }> => {
      const result = await next(args)
      const response = result.response as RawResponse
      if (!(response.body instanceof Readable)) return result
      const body = response.body
      if (Number(response.headers['content-length']) > maxBytes) {
        body.destroy()
        throw new ResponseTooLarge(`answer declares more than ${String(maxBytes)} bytes`)
      }
      let seen = 0
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          seen += chunk.length
          if (seen > maxBytes) callback(new ResponseTooLarge(`answer exceeds ${String(maxBytes)} bytes`))
          else callback(null, chunk)
        },
      })
      // On the error the pipeline destroys the socket's stream too: nothing more is read.
      pipeline(body, counted, () => undefined)
      response.body = counted
      return result
    }
}

function staticCredentials(credentials: AwsCredentials): {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
} {
  const { accessKeyId, secretAccessKey, sessionToken } = credentials
  return sessionToken === undefined
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId, secretAccessKey, sessionToken }
}
