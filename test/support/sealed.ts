/**
 * Shared test material: the real controller key pair from fixtures/sealed-real (test-only,
 * published with mikube/kseal), and an opener written against node:crypto primitives only — not our
 * seal or unseal code — so interop tests check our bytes against the controller's algorithm.
 */
import { execFileSync } from 'node:child_process'
import { constants, createDecipheriv, createPrivateKey, privateDecrypt } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { scratchDir } from './scratch.js'

/** Directory of the real kubeseal fixtures. */
export const REAL = fileURLToPath(new URL('../../fixtures/sealed-real', import.meta.url))
/** The controller's key Secret manifest (test-only key). */
export const REAL_KEY_FILE = `${REAL}/example-key.yaml`

const keySecret = parse(readFileSync(REAL_KEY_FILE, 'utf8')) as { data: Record<string, string> }
/** PEM certificate of the real controller (valid 2021-01-25 → 2031-01-23). */
export const REAL_CERT_PEM = Buffer.from(keySecret.data['tls.crt'] ?? '', 'base64').toString()
/** PKCS#1 PEM private key of the real controller. */
export const REAL_KEY_PEM = Buffer.from(keySecret.data['tls.key'] ?? '', 'base64').toString()
/** The private key as a KeyObject. */
export const REAL_KEY: KeyObject = createPrivateKey(REAL_KEY_PEM)

/** The controller's OAEP label for a scope, computed here independently. */
export function labelFor(scope: string, namespace: string, name: string): Buffer {
  if (scope === 'cluster-wide') return Buffer.alloc(0)
  return Buffer.from(scope === 'namespace-wide' ? namespace : `${namespace}/${name}`)
}

/**
 * The controller's HybridDecrypt, re-implemented from its description: u16be length, RSA-OAEP
 * SHA-256 with label, AES-GCM zero nonce, tag last. Throws on any mismatch.
 */
export function controllerOpen(base64: string, key: KeyObject, label: Buffer): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new Error('not std base64')
  const bytes = Buffer.from(base64, 'base64')
  const rsaLength = bytes.readUInt16BE(0)
  const sessionKey = privateDecrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label },
    bytes.subarray(2, 2 + rsaLength),
  )
  const body = bytes.subarray(2 + rsaLength)
  const decipher = createDecipheriv(
    `aes-${sessionKey.length * 8}-gcm` as 'aes-256-gcm',
    sessionKey,
    Buffer.alloc(12),
  )
  decipher.setAuthTag(body.subarray(body.length - 16))
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()])
}

const schemaFile = fileURLToPath(
  new URL('../../fixtures/schemas/sealed-secrets/SealedSecret.v1alpha1.json', import.meta.url),
)
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
const validateCrd = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object)

/** Errors of `object` against the real SealedSecret CRD schema (v0.36.6), empty when valid. */
export function crdErrors(object: unknown): string[] {
  if (validateCrd(object)) return []
  return (validateCrd.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

/** A scratch directory holding the real controller's `cert.pem`, and a writer of files into it (returns the path). */
export function certWorkdir(prefix: string): { dir: string; write: (name: string, text: string) => string } {
  const dir = scratchDir(prefix)
  writeFileSync(join(dir, 'cert.pem'), REAL_CERT_PEM)
  return {
    dir,
    write: (name, text) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    },
  }
}

/** A self-signed RSA certificate and its unencrypted key, made by the real openssl. */
export function opensslSelfSigned(options: {
  keyFile: string
  certFile: string
  bits?: number
  days?: number
  subject?: string
  /** More `openssl req` arguments (`-addext …`). */
  extra?: string[]
}): void {
  const { keyFile, certFile, bits = 2048, days = 365, subject = '/CN=test', extra = [] } = options
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', `rsa:${bits}`, '-nodes', '-keyout', keyFile, '-out', certFile]
      .concat(['-days', String(days), '-subj', subject])
      .concat(extra),
    { stdio: 'ignore' },
  )
}
