import type { Command } from 'commander'
import { GitsealError, isGitsealError } from '../../core/errors.js'
import { printable } from '../../core/printable.js'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import type { EnvironmentPlan } from '../../config/init-files.js'
import type { Prompter } from '../prompts.js'

interface InitOptions {
  yes?: boolean
  backend?: string[]
  cluster?: string[]
  ageKeyFile?: string
  ageRecipient?: string[]
  esoStore?: string
  hook?: boolean
  mergeDriver?: boolean
  force?: boolean
}

const BACKENDS = ['sealed', 'sops', 'eso']

/** `gitseal init`: interactive set-up of a repository. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('init')
    .summary('set up gitseal in a repository: clusters, age key, .sops.yaml, gitseal.yaml, hook')
    .description(
      'Detect the layout (clusters/*, apps/*/overlays/*), choose a backend per environment, point to each ' +
        "cluster's certificate, create an age key (0600, in sops' default keys.txt unless --age-key-file) and " +
        'write .sops.yaml and gitseal.yaml; then offer the pre-commit hook and the merge driver and print CI ' +
        'snippets. Asks on a terminal; elsewhere every answer must come from flags (exit 2 names the missing one).',
    )
    .option('-y, --yes', 'accept defaults; never prompt')
    .option(
      '--backend <[env=]backend>',
      'sealed | sops | eso, for every environment or one (repeatable)',
      collect,
    )
    .option('--cluster <name=cert>', "a cluster's certificate: PEM path or URL (repeatable)", collect)
    .option('--age-key-file <file>', "age key file to use or create (default: sops' keys.txt)")
    .option('--age-recipient <age1...>', 'another age recipient for .sops.yaml (repeatable)', collect)
    .option('--eso-store <name>', 'SecretStore name for eso environments (default aws-secrets-manager)')
    .option('--hook', 'install the pre-commit hook')
    .option('--no-hook', 'do not install the pre-commit hook')
    .option('--merge-driver', 'install the SOPS merge driver')
    .option('--no-merge-driver', 'do not install the SOPS merge driver')
    .option(
      '--force',
      'replace an existing gitseal.yaml / .sops.yaml; allow the age key inside the repository',
    )
    .action((options: InitOptions) => init(ctx, options))
  withExamples(command, [
    'gitseal init',
    'gitseal init --yes --backend sops',
    'gitseal init --yes --backend prod=sealed --backend sops --cluster prod=certs/prod.pem',
  ])
}

type Ask = ReturnType<typeof askFor>
type Repo = Awaited<ReturnType<(typeof import('../../config/environments.js'))['detectEnvironments']>>

async function exists(path: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises')
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** Whether `path` is there at all, a dangling symlink included (stat follows it and says no). */
async function existsAsLink(path: string): Promise<boolean> {
  const { lstat } = await import('node:fs/promises')
  return lstat(path).then(
    () => true,
    () => false,
  )
}

/** @throws GitsealError `E_FILE_EXISTS` when `path` exists and `--force` was not given. */
async function refuseExisting(options: InitOptions, path: string): Promise<void> {
  if (!options.force && (await exists(path))) {
    throw new GitsealError('E_FILE_EXISTS', `${path}: already exists`, {
      file: path,
      hint: 'Pass --force to replace it (the age key is never replaced).',
    })
  }
}

