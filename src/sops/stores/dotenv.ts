/**
 * dotenv store, as sops reads and writes it: `KEY=value` lines (key not trimmed, `\n` escapes),
 * `#` comment lines, metadata flattened into `sops_…` keys (sorted).
 */
import { GitsealError } from '../../core/errors.js'
import { flattenMetadata, unflattenMetadata } from '../metadata.js'
import { formatGoBool, formatGoFloatG } from '../go-format.js'
import { Comment, Mapping, SopsBytes, SopsTime, leafText } from '../tree.js'
import type { Plain, Value } from '../tree.js'
import type { LoadedFile, Store } from './types.js'

const PREFIX = 'sops_'

/** A scalar as text for flat stores (dotenv, INI); collections are refused. */
export function flatValue(value: Value, file: string, key: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return formatGoFloatG(value)
  if (typeof value === 'boolean') return formatGoBool(value).toLowerCase()
  if (value instanceof SopsTime) return value.rfc3339
  if (value instanceof Comment || value instanceof SopsBytes) return leafText(value)
  if (value === null) return ''
  throw new GitsealError(
    'E_SOPS_BAD_FORMAT',
    `${file}: '${key}' is a nested value, which this format cannot hold`,
    {
      hint: 'Use YAML or JSON for nested data, or --output-type yaml.',
    },
  )
}

function emitDotenv(
  branch: Mapping | undefined,
  metadata: Record<string, Plain> | undefined,
  file: string,
): string {
  let out = ''
  for (const item of branch?.items ?? []) {
    if (item.key instanceof Comment) {
      out += `#${item.key.text}\n`
      continue
    }
    if (item.value instanceof Comment) continue
    out += `${item.key}=${flatValue(item.value, file, item.key).replaceAll('\n', '\\n')}\n`
  }
  if (metadata) {
    const flat = flattenMetadata(metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    for (const [key, value] of flat) out += `${PREFIX}${key}=${value.replaceAll('\n', '\\n')}\n`
  }
  return out
}

/**
 * A value opened with `"` and closed on a later line (a multi-line value many dotenv tools accept)
 * becomes one line with `\n` escapes — the form sops reads. Other lines are left as sops sees them.
 */
function joinQuotedLines(lines: string[]): [string, number][] {
  // The first line at or after each index that closes a quoted value, found once: an unclosed `"`
  // on each of 20,000 lines rescanned the rest of the file for each (23 s for 200 KB).
  const nextClosing: number[] = new Array<number>(lines.length + 1).fill(lines.length)
  for (let j = lines.length - 1; j >= 0; j--)
    nextClosing[j] = closesQuote(lines[j] ?? '', 0) ? j : (nextClosing[j + 1] ?? lines.length)
  const out: [string, number][] = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? ''
    const start = i
    const eq = line.indexOf('=')
    const value = eq < 0 || line.startsWith('#') ? '' : line.slice(eq + 1)
    if (value.startsWith('"') && !closesQuote(value, 1)) {
      const j = nextClosing[i + 1] ?? lines.length
      if (j < lines.length) {
        line = lines.slice(i, j + 1).join('\\n')
        i = j
      }
    }
    out.push([line, start])
  }
  return out
}

/**
 * Whether `text` from `from` is characters and backslash escapes, then `"` and only blanks (what
 * `/^(?:[^"\\]|\\.)*"\s*$/` says). A loop, not that regex: V8 runs out of stack on its
 * alternation past a few million characters (a 20 MB quoted value crashed encrypt).
 */
function closesQuote(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const char = text[i]
    if (char === '"') return /^\s*$/.test(text.slice(i + 1))
    if (char !== '\\') continue
    // `.` matches no line terminator, so an escape needs an ordinary character after it.
    if (/[\r\u2028\u2029]/.test(text[i + 1] ?? '\r')) return false
    i++
  }
  return false
}

/** The dotenv store. */
export const dotenvStore: Store = {
  format: 'dotenv',
  load(text, file): LoadedFile {
    const branch = new Mapping()
    const meta: [string, string][] = []
    joinQuotedLines(text.split('\n')).forEach(([line, index]) => {
      if (line === '') return
      if (line.startsWith('#')) {
        branch.items.push({ key: new Comment(line.slice(1)), value: null })
        return
      }
      const eq = line.indexOf('=')
      if (eq < 0) {
        throw new GitsealError(
          'E_SOPS_BAD_FORMAT',
          `${file}:${String(index + 1)}: invalid dotenv line (no '=')`,
          {
            file,
            line: index + 1,
            hint: 'Every line must be KEY=value or a # comment.',
          },
        )
      }
      const key = line.slice(0, eq)
      const value = line.slice(eq + 1).replaceAll('\\n', '\n')
      if (key.startsWith(PREFIX)) meta.push([key.slice(PREFIX.length), value])
      else branch.items.push({ key, value })
    })
    return {
      branches: [branch],
      metadata: meta.length > 0 ? unflattenMetadata(meta, file) : undefined,
      emit: (branches, metadata) => emitDotenv(branches[0], metadata, file),
    }
  },
  emitFresh: (branches, metadata) => emitDotenv(branches[0], metadata, '<output>'),
}
