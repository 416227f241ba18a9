/**
 * The `sealed` backend: a Secret becomes a SealedSecret for one cluster's certificate (from the
 * policy's `cert`, or the `cluster` it names in gitseal.yaml; see protect-options.ts); SealedSecrets are described for
 * `status`/`scan` and revealed with the controller's private keys (`keyFiles`).
 */
import { resolve } from 'node:path'
import type { Backend, ProtectContext, ProtectionInfo, RevealKeys } from '../core/backend.js'
import { mayHaveKind } from '../core/document-text.js'
import { GitsealError } from '../core/errors.js'
import type { Secret } from '../core/secret.js'
import { readFileText } from '../io/read-file.js'
import { sealSecret } from './build.js'
import { toKubesealJson, toKubesealYaml } from './output.js'
import { checkCert } from './cert.js'
import type { SealingCert } from './cert.js'
import { loadCert } from './cert-source.js'
import { parsePrivateKeys } from './keys.js'
import { sealedOptions } from './protect-options.js'
import type { SealedOptions } from './protect-options.js'
import { isSealedSecretObject, readSealedSecret, unsealSealedSecret } from './unseal.js'
import { sealedFramingProblem } from './crypto.js'
import { isRecord } from '../core/secret.js'
import { sealedParams } from '../config/policy-params.js'

/** Certificates already loaded in this process, by resolved source (one read per run, not per Secret). */
const certCache = new Map<string, Promise<SealingCert>>()

/** The certificate `options` name, loaded once per run for every Secret sealed with it. */
function certFor(options: SealedOptions, signal: AbortSignal | undefined): Promise<SealingCert> {
  const { certSource, baseDir } = options
  const key = /^https?:/i.test(certSource) ? certSource : resolve(baseDir, certSource)
  let pending = certCache.get(key)
  if (pending === undefined) {
    pending = loadCert(certSource, { baseDir, signal })
    certCache.set(key, pending)
    pending.catch(() => certCache.delete(key))
  }
  return pending
}

async function protect(secret: Secret, context: ProtectContext<SealedOptions>): Promise<unknown[]> {
  const { options } = context
  const cert = await certFor(options, context.signal)
  const warnings = checkCert(cert, {
    allowExpired: options.allowExpired,
    ...(options.pin === undefined ? {} : { sha256: options.pin }),
  })
  // The commands pass `onWarning` so `--allow-expired` and a soon-expiring cert are said, as seal says them.
  for (const warning of warnings) options.onWarning?.(warning)
  return [sealSecret(secret, cert, { defaultScope: options.scope, namespace: options.namespace })]
}

function describe(document: unknown): ProtectionInfo | null {
  if (!isSealedSecretObject(document)) return null
  const legacy = legacySealedSecret(document)
  if (legacy) return legacy
  const view = readSealedSecret(document, 'SealedSecret')
  const keys = Object.keys(view.encryptedData)
  const warnings =
    view.scope === view.templateScope
      ? []
      : [`scope is ${view.scope} in metadata but ${view.templateScope} in spec.template.metadata`]
  // A value that cannot even be framed as a sealed value protects nothing: the controller will fail on it.
  const problems = keys.flatMap((key) => {
    const problem = sealedFramingProblem(view.encryptedData[key] ?? '')
    return problem === undefined ? [] : [`encryptedData.${key} ${problem}: seal the value again`]
  })
  const where = view.scope === 'cluster-wide' ? 'any namespace' : `namespace ${view.namespace ?? '(none)'}`
  return {
    backend: 'sealed',
    summary: `SealedSecret ${view.name ?? '(no name)'} (${view.scope}, ${where}), ${keys.length} key(s)`,
    details: {
      name: view.name,
      namespace: view.namespace,
      scope: view.scope,
      keys,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(problems.length > 0 ? { problems } : {}),
    },
  }
}

/**
 * A SealedSecret of kubeseal before v0.7: the whole Secret sealed as one `spec.data` blob. The
 * controller still opens it; gitseal lists it (its framing checked) and suggests re-sealing.
 */
function legacySealedSecret(document: Record<string, unknown>): ProtectionInfo | null {
  const spec = isRecord(document.spec) ? document.spec : undefined
  if (spec === undefined || typeof spec.data !== 'string' || spec.encryptedData !== undefined) return null
  const metadata = isRecord(document.metadata) ? document.metadata : {}
  const name = typeof metadata.name === 'string' ? metadata.name : '(no name)'
  const problem = sealedFramingProblem(spec.data)
  return {
    backend: 'sealed',
    summary: `SealedSecret ${name} (legacy spec.data: the whole Secret in one sealed value)`,
    details: {
      name,
      namespace: metadata.namespace,
      legacy: true,
      warnings: ['uses the deprecated spec.data; re-seal it for per-key encryptedData (gitseal seal)'],
      ...(problem === undefined ? {} : { problems: [`spec.data ${problem}: seal the Secret again`] }),
    },
  }
}

async function reveal(documents: unknown[], keys: RevealKeys): Promise<Secret> {
  const files = keys.keyFiles ?? []
  if (files.length === 0) {
    throw new GitsealError(
      'E_NO_IDENTITY',
      "sealed: the controller's private key is needed to reveal a SealedSecret",
      {
        hint: 'Pass --key with the key (kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml).',
      },
    )
  }
  const privateKeys = []
  for (const file of files) privateKeys.push(...parsePrivateKeys(await readFileText(file), file))
  const document = documents.find(isSealedSecretObject)
  if (document === undefined) {
    throw new GitsealError('E_NOT_A_SECRET', 'sealed: no SealedSecret among the documents')
  }
  return unsealSealedSecret(document, privateKeys, 'SealedSecret')
}

/** The Sealed Secrets backend (`protect`, `describe`, `reveal`); listed by `builtinBackends()` in `workflow/builtin.ts`. */
export const sealedBackend: Backend<SealedOptions> = {
  name: 'sealed',
  params: sealedParams,
  options: sealedOptions,
  protect,
  describe,
  mayDescribe: (text) => mayHaveKind(text, 'SealedSecret'),
  reveal,
  // What `gitseal seal` and kubeseal write: sorted keys, `---` before each YAML document.
  serialize: (document, format) => (format === 'json' ? toKubesealJson(document) : toKubesealYaml(document)),
}
