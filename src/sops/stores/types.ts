/** The contract every sops store (yaml, json, dotenv, ini, binary) implements. */
import type { Mapping, Plain } from '../tree.js'

/** File formats sops knows. */
export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary'

/** A parsed file: its documents, its raw `sops` block, and how to write it back. */
export interface LoadedFile {
  /** Documents (one except for multi-document YAML), with the `sops` entry removed. */
  branches: Mapping[]
  /** The raw `sops` block (unflattened), or undefined when the file has none. */
  metadata: Plain | undefined
  /**
   * Serialise `branches` — the loaded documents with leaf values replaced, same shape — keeping
   * the file's own formatting where the store can; `metadata` is appended when given.
   */
  emit(branches: Mapping[], metadata: Record<string, Plain> | undefined): string
}

/** One sops store. */
export interface Store {
  readonly format: SopsFormat
  /**
   * Parse a file of this format.
   * @throws GitsealError `E_SOPS_BAD_FORMAT` naming `file` and, where known, the line.
   */
  load(text: string, file: string): LoadedFile
  /** Write documents built elsewhere (another format, `--extract`) in this format. */
  emitFresh(branches: Mapping[], metadata: Record<string, Plain> | undefined): string
}
