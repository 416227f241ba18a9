/**
 * How to save a cluster's controller certificate, for hints. The cert path comes from gitseal.yaml,
 * which a pull request can change: a hint must never get a user to run `kubeseal --fetch-cert >
 * <path>` over a file that is there (`cert: ../../.bashrc` fails to parse as a certificate, and the
 * hint would then say to overwrite it), nor paste a path that the shell reads as more than a name.
 * So the configured path is named as the place to write only when nothing is there and it is a plain
 * relative name inside the repository; otherwise the hint writes a new file and says to point
 * `cert:` at it.
 */
import { printable } from '../core/printable.js'

// A relative name a shell reads as one word, without `..` (no way out of the repository).
const PLAIN_PATH = /^(?!-)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._][A-Za-z0-9._/-]*$/
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$/

/**
 * The `(kubeseal --fetch-cert > F, or gitseal cert fetch --cert URL -o F)` part of a hint, with
 * what to do with F. `nothingThere`: the configured path does not exist, not even as a symlink.
 */
export function saveCertHint(cluster: string, configured: string | undefined, nothingThere: boolean): string {
  const commands = (file: string): string =>
    `kubeseal --fetch-cert > ${file}, or gitseal cert fetch --cert URL -o ${file}`
  if (configured !== undefined && nothingThere && PLAIN_PATH.test(configured)) {
    return `save the controller certificate there (${commands(configured)})`
  }
  const stem = PLAIN_NAME.test(cluster) ? cluster : 'controller'
  const fresh = `certs/${stem}.pem` === configured ? `certs/${stem}-new.pem` : `certs/${stem}.pem`
  return `save the controller certificate to a new file (${commands(fresh)}), check it with gitseal cert info, and set clusters.${printable(cluster)}.cert to it`
}
