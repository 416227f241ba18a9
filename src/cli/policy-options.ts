/**
 * The options of the workflow commands (`protect`, `new secret`, `convert`) that complete what the
 * gitseal.yaml policy chose (read by `withPolicyFlags` in policy-flags.ts). Kept apart from that
 * module so that registering a command loads nothing but commander.
 */
import type { Command } from 'commander'

/** Add `--push`, `--verbose`, `--sops-config-lookup` and `--allow-expired` to `command`. */
export function withPolicyOptions(command: Command): Command {
  return command
    .option('--push', 'eso: store the values in AWS Secrets Manager as the ExternalSecret is written')
    .option(
      '--verbose',
      'sops: say which .sops.yaml and creation rule (or gitseal.yaml rule) gave the recipients',
    )
    .option(
      '--sops-config-lookup <from>',
      "sops: file (default) takes the .sops.yaml nearest the file; cwd: sops' lookup from the current directory",
    )
    .option('--allow-expired', 'sealed: seal even with an expired or not yet valid certificate (warns)')
}
