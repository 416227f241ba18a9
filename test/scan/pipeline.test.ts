import { afterEach, describe, expect, it } from 'vitest'
import { createBaseline, parseBaseline, scan, scanAll, stringifyBaseline } from '../../src/scan/index.js'
import type { Finding } from '../../src/scan/index.js'
import { autoWorkerCount } from '../../src/scan/workers/pipeline.js'
import { createDetector, FAKE_DETECTOR_URL } from './support/fake-detector.js'
import { tempDir, writeFiles } from './support/git-repo.js'

// Workers run the compiled worker script (vitest's global setup builds dist).
const WORKER_URL = new URL('../../dist/scan/workers/worker.js', import.meta.url)

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function bigTree(count: number): string {
  const temp = tempDir()
  cleanups.push(temp.cleanup)
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++) {
    const dir = `d${i % 7}/e${i % 3}`
    files[`${dir}/f${String(i).padStart(4, '0')}.txt`] =
      i % 10 === 0 ? `line\nvalue FAKE_SECRET_N${i}\n` : `nothing ${i}\n`.repeat(20)
  }
  writeFiles(temp.dir, files)
  return temp.dir
}

const key = (f: Finding): string => `${f.file}:${f.line}:${f.column}:${f.fingerprint}`

describe('scanning pipeline', () => {
  it('gives the same findings, in the same order, on workers as on the main thread', async () => {
    const dir = bigTree(300)
    const source = { kind: 'paths' as const, paths: ['.'], cwd: dir }
    const local = await scanAll(source, { detector: createDetector(), workers: 0 })
    const pooled = await scanAll(source, {
      detectorModule: FAKE_DETECTOR_URL,
      workers: 2,
      workerUrl: WORKER_URL,
    })
    expect(pooled.summary.workers).toBe(2)
    expect(local.summary.workers).toBe(0)
    expect(pooled.findings.map(key)).toEqual(local.findings.map(key))
    expect(pooled.findings).toHaveLength(30)
    expect(pooled.summary.files).toBe(300)
    expect(pooled.summary.bytes).toBe(local.summary.bytes)
  })

  it('auto leaves one core to the main thread: no workers on 2 cores, at most 8', () => {
    expect([1, 2, 3, 4, 8, 16, 64].map(autoWorkerCount)).toEqual([0, 0, 2, 3, 7, 8, 8])
  })

  it('passes detector options to workers as plain data', async () => {
    const dir = bigTree(20)
    const { findings } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      {
        detectorModule: FAKE_DETECTOR_URL,
        detectorOptions: { disabledRules: ['fake-secret'] },
        workers: 2,
        workerUrl: WORKER_URL,
      },
    )
    expect(findings).toEqual([])
  })

  it('fails the scan with the error when a worker cannot load its detector', async () => {
    const dir = bigTree(5)
    await expect(
      scanAll(
        { kind: 'paths', paths: ['.'], cwd: dir },
        { detectorModule: 'file:///nonexistent/detector.mjs', workers: 1, workerUrl: WORKER_URL },
      ),
    ).rejects.toThrow()
  })

  it('a detector object without a module stays on the calling thread', async () => {
    const dir = bigTree(10)
    const { summary, findings } = await scanAll(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector: createDetector(), workers: 2, workerUrl: WORKER_URL },
    )
    expect(summary.workers).toBe(0)
    expect(findings).toHaveLength(1)
  })

  it('streams findings before the scan ends and reports progress', async () => {
    const dir = bigTree(50)
    const progress: number[] = []
    const run = scan(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector: createDetector(), workers: 0, onProgress: (p) => progress.push(p.files) },
    )
    let first: number | undefined
    for await (const _ of run) {
      first ??= progress.at(-1)
    }
    const summary = await run.summary()
    expect(first).toBeLessThan(50)
    expect(progress.at(-1)).toBe(50)
    expect(summary.findings).toBe(5)
  })

  it('summary() runs a scan that was never iterated', async () => {
    const dir = bigTree(10)
    const summary = await scan(
      { kind: 'paths', paths: ['.'], cwd: dir },
      { detector: createDetector() },
    ).summary()
    expect(summary.findings).toBe(1)
    expect(summary.files).toBe(10)
  })

  it('scans in-memory content with the given file name', async () => {
    const { findings } = await scanAll(
      { kind: 'content', content: 'a\nb FAKE_SECRET_STDIN\n', filename: 'k8s/secret.yaml' },
      { detector: createDetector() },
    )
    expect(findings.map((f) => [f.file, f.line, f.column])).toEqual([['k8s/secret.yaml', 2, 3]])
  })

  it('aborts with E_ABORTED', async () => {
    const dir = bigTree(20)
    const controller = new AbortController()
    controller.abort()
    await expect(
      scanAll(
        { kind: 'paths', paths: ['.'], cwd: dir },
        { detector: createDetector(), signal: controller.signal },
      ),
    ).rejects.toMatchObject({ code: 'E_ABORTED' })
  })

  it('reports only findings not in the baseline, and counts the others', async () => {
    const dir = bigTree(30)
    const source = { kind: 'paths' as const, paths: ['.'], cwd: dir }
    const before = await scanAll(source, { detector: createDetector() })
    const text = stringifyBaseline(createBaseline(before.findings))
    expect(text).not.toContain('FAKE_SECRET')
    writeFiles(dir, { 'new.txt': 'FAKE_SECRET_BRANDNEW' })
    const after = await scanAll(source, {
      detector: createDetector(),
      baseline: parseBaseline(text, 'b.json'),
    })
    expect(after.findings.map((f) => f.file)).toEqual(['new.txt'])
    expect(after.summary.baselined).toBe(3)
  })

  it('rejects a file that is not a baseline with E_BAD_CONFIG', () => {
    for (const bad of ['nope', '[]', '{}', '{"findings":[{"x":1}]}', '{"findings":[null]}']) {
      expect(() => parseBaseline(bad, 'b.json')).toThrow(expect.objectContaining({ code: 'E_BAD_CONFIG' }))
    }
    expect(parseBaseline('{"findings":[{"fingerprint":"a"}]}', 'b.json')).toEqual(new Set(['a']))
  })
})