async function init(ctx: CommandContext, options: InitOptions): Promise<void> {
  const nodePath = await import('node:path')
  const join = (...parts: string[]): string => nodePath.join(...parts)
  const { detectEnvironments } = await import('../../config/environments.js')
  const files = await import('../../config/init-files.js')
  const root = ctx.io.cwd
  const targets = { config: join(root, 'gitseal.yaml'), sops: join(root, '.sops.yaml') }
  // Refuse before asking anything: answering ten questions to hit "file exists" is rude.
  await refuseExisting(options, targets.config)
  const sopsAnswered = (options.backend ?? []).some((flag) => flag.split(/[,=]/).includes('sops'))
  if (sopsAnswered) await refuseExisting(options, targets.sops)
  const repo = await detectEnvironments(root)
  const ask = askFor(ctx, options)
  if (repo.environments.length > 0) ctx.info(`found environments: ${repo.environments.join(', ')}`)

  const plans = await planBackends(ctx, options, repo, ask)
  const createdKey = await completePlans(ctx, options, plans, ask)
  const usesSops = plans.some((p) => p.backend === 'sops')
  const inRepo = await exists(join(root, '.git'))
  const hook =
    inRepo &&
    (options.hook ??
      (options.yes ? true : await ask('--hook', (p) => p.confirm('Install the pre-commit hook?'))))
  const mergeDriver =
    inRepo &&
    usesSops &&
    (options.mergeDriver ??
      (options.yes ? true : await ask('--merge-driver', (p) => p.confirm('Install the SOPS merge driver?'))))

  // Everything is decided: render and check before writing anything.
  if (usesSops) await refuseExisting(options, targets.sops)
  const configText = files.renderGitsealConfig(repo, plans)
  const { parseGitsealConfig } = await import('../../config/gitseal-config.js')
  const config = parseGitsealConfig(configText, targets.config, await ctx.policyBackends())
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  if (createdKey) await writeAgeKey(ctx, options, createdKey)
  if (usesSops) {
    await writeFileAtomic(targets.sops, files.renderSopsConfig(repo, plans))
    ctx.info('wrote .sops.yaml')
  }
  await writeFileAtomic(targets.config, configText)
  ctx.info('wrote gitseal.yaml')
  await warnMissingCerts(ctx, root, plans)
  if (mergeDriver) {
    const { installMergeDriver, sopsPatterns } = await import('../../workflow/merge-install.js')
    await installMergeDriver(root, sopsPatterns(config))
    ctx.info('installed the merge driver (.gitattributes, git config merge.gitseal)')
  }
  if (hook) await installHookOrWarn(ctx)
  const snippets = files.ciSnippets()
  ctx.io.stdout(`GitHub Actions:\n\n${snippets.github}\nGitLab CI:\n\n${snippets.gitlab}`)
}

/** A backend for every environment (or the whole repository), from flags or answers. */
async function planBackends(
  ctx: CommandContext,
  options: InitOptions,
  repo: Repo,
  ask: Ask,
): Promise<EnvironmentPlan[]> {
  const { defaults, perEnv } = parseBackendFlags(options.backend ?? [])
  const envs: (string | undefined)[] = repo.environments.length > 0 ? repo.environments : [undefined]
  for (const env of Object.keys(perEnv)) {
    if (!repo.environments.includes(env)) {
      throw new GitsealError(
        'E_USAGE',
        `--backend ${env}=${perEnv[env] ?? ''}: no environment "${env}" here`,
        {
          hint: `Environments found: ${repo.environments.join(', ') || 'none (use --backend B for the whole repository)'}.`,
        },
      )
    }
  }
  let chosen = defaults
  if (chosen.length === 0 && Object.keys(perEnv).length === 0) {
    // An empty answer (Enter before Space) is a slip, not a choice: say so and ask again.
    for (let attempt = 0; chosen.length === 0; attempt++) {
      if (attempt > 0) ctx.warn('choose at least one backend: Space selects, Enter confirms')
      if (attempt === 5)
        throw new GitsealError('E_USAGE', 'no backend chosen', { hint: 'Choose at least one.' })
      chosen = await ask('--backend', (p) =>
        p.checkbox(
          'Which backends will this repository use?',
          BACKENDS.map((value) => ({ name: value, value })),
        ),
      )
    }
  }
  const plans: EnvironmentPlan[] = []
  for (const env of envs) {
    let backend = env === undefined ? undefined : perEnv[env]
    if (backend === undefined && chosen.length === 1) backend = chosen[0]
    if (backend === undefined) {
      const first = chosen[0] ?? 'sops'
      backend = options.yes
        ? first
        : await ask(`--backend ${env ?? ''}=B`, (p) =>
            p.select(
              `Backend for ${env ?? 'the repository'}?`,
              (chosen.length > 0 ? chosen : BACKENDS).map((value) => ({ name: value, value })),
              first,
            ),
          )
    }
    plans.push({ name: env, backend })
  }
  return plans
}

