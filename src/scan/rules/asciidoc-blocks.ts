/**
 * AsciiDoc listing blocks that hold configuration: a block between two `----` lines whose
 * `[source,<language>]` line, when it has one, names no programming language (YAML, JSON,
 * properties, shell, none). As Markdown's fenced config blocks are, their lines are read as a
 * config file's, not as prose (Spring's and Strimzi's docs write their examples so).
 */

// `[source,yaml]`, `[source, properties, subs="attributes"]`: the block's language.
const SOURCE_LINE = /^\[source,[ \t]*([\w+#.-]*)/

/**
 * Offsets [start, end) of the listing blocks of an AsciiDoc text that hold configuration or
 * commands; `codeLanguage` tells the languages whose lines are code (the Markdown fences' list).
 */
export function asciidocConfigBlocks(text: string, codeLanguage: RegExp): [number, number][] {
  const ranges: [number, number][] = []
  let open: { start: number; code: boolean } | undefined
  let language: string | undefined // the `[source,…]` line just before, if any
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    const line = text.slice(at, Math.min(end, at + 80)).trimEnd()
    if (/^-{4,}$/.test(line)) {
      if (open === undefined) open = { start: end + 1, code: codeLanguage.test(language ?? '') }
      else {
        if (!open.code) ranges.push([open.start, at])
        open = undefined
      }
      language = undefined
    } else if (open === undefined)
      language = SOURCE_LINE.exec(line)?.[1] ?? (line === '' ? language : undefined)
    at = end + 1
  }
  return ranges
}
