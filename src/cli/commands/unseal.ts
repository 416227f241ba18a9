import type { Command } from 'commander'
import type { KeyObject } from 'node:crypto'
import { GitsealError } from '../../core/errors.js'
import { readKeyFlags } from '../cert-options.js'
import { collect, readManifestInput, writeOutput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface UnsealFlags {
  key?: string[]
  raw?: string
  name?: string
  namespace?: string
  scope: string
  format?: string
  output?: string
}

/** `gitseal unseal`: offline recovery of a SealedSecret with the controller's private keys. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('unseal')
    .summary('recover the Secret from a SealedSecret with private keys (offline)')
    .argument('[file]', 'SealedSecret manifest; - or omitted for stdin')
    .option(
      '--key <pem>',
      'private key PEM or key Secret manifest (repeatable, e.g. after key renewal)',
      collect,
    )
    .option('--raw <value>', 'unseal one base64 value instead of a manifest; prints the plaintext bytes')
    .option('--name <name>', 'with --raw: Secret name (strict scope)')
    .option('--namespace <namespace>', 'with --raw: Secret namespace')
    .option('--scope <scope>', 'with --raw: strict | namespace-wide | cluster-wide', 'strict')
    .option('--format <format>', 'output format: yaml | json')
    .option('-o, --output <file>', 'write to FILE atomically (mode 0600) instead of stdout')
    .action(async (file: string | undefined, flags: UnsealFlags) => {
      const keys = await readKeyFlags(ctx, flags.key)
      if (flags.raw === undefined) await unsealManifest(ctx, file, flags, keys)
      else if (file !== undefined) throw new GitsealError('E_USAGE', '--raw takes the value, not FILE')
      else await unsealRaw(ctx, flags.raw, flags, keys)
    })
  withExamples(command, [
    'gitseal unseal db.sealed.yaml --key sealed-secrets-key.yaml',
    'gitseal unseal --raw AgB4... --key tls.key --namespace prod --name db',
  ])
}

/** `unseal --raw VALUE`: one value's plaintext bytes, with the scope, namespace and name given. */
async function unsealRaw(
  ctx: CommandContext,
  raw: string,
  flags: UnsealFlags,
  keys: KeyObject[],
): Promise<void> {
  const { parseScope } = await import('../../sealed/scope.js')
  const { unsealValue } = await import('../../sealed/unseal.js')
  const plain = unsealValue(raw, keys, {
    scope: parseScope(flags.scope),
    namespace: flags.namespace,
    name: flags.name,
  })
  await writeOutput(ctx, flags.output, plain, { secret: true })
}

/**
 * `unseal [FILE]`: the Secret of every SealedSecret in the manifest (Lists included), in its format or `--format`.
 * @throws GitsealError `E_NOT_A_SECRET` when it holds none, `E_USAGE` for another format.
 */
async function unsealManifest(
  ctx: CommandContext,
  file: string | undefined,
  flags: UnsealFlags,
  keys: KeyObject[],
): Promise<void> {
  const { manifest } = await readManifestInput(ctx, file)
  const { documentValue, stringifyObjects } = await import('../../core/manifest.js')
  const { secretToObject } = await import('../../core/secret.js')
  const { checkDecryptionBudget, readSealedSecret, sealedSecretsIn, unsealSealedSecret } =
    await import('../../sealed/unseal.js')
  const sealed = sealedSecretsIn(manifest.documents.map((doc) => documentValue(manifest, doc)))
  const views = sealed.map((item) => readSealedSecret(item, manifest.file))
  checkDecryptionBudget(views, manifest.file)
  const { FileKeyRing } = await import('../../sealed/key-ring.js')
  const ring = new FileKeyRing(keys, manifest.file)
  const objects = sealed.map((item) => secretToObject(unsealSealedSecret(item, ring, manifest.file)))
  if (objects.length === 0) {
    throw new GitsealError('E_NOT_A_SECRET', `${manifest.file}: holds no SealedSecret`, {
      file: manifest.file,
      hint: 'unseal takes SealedSecret manifests (apiVersion bitnami.com/v1alpha1).',
    })
  }
  const format = flags.format === undefined ? manifest.format : flags.format.toLowerCase()
  if (format !== 'yaml' && format !== 'json') {
    throw new GitsealError('E_USAGE', `unsupported output format: ${flags.format ?? ''}`, {
      hint: 'Use yaml or json.',
    })
  }
  await writeOutput(ctx, flags.output, stringifyObjects(objects, format), { secret: true })
}
