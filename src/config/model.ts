/**
 * What a `gitseal.yaml` says once read: the types and the empty config. Apart from the parser
 * (`gitseal-config.ts`, which loads the YAML library) so that a run without a config file never
 * loads it.
 */

/** The file name `gitseal` looks for, walking up from the working directory to the repository root. */
export const CONFIG_FILE_NAME = 'gitseal.yaml'

/** Sealing scope, as the sealed-secrets controller understands it. */
export type SealScope = 'strict' | 'namespace-wide' | 'cluster-wide'

/** One cluster a SealedSecret can be sealed for. */
export interface ClusterConfig {
  name: string
  /** PEM file (relative to the config file's directory) or http(s):// URL of the controller certificate. */
  cert?: string
  /** Expected SHA-256 fingerprint of the certificate (hex, colons optional); a mismatch is refused. */
  certFingerprint?: string
  /** kubeconfig context used to fetch the certificate from the controller. */
  context?: string
  /** Controller service name and namespace (kubeseal's defaults: sealed-secrets-controller, kube-system). */
  controllerName?: string
  controllerNamespace?: string
  /** Scope used when neither the flag nor the input Secret says otherwise. */
  scope?: SealScope
}

/** One policy rule: files whose path matches are protected by `backend` with `params`. */
export interface PolicyRule {
  /** Glob (`apps/** /secret*.yaml`) or, when `regex` is set, a regular expression, both on `/` paths relative to the config dir. */
  path: string
  regex: boolean
  backend: string
  /** Every other key of the rule (cluster(s), scope, age recipients, store...), checked by the backend. */
  params: Record<string, unknown>
  /** 1-based line of the rule in the config file, for messages. */
  line: number
  /** 1-based line of each parameter, for messages. */
  paramLines: Record<string, number>
}

/** Scanner settings. */
export interface ScanConfig {
  allowlist: { paths: string[]; regexes: string[]; stopwords: string[] }
  disabledRules: string[]
  /** Rules whose findings are reported but do not fail the scan (default: `password-hash`, `sops-invalid-metadata`, `typed-word-password`). */
  warnOnly: string[]
  /** Extra rules as written in the file (`{ id, regex, keywords?, title?, severity? }`), validated by the scanner. */
  extraRules: Record<string, unknown>[]
}

/** A validated `gitseal.yaml`. */
export interface GitsealConfig {
  /** Path of the file it was read from (as given), for messages. */
  file: string
  clusters: Map<string, ClusterConfig>
  policy: PolicyRule[]
  scan: ScanConfig
  /** Top-level sections gitseal does not know, kept so tools can round-trip the file. */
  extra: Record<string, unknown>
}

/**
 * Rules reported without failing the scan unless gitseal.yaml says otherwise: a password hash is
 * worth knowing about but is not a usable credential, and SOPS metadata without a MAC is a broken
 * file sops will refuse, not a leak (its plaintext values are reported by their own rules), so
 * neither blocks a commit by default.
 */
export const DEFAULT_WARN_ONLY: readonly string[] = [
  'password-hash',
  'sops-invalid-metadata',
  'typed-word-password',
]

/** An empty config, used when no `gitseal.yaml` exists. */
export function emptyConfig(file = CONFIG_FILE_NAME): GitsealConfig {
  return {
    file,
    clusters: new Map(),
    policy: [],
    scan: {
      allowlist: { paths: [], regexes: [], stopwords: [] },
      disabledRules: [],
      warnOnly: [...DEFAULT_WARN_ONLY],
      extraRules: [],
    },
    extra: {},
  }
}
