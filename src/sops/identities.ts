/**
 * Where sops looks for age identities, as a pure function of the environment: SOPS_AGE_KEY,
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the default `sops/age/keys.txt`, and ssh keys
 * (SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh/id_ed25519, ~/.ssh/id_rsa). All sources are combined.
 */
import { posix, win32 } from 'node:path'
import { loadSshModule } from './age.js'
import type { AgeIdentity } from './age.js'

/** What the loader may touch; the CLI passes the real process, tests pass fakes. */
export interface IdentityEnvironment {
  env: Readonly<Record<string, string | undefined>>
  home: string
  platform: NodeJS.Platform
  /** File contents, or undefined when the file does not exist. */
  readFile: (path: string) => Promise<string | undefined>
  /** Run SOPS_AGE_KEY_CMD / SOPS_AGE_SSH_PRIVATE_KEY_CMD and return its stdout; omit to skip them. */
  runCommand?: (command: string) => Promise<string>
}

/** Identities found, and every source looked at (for "no identity matched" errors). */
export interface LoadedIdentities {
  identities: AgeIdentity[]
  /** e.g. `SOPS_AGE_KEY_FILE=/x/key.txt (1 key)`, `~/.config/sops/age/keys.txt (not found)`. */
  tried: string[]
}

/** sops' default identity file: `<os.UserConfigDir()>/sops/age/keys.txt`. */
export function defaultKeysPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  platform: NodeJS.Platform,
): string {
  if (platform === 'win32')
    return win32.join(
      env.AppData ?? env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'),
      'sops',
      'age',
      'keys.txt',
    )
  const xdg = env.XDG_CONFIG_HOME
  if (xdg) return posix.join(xdg, 'sops', 'age', 'keys.txt')
  if (platform === 'darwin')
    return posix.join(home, 'Library', 'Application Support', 'sops', 'age', 'keys.txt')
  return posix.join(home, '.config', 'sops', 'age', 'keys.txt')
}

/** The age identities in an identity file's text (comments and blank lines skipped). */
export function parseIdentityText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => line.split(/\s+/))
    .filter((word) => /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(word))
}

/** Load and combine identities from every source sops uses. Never throws for a missing source. */
export async function loadAgeIdentities(environment: IdentityEnvironment): Promise<LoadedIdentities> {
  const { env, home, platform, readFile, runCommand } = environment
  const identities: AgeIdentity[] = []
  const tried: string[] = []
  const add = (text: string, source: string): void => {
    const keys = parseIdentityText(text)
    for (const identity of keys) identities.push({ identity, source })
    tried.push(`${source} (${keys.length === 1 ? '1 key' : `${String(keys.length)} keys`})`)
  }
  const fromFile = async (path: string, label: string): Promise<void> => {
    const text = await readFile(path)
    if (text === undefined) tried.push(`${label} (not found)`)
    else add(text, label)
  }
  const fromCommand = async (command: string, label: string): Promise<string | undefined> => {
    if (!runCommand) return undefined
    try {
      return await runCommand(command)
    } catch {
      tried.push(`${label} (command failed)`)
      return undefined
    }
  }

  await loadSsh(environment, identities, tried)
  if (env.SOPS_AGE_KEY) add(env.SOPS_AGE_KEY, 'SOPS_AGE_KEY')
  if (env.SOPS_AGE_KEY_FILE)
    await fromFile(env.SOPS_AGE_KEY_FILE, `SOPS_AGE_KEY_FILE=${env.SOPS_AGE_KEY_FILE}`)
  if (env.SOPS_AGE_KEY_CMD) {
    const out = await fromCommand(env.SOPS_AGE_KEY_CMD, 'SOPS_AGE_KEY_CMD')
    if (out !== undefined) add(out, 'SOPS_AGE_KEY_CMD')
  }
  const defaultPath = defaultKeysPath(env, home, platform)
  await fromFile(defaultPath, defaultPath)
  return { identities, tried }
}

async function loadSsh(
  environment: IdentityEnvironment,
  identities: AgeIdentity[],
  tried: string[],
): Promise<void> {
  const { env, home, readFile, runCommand } = environment
  const candidates: [string, () => Promise<string | undefined>][] = []
  if (env.SOPS_AGE_SSH_PRIVATE_KEY_FILE) {
    const path = env.SOPS_AGE_SSH_PRIVATE_KEY_FILE
    candidates.push([`SOPS_AGE_SSH_PRIVATE_KEY_FILE=${path}`, () => readFile(path)])
  }
  if (env.SOPS_AGE_SSH_PRIVATE_KEY_CMD && runCommand) {
    const command = env.SOPS_AGE_SSH_PRIVATE_KEY_CMD
    candidates.push(['SOPS_AGE_SSH_PRIVATE_KEY_CMD', () => runCommand(command).catch(() => undefined)])
  }
  for (const name of ['id_ed25519', 'id_rsa']) {
    const path = posix.join(home, '.ssh', name)
    candidates.push([path, () => readFile(path)])
  }
  for (const [label, read] of candidates) {
    const pem = await read()
    if (pem === undefined) {
      if (label.startsWith('SOPS_')) tried.push(`${label} (not found)`)
      continue
    }
    try {
      const ssh = await loadSshModule()
      identities.push({ identity: ssh.sshIdentity(pem, label), source: label })
      tried.push(`${label} (ssh key)`)
    } catch {
      tried.push(`${label} (unusable ssh key)`)
    }
  }
}
