/**
 * Passwords given to a command on its command line, where the option (not a name) says what the
 * value is: `docker login -p …` (and podman, nerdctl, buildah, skopeo, oras, `helm registry`),
 * `mysql -p…` / `--password=…` (the value attached: `mysql -p db` prompts and names a database),
 * `sshpass -p …`, PowerShell's `ConvertTo-SecureString "…" -AsPlainText` and oathtool's key argument. A value that expands something (`$VAR`, `$(…)`, `{{ … }}`)
 * is not matched.
 */
import { isPlaceholder } from '../placeholder.js'
import { isDemoValue } from '../demo-value.js'
import { shannonEntropy } from '../entropy.js'
import { provider } from './define.js'
import { gapped } from './gapped.js'
import { PLACEHOLDER_PASSWORDS } from './urls.js'
import type { Rule } from './types.js'

// A literal word after the option, optionally quoted, up to where the shell word ends.
const VALUE = `["']?(?=([^\\s"'\`$;|&<>(){}\\\\]{3,200}))\\1(?=["']?(?:[\\s;|&)]|$))`
// Where a command starts: not inside a path, an image name or another word (`/var/lib/mysql`, `mysql:8`).
const COMMAND_START = `(?<![\\w./:@-])`

// `PASSWORD`, `%DB_PASS%`: a name standing for the value; a port mapping (`-p3306:3306`).
const NAMED = /^%?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*%?$/
const PORTS = /^[\d:.]+$/

/** True when the value given to the option is a password someone typed or generated, not a stand-in. */
function commandPasswordOk(secret: string): boolean {
  if (PLACEHOLDER_PASSWORDS.test(secret) || isPlaceholder(secret) || isDemoValue(secret)) return false
  if (NAMED.test(secret) || PORTS.test(secret)) return false
  // One short run of lowercase letters (`secret`, `koeltest`): a word, as the URL rules read one.
  return !/^[a-z]{3,10}$/.test(secret)
}

const REMEDIATION =
  'Change the password, and pass it from a protected source instead of the command line (`--password-stdin`, an environment variable from a masked CI variable or a protected Secret, an option file); remove it from history.'

function commandRule(id: string, title: string, keywords: string[], rule: ReturnType<typeof gapped>): Rule {
  return provider(id, title, keywords, rule.regex, {
    validate: commandPasswordOk,
    remediation: REMEDIATION,
    search: rule.search,
  })
}

// oathtool's key argument: base32 (`-b`) or hex (its default), the first word after the command
// that is one, quoted or bare, up to where the word ends (`oathtool --totp -b -d 6 '<key>'`, also
// as the strings of an argument list: `"oathtool", "--totp", "-b", "<key>"`).
const OTP_KEY = `[ \\t,]["']?([A-Za-z2-7]{16,128}={0,6}|[0-9A-Fa-f]{20,128})["']?(?=[\\s,;|&)]|$)`

const OATHTOOL = gapped(`${COMMAND_START}oathtool\\b`, 300, OTP_KEY)

/**
 * True when an oathtool key argument is random: digits and letters both, spread out, no stand-in.
 * Capitals and digits are base32's alphabet, so `NAMED` (a `PASSWORD` stand-in) does not apply.
 */
function otpKeyOk(secret: string): boolean {
  if (!/\d/.test(secret) || !/[A-Za-z]/.test(secret) || shannonEntropy(secret) < 3) return false
  return !isPlaceholder(secret) && !isDemoValue(secret)
}

/** Command-line password rules. */
export const COMMAND_PASSWORD_RULES: readonly Rule[] = [
  commandRule(
    'registry-cli-password',
    'Password in a registry login command (-p/--password)',
    ['login'],
    gapped(
      `(?<=\\b(?:docker|podman|nerdctl|buildah|skopeo|oras|registry)[ \\t]{1,4})login\\b`,
      300,
      `[ \\t](?:-p|--password)(?:[ \\t]{1,4}|=)${VALUE}`,
      '',
      'login',
    ),
  ),
  commandRule(
    'mysql-cli-password',
    'Password in a MySQL/MariaDB command (-p…/--password=…)',
    ['mysql', 'mariadb'],
    gapped(
      `${COMMAND_START}(?:mysql(?:dump|admin|import|check|pump|sh)?|mariadb(?:-dump|-admin)?)(?=[ \\t])`,
      300,
      `[ \\t](?:-p|--password=)${VALUE}`,
    ),
  ),
  provider('oathtool-otp-key', 'One-time-password key given to oathtool', ['oathtool'], OATHTOOL.regex, {
    description:
      'The secret key of a TOTP/HOTP token passed to `oathtool` on its command line: whoever holds it can compute every one-time code of the account it protects.',
    remediation:
      'Re-enrol the second factor to get a new key, and pass it to oathtool from a protected file or a masked variable, not the command line.',
    validate: otpKeyOk,
    search: OATHTOOL.search,
  }),
  provider(
    'powershell-plaintext-password',
    'Password made a SecureString from plain text (PowerShell)',
    ['convertto-securestring'],
    // `ConvertTo-SecureString "…" -AsPlainText -Force` (also `-String "…"`): the literal is the
    // password itself, written where a script builds a credential from it.
    /\bConvertTo-SecureString[ \t]{1,4}(?:-String[ \t]{1,4})?(["'])(?<secret>[^"'\s$`]{6,200})\1[ \t]{1,4}-AsPlainText\b/i,
    { validate: commandPasswordOk, remediation: REMEDIATION },
  ),
  commandRule(
    'sshpass-cli-password',
    'Password in an sshpass command (-p)',
    ['sshpass'],
    gapped(`${COMMAND_START}sshpass(?=[ \\t])`, 300, `[ \\t]-p[ \\t]{0,4}${VALUE}`),
  ),
]
