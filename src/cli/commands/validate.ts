import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import { readKeyFlags } from '../cert-options.js'
import { collect, printJson, readManifestInput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal validate`: check that every sealed value opens for its scope. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('validate')
    .summary('check that every value of a SealedSecret opens with the given keys')
    .argument('<file...>', 'SealedSecret manifests')
    .option('--key <pem>', 'private key PEM or key Secret manifest (repeatable)', collect)
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], flags: { key?: string[]; json?: boolean }) => {
      const keys = await readKeyFlags(ctx, flags.key)
      const { documentValue } = await import('../../core/manifest.js')
      const { checkDecryptionBudget, checkSealedSecret, readSealedSecret, sealedSecretsIn } =
        await import('../../sealed/unseal.js')
      const { FileKeyRing } = await import('../../sealed/key-ring.js')
      const report = []
      for (const file of files) {
        const { manifest } = await readManifestInput(ctx, file)
        const views = sealedSecretsIn(manifest.documents.map((doc) => documentValue(manifest, doc))).map(
          (value) => readSealedSecret(value, file),
        )
        if (views.length === 0) {
          throw new GitsealError('E_NOT_A_SECRET', `${file}: holds no SealedSecret`, { file })
        }
        checkDecryptionBudget(views, file)
        const ring = new FileKeyRing(keys, file)
        for (const view of views) {
          const checks = checkSealedSecret(view, ring)
          report.push({ file, name: view.name, namespace: view.namespace, scope: view.scope, checks })
        }
      }
      const failed = report.flatMap((entry) => entry.checks.filter((check) => !check.ok))
      if (failed.length > 0) ctx.exitCode = 1
      if (flags.json) {
        printJson(ctx, { ok: failed.length === 0, sealedSecrets: report })
        return
      }
      for (const entry of report) {
        // File, names and keys come from the files: their control characters are escaped.
        const where = printable(
          `${entry.file}: ${entry.namespace ?? '(no namespace)'}/${entry.name ?? '(no name)'} (${entry.scope})`,
        )
        const bad = entry.checks.filter((check) => !check.ok)
        if (bad.length === 0) ctx.io.stdout(`ok    ${where}: ${entry.checks.length} value(s) open\n`)
        for (const check of bad)
          ctx.io.stdout(`FAIL  ${where}: ${printable(check.key)}: ${printable(check.reason ?? '')}\n`)
      }
    })
  withExamples(command, ['gitseal validate clusters/prod/*.sealed.yaml --key prod-key.yaml'])
}
