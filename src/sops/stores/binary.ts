/**
 * Binary store: the whole input is one string under `data`; encrypted, it is sops' JSON
 * envelope `{"data": "ENC[…]", "sops": {…}}`.
 */
import { GitsealError } from '../../core/errors.js'
import { Mapping, SopsBytes } from '../tree.js'
import { emitJsonDocument, parseJsonTree, splitSops } from './json.js'
import type { LoadedFile, Store } from './types.js'

function rawData(branch: Mapping | undefined): string {
  const data = branch?.get('data')
  if (typeof data !== 'string') {
    throw new GitsealError('E_SOPS_BAD_FORMAT', "binary file: 'data' is missing or not a string", {
      hint: 'A sops binary file is a JSON object with a string under "data".',
    })
  }
  return data
}

function looksEncrypted(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"sops"')
}

/**
 * Load a binary file from its bytes: a sops envelope, or the bytes themselves as `data`
 * (kept exact when they are not UTF-8, so any file round-trips).
 */
export function loadBinaryBytes(bytes: Uint8Array, file: string): LoadedFile {
  let text: string | undefined
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = undefined
  }
  if (text !== undefined) return binaryStore.load(text, file)
  return {
    branches: [new Mapping([{ key: 'data', value: new SopsBytes(bytes) }])],
    metadata: undefined,
    emit: (branches, meta) => (meta ? emitJsonDocument(branches[0], meta, file) : rawData(branches[0])),
  }
}

/** The raw bytes of a decrypted binary document. */
export function binaryBytes(branch: Mapping | undefined): Uint8Array {
  const data = branch?.get('data')
  if (data instanceof SopsBytes) return data.bytes
  return new TextEncoder().encode(rawData(branch))
}

/** The binary store. */
export const binaryStore: Store = {
  format: 'binary',
  load(text, file): LoadedFile {
    if (looksEncrypted(text)) {
      try {
        const { branch, metadata } = splitSops(parseJsonTree(text, file), file)
        if (metadata !== undefined) {
          return {
            branches: [branch],
            metadata,
            emit: (branches, meta) =>
              meta ? emitJsonDocument(branches[0], meta, file) : rawData(branches[0]),
          }
        }
      } catch {
        // Not a sops envelope after all: the bytes are the data.
      }
    }
    return {
      branches: [new Mapping([{ key: 'data', value: text }])],
      metadata: undefined,
      emit: (branches, meta) => (meta ? emitJsonDocument(branches[0], meta, file) : rawData(branches[0])),
    }
  },
  emitFresh: (branches, metadata) =>
    metadata ? emitJsonDocument(branches[0], metadata, '<output>') : rawData(branches[0]),
}
