/**
 * Web pages saved from a public site (src/scan/captured-pages.ts): what they hold was served to
 * every visitor (held-out-28, -29: a recipe scraper's test pages with analytics keys and form
 * tokens), so the generic rules stay out; a real private key (made by openssl) or a checksummed
 * token in the page is still reported, and a page that names no public address of its own is
 * scanned in full.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { isCapturedPage } from '../../src/scan/captured-pages.js'
import { cpuMs } from '../support/cpu-time.js'
import { githubToken } from './rules/tokens.js'

const page = (head: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}<title>Rhubarb tart</title></head>\n<body>\n${body}\n</body></html>\n`

const CANONICAL = '<link rel="canonical" href="https://www.example-recipes.com/recipes/rhubarb-tart/" />'
const OG_URL = '<meta content="https://www.example-recipes.com/recipes/rhubarb-tart/" property="og:url"/>'

function rulesOf(path: string, text: string): string[] {
  return createDetector()
    .scanFile(path, text)
    .findings.map((finding) => finding.ruleId)
}

describe('captured web pages', () => {
  it('knows a page by the public address it names as its own, in either attribute order', () => {
    expect(isCapturedPage('test_data/page.html', page(CANONICAL, ''))).toBe(true)
    expect(isCapturedPage('test_data/page.htm', page(OG_URL, ''))).toBe(true)
    expect(isCapturedPage('a.html', page('<link href="https://x.example/a" rel="canonical">', ''))).toBe(true)
    expect(isCapturedPage('a.html', page('<link rel="canonical" href="/relative/">', ''))).toBe(false)
    expect(
      isCapturedPage('a.html', page('<link rel="stylesheet" href="https://cdn.example/a.css">', '')),
    ).toBe(false)
    expect(isCapturedPage('page.md', page(CANONICAL, ''))).toBe(false)
  })

  it('leaves the generic rules out of a saved page, and keeps them on a page of its own', () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(24).toString('base64url')
      const token = randomBytes(32).toString('hex')
      const body = `<script>window.BOOMR_config={"apiKey":"${key}"};</script>\n<a class="btn" data-token="${token}">Done</a>`
      expect(rulesOf('tests/data/page.html', page(CANONICAL, body))).toEqual([])
      expect(rulesOf('tests/data/page.html', page('', body)).length).toBeGreaterThan(0)
    }
  })

  it('still reports a private key and a checksummed token in a saved page', () => {
    const key = execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519']).toString()
    const body = `<pre>\n${key}</pre>\n<script>const t = "${githubToken('ghp')}";</script>`
    const rules = rulesOf('tests/data/page.html', page(CANONICAL, body))
    expect(rules).toContain('github-pat')
    expect(rules.some((rule) => rule.startsWith('private-key'))).toBe(true)
  })

  it('reads a page of many crafted tags in linear time', () => {
    const tag = '<link rel=canonical rel=canonical rel=canonical href=x '.padEnd(900, 'a')
    const small = `${tag}>`.repeat(500)
    const large = `${tag}>`.repeat(5000)
    isCapturedPage('a.html', small)
    const ms = cpuMs(() => isCapturedPage('a.html', large))
    expect(ms).toBeLessThan(Math.max(50, 20 * cpuMs(() => isCapturedPage('a.html', small))))
  })
})
