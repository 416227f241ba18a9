/** Elastic Stack credentials. */
import { provider, re } from './define.js'
import { secretLikeValue } from './generic.js'
import { strictBase64 } from './key-structure.js'
import type { Rule } from './types.js'

// A service-account token is base64 of a version (00 01 00 01) and `<namespace>/<service>/<token
// name>:<secret>`: the secret authenticates as the service account (`elastic/kibana`, `elastic/fleet-server`).
const SERVICE_TOKEN_TEXT =
  /^([a-z0-9_-]{1,64})\/([a-z0-9_-]{1,64})\/([^\s:/]{1,256}):([A-Za-z0-9_-]{16,128})$/

/** True when `token` decodes to a service-account token whose secret looks random. */
function serviceTokenOk(token: string): boolean {
  const bytes = strictBase64(token)
  if (bytes === undefined || bytes.length < 8) return false
  if (bytes[0] !== 0 || bytes[1] !== 1 || bytes[2] !== 0 || bytes[3] !== 1) return false
  const secret = SERVICE_TOKEN_TEXT.exec(bytes.subarray(4).toString('utf8'))?.[4]
  return secret !== undefined && secretLikeValue(secret, [])
}

/** Elastic rules. */
export const ELASTIC_RULES: readonly Rule[] = [
  provider(
    'elasticsearch-service-token',
    'Elasticsearch service-account token',
    // `AAEAA` is how the version bytes open in base64, whatever follows.
    ['aaeaa'],
    re('<S>(AAEAA[A-Za-z0-9+/]{20,600}={0,2})(?![A-Za-z0-9+/=_-])'),
    {
      description:
        'An Elasticsearch service-account token (base64 of `<namespace>/<service>/<name>:<secret>`): whoever holds it acts as the service account (Kibana, Fleet Server).',
      remediation:
        'Delete the token (`DELETE /_security/service/<namespace>/<service>/credential/token/<name>` or `elasticsearch-service-tokens delete`), create a new one and keep it in a protected Secret (`gitseal seal`, `gitseal encrypt`).',
      validate: serviceTokenOk,
    },
  ),
]
