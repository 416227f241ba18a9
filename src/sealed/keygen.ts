/**
 * A sealed-secrets controller key pair for dev clusters and tests, made as the controller makes
 * its own (`GeneratePrivateKeyAndCert` / `SignKey`): RSA 4096, e=65537, self-signed SHA-256 cert
 * valid 10 years from now, empty subject (CN ""), keyUsage critical encipherOnly, basicConstraints
 * critical CA:TRUE, subjectKeyIdentifier = first 20 bytes of SHA-256 (Go ≥ 1.25). node-forge is
 * loaded only here (Node cannot create certificates).
 */
import { createHash, generateKeyPair, randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import { SEALING_KEY_LABEL } from './keys.js'

/** Options for {@link generateControllerKey}. */
export interface KeygenOptions {
  /** RSA modulus size (controller default 4096). */
  bits?: number
  /** Certificate validity in days (controller default 3650: `--key-ttl` 87600h). */
  validDays?: number
  /** Certificate common name (controller default empty: an empty subject). */
  commonName?: string
  /** Start of validity (default now). */
  now?: Date
  /** Namespace of the key Secret (default kube-system). */
  namespace?: string
}

/** A generated controller key. */
export interface ControllerKey {
  /** PKCS#1 PEM (`RSA PRIVATE KEY`), as the controller stores `tls.key`. */
  keyPem: string
  /** Self-signed certificate PEM (`tls.crt`). */
  certPem: string
  privateKey: KeyObject
  /** The key Secret the controller would create, ready to `kubectl apply` (holds the private key). */
  secret: Record<string, unknown>
}

/** Generate a controller-compatible key pair, certificate and key Secret. */
export async function generateControllerKey(options: KeygenOptions = {}): Promise<ControllerKey> {
  const bits = options.bits ?? 4096
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: bits,
    publicExponent: 65537,
  })
  const { default: forge } = await import('node-forge')
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString())
  // Serial uniform in [0, 2^128), as a positive DER INTEGER.
  const serial = randomBytes(16).toString('hex')
  cert.serialNumber = /^[89a-f]/.test(serial) ? `00${serial}` : serial
  const notBefore = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000)
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = new Date(notBefore.getTime() + (options.validDays ?? 3650) * 86_400_000)
  const name = options.commonName ? [{ name: 'commonName', value: options.commonName }] : []
  cert.setSubject(name)
  cert.setIssuer(name)
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' })
  const ski = createHash('sha256').update(pkcs1).digest().subarray(0, 20)
  cert.setExtensions([
    { name: 'keyUsage', critical: true, encipherOnly: true },
    { name: 'basicConstraints', critical: true, cA: true },
    {
      name: 'subjectKeyIdentifier',
      value: forge.asn1.create(
        forge.asn1.Class.UNIVERSAL,
        forge.asn1.Type.OCTETSTRING,
        false,
        ski.toString('binary'),
      ),
    },
  ])
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create())
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n')
  const suffix = [...randomBytes(5)].map((b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('')
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      generateName: 'sealed-secrets-key',
      name: `sealed-secrets-key${suffix}`,
      namespace: options.namespace ?? 'kube-system',
      labels: { [SEALING_KEY_LABEL]: 'active' },
    },
    type: 'kubernetes.io/tls',
    data: {
      'tls.crt': Buffer.from(certPem).toString('base64'),
      'tls.key': Buffer.from(keyPem).toString('base64'),
    },
  }
  return { keyPem, certPem, privateKey, secret }
}
