/**
 * AWS SDK errors → GitsealError with a stable code, the remote secret's name and what to do.
 * AWS error messages name resources, never values; gitseal still builds its own messages.
 */
import { GitsealError, isGitsealError } from '../../core/errors.js'
import type { ErrorCode } from '../../core/errors.js'

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'CredentialsProviderError',
  'TokenProviderError',
  'MissingAuthenticationTokenException',
])
const THROTTLED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
])
const KMS = new Set(['DecryptionFailure', 'EncryptionFailure', 'KMSAccessDeniedException'])

/** An error name fit for a message: AWS names are identifiers; anything else is escaped and cut short. */
function safeName(name: string): string {
  return /^[\w.:#-]{1,100}$/.test(name)
    ? name
    : JSON.stringify(name.slice(0, 100))
        .slice(1, -1)
        .replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
}

/** The AWS error name (`ResourceNotFoundException`, ...) of an SDK error, if it is one. */
export function awsErrorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined
}

/** True when the error says the secret is scheduled for deletion (InvalidRequestException). */
export function isScheduledForDeletion(error: unknown): boolean {
  return (
    awsErrorName(error) === 'InvalidRequestException' &&
    error instanceof Error &&
    /marked for deletion|scheduled for deletion/i.test(error.message)
  )
}

/** What went wrong, as gitseal says it: the error code, what happened, and what to do. */
type Failure = readonly [code: ErrorCode, what: string, hint: string]

/**
 * Translate an SDK error from `operation` on the remote secret `name`.
 * @returns a GitsealError: `E_AWS_NOT_FOUND`, `E_AWS_DELETED`, `E_AWS_ACCESS_DENIED`, `E_AWS_AUTH`,
 * `E_AWS_THROTTLED`, `E_AWS_KMS`, `E_ABORTED`, or `E_AWS` for anything else.
 */
export function mapAwsError(error: unknown, operation: string, name: string | undefined): GitsealError {
  if (isGitsealError(error)) return error
  // The name comes from the server's `__type`: whatever an endpoint (or a proxy) sends is printed.
  const type = safeName(awsErrorName(error) ?? 'Error')
  const about =
    name === undefined ? `AWS Secrets Manager ${operation}` : `AWS Secrets Manager ${operation} "${name}"`
  const [code, what, hint] = classify(error, type, operation, name)
  return new GitsealError(code, `${about}: ${what}`, { cause: error, hint })
}

/** The failure an SDK error of name `type` stands for; `E_AWS` with the name when none fits. */
function classify(error: unknown, type: string, operation: string, name: string | undefined): Failure {
  if (type === 'AbortError' || (error instanceof Error && error.message === 'Request aborted'))
    return ['E_ABORTED', 'aborted', 'Cancelled; run the command again: pushes are idempotent.']
  if (isScheduledForDeletion(error)) {
    return [
      'E_AWS_DELETED',
      'the secret is scheduled for deletion',
      `Restore it with \`aws secretsmanager restore-secret --secret-id ${name ?? '<name>'}\`, or wait until the deletion completes and push again.`,
    ]
  }
  const named = byName(type, operation)
  if (named !== undefined) return named
  const code = (error as { code?: unknown } | undefined)?.code
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN)$/.test(code))
    return ['E_AWS', `cannot reach the endpoint (${code})`, 'Check --endpoint, --region and the network.']
  if (type === 'TimeoutError') return ['E_AWS', 'request timed out', 'Check the network and try again.']
  return ['E_AWS', `request failed (${type})`, 'Run again with --debug for the AWS error.']
}

/** The failures AWS error names alone tell apart (not found, access, credentials, throttling, quota, KMS). */
function byName(type: string, operation: string): Failure | undefined {
  if (type === 'ResourceNotFoundException')
    return [
      'E_AWS_NOT_FOUND',
      'no such secret (or no AWSCURRENT value)',
      'Check the name, --prefix and --region.',
    ]
  if (type === 'AccessDeniedException' || type === 'AccessDenied') {
    return [
      'E_AWS_ACCESS_DENIED',
      'access denied',
      `The AWS identity in use needs secretsmanager:${operation} on this secret (check IAM and resource policies).`,
    ]
  }
  if (AUTH.has(type)) {
    return [
      'E_AWS_AUTH',
      `AWS credentials were refused or not found (${type})`,
      'Set credentials the usual AWS way (AWS_PROFILE, aws sso login, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and check --region.',
    ]
  }
  if (THROTTLED.has(type))
    return ['E_AWS_THROTTLED', 'throttled by AWS after retries', 'Wait a minute and run the command again.']
  if (type === 'LimitExceededException') {
    return [
      'E_AWS',
      'a Secrets Manager quota was reached (LimitExceededException)',
      'Too many secrets, versions or requests: see the Secrets Manager quotas, then run again.',
    ]
  }
  if (KMS.has(type))
    return [
      'E_AWS_KMS',
      `KMS refused the operation (${type})`,
      'Check the KMS key (--kms-key-id) and its key policy.',
    ]
  return undefined
}
