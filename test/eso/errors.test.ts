import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/core/errors.js'
import { mapAwsError } from '../../src/eso/index.js'

/** An error shaped like the SDK's service exceptions (name, message) or Node's network errors (code). */
function sdkError(name: string, message = 'x', code?: string): Error {
  const error = new Error(message)
  error.name = name
  if (code !== undefined) Object.assign(error, { code })
  return error
}

describe('mapAwsError', () => {
  it.each([
    ['ResourceNotFoundException', 'E_AWS_NOT_FOUND'],
    ['AccessDeniedException', 'E_AWS_ACCESS_DENIED'],
    ['UnrecognizedClientException', 'E_AWS_AUTH'],
    ['ExpiredTokenException', 'E_AWS_AUTH'],
    ['CredentialsProviderError', 'E_AWS_AUTH'],
    ['ThrottlingException', 'E_AWS_THROTTLED'],
    ['DecryptionFailure', 'E_AWS_KMS'],
    ['EncryptionFailure', 'E_AWS_KMS'],
    ['LimitExceededException', 'E_AWS'],
    ['InternalServiceError', 'E_AWS'],
    ['AbortError', 'E_ABORTED'],
  ])('%s -> %s (exit 4 unless aborted)', (name, code) => {
    const error = mapAwsError(sdkError(name), 'PutSecretValue', 'prod/db')
    expect(error.code).toBe(code)
    expect(error.message).toMatch(/^AWS Secrets Manager PutSecretValue "prod\/db": /)
    expect(error.hint).toBeTruthy()
    if (code !== 'E_ABORTED') expect(ERROR_CODES[error.code]).toBe('remote')
  })

  it('recognises secrets scheduled for deletion and network failures', () => {
    const deleted = sdkError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    )
    expect(mapAwsError(deleted, 'GetSecretValue', 'a').code).toBe('E_AWS_DELETED')
    expect(mapAwsError(sdkError('InvalidRequestException', 'other'), 'GetSecretValue', 'a').code).toBe(
      'E_AWS',
    )
    const refused = mapAwsError(
      sdkError('Error', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      'DescribeSecret',
      'a',
    )
    expect(refused.message).toMatch(/cannot reach the endpoint \(ECONNREFUSED\)/)
  })

  it('never copies the AWS message (which could echo input) into its own message', () => {
    const error = mapAwsError(
      sdkError('ValidationException', 'value hunter2 is too long'),
      'PutSecretValue',
      'a',
    )
    expect(error.message).not.toContain('hunter2')
    expect(error.hint).not.toContain('hunter2')
  })
})
