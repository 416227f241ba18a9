/**
 * A worked example of a third-party gitseal backend: values go to HashiCorp Vault (KV v2) and
 * Git gets a `VaultStaticSecret` for the Vault Secrets Operator, which recreates the Secret in
 * the cluster. It uses only gitseal's public API — no gitseal file was edited to add it.
 *
 *   import { createBackendRegistry } from 'gitseal'
 *   import { createVaultBackend } from './vault-backend.js'
 *   const backends = createBackendRegistry([createVaultBackend({ address: 'https://vault.example:8200', token })])
 */
import { GitsealError, encodeStdBase64 } from 'gitseal'
import type { Backend, ProtectContext, ProtectionInfo, Secret } from 'gitseal'

/** Where and how to write values in Vault. */
export interface VaultBackendOptions {
  /** Vault's address, e.g. `https://vault.example:8200`. */
  address: string
  /** A Vault token allowed to write the KV paths (passed in: the library never reads the env). */
  token: string
  /** KV v2 mount (default `secret`). */
  mount?: string
  /** Path of each Secret in the mount; `{namespace}` and `{name}` are replaced (default `{namespace}/{name}`). */
  pathTemplate?: string
  /** How often the operator re-reads Vault (default `1h`). */
  refreshAfter?: string
  /** Injected for tests and proxies; defaults to the global fetch. */
  fetch?: typeof fetch
}

const API_GROUP = 'secrets.hashicorp.com'

/** Vault stores strings: UTF-8 values stay readable, binary ones are base64 with a `base64:` prefix. */
function toVaultValue(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  return new TextEncoder().encode(text).every((byte, i) => byte === bytes[i]) && text.length > 0
    ? text
    : `base64:${encodeStdBase64(bytes)}`
}

/** A backend named `vault` that writes each Secret's values to Vault and returns a VaultStaticSecret. */
export function createVaultBackend(options: VaultBackendOptions): Backend {
  const mount = options.mount ?? 'secret'
  const pathTemplate = options.pathTemplate ?? '{namespace}/{name}'
  const doFetch = options.fetch ?? fetch

  return {
    name: 'vault',
    // Configured when built (address, token…): a policy rule's parameters are taken as given.
    options: (params) => params,

    async protect(secret: Secret, context: ProtectContext): Promise<unknown[]> {
      const { name } = secret
      if (name === undefined) {
        throw new GitsealError('E_BAD_SECRET', 'the Secret has no metadata.name', {
          hint: 'set one with --name',
        })
      }
      const namespace = secret.namespace ?? 'default'
      const path = pathTemplate.replaceAll('{namespace}', namespace).replaceAll('{name}', name)
      const data = Object.fromEntries([...secret.data].map(([key, value]) => [key, toVaultValue(value)]))
      const url = `${options.address.replace(/\/$/, '')}/v1/${mount}/data/${path}`
      let response: Response
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'X-Vault-Token': options.token, 'Content-Type': 'application/json' },
          body: JSON.stringify({ data }),
          ...(context.signal ? { signal: context.signal } : {}),
        })
      } catch (cause) {
        throw new GitsealError('E_REMOTE', `cannot reach Vault at ${options.address}`, {
          cause,
          hint: 'check the address and your network',
        })
      }
      if (!response.ok) {
        // Vault's error body lists reasons, never the values we sent.
        throw new GitsealError(
          'E_REMOTE',
          `Vault refused to write ${mount}/${path}: HTTP ${response.status}`,
          {
            hint:
              response.status === 403
                ? 'the token lacks write permission on this path'
                : 'check Vault’s audit log',
          },
        )
      }
      return [
        {
          apiVersion: `${API_GROUP}/v1beta1`,
          kind: 'VaultStaticSecret',
          metadata: { name, namespace },
          spec: {
            type: 'kv-v2',
            mount,
            path,
            refreshAfter: options.refreshAfter ?? '1h',
            destination: { name, create: true, type: secret.type },
          },
        },
      ]
    },

    describe(document: unknown): ProtectionInfo | null {
      if (typeof document !== 'object' || document === null) return null
      const { apiVersion, kind, spec } = document as { apiVersion?: unknown; kind?: unknown; spec?: unknown }
      if (
        kind !== 'VaultStaticSecret' ||
        typeof apiVersion !== 'string' ||
        !apiVersion.startsWith(`${API_GROUP}/`)
      ) {
        return null
      }
      const { mount: docMount, path } = (spec ?? {}) as { mount?: unknown; path?: unknown }
      if (typeof docMount !== 'string' || typeof path !== 'string') {
        throw new GitsealError('E_BAD_MANIFEST', 'VaultStaticSecret without spec.mount and spec.path')
      }
      return { backend: 'vault', summary: `Vault KV ${docMount}/${path}`, details: { mount: docMount, path } }
    },
  }
}
