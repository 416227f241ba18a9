/**
 * Where each key of a Secret lives in the secret store: the naming convention shared by
 * `toExternalSecret` (references), `toPushSecret` and `pushToAws` (values), so what is pushed and
 * what is referenced can never disagree.
 */
import { GitsealError } from '../core/errors.js'
import { utf8OrUndefined } from '../core/secret.js'
import type { Secret } from '../core/secret.js'
import { escapeGjsonKey } from './gjson.js'

/** How remote secret names are derived from a Secret. */
export interface RemoteNamingOptions {
  /**
   * Remote name template with `{namespace}`, `{name}` and (per key) `{key}`.
   * Default `{namespace}/{name}`, or `{namespace}/{name}/{key}` with `perKey`.
   */
  keyTemplate?: string | undefined
  /** Prepended to every rendered name (e.g. `prod/`). */
  prefix?: string | undefined
  /** One remote secret per key instead of one JSON secret with a property per key. */
  perKey?: boolean | undefined
  /** Reference the JSON secret with `dataFrom.extract` instead of one `data[]` entry per key. */
  extract?: boolean | undefined
  /** Namespace used when the Secret has none. */
  namespace?: string | undefined
  /** Name used instead of the Secret's `metadata.name`. */
  name?: string | undefined
  /** Receives warnings about remote names. */
  onWarning?: ((message: string) => void) | undefined
}

/** One Secret key and how to read it back from its remote secret. */
export interface RemoteRefPlan {
  secretKey: string
  /** gjson path (already escaped) into the JSON value; `undefined` for per-key secrets. */
  property: string | undefined
  /** The stored text is base64 of the bytes (binary values): read back with `decodingStrategy: Base64`. */
  base64: boolean
}

/** One remote secret: its name, the exact text to store, and the keys it holds. */
export interface RemoteSecretPlan {
  name: string
  /** The value to store as `SecretString`. Contains secret material: never print it. */
  value: string
  refs: RemoteRefPlan[]
}

/** Every remote secret one Kubernetes Secret maps to. */
export interface SecretLayout {
  name: string
  namespace: string | undefined
  /** `dataFrom.extract` mode: one JSON secret, every top-level field a key. */
  extract: boolean
  remotes: RemoteSecretPlan[]
}

/** Largest `SecretString` Secrets Manager accepts (65,536 bytes). */
export const MAX_REMOTE_VALUE_BYTES = 65_536

// CreateSecret `Name`: 1–512 of ASCII letters, digits and /_+=.@- (Smithy model).
const REMOTE_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/
const PLACEHOLDER = /\{([^{}]*)\}/g

/**
 * Work out the remote secrets for `secret` under `options`.
 * @throws GitsealError `E_USAGE` for a bad template or option mix, `E_BAD_SECRET` for a Secret that
 * cannot be stored (no name, no data, empty per-key value), `E_TOO_LARGE` for values over 64 KiB.
 */
export function planRemoteSecrets(secret: Secret, options: RemoteNamingOptions = {}): SecretLayout {
  const perKey = options.perKey === true
  const extract = options.extract === true
  if (perKey && extract) {
    throw new GitsealError('E_USAGE', '--per-key and --extract cannot be combined', {
      hint: 'dataFrom.extract reads one JSON secret; drop --per-key, or drop --extract.',
    })
  }
  const name = options.name ?? secret.name
  if (name === undefined) {
    throw new GitsealError('E_BAD_SECRET', `Secret "${secret.name ?? '(unnamed)'}" has no metadata.name`, {
      hint: 'Add metadata.name to the Secret (or pass --name).',
    })
  }
  if (secret.data.size === 0) {
    throw new GitsealError('E_BAD_SECRET', `Secret "${name}" has no data: nothing to store`, {
      hint: 'Add keys under data or stringData.',
    })
  }
  const namespace = secret.namespace ?? options.namespace
  const render = remoteNamer(name, namespace, options)
  const entries = [...secret.data].map(([key, bytes]) => ({ key, bytes, text: utf8OrUndefined(bytes) }))
  const remotes = perKey
    ? entries.map((entry) => perKeyRemote(name, entry, render(entry.key)))
    : [jsonRemote(entries, extract, render(undefined))]
  for (const remote of remotes) {
    const size = Buffer.byteLength(remote.value, 'utf8')
    if (size > MAX_REMOTE_VALUE_BYTES) {
      throw new GitsealError(
        'E_TOO_LARGE',
        `remote secret "${remote.name}" would be ${size} bytes; Secrets Manager stores at most ${MAX_REMOTE_VALUE_BYTES}`,
        { hint: perKey ? 'Split the value.' : 'Use --per-key to store each key as its own secret.' },
      )
    }
  }
  return { name, namespace, extract, remotes }
}

/** One key of the Secret, its value as bytes and, when valid UTF-8, as text. */
interface SecretEntry {
  key: string
  bytes: Uint8Array
  text: string | undefined
}

