import { dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { GitsealError } from '../../core/errors.js'
import type { CommandContext } from '../context.js'
import { withExamples } from '../help.js'

interface KeygenFlags {
  out: string
  bits: string
  days: string
  cn?: string
  namespace: string
  force?: boolean
}

/** `gitseal keygen`: a controller-compatible key pair for dev clusters and tests. */
export function register(program: Command, ctx: CommandContext): void {
  const command = program
    .command('keygen')
    .summary('create a sealed-secrets controller key pair, certificate and key Secret')
    .requiredOption('--out <dir>', 'directory to write tls.key, tls.crt and the key Secret manifest')
    .option('--bits <n>', 'RSA key size (at least 2048)', '4096')
    .option('--days <n>', 'certificate validity in days (the controller: 3650)', '3650')
    .option('--cn <name>', 'certificate common name (the controller: empty)')
    .option('--namespace <ns>', "namespace of the key Secret (the controller's)", 'kube-system')
    .option('--force', 'write inside a git work tree, and overwrite existing files')
    .action(async (flags: KeygenFlags) => {
      const bits = Number(flags.bits)
      const days = Number(flags.days)
      if (!Number.isInteger(bits) || bits < 2048 || bits > 16384) {
        throw new GitsealError('E_USAGE', '--bits must be an integer from 2048 to 16384')
      }
      if (!Number.isFinite(days) || days <= 0) throw new GitsealError('E_USAGE', '--days must be positive')
      const fs = await import('node:fs/promises')
      const dir = ctx.path(flags.out)
      const files = ['tls.key', 'tls.crt', 'sealed-secrets-key.yaml'].map((name) => join(dir, name))
      if (!flags.force) await refuseUnsafeDestination(fs, flags.out, dir, files)
      const { generateControllerKey } = await import('../../sealed/keygen.js')
      const key = await generateControllerKey({
        bits,
        validDays: days,
        namespace: flags.namespace,
        ...(flags.cn === undefined ? {} : { commonName: flags.cn }),
      })
      const { stringifyObjects } = await import('../../core/manifest.js')
      const { writeFileAtomic } = await import('../../io/atomic-write.js')
      await fs.mkdir(dir, { recursive: true, mode: 0o700 })
      const [keyFile = '', certFile = '', secretFile = ''] = files
      const warn = (message: string) => ctx.warn(message)
      await writeFileAtomic(keyFile, key.keyPem, { mode: 0o600, forceMode: true, secret: true, warn })
      await writeFileAtomic(certFile, key.certPem, { mode: 0o644 })
      await writeFileAtomic(secretFile, stringifyObjects([key.secret], 'yaml'), {
        mode: 0o600,
        forceMode: true,
        secret: true,
        warn,
      })
      ctx.info(`wrote ${keyFile} (private, 0600), ${certFile} and ${secretFile} (private, 0600)`)
      ctx.info(`seal with: gitseal seal --cert ${certFile}; install the key: kubectl apply -f ${secretFile}`)
    })
  withExamples(command, ['gitseal keygen --out ./dev-keys'])
}

/**
 * Refuse to write a private key inside a git work tree (one `git add .` away from being published)
 * or over existing files; `--force` skips this.
 * @throws GitsealError `E_BAD_PATH` inside a work tree, `E_FILE_EXISTS` for a file already there.
 */
async function refuseUnsafeDestination(
  fs: typeof import('node:fs/promises'),
  out: string,
  dir: string,
  files: readonly string[],
): Promise<void> {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (await exists(fs, join(at, '.git'))) {
      throw new GitsealError('E_BAD_PATH', `${out} is inside the git work tree at ${at}`, {
        hint: 'Write the private key outside the repository (or pass --force for a throw-away test key).',
      })
    }
    if (dirname(at) === at) break
  }
  for (const file of files) {
    if (await exists(fs, file)) {
      throw new GitsealError('E_FILE_EXISTS', `${file} already exists`, {
        file,
        hint: 'Choose another --out directory, or pass --force to replace it.',
      })
    }
  }
}

async function exists(fs: typeof import('node:fs/promises'), path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch {
    return false
  }
}
