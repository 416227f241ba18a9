/**
 * Glob patterns for policy rules and the scanner's path allowlist, matched against `/`-separated
 * paths relative to the config file's directory. The syntax is the subset people know from
 * `.gitignore` and shells. A glob becomes a regular expression run on the linear-time RE2 engine:
 * `gitseal.yaml` may come from a pull request, and on a backtracking engine a glob such as
 * `*a*a*a*a*a*a*a*a*c` took seconds per path.
 */
import { GitsealError } from '../core/errors.js'
import { tryGoRegExp } from '../core/go-regexp.js'
import type { GoRegExp } from '../core/go-regexp.js'

/**
 * Compile a glob into an anchored RE2 regexp (linear time in the path, whatever the glob).
 * `**` spans directories (also none), `*` and `?` stay inside one segment, `[...]` is a class,
 * `{a,b}` alternatives. A pattern without `/` matches the file name in any directory, as in `.gitignore`.
 * @throws GitsealError `E_BAD_CONFIG` for an unterminated `[` or `{`.
 */
export function globToRegExp(glob: string): GoRegExp {
  const pattern = glob.startsWith('./') ? glob.slice(2) : glob.startsWith('/') ? glob.slice(1) : glob
  const anywhere = !glob.includes('/')
  let source = ''
  let braces = 0
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i)
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/'
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/'
        i++
        if (atStart && pattern[i + 1] === '/') {
          i++
          source += '(?:[^/]*/)*' // `**/` : zero or more whole directories
        } else if (atStart && atEnd) source += '.*'
        else source += '[^/]*'
      } else source += '[^/]*'
    } else if (c === '?') source += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end < 0) throw badGlob(glob, 'unterminated [')
      let body = pattern.slice(i + 1, end)
      if (body.startsWith('!')) body = `^${body.slice(1)}`
      source += `[${body.replace(/\\/g, '\\\\')}]`
      i = end
    } else if (c === '{') {
      braces++
      source += '(?:'
    } else if (c === '}' && braces > 0) {
      braces--
      source += ')'
    } else if (c === ',' && braces > 0) source += '|'
    else if (c === '\\' && i + 1 < pattern.length) {
      i++
      source += escapeRegExp(pattern.charAt(i))
    } else source += escapeRegExp(c)
  }
  if (braces > 0) throw badGlob(glob, 'unterminated {')
  const compiled = tryGoRegExp(`^${anywhere ? '(?:.*/)?' : ''}${source}$`)
  if (typeof compiled === 'string') throw badGlob(glob, compiled) // e.g. a reversed range like [z-a]
  return compiled
}

/** The part of a glob before its first wildcard: used to find the rules "nearest" a path. */
export function literalPrefix(glob: string): string {
  const match = /[*?[{\\]/.exec(glob)
  return match ? glob.slice(0, match.index) : glob
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

function badGlob(glob: string, what: string): GitsealError {
  return new GitsealError('E_BAD_CONFIG', `invalid glob "${glob}": ${what}`, {
    hint: 'Escape literal brackets with \\, or use regex: true for a regular expression.',
  })
}
