/**
 * The seam every protection backend implements (sealed, sops, eso — and third-party ones).
 * Adding a backend must not touch the others: implement {@link Backend} and list it in the
 * {@link BackendRegistry} the caller builds with {@link createBackendRegistry}.
 */
import { GitsealError } from './errors.js'
import type { Secret } from './secret.js'

/** What protects a document, as reported by `status` and used by `scan` to stay quiet. */
export interface ProtectionInfo {
  /** The backend's name, e.g. `sealed`. */
  backend: string
  /** Human-readable summary: cluster, cert fingerprint, recipients, store... No secret values. */
  summary: string
  /** Backend-specific details for `--json` output. */
  details?: Record<string, unknown>
}

/** Backend-specific parameters chosen by policy or flags (cluster, recipients, store...). */
export type BackendParams = Readonly<Record<string, unknown>>

/**
 * What `reveal` may open protected documents with, gathered from `--key` and the environment. Each
 * backend takes what it needs: `sealed` the controller's key files, `sops` the age identities.
 */
export interface RevealKeys {
  /** Key files as given to `--key` (absolute paths). */
  readonly keyFiles?: readonly string[]
  /** Age identities (`AGE-SECRET-KEY-1…`) from those files and every source sops reads. */
  readonly identities?: readonly string[]
  /** The environment, for backends that read credentials from it. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** What a parameter check may look at besides the rule's own parameters. */
export interface ParamCheckContext {
  /** Cluster names declared under `clusters:`. */
  clusters: ReadonlySet<string>
}

/** One problem with a rule's parameters: the key it is about and what is wrong. */
export interface ParamProblem {
  key: string
  message: string
  /** `E_UNKNOWN_CLUSTER` for references to undeclared clusters; `E_BAD_CONFIG` otherwise. */
  code?: 'E_BAD_CONFIG' | 'E_UNKNOWN_CLUSTER'
}

/** Checks a policy rule's parameters; returns every problem (empty when fine). Must not throw. */
export type ParamValidator = (params: BackendParams, context: ParamCheckContext) => ParamProblem[]

/**
 * Context a backend's `protect` receives: its typed options (what {@link Backend.options} read from
 * the raw parameters) and an abort signal for network work.
 */
export interface ProtectContext<Options = BackendParams> {
  options: Options
  signal?: AbortSignal
}

/**
 * What rewriting the destination of `protect -o` gets besides the options: the keys at hand to open
 * its current text, and its path (for messages).
 */
export interface RewriteContext<Options = BackendParams> extends ProtectContext<Options> {
  keys: RevealKeys
  file: string
}

/**
 * A protection backend. `Options` is what it protects with, read from the raw parameters by
 * {@link Backend.options}; the workflow never reads the raw parameters itself, it hands each backend
 * back its own options. A backend that takes them as given uses the default, {@link BackendParams}.
 */
export interface Backend<Options = BackendParams> {
  /** Unique short name, e.g. `sealed`, `sops`, `eso`. */
  readonly name: string
  /**
   * Checks the parameters a `gitseal.yaml` policy rule gives this backend, so typos fail with
   * `file:line` when the config is read (`declareParams` from `gitseal/config` builds one from a
   * table). Optional: without it a rule naming this backend may carry no parameters.
   */
  readonly params?: ParamValidator
  /**
   * Complete the parameters policy and flags gave, before {@link Backend.protect} (sops: recipients
   * from the `.sops.yaml` creation rule for `params.targetFile`). Optional: parameters are used as given.
   */
  resolveParams?(params: BackendParams): Promise<BackendParams>
  /**
   * Read the (resolved) raw parameters into this backend's typed options, once per file protected:
   * `protect`, `protectText` and `protectedWith` get what this returns. A backend that takes the
   * parameters as given returns them (`options: (params) => params`).
   * @throws GitsealError `E_BAD_CONFIG` naming the config file and the key of a wrong parameter.
   */
  options(params: BackendParams): Options
  /** Turn a Secret into the documents to commit (e.g. one SealedSecret). */
  protect(secret: Secret, context: ProtectContext<Options>): Promise<unknown[]>
  /**
   * Protect a whole file that holds exactly one document, a Secret, from its text: what the text
   * carries beyond the Secret's values (comments, key order, `stringData` as written) stays as the
   * backend's own tool keeps it (`sops`: what `gitseal encrypt` writes). Optional: without it,
   * {@link Backend.protect} and {@link Backend.serialize} write the file.
   */
  protectText?(text: string, format: 'yaml' | 'json', context: ProtectContext<Options>): Promise<string>
  /**
   * {@link Backend.protectText} over `existing`, the destination's current text (one of this
   * backend's files, protected with these options): `existing` itself when its plaintext is `text`,
   * comments and order included; else `text` protected reusing what it can of `existing` (sops: the
   * data key and the ciphertext of unchanged values and comments, as `sops edit` does). `undefined`,
   * or a throw, when `existing` does not open with the keys at hand: protect then protects anew.
   * Optional: without it, a file protected from its text is always protected anew.
   */
  rewriteText?(
    existing: string,
    text: string,
    format: 'yaml' | 'json',
    context: RewriteContext<Options>,
  ): Promise<string | undefined>
  /**
   * One of this backend's documents, `existing` (protected with these options), rewritten to hold
   * `secret`, reusing what it can (sops: the data key and the ciphertext of unchanged values), so a
   * one-value change is a one-line diff. `undefined`, or a throw, when `existing` does not open with
   * the keys at hand: protect then protects anew. Optional: a changed Secret is then protected anew.
   */
  rewriteDocument?(existing: unknown, secret: Secret, context: RewriteContext<Options>): Promise<unknown>
  /**
   * True when this backend's documents keep `stringData` apart from `data` (sops): moving a value
   * between them is then a change `protect -o` writes, not an unchanged Secret it keeps.
   */
  readonly keepsStringData?: boolean
  /** A command that edits one of this backend's files in place, offered in hints (sops: `gitseal edit`). */
  readonly editCommand?: string
  /**
   * What protects `document`, or `null` when the document is not this backend's.
   * Must throw only if the document is this backend's but malformed.
   */
  describe(document: unknown): ProtectionInfo | null
  /**
   * Whether one of this backend's documents, as {@link Backend.describe} described it (`details`), was
   * protected with what `options` would use (sops: the same recipients, key groups and encryption
   * rules), so `protect -o` may keep it, or its ciphertext, instead of protecting anew. Optional:
   * without it, a document is taken as protected with any options (nothing in it to compare).
   */
  protectedWith?(details: Record<string, unknown> | undefined, options: Options): boolean
  /**
   * A cheap test of a document's text (or a whole file's): false only when no document in it can be
   * this backend's. Lets `status` leave documents no backend can claim (big CRDs, chart values)
   * unparsed. Optional: without it, every document is parsed and offered to {@link Backend.describe}.
   */
  mayDescribe?(text: string): boolean
  /** Recover the Secret from protected documents, given keys. Optional. */
  reveal?(documents: unknown[], keys: RevealKeys): Promise<Secret>
  /**
   * Write one of this backend's documents as its own tool does (kubeseal's layout for `sealed`), so
   * `protect` writes what `seal` writes. Optional: generic YAML/JSON otherwise.
   */
  serialize?(document: unknown, format: 'yaml' | 'json'): string
}

/**
 * A backend of any options type, as a registry holds it: what {@link Backend.options} returns is
 * opaque to the caller, who only hands it back to the same backend's methods.
 */
export type AnyBackend = Backend<unknown>

/**
 * The backends one run uses, built by the caller and passed in: the CLI builds the built-in ones
 * (`builtinBackends()` in the workflow), a library user or a test lists their own. Immutable.
 */
export interface BackendRegistry {
  /** The backends, in the order given: {@link BackendRegistry.describe} asks them in this order. */
  readonly backends: readonly AnyBackend[]
  /** The backend called `name`, or undefined. */
  get(name: string): AnyBackend | undefined
  /** Ask each backend in turn what protects `document`; `null` when none claims it. */
  describe(document: unknown): ProtectionInfo | null
}

/**
 * A registry of `backends` (sealed, sops, eso, a third-party one…), asked in the order given.
 * @throws GitsealError `E_USAGE` when two backends share a name.
 */
export function createBackendRegistry(backends: Iterable<AnyBackend>): BackendRegistry {
  const byName = new Map<string, AnyBackend>()
  for (const backend of backends) {
    if (byName.has(backend.name)) {
      throw new GitsealError('E_USAGE', `two backends are named "${backend.name}"`, {
        hint: 'Give each backend a unique name.',
      })
    }
    byName.set(backend.name, backend)
  }
  const list = Object.freeze([...byName.values()])
  return Object.freeze({
    backends: list,
    get: (name: string) => byName.get(name),
    describe(document: unknown): ProtectionInfo | null {
      for (const backend of list) {
        const info = backend.describe(document)
        if (info) return info
      }
      return null
    },
  })
}
