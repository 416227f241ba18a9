import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import type { Secret } from '../../core/secret.js'
import { collect } from '../context.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'
import { withPolicyOptions } from '../policy-options.js'

interface NewSecretOptions {
  push?: boolean
  allowExpired?: boolean
  verbose?: boolean
  sopsConfigLookup?: string
  namespace?: string
  type?: string
  fromLiteral?: string[]
  fromFile?: string[]
  fromEnvFile?: string[]
  cert?: string
  key?: string
  dockerServer?: string
  dockerUsername?: string
  dockerPassword?: string
  dockerEmail?: string
  output?: string
  backend?: string
  config?: string
  force?: boolean
}

/** `gitseal new secret`: build a Secret like kubectl and protect it at once. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('new')
    .summary('create a new protected Secret (like `kubectl create secret`)')
  withExamples(command, [
    'gitseal new secret db -n prod --from-literal user=app -o apps/db/overlays/prod/db.sealed.yaml',
  ])
  withExamples(
    withPolicyOptions(
      command
        .command('secret')
        .description(
          'Build a Secret like `kubectl create secret generic|tls|docker-registry` and protect it at once with the ' +
            'backend gitseal.yaml policy picks for the output path (-o, else NAME.yaml in the current directory, ' +
            'printed on stdout). The plaintext never touches disk. With no values on a terminal, asks for them (masked).',
        )
        .argument('<name>', 'Secret name')
        .option('-n, --namespace <namespace>', 'namespace')
        .option('--type <type>', 'generic (default) | tls | docker-registry | any Secret type')
        .option('--from-literal <key=value>', 'a value (repeatable)', collect)
        .option(
          '--from-file <[key=]path>',
          'a value read from a file, or every file of a directory (repeatable)',
          collect,
        )
        .option('--from-env-file <file>', 'values from a KEY=VALUE file (repeatable)', collect)
        .option('--cert <file>', 'tls: PEM certificate')
        .option('--key <file>', 'tls: PEM private key')
        .option('--docker-server <url>', 'docker-registry: server (default https://index.docker.io/v1/)')
        .option('--docker-username <name>', 'docker-registry: user name')
        .option(
          '--docker-password <password>',
          'docker-registry: password (asked for, masked, on a terminal)',
        )
        .option('--docker-email <email>', 'docker-registry: email')
        .option('-o, --output <file>', 'write the protected Secret to FILE')
        .option('--backend <backend>', 'sealed | sops | eso (overrides the policy)')
        .option('--config <file>', 'gitseal.yaml to use'),
    )
      .option('--force', 'replace an existing output file')
      .action((name: string, options: NewSecretOptions) => newSecret(ctx, name, options)),
    [
      'gitseal new secret db -n prod --from-literal user=app -o apps/db/overlays/prod/db.sealed.yaml',
      'gitseal new secret api-keys --from-env-file .env.local -o apps/api/overlays/dev/api-keys.yaml',
      'gitseal new secret web-tls --type tls --cert tls.crt --key tls.key -o apps/web/overlays/prod/tls.yaml',
      'gitseal new secret db   # asks for keys and values (masked) on a terminal',
    ],
  )
}

async function newSecret(ctx: CommandContext, name: string, options: NewSecretOptions): Promise<void> {
  const secret = await readSecret(ctx, await secretSources(ctx, name, options))
  await protectAndWrite(ctx, secret, name, options)
}

/** What the Secret is built from: the flags, and on a terminal the values asked for when none was given. */
async function secretSources(
  ctx: CommandContext,
  name: string,
  options: NewSecretOptions,
): Promise<import('../../workflow/kubectl-secret.js').SecretSources> {
  const { hasNoValues, secretTypeFor } = await import('../../workflow/kubectl-secret.js')
  const sources = {
    name,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.type === undefined ? {} : { type: options.type }),
    literals: options.fromLiteral ?? [],
    files: options.fromFile ?? [],
    envFiles: options.fromEnvFile ?? [],
    tls: {
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.key === undefined ? {} : { key: options.key }),
    },
    docker: {
      ...(options.dockerServer === undefined ? {} : { server: options.dockerServer }),
      ...(options.dockerUsername === undefined ? {} : { username: options.dockerUsername }),
      ...(options.dockerPassword === undefined ? {} : { password: options.dockerPassword }),
      ...(options.dockerEmail === undefined ? {} : { email: options.dockerEmail }),
    },
  }
  const type = secretTypeFor(options.type)
  const { prompter } = await import('../prompts.js')
  if (type === 'kubernetes.io/dockerconfigjson' && hasNoValues(sources)) {
    if (sources.docker.username === undefined) {
      sources.docker.username = await (await prompter(ctx, '--docker-username')).input('Registry user name')
    }
    if (sources.docker.password === undefined) {
      sources.docker.password = await (await prompter(ctx, '--docker-password')).password('Registry password')
    }
  } else if (type !== 'kubernetes.io/tls' && hasNoValues(sources)) {
    sources.literals = await askValues(await prompter(ctx, '--from-literal'))
  }
  return sources
}

