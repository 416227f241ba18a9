/**
 * AWS connection settings from flags and the standard AWS environment variables, shared by the
 * `eso` commands and the workflow commands (`protect`, `new secret`, `convert`) when they push.
 */
import type { AwsClientOptions } from '../eso/aws/client.js'
import type { CommandContext } from './context.js'
import { GitsealError } from '../core/errors.js'

/** Flags that override the environment. */
export interface AwsEnvFlags {
  region?: string | undefined
  endpoint?: string | undefined
  profile?: string | undefined
  /** `--timeout`: seconds per request. */
  timeout?: string | undefined
}

/** Region, endpoint, credentials and profile from flags, then the run's AWS environment variables. */
export function awsFromEnv(ctx: CommandContext, flags: AwsEnvFlags = {}): AwsClientOptions {
  const env = ctx.io.env
  // Undefined: the SDK looks in the profile's config; with no region anywhere, E_USAGE.
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION
  const endpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL
  const profile = flags.profile ?? env.AWS_PROFILE
  // Keys in the run's environment are the first link of the standard chain; the rest (profiles,
  // SSO, web identity, IMDS) is the SDK's own provider chain.
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && flags.profile === undefined
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          sessionToken: env.AWS_SESSION_TOKEN,
        }
      : undefined
  quietAwsSdk()
  return {
    region,
    endpoint,
    profile: credentials ? undefined : profile,
    credentials,
    ...(flags.timeout === undefined ? {} : { timeoutMs: timeoutSeconds(flags.timeout) }),
  }
}

/**
 * `--timeout SECONDS` in milliseconds.
 * @throws GitsealError `E_USAGE` unless a positive number of seconds (at most a day).
 */
export function timeoutSeconds(value: string): number {
  const seconds = Number(value)
  if (!/^\d+(?:\.\d+)?$/.test(value.trim()) || !(seconds > 0) || seconds > 86_400) {
    throw new GitsealError('E_USAGE', `--timeout must be a positive number of seconds, not "${value}"`, {
      hint: 'For example --timeout 30.',
    })
  }
  return Math.round(seconds * 1000)
}

/**
 * The SDK warns on stderr that its releases after January 2027 need Node 22; gitseal supports Node
 * 20.19, so users would see it on every push. The SDK reads this variable for that one warning only
 * (other warnings still show), and a user's own setting wins.
 */
function quietAwsSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
}