/** Say which certificate files gitseal.yaml names that are not there yet (sealing needs them). */
async function warnMissingCerts(ctx: CommandContext, root: string, plans: EnvironmentPlan[]): Promise<void> {
  const nodePath = await import('node:path')
  for (const plan of plans) {
    const cert = plan.cert
    if (plan.backend !== 'sealed' || cert === undefined || /^https?:/i.test(cert)) continue
    if (await exists(nodePath.resolve(root, cert))) continue
    const { saveCertHint } = await import('../../sealed/cert-save-hint.js')
    const name = plan.name ?? 'default'
    const nothingThere = !(await existsAsLink(nodePath.resolve(root, cert)))
    ctx.warn(
      `cluster ${name}: ${cert} does not exist yet; ${saveCertHint(name, cert, nothingThere)}: ` +
        'until then sealing fails and gitseal status reports it',
    )
  }
}

/** Fill in each plan's backend settings (certs, age recipients, store); returns an age key to create. */
async function completePlans(
  ctx: CommandContext,
  options: InitOptions,
  plans: EnvironmentPlan[],
  ask: Ask,
): Promise<{ path: string; text: string } | undefined> {
  const clusterFlags = Object.fromEntries((options.cluster ?? []).map((flag) => splitPair(flag, '--cluster')))
  for (const plan of plans.filter((p) => p.backend === 'sealed')) {
    const name = plan.name ?? 'default'
    plan.cert =
      clusterFlags[name] ??
      (options.yes
        ? `certs/${name}.pem`
        : await ask(`--cluster ${name}=CERT`, (p) =>
            p.input(`Certificate of cluster ${name} (PEM file or https:// URL)`, {
              default: `certs/${name}.pem`,
            }),
          ))
  }
  let createdKey: { path: string; text: string } | undefined
  if (plans.some((p) => p.backend === 'sops')) {
    const key = await ageKey(ctx, options)
    createdKey = key.create
    for (const plan of plans.filter((p) => p.backend === 'sops')) {
      plan.recipients = [key.recipient, ...(options.ageRecipient ?? [])]
    }
  }
  for (const plan of plans.filter((p) => p.backend === 'eso')) {
    plan.store =
      options.esoStore ??
      (options.yes
        ? 'aws-secrets-manager'
        : await ask('--eso-store', (p) =>
            p.input('SecretStore name for External Secrets', { default: 'aws-secrets-manager' }),
          ))
  }
  return createdKey
}

/** Write a new age key 0600. @throws GitsealError `E_BAD_PATH` when it would be inside the repository without --force. */
async function writeAgeKey(
  ctx: CommandContext,
  options: InitOptions,
  key: { path: string; text: string },
): Promise<void> {
  const nodePath = await import('node:path')
  const { mkdir } = await import('node:fs/promises')
  const { writeFileAtomic } = await import('../../io/atomic-write.js')
  // A private key inside the repository is one `git add .` away from being published.
  const inside = nodePath.relative(ctx.io.cwd, key.path)
  if (!inside.startsWith('..') && !nodePath.isAbsolute(inside)) {
    if (options.force !== true) {
      throw new GitsealError('E_BAD_PATH', `the age key ${inside} would be inside the repository`, {
        hint: "Keep it outside (the default is sops' keys.txt), or pass --force and add it to .gitignore.",
      })
    }
    ctx.warn(`the age key ${inside} is inside the repository: add it to .gitignore and never commit it`)
  }
  await mkdir(nodePath.dirname(key.path), { recursive: true, mode: 0o700 })
  await writeFileAtomic(key.path, key.text, {
    mode: 0o600,
    forceMode: true,
    secret: true,
    warn: (message) => ctx.warn(message),
  })
  ctx.info(`created age key ${key.path} (0600)`)
}

