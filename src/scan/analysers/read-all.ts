/** Running a document-at-a-time analyser over documents already parsed. */
import type { Document } from 'yaml'
import type { Analysis, DocumentAnalyser } from './types.js'

/** What `analyser` finds in `docs`, read in order. */
export function readAll(analyser: DocumentAnalyser, docs: Iterable<Document.Parsed>): Analysis {
  for (const doc of docs) analyser.read(doc)
  return analyser.analysis
}
