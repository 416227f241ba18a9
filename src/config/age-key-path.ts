/**
 * Where sops looks for age identities by default (`keys.txt` under the user config directory),
 * computed from the environment the CLI passes in: never from `process.env` here.
 */
import { join } from 'node:path'

/**
 * sops' default `keys.txt` path: `$XDG_CONFIG_HOME/sops/age/keys.txt` when set, else
 * `~/.config/sops/age/keys.txt` on Linux, `~/Library/Application Support/sops/age/keys.txt` on
 * macOS and `%AppData%\sops\age\keys.txt` on Windows (Go's os.UserConfigDir). `SOPS_AGE_KEY_FILE` wins.
 * @returns undefined when the environment has no home directory to anchor it.
 */
export function sopsAgeKeysPath(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): string | undefined {
  if (env.SOPS_AGE_KEY_FILE) return env.SOPS_AGE_KEY_FILE
  const base = (dir: string): string => join(dir, 'sops', 'age', 'keys.txt')
  if (env.XDG_CONFIG_HOME) return base(env.XDG_CONFIG_HOME)
  if (platform === 'win32') return env.AppData ? base(env.AppData) : undefined
  if (!env.HOME) return undefined
  return platform === 'darwin'
    ? base(join(env.HOME, 'Library', 'Application Support'))
    : base(join(env.HOME, '.config'))
}