/** The files are written by now: a hook that cannot be installed is a warning, not a failed init. */
async function installHookOrWarn(ctx: CommandContext): Promise<void> {
  const { installHook } = await import('./hook-action.js')
  try {
    await installHook(ctx, false)
  } catch (error) {
    if (!isGitsealError(error)) throw error
    // Messages carry paths and git output: escaped as the top-level error report does.
    ctx.warn(`the pre-commit hook was not installed: ${error.message}`)
    if (error.hint) ctx.io.stderr(`  hint: ${printable(error.hint)}\n`)
  }
}

/** Ask through the prompter, or fail naming the flag with --yes or without a terminal. */
function askFor(ctx: CommandContext, options: InitOptions) {
  return async <T>(flag: string, question: (prompter: Prompter) => Promise<T>): Promise<T> => {
    if (options.yes) {
      throw new GitsealError('E_USAGE', `--yes: no default for ${flag}`, { hint: `Pass ${flag}.` })
    }
    const { prompter } = await import('../prompts.js')
    return question(await prompter(ctx, flag))
  }
}

function splitPair(flag: string, name: string): [string, string] {
  const at = flag.indexOf('=')
  if (at <= 0 || at === flag.length - 1)
    throw new GitsealError('E_USAGE', `${name} ${flag}: expected NAME=VALUE`)
  return [flag.slice(0, at), flag.slice(at + 1)]
}

function parseBackendFlags(flags: readonly string[]): { defaults: string[]; perEnv: Record<string, string> } {
  const defaults: string[] = []
  const perEnv: Record<string, string> = {}
  for (const flag of flags.flatMap((f) => f.split(','))) {
    const [env, backend] = flag.includes('=') ? splitPair(flag, '--backend') : [undefined, flag]
    if (!BACKENDS.includes(backend)) {
      throw new GitsealError('E_USAGE', `--backend ${flag}: unknown backend "${backend}"`, {
        hint: `Use one of ${BACKENDS.join(', ')}.`,
      })
    }
    if (env === undefined) defaults.push(backend)
    else perEnv[env] = backend
  }
  return { defaults, perEnv }
}

/** The age key to encrypt for: an existing key file's recipient, or a new key to create. */
async function ageKey(
  ctx: CommandContext,
  options: InitOptions,
): Promise<{ recipient: string; create?: { path: string; text: string } }> {
  const { sopsAgeKeysPath } = await import('../../config/age-key-path.js')
  const path =
    options.ageKeyFile === undefined
      ? sopsAgeKeysPath(ctx.io.env, process.platform)
      : ctx.path(options.ageKeyFile)
  if (path === undefined) {
    throw new GitsealError('E_USAGE', 'cannot tell where to put the age key (no HOME or XDG_CONFIG_HOME)', {
      hint: 'Pass --age-key-file.',
    })
  }
  const { readFile } = await import('node:fs/promises')
  const { newAgeKeyFile, recipientOfKeyFile } = await import('../../config/age-key.js')
  const existing = await readFile(path, 'utf8').catch(() => undefined)
  if (existing !== undefined) {
    const recipient = await recipientOfKeyFile(existing, path)
    ctx.info(`using the age key in ${path}`)
    return { recipient }
  }
  if (!options.yes && options.ageKeyFile === undefined) {
    const create = await askFor(ctx, options)('--age-key-file', (p) =>
      p.confirm(`Create an age key in ${path}?`),
    )
    if (!create)
      throw new GitsealError('E_ABORTED', 'no age key', { hint: 'Pass --age-key-file with an existing key.' })
  }
  const created = await newAgeKeyFile(new Date())
  return { recipient: created.recipient, create: { path, text: created.text } }
}
