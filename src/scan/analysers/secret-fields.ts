/**
 * What each field of a Kubernetes Secret holds. Well-known shapes (`kubernetes.io/basic-auth`,
 * `ssh-auth`, `tls`, `dockerconfigjson`, service-account tokens, Argo CD repository / repo-creds /
 * cluster Secrets, Flux source Secrets, cert-manager issuer Secrets) carry identifiers, URLs, types
 * and flags beside their secrets; only the secret-bearing fields are judged as secrets.
 */

/** How a Secret's field is judged. */
export type FieldRole =
  /** Never a secret (URL, type, flag, certificate, public key, name). */
  | 'public'
  /** An identifier (username, client id): reported only when the value itself looks random. */
  | 'identifier'
  /** Anything else: a secret unless the value is a placeholder, template or reference. */
  | 'secret'

// Argo CD repository/repo-creds/cluster fields, Flux source fields and common Secret keys that
// hold no secret: https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/,
// https://fluxcd.io/flux/components/source/gitrepositories/#secret-reference.
const PUBLIC_KEYS = new Set(
  [
    'url',
    'uri',
    'type',
    'name',
    'id', // an object's ID (Kong's CA-certificate Secrets): names it, authenticates nothing
    'project',
    'insecure',
    'enablelfs',
    'enableoci',
    'forcehttpbasicauth',
    'useazureworkloadidentity',
    'proxy',
    'noproxy',
    'server',
    'namespaces',
    'clusterresources',
    'githubappenterprisebaseurl',
    'githubappid',
    'githubappinstallationid',
    'tlsclientcertdata',
    'known_hosts',
    'knownhosts',
    'host',
    'hostname',
    'port',
    'namespace',
    'region',
    'database',
    'db',
    'dbname',
    'db_name',
    'schema',
    'endpoint',
    'address',
    'email',
    'protocol',
    'scheme',
    'prefix',
    'suffix',
    'ca.crt',
    'ca-bundle.crt',
    'ca.pem',
    'cafile',
    'certfile',
    'cert.pem',
    'tls.crt',
    'cert',
    'certificate',
    'identity.pub',
    // Ceph CSI Secrets name the cluster (its fsid) and the storage class they serve: names, no secret.
    'clusterid',
    'storageclass',
  ].map((key) => key.toLowerCase()),
)
// Certificates and public keys, timestamps, flags, checksums of other data (`SHA256SUM`) and
// hashes of a password (`passwordHash`, `password_hash`, `password_sha256_hex`): a hash is not the
// plaintext.
const PUBLIC_SHAPE =
  /(?:\.(?:crt|pub|cer|cert)|[Mm]time|\.enabled?|(?:sha\d*|md5)sum|SHA\d*SUM|MD5SUM|[Cc]hecksum|CHECKSUM|[a-z0-9][Hh]ash|[_.-]hash|HASH|[_.-](?:sha\d{1,3}|double_sha1|md5|bcrypt)(?:_hex)?)$|^(?:enable|insecure)[A-Za-z]*$|^(?:use|skip)[A-Z][A-Za-z]*$/
// Also as the last word of a longer name, with or without a separator (`azurestorageaccountname`),
// and with a direction suffix (iSCSI CHAP `node.session.auth.username_in`).
const IDENTIFIER_KEY =
  /^(?:user(?:name)?\d{0,3}|login|apiusername|api_username|account(?:name)?|client[_.-]?id|access[_.-]?id|tenant[_.-]?id|app[_.-]?id|[\w.-]*\.username|[\w.-]*[_.-]user(?:name)?|[\w.-]*account[_.-]?name|[\w.-]*user(?:name)?[_.-](?:in|out)|[\w.-]*key[_.-]?id)$/i

const MAY_IDENTIFY = /user|login|account|id/i

// The same names as the last word of a compound key (`DB_HOST`, `smtp.port`, `redis-endpoint`,
// camelCase `connectionName`), and words that say the value is a part or a kind of name
// (`SRV_PROTOCOL: tcp`, `PMM_PREFIX: pxc-`, `…__ENVIRONMENT: k8s`).
const PUBLIC_WORDS =
  'host|hostname|port|namespace|region|endpoint|address|server|database|db|dbname|db_name|schema|email|protocol|scheme|prefix|suffix|name|environment'
const PUBLIC_SUFFIX = new RegExp(`[_.-](?:${PUBLIC_WORDS})$`, 'i')
const PUBLIC_CAMEL_SUFFIX = new RegExp(
  `[a-z0-9](?:${PUBLIC_WORDS.split('|')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('|')})$`,
)

// A user's or account's name is an identifier (`DB_USER_NAME`, `accountName`), not a public name.
const USER_NAME = /(?:user|account|login)[_.-]?name$/i

/** True when the last word of `key` names a public part (`DB_HOST`, `connectionName`), not a user's name. */
function publicSuffix(key: string): boolean {
  return (PUBLIC_SUFFIX.test(key) || PUBLIC_CAMEL_SUFFIX.test(key)) && !USER_NAME.test(key)
}

/** The role of `key` in a Secret. */
export function fieldRole(key: string): FieldRole {
  const lower = key.toLowerCase()
  if (PUBLIC_KEYS.has(lower) || PUBLIC_SHAPE.test(key) || publicSuffix(key)) return 'public'
  // Every identifier name holds one of MAY_IDENTIFY's words: most keys skip the long regex.
  if (MAY_IDENTIFY.test(key) && IDENTIFIER_KEY.test(key)) return 'identifier'
  return 'secret'
}
