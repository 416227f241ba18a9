/**
 * Flags of the workflow commands (`protect`, `new secret`, `convert`) that complete the parameters
 * the gitseal.yaml policy chose: `--push` for eso, `--allow-expired` for sealed.
 */
import { relative } from 'node:path'
import type { PolicyDecision } from '../config/policy.js'
import { awsFromEnv } from './aws-env.js'
import type { CommandContext } from './context.js'
import { sopsConfigLookup } from './sops-config-choice.js'

/** The flags that override policy parameters. */
export interface PolicyFlags {
  /** eso: store the values in AWS Secrets Manager (otherwise the command refuses). */
  push?: boolean | undefined
  /** sealed: seal even with an expired or not yet valid certificate (warns). */
  allowExpired?: boolean | undefined
  /** Say which `.sops.yaml` and creation rule (or gitseal.yaml rule) gave the sops recipients. */
  verbose?: boolean | undefined
  /** sops: `file` (default) takes the `.sops.yaml` nearest the file, `cwd` the one sops would take. */
  sopsConfigLookup?: string | undefined
}

/**
 * `decision` completed from the command line: `--push` turns pushing on and the AWS settings the
 * rule leaves open come from the environment; `--allow-expired` lets sealing use an expired certificate
 * (sealed certificate warnings go to stderr through `params.onWarning`);
 * `--sops-config-lookup cwd` makes sops recipients come from the `.sops.yaml` sops itself would use.
 * @throws GitsealError `E_USAGE` for a `--sops-config-lookup` other than file or cwd.
 */
export function withPolicyFlags(
  ctx: CommandContext,
  decision: PolicyDecision,
  flags: PolicyFlags,
): PolicyDecision {
  const params: Record<string, unknown> = { ...decision.params }
  if (decision.backend === 'sealed') {
    if (flags.allowExpired === true) params.allowExpired = true
    // Certificate warnings (sealing with an expired one, expiry within 30 days) go to stderr.
    params.onWarning = (message: string) => {
      ctx.warn(message)
    }
  }
  if (sopsConfigLookup(flags.sopsConfigLookup) === 'cwd' && decision.backend === 'sops')
    params.sopsConfigFrom = ctx.io.cwd
  if (decision.backend === 'eso') {
    if (flags.push === true) params.push = true
    if (params.push === true) {
      const aws = awsFromEnv(ctx, {
        region: typeof params.region === 'string' ? params.region : undefined,
        endpoint: typeof params.endpoint === 'string' ? params.endpoint : undefined,
        profile: typeof params.profile === 'string' ? params.profile : undefined,
      })
      for (const [key, value] of Object.entries(aws)) if (value !== undefined) params[key] ??= value
      reportRuleEndpoint(ctx, decision)
    }
  }
  return { ...decision, params }
}

/** Rules whose endpoint was reported in this process: once per rule, not per file. */
const reportedEndpoints = new WeakSet<object>()

// An http endpoint on this machine (LocalStack, a test server) keeps the values on it.
const LOOPBACK = /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:\/|$)/i

/**
 * Say where a push goes when the gitseal.yaml rule names the endpoint: the policy comes with the
 * repository, and a commit changing it can send every pushed value to a server of its choice
 * (over plain http, too), as a `.sops.yaml` can name other recipients (reported as well).
 */
function reportRuleEndpoint(ctx: CommandContext, decision: PolicyDecision): void {
  const endpoint = decision.params.endpoint
  const rule = decision.rule
  if (typeof endpoint !== 'string' || rule === undefined || reportedEndpoints.has(rule)) return
  reportedEndpoints.add(rule)
  const plain = /^http:/i.test(endpoint) && !LOOPBACK.test(endpoint)
  ctx.warn(
    `the gitseal.yaml rule at line ${String(rule.line)} (path: ${rule.path}) pushes the values to ${endpoint}` +
      (plain ? ', unencrypted (plain http to another machine)' : '') +
      ', not to AWS Secrets Manager of the region; check that this is meant',
  )
}

/**
 * For a sops decision: say (with `--verbose`) where the recipients come from — the gitseal.yaml rule,
 * or the `.sops.yaml` creation rule nearest `targetFile` — and warn, as `encrypt` does, when `sops`
 * run from the current directory would pick another `.sops.yaml` or rule for the same file.
 */
export async function reportSopsRecipients(
  ctx: CommandContext,
  decision: PolicyDecision,
  targetFile: string,
  flags: PolicyFlags,
): Promise<void> {
  if (decision.backend !== 'sops') return
  const { params } = decision
  const name = relative(ctx.io.cwd, targetFile) || targetFile
  if (params.recipients !== undefined || params.age !== undefined || params.keyGroups !== undefined) {
    if (flags.verbose === true)
      ctx.info(
        decision.rule === undefined
          ? `${name}: using the age recipients given with --backend`
          : `${name}: using the age recipients of the gitseal.yaml rule at line ${String(decision.rule.line)} (path: ${decision.rule.path})`,
      )
    return
  }
  const { reportSopsConfigChoice, sopsConfigChoice } = await import('./sops-config-choice.js')
  const lookup = sopsConfigLookup(flags.sopsConfigLookup)
  const choice = await sopsConfigChoice(ctx, targetFile, { lookup })
  reportSopsConfigChoice(ctx, name, choice, { verbose: flags.verbose, lookup, configNamesSopsYaml: false })
}
