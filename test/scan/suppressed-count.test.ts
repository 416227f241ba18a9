/**
 * A pull request can silence its own findings with an inline `gitseal:allow` comment or a baseline
 * entry (red team 21, A15 class): the report says how many findings each kept out — text summary,
 * JSON summary, SARIF run properties and notification — so a reviewer sees the gate let them through.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { formatReport, scanAll } from '../../src/scan/index.js'
import type { ReportInput } from '../../src/scan/index.js'
import { createDetector } from '../../src/scan/engine.js'
import { commit, git, initRepo, tempDir, writeFiles } from './support/git-repo.js'
import { githubToken } from './rules/tokens.js'

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const allowed = (token: string): string => `token: ${token} # gitseal:allow\n`

describe('findings kept out of the report are counted', () => {
  it('in every report format, for a tree', async () => {
    const temp = tempDir()
    cleanups.push(temp.cleanup)
    writeFiles(temp.dir, {
      'a.yaml': allowed(githubToken('ghp')),
      'b.yaml': `x: 1\n${allowed(githubToken('ghp'))}${allowed(githubToken('ghp'))}`,
    })
    const source = { kind: 'paths' as const, paths: ['.'], cwd: temp.dir }
    const { findings, summary } = await scanAll(source, { detector: createDetector(), workers: 0 })
    expect([findings, summary.allowedInline]).toEqual([[], 3])
    const input: ReportInput = { findings, summary, rules: [], toolVersion: '0.0.0' }
    expect(formatReport('text', input)).toContain('; 3 allowed by gitseal:allow comments')
    expect(JSON.parse(formatReport('json', input)).summary.allowedInline).toBe(3)
    const run = JSON.parse(formatReport('sarif', input)).runs[0]
    expect(run.properties).toEqual({ suppressed: { baseline: 0, inlineAllow: 3 } })
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toBe(
      '3 findings not reported: 0 in the baseline, 3 allowed by gitseal:allow comments',
    )
    // Nothing kept out: nothing said.
    const clean = { ...input, summary: { ...summary, allowedInline: 0 } }
    expect(JSON.parse(formatReport('sarif', clean)).runs[0].invocations).toBeUndefined()
    expect(formatReport('text', clean)).not.toContain('gitseal:allow comments')
  })

  it('in --git history, only where the commit added the allowed line', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    const old = allowed(githubToken('ghp'))
    commit(repo.dir, { 'a.yaml': old }, 'old allow')
    git(repo.dir, 'checkout', '-q', '-b', 'pr')
    commit(repo.dir, { 'a.yaml': `${old}${allowed(githubToken('ghp'))}` }, 'new allow')
    const source = { kind: 'git' as const, cwd: repo.dir, range: 'main..HEAD' }
    const { findings, summary } = await scanAll(source, { detector: createDetector(), workers: 0 })
    expect([findings, summary.allowedInline]).toEqual([[], 1])
  })
})
