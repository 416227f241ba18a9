/**
 * The controller's private keys for offline recovery: PEM files (PKCS#1 or PKCS#8, several blocks
 * allowed) or the key Secrets the controller keeps (`kubectl get secret -l
 * sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`: a Secret, several documents or a List).
 */
import { createPrivateKey } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../core/errors.js'
import { documentValue, parseManifest } from '../core/manifest.js'
import { decodeStdBase64, isRecord } from '../core/secret.js'

/** Label the controller puts on its key Secrets. */
export const SEALING_KEY_LABEL = 'sealedsecrets.bitnami.com/sealed-secrets-key'

const KEY_BLOCK = /-----BEGIN (RSA |)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g

/**
 * Every RSA private key in `text` (PEM blocks, or `tls.key` of key Secret manifests).
 * @throws GitsealError `E_BAD_KEY` naming `source` when it holds no usable RSA key.
 */
export function parsePrivateKeys(text: string, source: string): KeyObject[] {
  const pems = text.includes('-----BEGIN')
    ? [...text.matchAll(KEY_BLOCK)].map((m) => m[0])
    : keysFromManifest(text, source)
  if (pems.length === 0) {
    throw new GitsealError('E_BAD_KEY', `${source}: no RSA private key found`, {
      file: source,
      hint:
        'Pass the controller key as PEM (tls.key) or as its Secret: kubectl get secret -n kube-system ' +
        `-l ${SEALING_KEY_LABEL} -o yaml > keys.yaml`,
    })
  }
  return pems.map((pem, index) => {
    let key: KeyObject
    try {
      key = createPrivateKey(pem)
    } catch (cause) {
      throw new GitsealError('E_BAD_KEY', `${source}: private key #${index + 1} cannot be read`, {
        cause,
        file: source,
        hint: 'Expected an unencrypted RSA key in PKCS#1 or PKCS#8 PEM.',
      })
    }
    if (key.asymmetricKeyType !== 'rsa') {
      throw new GitsealError('E_BAD_KEY', `${source}: private key #${index + 1} is not an RSA key`, {
        file: source,
        hint: 'Sealed Secrets controller keys are RSA.',
      })
    }
    return key
  })
}

function keysFromManifest(text: string, source: string): string[] {
  let manifest
  try {
    manifest = parseManifest(text, source)
  } catch (cause) {
    throw new GitsealError('E_BAD_KEY', `${source}: neither a PEM private key nor a key Secret manifest`, {
      cause,
      file: source,
      hint: 'Pass tls.key as PEM, or the controller key Secret(s) as YAML/JSON.',
    })
  }
  const pems: string[] = []
  const visit = (value: unknown): void => {
    if (!isRecord(value)) return
    if (value.kind === 'List' && Array.isArray(value.items)) {
      value.items.forEach(visit)
      return
    }
    if (value.kind !== 'Secret' || !isRecord(value.data)) return
    const encoded = value.data['tls.key']
    const bytes = typeof encoded === 'string' ? decodeStdBase64(encoded) : undefined
    if (bytes === undefined) {
      throw new GitsealError('E_BAD_KEY', `${source}: a Secret has no valid base64 data["tls.key"]`, {
        file: source,
        hint: 'Export the controller key Secrets with -o yaml (not -o jsonpath), unmodified.',
      })
    }
    pems.push(...[...new TextDecoder().decode(bytes).matchAll(KEY_BLOCK)].map((m) => m[0]))
  }
  for (const doc of manifest.documents) visit(documentValue(manifest, doc))
  return pems
}
