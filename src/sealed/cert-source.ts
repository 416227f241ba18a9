/**
 * Where a sealing certificate comes from: a PEM file, or an `http(s)://` URL (kubeseal's
 * `--cert`). Network reads take an AbortSignal, a timeout and a size limit; TLS is verified.
 */
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GitsealError } from '../core/errors.js'
import { readFileBytes } from '../io/read-file.js'
import { parseCert } from './cert.js'
import type { SealingCert } from './cert.js'

/** Options for {@link loadCert}. */
export interface LoadCertOptions {
  /** Directory relative file paths are resolved against (the CLI passes its cwd or the config's dir). */
  baseDir: string
  signal?: AbortSignal | undefined
  /** Give up on a URL after this many milliseconds (default 10 000). */
  timeoutMs?: number | undefined
  /** Largest certificate response accepted, in bytes (default 64 KiB). */
  maxBytes?: number | undefined
  /** Return a weak certificate (its `weakness` set) instead of refusing: for reports only. */
  allowWeak?: boolean | undefined
}

/** True when `source` is an http(s) URL rather than a file. */
export function isCertUrl(source: string): boolean {
  return /^https?:\/\//i.test(source)
}

/**
 * The raw bytes of a certificate source (file, `file://` or `http(s)://`), unparsed.
 * @throws GitsealError `E_NOT_FOUND`/`E_IO` for files, `E_CERT_FETCH` for URLs (status, timeout, network), `E_TOO_LARGE` past `maxBytes`.
 */
export async function readCertSource(source: string, options: LoadCertOptions): Promise<Uint8Array> {
  if (isCertUrl(source)) return fetchCert(source, options)
  const path = source.startsWith('file://')
    ? fileURLToPath(source)
    : isAbsolute(source)
      ? source
      : resolve(options.baseDir, source)
  return readFileBytes(path, source)
}

/**
 * Load and parse a sealing certificate from a file or URL (no expiry check: see `checkCert`).
 * @throws GitsealError as {@link readCertSource} and `parseCert`.
 */
export async function loadCert(source: string, options: LoadCertOptions): Promise<SealingCert> {
  return parseCert(await readCertSource(source, options), source, {
    ...(options.allowWeak === true ? { allowWeak: true } : {}),
  })
}

/** `url` with any user name and password replaced by `***`, for messages. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1***@')
}

async function fetchCert(source: string, options: LoadCertOptions): Promise<Uint8Array> {
  // Never echo a password given in the URL (fetch refuses such URLs, quoting them whole).
  const url = withoutCredentials(source)
  if (url !== source) {
    throw new GitsealError('E_USAGE', `the certificate URL ${url} holds a user name or password`, {
      file: url,
      hint: 'The controller serves its certificate without credentials: drop them from the URL.',
    })
  }
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxBytes = options.maxBytes ?? 64 * 1024
  const timeout = AbortSignal.timeout(timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  const fail = (what: string, cause?: unknown, hint?: string): never => {
    throw new GitsealError('E_CERT_FETCH', `cannot fetch certificate from ${url}: ${what}`, {
      ...(cause === undefined ? {} : { cause }),
      file: url,
      hint: hint ?? 'Check the URL and your network; or pass the certificate as a file (--cert cert.pem).',
    })
  }
  let response: Response
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/x-pem-file, */*' } })
  } catch (cause) {
    if (options.signal?.aborted)
      throw new GitsealError('E_ABORTED', `fetching ${url} was cancelled`, { cause })
    if (timeout.aborted) return fail(`no answer within ${timeoutMs} ms`, cause)
    const reason = (cause as { cause?: { code?: string; message?: string } }).cause
    return fail(reason?.code ?? reason?.message ?? String(cause), cause)
  }
  // fetch follows redirects: an https source answered from a plain http address is anyone's certificate.
  if (/^https:/i.test(url) && !/^https:/i.test(response.url)) {
    await response.body?.cancel().catch(() => undefined)
    return fail(
      'redirected to a plain http:// address',
      undefined,
      'Use the https address the certificate is served from, or pass it as a file (--cert cert.pem).',
    )
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined)
    return fail(`HTTP ${response.status}`)
  }
  // Bounded input, like every other read: an oversized answer is an input error (exit 2), not an outage.
  const tooLarge = (what: string): never => {
    throw new GitsealError('E_TOO_LARGE', `${url}: ${what}; stopped reading`, {
      file: url,
      hint: `A certificate is a few KiB and gitseal reads at most ${maxBytes} bytes: check that the URL serves the controller's certificate.`,
    })
  }
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    return tooLarge(`the answer of ${declared} bytes is larger than ${maxBytes}`)
  }
  let body: Uint8Array | undefined
  try {
    body = await readUpTo(response, maxBytes)
  } catch (cause) {
    if (options.signal?.aborted)
      throw new GitsealError('E_ABORTED', `fetching ${url} was cancelled`, { cause })
    return fail(timeout.aborted ? `no complete answer within ${timeoutMs} ms` : 'connection failed', cause)
  }
  return body ?? tooLarge(`the answer is larger than ${maxBytes} bytes`)
}

/** The response body, or undefined (the rest cancelled) past `maxBytes`. */
async function readUpTo(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of response.body ?? []) {
    total += (chunk as Uint8Array).byteLength
    if (total > maxBytes) {
      await response.body?.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(chunk as Uint8Array)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
