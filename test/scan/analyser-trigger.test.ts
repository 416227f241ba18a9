/**
 * The analysers' trigger found by `indexOf` (holdsAnalyserTrigger) agrees with the reference regex
 * (ANALYSER_TRIGGER) on texts assembled from the fragments either could react to: whenever the
 * regex matches, so does the fast search — a file it misses would go unparsed.
 */
import { describe, expect, it } from 'vitest'
import { ANALYSER_TRIGGER, holdsAnalyserTrigger } from '../../src/scan/structured.js'
import { rnd } from './rules/tokens.js'

const FRAGMENTS = [
  'kind',
  'Kind',
  'kind:',
  '"kind"',
  "'kind'",
  ': ',
  ':',
  ' ',
  '\t',
  '-',
  '- ',
  '{',
  ',',
  '\n',
  '\r\n',
  '"',
  "'",
  'Secret',
  'SecretList',
  'List',
  'Config',
  'ConfigMap',
  'Secrets',
  'users',
  'users:',
  'sops',
  'sops:',
  '"auths"',
  'auths',
  'secretGenerator',
  'apiVersion: v1',
  'x',
  '#',
  '\u2028',
]

function assemble(seed: number): string {
  let text = ''
  const picks = rnd('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH', 12, seed)
  for (const pick of picks) text += FRAGMENTS[pick.charCodeAt(0) % FRAGMENTS.length] ?? ''
  return text
}

describe('holdsAnalyserTrigger', () => {
  it('matches wherever the reference regex does, on 20,000 assembled texts', () => {
    const missed: string[] = []
    let matched = 0
    for (let seed = 1; seed <= 20_000; seed++) {
      const text = assemble(seed)
      if (!ANALYSER_TRIGGER.test(text)) continue
      matched++
      if (!holdsAnalyserTrigger(text)) missed.push(text)
    }
    expect(matched).toBeGreaterThan(500)
    expect(missed).toEqual([])
  })

  it('stays quiet on manifests that hold nothing to analyse', () => {
    expect(
      holdsAnalyserTrigger('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: secret-list\n'),
    ).toBe(false)
    expect(holdsAnalyserTrigger('kind: ConfigMap\ndata:\n  users: 3\n')).toBe(false)
    expect(holdsAnalyserTrigger('apiVersion: v1\nkind: Secret\n')).toBe(true)
    expect(holdsAnalyserTrigger('{"apiVersion":"v1","kind":"Secret"}')).toBe(true)
  })

  it('is linear on lines full of near-misses', () => {
    const time = (n: number): number => {
      const text = `${' '.repeat(n)}${'kind kind: '.repeat(n)}${'users '.repeat(n)}`
      const start = performance.now()
      holdsAnalyserTrigger(text)
      return performance.now() - start
    }
    time(1000)
    expect(time(400_000)).toBeLessThan(Math.max(50, time(100_000) * 12))
  })
})
