/**
 * INI store, as sops reads and writes it through gopkg.in/ini.v1: sections of string values
 * (the `DEFAULT` section first), `;` comments attached as ini.v1 does, keys aligned on `=`,
 * metadata in a `[sops]` section with newlines written as `\n`.
 */
import { GitsealError } from '../../core/errors.js'
import { flattenMetadata, unflattenMetadata } from '../metadata.js'
import { Comment, Mapping } from '../tree.js'
import type { Plain } from '../tree.js'
import { flatValue } from './dotenv.js'
import type { LoadedFile, Store } from './types.js'

function stripCommentChar(comment: string): string {
  if (comment.startsWith(';')) return comment.replace(/^[; ]+/, '')
  if (comment.startsWith('#')) return comment.replace(/^[# ]+/, '')
  return comment
}

function bad(file: string, line: number, message: string): GitsealError {
  return new GitsealError('E_SOPS_BAD_FORMAT', `${file}:${String(line)}: ${message}`, {
    file,
    line,
    hint: 'Fix the INI syntax: [section] headers and key = value lines.',
  })
}

/**
 * The sections of an INI file in order of appearance. ini.v1 with AllowNonUniqueSections keeps a
 * repeated section apart; only DEFAULT is shared.
 */
class Sections {
  readonly order: [string, Mapping][] = []
  private shared: Mapping | undefined

  open(name: string): Mapping {
    if (name === 'DEFAULT' && this.shared !== undefined) return this.shared
    const created = new Mapping()
    if (name === 'DEFAULT') this.shared = created
    this.order.push([name, created])
    return created
  }
}

/** Attach the comment lines read so far to `section` (ini.v1 keeps them; sops after the key) and clear them. */
function attachComments(section: Mapping, pending: string[]): void {
  if (pending.length > 0)
    section.items.push({ key: new Comment(stripCommentChar(pending.join('\n'))), value: null })
  pending.length = 0
}

/**
 * The value written after `=` on line `at` (`raw`): a `"""…"""` value may span lines, a backquoted
 * one is taken as is, a plain one ends at `#`/`;` and loses its double quotes. Returns the value and
 * the last line it used. Linear: each line is searched for the closing `"""` once.
 */
function readValue(lines: readonly string[], at: number, raw: string, file: string): [string, number] {
  if (raw.startsWith('"""')) {
    const parts = [raw.slice(3)]
    let last = at
    while (!(parts.at(-1) ?? '').includes('"""')) {
      last++
      if (last >= lines.length) throw bad(file, last, 'unclosed """ value')
      parts.push(lines[last] ?? '')
    }
    const rest = parts.join('\n')
    return [rest.slice(0, rest.indexOf('"""')), last]
  }
  const tick = raw.startsWith('`') ? raw.indexOf('`', 1) : -1
  if (tick > 0) return [raw.slice(1, tick), at]
  const hash = raw.search(/[#;]/)
  const value = hash >= 0 ? raw.slice(0, hash).trim() : raw
  return [value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value, at]
}

/** The `[sops]` section apart (its values with `\n` read back as newlines), the others as the tree. */
function splitMetadata(order: readonly [string, Mapping][]): {
  branch: Mapping
  sops: [string, string][] | undefined
} {
  const branch = new Mapping()
  let sops: [string, string][] | undefined
  for (const [name, map] of order) {
    if (name !== 'sops') {
      branch.items.push({ key: name, value: map })
      continue
    }
    sops = map.items.flatMap((item): [string, string][] =>
      typeof item.key === 'string'
        ? [[item.key, (typeof item.value === 'string' ? item.value : '').replaceAll('\\n', '\n')]]
        : [],
    )
  }
  return { branch, sops }
}

/** Parse INI into `{ section: { key: value } }` with comments, as ini.v1 + sops do. */
function parseIni(text: string, file: string): { branch: Mapping; sops: [string, string][] | undefined } {
  const sections = new Sections()
  let current = sections.open('DEFAULT')
  const pending: string[] = []
  const lines = text.replaceAll('\r\n', '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if (line === '') continue
    if (line.startsWith(';') || line.startsWith('#')) {
      pending.push(line)
      continue
    }
    if (line.startsWith('[')) {
      const end = line.indexOf(']')
      if (end < 0) throw bad(file, i + 1, 'unclosed section header')
      current = sections.open(line.slice(1, end).trim())
      attachComments(current, pending)
      continue
    }
    const eq = line.search(/[=:]/)
    if (eq < 0) throw bad(file, i + 1, 'expected key = value')
    const [value, last] = readValue(lines, i, line.slice(eq + 1).trim(), file)
    i = last
    current.items.push({ key: line.slice(0, eq).trim(), value })
    attachComments(current, pending)
  }
  return splitMetadata(sections.order)
}

function iniValue(value: string): string {
  if (value.includes('\n') || value.includes('`')) return `"""${value}"""`
  if (/[#;]/.test(value) || value !== value.trim()) return `\`${value}\``
  return value
}

function emitSection(
  name: string,
  items: [string, string][],
  comments: Map<number, string>,
  header: string | undefined,
): string {
  const width = Math.max(0, ...items.map(([k]) => k.length))
  let out = ''
  if (header !== undefined) out += commentLines(header)
  if (name !== 'DEFAULT') out += `[${name}]\n`
  items.forEach(([k, v], i) => {
    const comment = comments.get(i)
    if (comment !== undefined) out += commentLines(comment)
    out += `${k.padEnd(width)} = ${iniValue(v)}\n`
  })
  return out
}

function commentLines(comment: string): string {
  return comment
    .split('\n')
    .map((line) =>
      line.startsWith('#') || line.startsWith(';')
        ? `${line.slice(0, 1)} ${line.slice(1).trim()}`
        : `; ${line}`,
    )
    .map((line) => `${line}\n`)
    .join('')
}

function emitIni(
  branch: Mapping | undefined,
  metadata: Record<string, Plain> | undefined,
  file: string,
): string {
  const parts: string[] = []
  for (const item of branch?.items ?? []) {
    if (typeof item.key !== 'string') continue
    const name = item.key
    if (!(item.value instanceof Mapping)) {
      throw new GitsealError(
        'E_SOPS_BAD_FORMAT',
        `${file}: INI top-level '${name}' must be a section (a mapping)`,
        {
          hint: 'Use --output-type yaml or json for this data.',
        },
      )
    }
    const entries = item.value.items
    let header: string | undefined
    let start = 0
    if (entries[0]?.key instanceof Comment) {
      header = entries[0].key.text
      start = 1
    }
    const keys: [string, string][] = []
    const comments = new Map<number, string>()
    for (const entry of entries.slice(start)) {
      if (entry.key instanceof Comment) {
        // ini.v1 keeps a key's comment above it; sops stores it after the key.
        if (keys.length > 0) comments.set(keys.length - 1, entry.key.text)
        continue
      }
      keys.push([entry.key, flatValue(entry.value, file, entry.key)])
    }
    if (name === 'DEFAULT' && keys.length === 0 && header === undefined) continue
    parts.push(emitSection(name, keys, comments, header))
  }
  if (metadata) {
    const flat = flattenMetadata(metadata).map(([k, v]): [string, string] => [k, v.replaceAll('\n', '\\n')])
    parts.push(emitSection('sops', flat, new Map(), undefined))
  }
  return parts.join('\n')
}

/** The INI store. */
export const iniStore: Store = {
  format: 'ini',
  load(text, file): LoadedFile {
    const { branch, sops } = parseIni(text, file)
    return {
      branches: [branch],
      metadata: sops && sops.length > 0 ? unflattenMetadata(sops, file) : undefined,
      emit: (branches, metadata) => emitIni(branches[0], metadata, file),
    }
  },
  emitFresh: (branches, metadata) => emitIni(branches[0], metadata, '<output>'),
}
