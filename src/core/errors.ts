/**
 * The one error type gitseal throws. Library callers switch on `code`; the CLI maps the
 * code's category to an exit code in exactly one place (`exitCodeFor`).
 *
 * Messages name the file and what to do; they never contain a secret value.
 */

/** What kind of failure a code is: decides the CLI exit code. */
export type ErrorCategory = 'validation' | 'input' | 'crypto' | 'remote'

/**
 * Every stable error code and its category. Add new codes here, in alphabetical order.
 * - validation (exit 1): the command ran and found a problem (scan findings, failed validation).
 * - input (exit 2): usage errors, bad files, bad configuration.
 * - crypto (exit 3): wrong key, failed decryption, MAC mismatch, unusable certificate.
 * - remote (exit 4): AWS, certificate URLs, the Kubernetes API.
 */
export const ERROR_CODES = {
  E_ABORTED: 'input',
  E_ALREADY_ENCRYPTED: 'input',
  E_AWS: 'remote',
  E_AWS_ACCESS_DENIED: 'remote',
  E_AWS_AUTH: 'remote',
  E_AWS_DELETED: 'remote',
  E_AWS_KMS: 'remote',
  E_AWS_NOT_FOUND: 'remote',
  E_AWS_THROTTLED: 'remote',
  E_BAD_CERT: 'crypto',
  E_BAD_CIPHERTEXT: 'crypto',
  E_BAD_CONFIG: 'input',
  E_BAD_KEY: 'crypto',
  E_BAD_MANIFEST: 'input',
  E_BAD_PATH: 'input',
  E_BAD_SECRET: 'input',
  E_CERT_EXPIRED: 'crypto',
  E_CERT_FETCH: 'remote',
  E_CERT_NOT_YET_VALID: 'crypto',
  E_CERT_WEAK: 'crypto',
  E_DECRYPT: 'crypto',
  E_ESO_NOT_PUSHED: 'input',
  E_FILE_EXISTS: 'input',
  E_FINDINGS: 'validation',
  E_IO: 'input',
  E_KUBE: 'remote',
  E_MERGE_CONFLICT: 'validation',
  E_NOT_A_SECRET: 'input',
  E_NOT_FOUND: 'input',
  E_NOT_IMPLEMENTED: 'input',
  E_NO_CREATION_RULE: 'input',
  E_NO_IDENTITY: 'crypto',
  E_NO_POLICY: 'input',
  E_NO_TTY: 'input',
  E_REMOTE: 'remote',
  E_SOPS_BAD_FORMAT: 'input',
  E_SOPS_DECRYPT: 'crypto',
  E_SOPS_MAC_MISMATCH: 'crypto',
  E_SOPS_NO_METADATA: 'input',
  E_TOO_LARGE: 'input',
  E_UNKNOWN_CLUSTER: 'input',
  E_UNKNOWN_FORMAT: 'input',
  E_USAGE: 'input',
  E_VALIDATION_FAILED: 'validation',
} as const satisfies Record<string, ErrorCategory>

/** A stable error code such as `E_CERT_EXPIRED`. */
export type ErrorCode = keyof typeof ERROR_CODES

/** Options for {@link GitsealError}. */
export interface GitsealErrorOptions {
  /** One line telling the user what to do next. */
  hint?: string
  /** The underlying error, kept for `--debug`; never shown by default. */
  cause?: unknown
  /** The file the error is about, when there is one. */
  file?: string
  /** 1-based line in `file`, when known. */
  line?: number
}

/**
 * Error with a stable `code`, a message meant for people and an optional `hint`.
 * @example throw new GitsealError('E_BAD_MANIFEST', 'secret.yaml:3: data.password is not valid base64')
 */
export class GitsealError extends Error {
  override readonly name = 'GitsealError'
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly file: string | undefined
  readonly line: number | undefined

  constructor(code: ErrorCode, message: string, options: GitsealErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = options.hint
    this.file = options.file
    this.line = options.line
  }

  /** The category deciding how the CLI exits. */
  get category(): ErrorCategory {
    return ERROR_CODES[this.code]
  }
}

/** True for any {@link GitsealError}, also across duplicated copies of the package. */
export function isGitsealError(value: unknown): value is GitsealError {
  return (
    value instanceof GitsealError ||
    (value instanceof Error &&
      value.name === 'GitsealError' &&
      typeof (value as GitsealError).code === 'string')
  )
}

const EXIT_CODES: Record<ErrorCategory, number> = { validation: 1, input: 2, crypto: 3, remote: 4 }

/** CLI exit code for an error: 1 validation, 2 usage/input, 3 crypto/key, 4 remote; other errors 2. */
export function exitCodeFor(error: unknown): number {
  return isGitsealError(error) ? EXIT_CODES[ERROR_CODES[error.code]] : 2
}

/** Prefix `file:line: ` for messages. */
export function where(file: string | undefined, line?: number): string {
  if (file === undefined) return ''
  return line === undefined ? `${file}: ` : `${file}:${line}: `
}
