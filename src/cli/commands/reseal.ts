import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import { addCertOptions, readKeyFlags, resolveCerts } from '../cert-options.js'
import type { CertFlags } from '../cert-options.js'
import { collect, readManifestInput, writeOutput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal reseal`: decrypt with old keys, seal for a new cert, one atomic write. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('reseal')
    .summary('re-encrypt a SealedSecret for a new certificate, offline')
    .argument('<file>', 'SealedSecret manifest')
    .option('--key <pem>', 'private key able to open the current values (repeatable)', collect)
    .option('-o, --output <file>', 'write to FILE instead of replacing the input')
  addCertOptions(command, { clusters: false }).action(
    async (file: string, flags: CertFlags & { key?: string[]; output?: string }) => {
      if ((flags.cluster?.length ?? 0) > 1) {
        throw new GitsealError('E_USAGE', 'reseal takes one --cluster (or --cert)')
      }
      const keys = await readKeyFlags(ctx, flags.key)
      const [target] = await resolveCerts(ctx, flags)
      if (target === undefined) return
      const { manifest } = await readManifestInput(ctx, file)
      const { resealManifest } = await import('../../sealed/reseal.js')
      const { text, count } = resealManifest(manifest, keys, target.cert)
      await writeOutput(ctx, flags.output ?? file, text, { inPlace: flags.output === undefined })
      ctx.info(`${flags.output ?? file}: re-sealed ${count} SealedSecret(s) for ${target.cert.source}`)
    },
  )
  withExamples(command, ['gitseal reseal db.sealed.yaml --key old-key.yaml --cert new-cert.pem'])
}
