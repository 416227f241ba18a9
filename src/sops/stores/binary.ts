/**
 * Binary store: the whole input is one string under `data`; encrypted, it is sops' JSON
 * envelope `{"data": "ENC[…]", "sops": {…}}`.
 */
import { GitsealError } from '../../core/errors.js'
import { Mapping } from '../tree.js'
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
