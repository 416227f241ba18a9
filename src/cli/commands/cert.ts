import type { Command } from 'commander'
import { notImplemented } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

/** `gitseal cert fetch|info`: the controller certificate. */
export function register(program: Command, _ctx: CommandContext): void {
  const cert = program.command('cert').summary("fetch or inspect a sealed-secrets controller's certificate")
  withExamples(
    cert
      .command('fetch')
      .description('fetch the certificate from a URL or the controller and print or save it')
      .option('--cert <url>', 'http(s):// URL serving the certificate')
      .option('--cluster <name>', 'cluster from gitseal.yaml')
      .option('-o, --output <file>', 'write to FILE')
      .action(() => notImplemented('cert fetch')),
    ['gitseal cert fetch --cluster prod -o certs/prod.pem'],
  )
  withExamples(
    cert
      .command('info')
      .description('show subject, SHA-256 fingerprint, expiry and key size')
      .argument('[cert]', 'PEM file or URL')
      .option('--json', 'print as JSON')
      .action(() => notImplemented('cert info')),
    ['gitseal cert info certs/prod.pem'],
  )
}
