/**
 * Scanner cases as golden directories: `test/scan/cases/<rule family>/` holds `ok.*` inputs (no
 * finding allowed) and `ng.*` inputs (at least one), and `expected.txt`, the findings of every case
 * in the family. `UPDATE_GOLDEN=1` rewrites `expected.txt`; review its diff before committing.
 *
 * Token-shaped values are written as generators, expanded at run time with a fixed seed per file
 * (so neither gitseal's self-scan nor GitHub push protection sees a token in the sources):
 * `«rnd CHARSET N»` (CHARSET: a name from tokens.ts `CS`, or several joined with `+`),
 * `«github PREFIX»` (correct CRC-32), `«pem LABEL»`, `«b64 TEXT»`, `«jwt»`.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { expectGolden } from '../support/golden.js'
import { CS, b64, githubToken, jwt, pem, rnd } from './rules/tokens.js'

const CASES = fileURLToPath(new URL('./cases/', import.meta.url))

function charset(names: string): string {
  return names
    .split('+')
    .map((name) => {
      const set = (CS as Record<string, string>)[name]
      if (set === undefined) throw new Error(`unknown charset ${name}`)
      return set
    })
    .join('')
}

/** Expand the generators of one case file (deterministic: the seed is the file's name). */
function expand(name: string, text: string): string {
  let seed = 7
  for (const char of name) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) >>> 0
  rnd('', 0, seed)
  return text.replace(
    /«(\w+)(?: ([^»]*))?»/g,
    (_: string, kind: string, args: string | undefined, offset: number) => {
      // A multi-line value continues at the marker's indentation (YAML block scalars).
      const indent = /^[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', offset) + 1, offset))?.[0] ?? ''
      return generate(kind, args ?? '').replaceAll('\n', `\n${indent}`)
    },
  )

  function generate(kind: string, args: string): string {
    switch (kind) {
      case 'rnd': {
        const [set = '', n = ''] = args.split(' ')
        return rnd(charset(set), Number(n))
      }
      case 'github':
        return githubToken(args)
      case 'pem':
        return pem(args).trimEnd()
      case 'b64':
        return b64(args)
      case 'jwt':
        return jwt()
      default:
        throw new Error(`unknown generator «${kind}» in ${name}`)
    }
  }
}

const families = readdirSync(CASES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe.each(families)('scanner cases: %s', (family) => {
  const files = readdirSync(join(CASES, family))
    .filter((name) => /^(ok|ng)\./.test(name))
    .sort()

  const reports = files.map((name) => {
    const text = expand(name, readFileSync(join(CASES, family, name), 'utf8'))
    const findings = createDetector().scanFile(`${family}/${name}`, text).findings
    return { name, findings }
  })

  it('has both kinds of case', () => {
    expect(files.some((name) => name.startsWith('ok.'))).toBe(true)
    expect(files.some((name) => name.startsWith('ng.'))).toBe(true)
  })

  it.each(reports.filter((r) => r.name.startsWith('ok.')))('$name: no finding', ({ findings }) => {
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([])
  })

  it.each(reports.filter((r) => r.name.startsWith('ng.')))('$name: at least one finding', ({ findings }) => {
    expect(findings.length).toBeGreaterThan(0)
  })

  it('matches expected.txt', () => {
    const lines = reports.flatMap(({ name, findings }) =>
      findings.length === 0
        ? [`${name}: none`]
        : findings.map((f) => `${name}:${f.line}:${f.column} ${f.ruleId} (${f.severity})`),
    )
    expectGolden(join(CASES, family, 'expected.txt'), `${lines.join('\n')}\n`)
  })
})
