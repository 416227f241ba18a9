/** Plaid (bank-account data) API tokens. */
import { provider, re } from './define.js'
import type { Rule } from './types.js'

/** Plaid rules. */
export const PLAID_RULES: readonly Rule[] = [
  provider(
    'plaid-token',
    'Plaid API token',
    ['-sandbox-', '-development-', '-production-'],
    // `<kind>-<environment>-<UUID>`: an item's access token, a processor token, or the public and
    // Link tokens a client exchanges for them (lowercase hex, as Plaid issues them).
    re(
      '<S>((?:access|processor|public|link)-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<E>',
    ),
    {
      description:
        'A Plaid token (`access-`, `processor-`, `public-` or `link-` then the environment and a UUID): an access or processor token reads the linked bank accounts with the client credentials; public and Link tokens are exchanged for one.',
      remediation:
        'Remove the item or rotate its access token (`/item/access_token/invalidate`), keep tokens out of fixtures and recordings (filter them in VCR/cassette settings), and deliver real ones as protected Secrets (`gitseal seal`, `gitseal encrypt`).',
    },
  ),
]
