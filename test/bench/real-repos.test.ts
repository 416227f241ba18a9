// The real-repository judgement (bench/real-repos.json) is data the benchmark scores against; this
// keeps its shape sound so a typo cannot silently change precision or recall.
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadRealRepos, partFiles, score, validateRealRepos } from '../../bench/real-repos.mjs'

describe('bench/real-repos.json', () => {
  const data = loadRealRepos()

  it('has a sound shape: listed repositories, true/false verdicts, a reason for each', () => {
    expect(validateRealRepos(data)).toEqual([])
    expect(data.judgements.some((j) => j.verdict === 'duplicate')).toBe(true) // real-repos-duplicates.json
    expect(data.repositories.some((repo) => repo.part === 'tuning')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'tuning-2')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-2')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-5')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-6')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-7')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-8')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-9')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-10')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-11')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-12')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-13')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-14')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-15')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-16')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-17')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-18')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-19')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-20')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-21')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-22')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-23')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-24')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-25')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-26')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-27')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-28')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-29')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-30')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-31')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-32')).toBe(true)
    expect(data.repositories.some((repo) => repo.part === 'held-out-33')).toBe(true) // real-repos-held-out-33.json
  })

  it('a part in its own file holds only that part, and real-repos.json stays readable whole by gitseal (2 MiB)', () => {
    const files = partFiles()
    expect(files.map(({ part }) => part)).toContain('held-out-33')
    for (const { part, data: file } of files) {
      expect(file.repositories.length).toBeGreaterThan(0)
      expect(file.repositories.every((repo) => repo.part === part)).toBe(true)
      const names = new Set(file.repositories.map((repo) => repo.name))
      expect(file.judgements.every((judgement) => names.has(judgement.repo))).toBe(true)
    }
    expect(statSync(new URL('../../bench/real-repos.json', import.meta.url)).size).toBeLessThan(2_000_000)
  })

  it('the validator rejects an unlisted repository, a bad verdict and an empty reason', () => {
    const broken = structuredClone(data)
    broken.judgements.push({ repo: 'nobody+nothing', file: 'a', line: 1, verdict: 'maybe', why: ' ' })
    const problems = validateRealRepos(broken)
    expect(problems.some((p) => p.includes('repository is not listed'))).toBe(true)
    expect(problems.some((p) => p.includes('verdict'))).toBe(true)
    expect(problems.some((p) => p.includes('why'))).toBe(true)
  })

  it('duplicates: archive entries only, pointing at a judged line, counted neither way', () => {
    const tiny = {
      repositories: [{ name: 'a+b', url: 'https://x', commit: '0'.repeat(40), part: 'tuning' }],
      judgements: [
        { repo: 'a+b', file: 'k.pem', line: 1, verdict: 'true', why: 'key' },
        {
          repo: 'a+b',
          file: 'c-1.tgz!c/k.pem',
          line: 1,
          verdict: 'duplicate',
          of: 'k.pem:1',
          why: 'same bytes',
        },
      ],
    }
    expect(validateRealRepos(tiny)).toEqual([])
    const found = new Map([['a+b', [{ file: 'c-1.tgz!c/k.pem', line: 1 }]]])
    expect(score(tiny, found)).toEqual({ tp: 0, fp: 0, fn: 1, unjudged: [], precision: 1, recall: 0 })
    const broken = structuredClone(tiny)
    broken.judgements.push({
      repo: 'a+b',
      file: 'c-2.tgz!c/k.pem',
      line: 1,
      verdict: 'duplicate',
      of: 'c-1.tgz!c/k.pem:1',
      why: 'x',
    })
    broken.judgements.push({
      repo: 'a+b',
      file: 'plain.pem',
      line: 1,
      verdict: 'duplicate',
      of: 'k.pem:1',
      why: 'x',
    })
    const problems = validateRealRepos(broken)
    expect(problems.some((p) => p.includes('c-2.tgz!c/k.pem') && p.includes('"of"'))).toBe(true)
    expect(problems.some((p) => p.includes('plain.pem') && p.includes('archive entries'))).toBe(true)
  })

  it('scores a finding line once, counts misses and lists unjudged lines', () => {
    const tiny = {
      repositories: [{ name: 'a+b', url: 'https://x', commit: '0'.repeat(40), part: 'tuning' }],
      judgements: [
        { repo: 'a+b', file: 'k.pem', line: 1, verdict: 'true', why: 'key' },
        { repo: 'a+b', file: 'm.pem', line: 1, verdict: 'true', why: 'key' },
        { repo: 'a+b', file: 'v.yaml', line: 3, verdict: 'false', why: 'placeholder' },
      ],
    }
    const found = new Map([
      [
        'a+b',
        [
          { file: 'k.pem', line: 1 },
          { file: 'k.pem', line: 1 },
          { file: 'v.yaml', line: 3 },
          { file: 'new.txt', line: 9 },
        ],
      ],
    ])
    expect(score(tiny, found)).toEqual({
      tp: 1,
      fp: 1,
      fn: 1,
      unjudged: ['a+b new.txt:9'],
      precision: 0.5,
      recall: 0.5,
    })
  })
})
