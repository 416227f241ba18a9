/**
 * Build a Secret from command-line sources the way `kubectl create secret generic|tls|docker-registry`
 * does: same key defaults, same validation, same errors (reworded as GitsealErrors). Reading files is
 * injected so the values stay in memory and the builder stays testable.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { basename } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { invalidKeyReason, parseSecretObject } from '../core/secret.js'
import type { Secret } from '../core/secret.js'

/** How the builder reads the user's files; the CLI passes real fs calls. */
export interface SourceReader {
  readFile(path: string): Promise<Uint8Array>
  /** Regular files of a directory (names only), or undefined when `path` is not a directory. */
  listDirectory(path: string): Promise<string[] | undefined>
  /** An environment variable, for env-file lines without `=` (as kubectl does). */
  env(name: string): string | undefined
}

/** The sources of `gitseal new secret`. */
export interface SecretSources {
  name: string
  namespace?: string
  /** `generic` (default), `tls`, `docker-registry`, or any Secret type for a generic Secret. */
  type?: string
  literals?: string[]
  files?: string[]
  envFiles?: string[]
  tls?: { cert?: string; key?: string }
  docker?: { server?: string; username?: string; password?: string; email?: string }
}

/** Docker Hub's auth key, kubectl's default `--docker-server`. */
export const DEFAULT_DOCKER_SERVER = 'https://index.docker.io/v1/'

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/

const usage = (message: string, hint?: string): GitsealError =>
  new GitsealError('E_USAGE', message, hint === undefined ? {} : { hint })

/** The `kubernetes.io/...` type `--type` stands for. */
export function secretTypeFor(type: string | undefined): string | undefined {
  if (type === undefined || type === 'generic') return undefined
  if (type === 'tls') return 'kubernetes.io/tls'
  if (type === 'docker-registry') return 'kubernetes.io/dockerconfigjson'
  return type
}

/** True when `sources` carry no value at all (then the CLI prompts on a TTY). */
export function hasNoValues(sources: SecretSources): boolean {
  return !sources.literals?.length && !sources.files?.length && !sources.envFiles?.length
}

/**
 * Build and validate the Secret.
 * @throws GitsealError `E_USAGE` for malformed sources, `E_BAD_SECRET` for invalid keys or values.
 */
export async function buildSecret(sources: SecretSources, reader: SourceReader): Promise<Secret> {
  const data = new Map<string, Uint8Array>()
  const add = (key: string, value: Uint8Array): void => {
    const reason = invalidKeyReason(key)
    if (reason !== undefined)
      throw new GitsealError('E_BAD_SECRET', `"${key}" is not a valid key name for a Secret: ${reason}`)
    if (data.has(key))
      throw usage(
        `cannot add key ${key}, another key by that name already exists in Secret "${sources.name}"`,
      )
    data.set(key, value)
  }
  for (const [index, literal] of (sources.literals ?? []).entries()) {
    const at = literal.indexOf('=')
    // Unlike kubectl, do not echo the source: a forgotten key leaves only the value in it.
    if (at < 0) throw usage(`invalid literal source #${index + 1}, expected key=value`)
    add(literal.slice(0, at), new TextEncoder().encode(literal.slice(at + 1)))
  }
  for (const source of sources.files ?? []) await addFileSource(source, reader, add)
  for (const file of sources.envFiles ?? []) {
    for (const [key, value] of parseEnvFile(
      new TextDecoder().decode(await reader.readFile(file)),
      file,
      reader,
    )) {
      add(key, new TextEncoder().encode(value))
    }
  }
  const type = secretTypeFor(sources.type)
  if (type === 'kubernetes.io/tls') await addTls(sources, reader, add)
  if (type === 'kubernetes.io/dockerconfigjson' && !data.has('.dockerconfigjson'))
    addDockerConfig(sources, add)
  const object: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: sources.name,
      ...(sources.namespace === undefined ? {} : { namespace: sources.namespace }),
    },
    ...(type === undefined ? {} : { type }),
    data: Object.fromEntries([...data].map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  }
  return parseSecretObject(object)
}

async function addFileSource(
  source: string,
  reader: SourceReader,
  add: (key: string, value: Uint8Array) => void,
): Promise<void> {
  const parts = source.split('=')
  if (parts.length > 2) throw usage("key names or file paths cannot contain '='")
  const [explicitKey, path] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : [undefined, source]
  if (explicitKey === '') throw usage(`key name for file path ${path} missing`)
  if (path === '') throw usage(`file path for key name ${explicitKey ?? ''} missing`)
  const entries = await reader.listDirectory(path)
  if (entries !== undefined) {
    if (explicitKey !== undefined) throw usage('cannot give a key name for a directory path')
    // kubectl packs every regular file whose name is a valid key and skips the others.
    for (const entry of entries.sort()) {
      if (invalidKeyReason(entry) === undefined) add(entry, await reader.readFile(`${path}/${entry}`))
    }
    return
  }
  add(explicitKey ?? basename(path), await reader.readFile(path))
}

/** `KEY=VALUE` lines as kubectl reads them: leading space trimmed, `#` comments, BOM ignored, no unquoting. */
export function parseEnvFile(
  text: string,
  file: string,
  reader: Pick<SourceReader, 'env'>,
): [string, string][] {
  const pairs: [string, string][] = []
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.replace(/\r$/, '').trimStart()
      if (line === '' || line.startsWith('#')) return
      const at = line.indexOf('=')
      const key = at < 0 ? line : line.slice(0, at)
      if (!ENV_NAME.test(key)) {
        throw new GitsealError(
          'E_BAD_SECRET',
          `${file}:${index + 1}: "${key}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`,
          { file, line: index + 1 },
        )
      }
      if (at >= 0) pairs.push([key, line.slice(at + 1)])
      else {
        const value = reader.env(key)
        if (value !== undefined) pairs.push([key, value])
      }
    })
  return pairs
}

async function addTls(
  sources: SecretSources,
  reader: SourceReader,
  add: (key: string, value: Uint8Array) => void,
): Promise<void> {
  const { cert, key } = sources.tls ?? {}
  if (cert === undefined || key === undefined) {
    throw usage('--type tls needs --cert and --key', 'Pass the PEM certificate and its private key.')
  }
  const certBytes = await reader.readFile(cert)
  const keyBytes = await reader.readFile(key)
  try {
    const x509 = new X509Certificate(certBytes)
    if (!x509.checkPrivateKey(createPrivateKey(Buffer.from(keyBytes))))
      throw new Error('private key does not match public key')
  } catch (cause) {
    throw new GitsealError(
      'E_BAD_SECRET',
      `failed to load key pair ${cert}, ${key}: ${(cause as Error).message}`,
      {
        cause,
        hint: 'Give a PEM certificate and the PEM private key that belongs to it.',
      },
    )
  }
  add('tls.crt', certBytes)
  add('tls.key', keyBytes)
}

function addDockerConfig(sources: SecretSources, add: (key: string, value: Uint8Array) => void): void {
  const { server = DEFAULT_DOCKER_SERVER, username, password, email } = sources.docker ?? {}
  if (username === undefined || password === undefined) {
    throw usage(
      'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required',
    )
  }
  // Field order and omitempty as kubectl's DockerConfigEntry marshals them.
  const entry: Record<string, string> = { username, password }
  if (email) entry.email = email
  entry.auth = Buffer.from(`${username}:${password}`).toString('base64')
  add('.dockerconfigjson', new TextEncoder().encode(JSON.stringify({ auths: { [server]: entry } })))
}