/**
 * The remote name for a key (or for the whole Secret, `undefined`): the key template checked
 * against `--per-key` first, each name checked against Secrets Manager's rules.
 */
function remoteNamer(
  name: string,
  namespace: string | undefined,
  options: RemoteNamingOptions,
): (key: string | undefined) => string {
  const perKey = options.perKey === true
  const template = options.keyTemplate ?? (perKey ? '{namespace}/{name}/{key}' : '{namespace}/{name}')
  const usesKey = template.includes('{key}')
  if (perKey && !usesKey) {
    throw new GitsealError('E_USAGE', `--key-template "${template}" has no {key} placeholder`, {
      hint: 'With --per-key every key needs its own remote name, e.g. {namespace}/{name}/{key}.',
    })
  }
  if (!perKey && usesKey) {
    throw new GitsealError('E_USAGE', `--key-template "${template}" uses {key} without --per-key`, {
      hint: 'Add --per-key, or remove {key}: one JSON secret holds every key of the Secret.',
    })
  }
  return (key) => {
    const rendered = template.replace(PLACEHOLDER, (_match, placeholder: string) => {
      if (placeholder === 'name') return name
      if (placeholder === 'key' && key !== undefined) return key
      if (placeholder === 'namespace') {
        if (namespace !== undefined) return namespace
        throw new GitsealError('E_BAD_SECRET', `Secret "${name}" has no namespace for {namespace}`, {
          hint: 'Set metadata.namespace, pass --namespace, or use a --key-template without {namespace}.',
        })
      }
      throw new GitsealError(
        'E_USAGE',
        `--key-template "${template}": unknown placeholder {${placeholder}}`,
        {
          hint: 'Use {namespace}, {name} and, with --per-key, {key}.',
        },
      )
    })
    const full = `${options.prefix ?? ''}${rendered}`
    if (!REMOTE_NAME.test(full)) {
      throw new GitsealError('E_USAGE', `remote secret name "${full}" is not valid for Secrets Manager`, {
        hint: 'Names are 1–512 characters of letters, digits and / _ + = . @ -; check --prefix and --key-template.',
      })
    }
    // Secrets Manager appends "-" and 6 random characters to ARNs; a name ending like that is
    // ambiguous when looked up by partial ARN (AWS CreateSecret documentation).
    if (/-[A-Za-z0-9]{6}$/.test(full)) {
      options.onWarning?.(
        `remote secret name "${full}" ends with "-" and 6 characters, which AWS advises against`,
      )
    }
    return full
  }
}

/** `--per-key`: one remote secret holding one key's value (base64 when not UTF-8). */
function perKeyRemote(name: string, { key, bytes, text }: SecretEntry, remoteName: string): RemoteSecretPlan {
  if (bytes.byteLength === 0) {
    throw new GitsealError('E_BAD_SECRET', `Secret "${name}": key "${key}" is empty`, {
      hint: `Secrets Manager cannot store an empty value as "${remoteName}"; drop --per-key to keep it in a JSON secret.`,
    })
  }
  const base64 = text === undefined
  const value = base64 ? Buffer.from(bytes).toString('base64') : text
  return { name: remoteName, value, refs: [{ secretKey: key, property: undefined, base64 }] }
}

/** One JSON remote secret holding every key (a property each). */
function jsonRemote(entries: readonly SecretEntry[], extract: boolean, remoteName: string): RemoteSecretPlan {
  // dataFrom.extract has one decodingStrategy for all keys: one binary value makes every value base64.
  const allBase64 = extract && entries.some((entry) => entry.text === undefined)
  // Null prototype: `__proto__` is a valid Secret key and must stay an ordinary property.
  const json = Object.create(null) as Record<string, string>
  const refs: RemoteRefPlan[] = []
  for (const { key, bytes, text } of entries) {
    const base64 = allBase64 || text === undefined
    json[key] = base64 ? Buffer.from(bytes).toString('base64') : text
    refs.push({ secretKey: key, property: escapeGjsonKey(key), base64 })
  }
  return { name: remoteName, value: JSON.stringify(json), refs }
}

/**
 * Refuse two Secrets that map to the same remote secret (e.g. the same name in two namespaces with
 * a template without `{namespace}`): one would silently overwrite the other.
 * @throws GitsealError `E_USAGE` naming the remote secret and both Secrets.
 */
export function assertDistinctRemotes(layouts: readonly SecretLayout[]): void {
  const owner = new Map<string, string>()
  for (const layout of layouts) {
    const label = layout.namespace === undefined ? layout.name : `${layout.namespace}/${layout.name}`
    for (const remote of layout.remotes) {
      const previous = owner.get(remote.name)
      if (previous !== undefined) {
        throw new GitsealError(
          'E_USAGE',
          `Secrets "${previous}" and "${label}" would both be stored as remote secret "${remote.name}"`,
          { hint: 'Use a --key-template with {namespace} and {name}, or a different --prefix.' },
        )
      }
      owner.set(remote.name, label)
    }
  }
}
