import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import { addCertOptions, resolveCerts } from '../cert-options.js'
import type { CertFlags } from '../cert-options.js'
import { printJson, writeOutput } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { CertFinding, SealingCert } from '../../sealed/cert.js'

/** `gitseal cert fetch|info`: the controller certificate. */
export function register(program: Command, ctx: CommandContext): void {
  const cert = program.command('cert').summary("fetch or inspect a sealed-secrets controller's certificate")
  withExamples(cert, ['gitseal cert fetch --cluster prod', 'gitseal cert info certs/prod.pem'])
  const fetch = cert
    .command('fetch')
    .description(
      'fetch the certificate from a URL (or a cluster of gitseal.yaml), check it, print or save it',
    )
    .option('-o, --output <file>', 'write to FILE')
  addCertOptions(fetch, { clusters: false }).action(async (flags: CertFlags & { output?: string }) => {
    const [resolved] = await resolveCerts(ctx, single(flags))
    if (resolved === undefined) return
    await writeOutput(ctx, flags.output, resolved.cert.pem)
    if (flags.output !== undefined) {
      ctx.info(
        `wrote ${flags.output} (sha256 ${resolved.cert.sha256}, expires ${day(resolved.cert.notAfter)})`,
      )
    }
  })
  withExamples(fetch, [
    'gitseal cert fetch --cert https://sealed-secrets.example.com/v1/cert.pem -o certs/prod.pem',
    'gitseal cert fetch --cluster prod --cert-sha256 bb0956ae… -o certs/prod.pem',
  ])
  const info = cert
    .command('info')
    .description(
      'show subject, SHA-256 fingerprint, expiry and key size; exit 3 (after showing it) when seal ' +
        'would refuse the certificate: weak key, expired, not yet valid, or not the pinned SHA-256',
    )
    .argument('[cert]', 'PEM file or URL')
    .option('--json', 'print as JSON')
  addCertOptions(info, { clusters: false }).action(
    (source: string | undefined, flags: CertFlags & { json?: boolean }) => showCertInfo(ctx, source, flags),
  )
  withExamples(info, ['gitseal cert info certs/prod.pem', 'gitseal cert info --cluster prod --json'])
}

/**
 * `cert info`: the certificate's details (text or JSON), then the failure seal would give for it
 * (exit 3); a warning alone exits 0.
 */
async function showCertInfo(
  ctx: CommandContext,
  source: string | undefined,
  flags: CertFlags & { json?: boolean },
): Promise<void> {
  // Loaded unchecked so that what is wrong with the cert is shown before the command fails.
  const [resolved] = await resolveCerts(ctx, single({ ...flags, ...(source ? { cert: source } : {}) }), {
    check: false,
  })
  if (resolved === undefined) return
  const c = resolved.cert
  const { certFindings } = await import('../../sealed/cert.js')
  const findings = certFindings(c)
  const days = Math.floor((c.notAfter.getTime() - Date.now()) / 86_400_000)
  // One word for the validity period; weakness is its own line, it does not make a cert "invalid" in time.
  const period = findings.find((f) => f.kind !== 'weak')
  const status =
    period === undefined
      ? 'valid'
      : ({ expired: 'expired', 'expires-soon': 'expires soon' }[period.kind as string] ?? 'not yet valid')
  const result = {
    source: c.source,
    ...(resolved.cluster === undefined ? {} : { cluster: resolved.cluster }),
    subject: c.subject,
    sha256: c.sha256,
    publicKeyFingerprint: c.keyFingerprint,
    keyType: 'RSA',
    keyBits: c.keyBits,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    status,
    weak: c.weakness !== undefined,
    findings,
  }
  if (flags.json) printJson(ctx, result)
  else printInfo(ctx, c, status, days, findings)
  // Then fail as seal would (exit 3, seal's own error) for a cert seal refuses; a warning alone exits 0.
  const { checkCert, weakCertError } = await import('../../sealed/cert.js')
  if (c.weakness !== undefined) throw weakCertError(c.source, c.weakness)
  checkCert(c, {
    ...(flags.allowExpired ? { allowExpired: true } : {}),
    ...(resolved.pin === undefined ? {} : { sha256: resolved.pin }),
  })
}

/** The text form of `cert info`. */
function printInfo(
  ctx: CommandContext,
  c: SealingCert,
  status: string,
  days: number,
  findings: CertFinding[],
): void {
  ctx.io.stdout(
    [
      // The path and the certificate's fields are the user's (or a server's): one line each, escaped.
      `source:      ${printable(c.source)}`,
      `subject:     ${c.subject === '' ? '(empty, as the controller writes it)' : printable(c.subject.replace(/\n/g, ', '))}`,
      `sha256:      ${c.sha256}`,
      `public key:  RSA ${c.keyBits} bits${c.weakness === undefined ? '' : ' (WEAK)'}, ${c.keyFingerprint}`,
      `valid:       ${day(c.notBefore)} → ${day(c.notAfter)} (${status}${status === 'valid' || status === 'expires soon' ? `, ${days} days left` : ''})`,
      ...findings.map((f) => `warning:     ${printable(f.message)}`),
      '',
    ].join('\n'),
  )
}

function single(flags: CertFlags): CertFlags {
  if ((flags.cluster?.length ?? 0) > 1) throw new GitsealError('E_USAGE', 'give one --cluster')
  return flags
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10)
}
