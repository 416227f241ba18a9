/** DNS shared keys: TSIG secrets in BIND/ISC configuration (`named.conf`, `rndc.key`, `dhcpd.conf`). */
import { provider } from './define.js'
import { secretLikeValue } from './generic.js'
import { strictBase64 } from './key-structure.js'
import type { Rule } from './types.js'

/** True when `secret` is base64 of 16+ bytes (hmac-md5 keys are the shortest) and not a placeholder. */
function tsigSecretOk(secret: string): boolean {
  const bytes = strictBase64(secret)
  return bytes !== undefined && bytes.length >= 16 && secretLikeValue(secret, [])
}

/** DNS key rules. */
export const DNS_KEY_RULES: readonly Rule[] = [
  provider(
    'dns-tsig-key',
    'DNS TSIG key secret',
    ['secret'],
    // A `key "name" { algorithm hmac-…; secret "…"; };` clause: the statement `secret`, the base64
    // key (quoted in named.conf, bare in dhcpd.conf), a semicolon. No `=` or `:`, so the generic
    // assignment rules never read it. At a line start or after `{`, `;` or a blank: a lookbehind, so
    // every match starts at `secret` and runs only where that literal occurs.
    /(?<![^{;\s])secret[ \t]{1,8}"?(?<secret>[A-Za-z0-9+/]{22,172}={0,2})"?[ \t]{0,8};/,
    {
      description:
        'A TSIG key (the shared secret of a BIND `key` clause, as `tsig-keygen`, `rndc-confgen` or `ddns-confgen` write it): whoever holds it can sign dynamic DNS updates and zone transfers for the zones it is allowed on.',
      remediation:
        'Generate a new key (`tsig-keygen -a hmac-sha256 <name>`), replace it on the DNS server and its clients, keep the key file out of Git (an `include` of a protected file) and deliver it as a protected Secret (`gitseal seal`, `gitseal encrypt`).',
      validate: tsigSecretOk,
    },
  ),
]
