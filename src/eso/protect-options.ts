/**
 * The eso backend's protect options, typed: the raw parameters (the policy rule's, the flags', and
 * what the workflow adds: policyPath, targetFile, configFile, ruleLine, credentials) read once, and a
 * wrong-typed one refused with `E_BAD_CONFIG` naming the config file and the key.
 */
import type { BackendParams } from '../core/backend.js'
import { GitsealError } from '../core/errors.js'
import type { AwsCredentials } from './aws/client.js'
import type { ExternalSecretOptions } from './external-secret.js'

/** What the eso backend protects with. */
export interface EsoOptions {
  /** The file as messages name it: its path relative to gitseal.yaml's directory, else as given. */
  file: string | undefined
  /** The gitseal.yaml the rule came from (`gitseal.yaml` when none was found). */
  configFile: string
  /** The line of the eso rule that chose this backend; undefined when `--backend`/`--to` did alone. */
  ruleLine: number | undefined
  /** The ExternalSecret's settings; `store` undefined when no rule names it. */
  externalSecret: Omit<ExternalSecretOptions, 'store'> & { store: string | undefined }
  /** Push the values to AWS Secrets Manager as the file is protected (`push: true` or `--push`). */
  push: boolean
  /** Where and how to push. */
  aws: {
    region: string | undefined
    endpoint: string | undefined
    profile: string | undefined
    credentials: AwsCredentials | undefined
    kmsKeyId: string | undefined
    tags: Record<string, string> | undefined
    forPushSecret: boolean | undefined
  }
}

/**
 * Read the raw `params` into {@link EsoOptions}. Enumerated values (storeKind, policies…) are checked
 * where the ExternalSecret is built (external-secret.ts).
 * @throws GitsealError `E_BAD_CONFIG` naming the config file and key of a wrong-typed parameter.
 */
export function esoOptions(params: BackendParams): EsoOptions {
  const configFile = typeof params.configFile === 'string' ? params.configFile : 'gitseal.yaml'
  const read = (key: string, type: 'string' | 'boolean' | 'object'): unknown => {
    const value = params[key]
    if (value === undefined || value === null) return undefined
    if (typeof value !== type) {
      throw new GitsealError('E_BAD_CONFIG', `${configFile}: eso parameter "${key}" must be a ${type}`, {
        hint: 'Fix the eso parameters in gitseal.yaml.',
      })
    }
    return value
  }
  const str = (key: string): string | undefined => read(key, 'string') as string | undefined
  const bool = (key: string): boolean | undefined => read(key, 'boolean') as boolean | undefined
  return {
    file: str('policyPath') ?? str('targetFile'),
    configFile,
    ruleLine: typeof params.ruleLine === 'number' ? params.ruleLine : undefined,
    externalSecret: {
      store: str('store'),
      storeKind: str('storeKind') as ExternalSecretOptions['storeKind'],
      apiVersion: str('apiVersion') as ExternalSecretOptions['apiVersion'],
      refreshInterval: str('refreshInterval'),
      creationPolicy: str('creationPolicy') as ExternalSecretOptions['creationPolicy'],
      deletionPolicy: str('deletionPolicy') as ExternalSecretOptions['deletionPolicy'],
      nullBytePolicy: str('nullBytePolicy') as ExternalSecretOptions['nullBytePolicy'],
      keyTemplate: str('keyTemplate'),
      prefix: str('prefix'),
      namespace: str('namespace'),
      perKey: bool('perKey'),
      extract: bool('extract'),
    },
    push: bool('push') === true,
    aws: {
      region: str('region'),
      endpoint: str('endpoint'),
      profile: str('profile'),
      credentials: read('credentials', 'object') as AwsCredentials | undefined,
      kmsKeyId: str('kmsKeyId'),
      tags: read('tags', 'object') as Record<string, string> | undefined,
      forPushSecret: bool('forPushSecret'),
    },
  }
}
