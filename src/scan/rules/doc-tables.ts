/**
 * A Markdown table row that documents a setting and its value: a chart README's parameters table
 * (`| Name | Description | Value |`, Bitnami's readme generator), terraform-docs' inputs
 * (`| Name | Description | Type | Default | Required |`), an options table's `Example` column. The
 * first cell names the setting; a cell in a column whose header says value, default or example, all
 * one code span, is the value given to it. Other columns hold other things (a secret manager's ID
 * of the secret, a type, a description), so they are never read.
 */
import type { NamedValue } from './generic-forms.js'

// A table's delimiter row (`|---|:---:|`), under its header row.
const DELIMITER = /^[ \t]{0,8}\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$/
// Headers of the columns that hold a value given to the row's setting.
const VALUE_HEADER = /^(?:value|default|default value|example|examples|example value)$/i
// A cell that is one code span, its text in quotes or not.
const CODE_CELL = /^[ \t]*`(["']?)([^`"'\s|]{1,300})\1`[ \t]*$/d
// Cells read per row at most, and the longest line read as a row.
const MAX_CELLS = 12
const MAX_ROW = 4096

/** The cells of a row line (no leading or trailing pipe), each with its offset in the line. */
function cells(line: string): [string, number][] {
  const out: [string, number][] = []
  let start = line.indexOf('|') === line.search(/\S/) ? line.indexOf('|') + 1 : 0
  while (out.length < MAX_CELLS) {
    const close = line.indexOf('|', start)
    if (close < 0) {
      if (line.slice(start).trim() !== '') out.push([line.slice(start), start])
      break
    }
    out.push([line.slice(start, close), start])
    start = close + 1
  }
  return out
}

/** The header text of a cell: without emphasis, code marks and spaces. */
function header(cell: string): string {
  return cell.replace(/[*_`]/g, '').trim()
}

/** Every value-column code span of the Markdown tables in `text`, under its row's first cell. */
export function* tableValues(text: string): Generator<NamedValue> {
  let columns: number[] = [] // value columns of the table being read; empty outside a table
  let previous: [number, number] = [0, 0] // the line before, a header when a delimiter follows
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    const line = text.slice(at, Math.min(end, at + MAX_ROW))
    if (DELIMITER.test(line)) {
      columns = cells(text.slice(previous[0], Math.min(previous[1], previous[0] + MAX_ROW)))
        .map(([cell], index) => (VALUE_HEADER.test(header(cell)) ? index : -1))
        .filter((index) => index > 0)
    } else if (columns.length > 0 && line.includes('|')) {
      yield* rowValues(line, at, columns)
    } else columns = []
    previous = [at, end]
    at = end + 1
  }
}

/**
 * The setting a first cell names: terraform-docs writes an anchor and a link around an escaped name
 * (`<a name="input_db_password"></a> [db\\_password](#input\\_db\\_password)`); code marks, emphasis
 * and list indices (`[0]`) go.
 */
function settingName(cell: string): string {
  return cell
    .replace(/<a [^<>]{0,200}><\/a>/g, '')
    .replace(/\[([^\]]{1,120})\]\([^)]{0,200}\)/, '$1')
    .replace(/\\_/g, '_')
    .replace(/[`*]/g, '')
    .trim()
    .replace(/\[\d*\]/g, '')
}

/** The code-span cells in `columns` of the row `line` at offset `at`, named by its first cell. */
function* rowValues(line: string, at: number, columns: readonly number[]): Generator<NamedValue> {
  const row = cells(line)
  const name = settingName(row[0]?.[0] ?? '')
  if (!/^[\w.-]{1,120}$/.test(name)) return
  for (const column of columns) {
    const [cell, offset] = row[column] ?? ['', 0]
    const value = CODE_CELL.exec(cell)
    const span = value?.indices?.[2]
    if (value !== null && span !== undefined)
      yield { name, value: value[2] ?? '', start: at + offset + span[0], end: at + offset + span[1] }
  }
}