/** The Secret `sources` describe, reading files and env files as kubectl does. */
async function readSecret(
  ctx: CommandContext,
  sources: import('../../workflow/kubectl-secret.js').SecretSources,
): Promise<Secret> {
  const [{ buildSecret }, { readFileBytes }, fs] = await Promise.all([
    import('../../workflow/kubectl-secret.js'),
    import('../../io/read-file.js'),
    import('node:fs/promises'),
  ])
  return buildSecret(sources, {
    // Paths stay as typed for messages and are resolved against the run's working directory here.
    readFile: (path) => readFileBytes(ctx.path(path), path),
    listDirectory: async (path) => {
      try {
        const entries = await fs.readdir(ctx.path(path), { withFileTypes: true })
        return entries.filter((entry) => entry.isFile()).map((entry) => entry.name)
      } catch {
        return undefined
      }
    },
    env: (variable) => ctx.io.env[variable],
  })
}

/** Protect `secret` by policy (or `--backend`) for its destination and write it (stdout without -o). */
async function protectAndWrite(
  ctx: CommandContext,
  secret: Secret,
  name: string,
  options: NewSecretOptions,
): Promise<void> {
  const [{ loadGitsealConfig }, protectFile, fs] = await Promise.all([
    import('../../config/discover.js'),
    import('../../workflow/protect-file.js'),
    import('node:fs/promises'),
  ])
  const backends = await ctx.backends()
  const loaded = await loadGitsealConfig({
    startDir: ctx.io.cwd,
    backends: await ctx.policyBackends(),
    ...(options.config === undefined ? {} : { configPath: ctx.path(options.config) }),
  })
  const targetFile = ctx.path(options.output ?? `${name}.yaml`)
  if (options.output !== undefined && !options.force) {
    const exists = await fs.stat(targetFile).then(
      () => true,
      () => false,
    )
    if (exists) {
      throw new GitsealError('E_FILE_EXISTS', `${options.output}: already exists`, {
        file: options.output,
        hint: 'Pass --force to replace it, or use `gitseal set` / `gitseal seal --merge-into` to add keys.',
      })
    }
  }
  const resolved = protectFile.resolveProtection(loaded, targetFile, options.backend)
  const { reportSopsRecipients, withPolicyFlags } = await import('../policy-flags.js')
  const { decision, target } = { ...resolved, decision: withPolicyFlags(ctx, resolved.decision, options) }
  await reportSopsRecipients(ctx, decision, targetFile, options)
  const documents = await protectFile.protectSecrets(backends, [secret], decision, target)
  const { writeOutput } = await import('../context.js')
  const text = protectFile.renderDocuments(
    backends,
    documents.map((value) => ({ value, backend: decision.backend })),
    'yaml',
  )
  await writeOutput(ctx, options.output, text)
  if (options.output !== undefined)
    ctx.info(`wrote ${options.output} (${decision.backend}, ${secret.data.size} key(s))`)
}

/** Ask for key names and masked values until an empty key name. */
async function askValues(prompt: import('../prompts.js').Prompter): Promise<string[]> {
  const { invalidKeyReason } = await import('../../core/secret.js')
  const literals: string[] = []
  for (;;) {
    const key = await prompt.input(
      literals.length === 0 ? 'Key name' : 'Another key name (empty to finish)',
      {
        validate: (value) => (value === '' && literals.length > 0 ? true : (invalidKeyReason(value) ?? true)),
      },
    )
    if (key === '') break
    literals.push(`${key}=${await prompt.password(`Value of ${key}`)}`)
  }
  return literals
}
