/**
 * The inline marker that silences a line's findings, `gitseal:allow` (or gitleaks' `gitleaks:allow`),
 * counts only in a comment: after `#`, `//`, `/*`, `<!--` or `-- ` standing outside a quoted string.
 * In a string value — a one-line JSON Secret's annotation `"x": "gitseal:allow"` — or a plain YAML
 * value it is data anyone can write into a manifest, and silenced every key of the line (red team 19, A14).
 */

const MARKER = /gitseal:allow|gitleaks:allow/

/** True when `line` carries the marker in a comment. One pass over the line. */
export function allowedInComment(line: string): boolean {
  return commentMarkerAt(line) >= 0
}

/** Where in `line` the marker stands in a comment (see {@link allowedInComment}), or -1. */
export function commentMarkerAt(line: string): number {
  if (!MARKER.test(line)) return -1
  let quote = ''
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i)
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = ''
      continue
    }
    // A single quote opens a string only where a value starts: `don't` in a comment's prose is no quote.
    if (c === '"' || (c === "'" && (i === 0 || /[\s:=,[{(]/.test(line.charAt(i - 1))))) quote = c
    else if (commentOpens(line, i)) {
      const at = line.slice(i).search(MARKER)
      return at < 0 ? -1 : i + at
    }
  }
  return -1
}

function commentOpens(line: string, at: number): boolean {
  const c = line.charAt(at)
  if (c === '#') return true
  const next = line.charAt(at + 1)
  if (c === '/') return next === '/' || next === '*'
  if (c === '-') return next === '-' && (line.charAt(at + 2) === ' ' || line.charAt(at + 2) === '\t')
  return c === '<' && line.startsWith('<!--', at)
}
