/**
 * A file that changes between the walk and its read, or while it is read, never passes silently:
 * replaced by a link (to a file outside the tree) or a FIFO, deleted, truncated or grown — the gate
 * fails it closed (`scan-incomplete`) or scans one version of it. Deterministic: the walk's own
 * result is taken, the file changed, then read by the scanner's read step (`runJob`, whose probe
 * runs once the file is open and its size known). And a file whose size says 0 but holds text
 * (procfs: `scan /proc/PID/environ`) is read, not passed as empty.
 */
import { spawn } from 'node:child_process'
import {
  appendFileSync,
  mkdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { walkFiles } from '../../src/io/walk-files.js'
import { createDetector } from '../../src/scan/engine.js'
import { runJob } from '../../src/scan/workers/scan-job.js'
import type { JobInput, JobOutput } from '../../src/scan/workers/scan-job.js'
import { runCli } from '../support/cli.js'
import { tempDir } from '../scan/support/git-repo.js'
import { githubToken } from '../scan/rules/tokens.js'

const detector = createDetector()
const CLEAN = `# settings\nlog_level=info\n${'name=value\n'.repeat(50)}`
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A tree with `app.env` (clean) inside `tree/` and `outside.env` (a token) beside it; the walk's entry for app.env. */
async function walked(): Promise<{ root: string; file: string; outside: string; job: JobInput }> {
  const { dir, cleanup } = tempDir('gitseal-changing-')
  cleanups.push(cleanup)
  const root = join(dir, 'tree')
  mkdirSync(root)
  const file = join(root, 'app.env')
  writeFileSync(file, CLEAN)
  const outside = join(dir, 'outside.env')
  writeFileSync(outside, `GITHUB_TOKEN=${githubToken('ghp')}\n`)
  for await (const entry of walkFiles({ paths: ['.'], cwd: root, noGitignore: true })) {
    if (entry.path === 'app.env') return { root, file, outside, job: entry }
  }
  throw new Error('the walk did not find app.env')
}

/** A tree whose `app.env` (clean) sits in the subdirectory `sub`. */
function walkedIn(sub: string): { dir: string; root: string } {
  const { dir, cleanup } = tempDir('gitseal-changing-')
  cleanups.push(cleanup)
  const root = join(dir, 'tree')
  mkdirSync(join(root, sub), { recursive: true })
  writeFileSync(join(root, sub, 'app.env'), CLEAN)
  return { dir, root }
}

/** The walk's entry for `path` under `root`. */
async function walkedEntry(root: string, path: string): Promise<JobInput | undefined> {
  for await (const entry of walkFiles({ paths: ['.'], cwd: root, noGitignore: true }))
    if (entry.path === path) return entry
  return undefined
}

const failedClosed = (output: JobOutput): void => {
  expect(output.incomplete).toBeDefined()
  expect(output.findings).toEqual([])
}

describe('files that change under the scan', () => {
  it('the walk marks what it found as a regular file', async () => {
    const { job } = await walked()
    expect(job.walkRoot).toBeDefined()
    expect(runJob(detector, job)).toMatchObject({ findings: [], bytes: CLEAN.length })
  })

  it('replaced by a link to a file outside the tree: not followed, fails closed', async () => {
    const { file, outside, job } = await walked()
    rmSync(file)
    symlinkSync(outside, file)
    const output = runJob(detector, job)
    failedClosed(output)
    expect(output.incomplete).toMatch(/symbolic link/)
  })

  it('a directory on its way replaced by a link out of the tree: not followed, fails closed', async () => {
    const { dir, root } = walkedIn('sub')
    const job = (await walkedEntry(root, 'sub/app.env')) as JobInput
    renameSync(join(root, 'sub'), join(dir, 'sub-moved'))
    mkdirSync(join(dir, 'elsewhere'))
    writeFileSync(join(dir, 'elsewhere', 'app.env'), `GITHUB_TOKEN=${githubToken('ghp')}\n`)
    symlinkSync(join(dir, 'elsewhere'), join(root, 'sub'))
    const output = runJob(detector, job)
    failedClosed(output)
    expect(output.incomplete).toMatch(/out of the scan root/)
  })

  it('replaced by a FIFO: not read (no wait for a writer), fails closed', async () => {
    const { file, job } = await walked()
    rmSync(file)
    execFileSync('mkfifo', [file])
    const started = Date.now()
    const output = runJob(detector, job)
    expect(Date.now() - started).toBeLessThan(900)
    failedClosed(output)
    expect(output.incomplete).toMatch(/FIFO/)
  })

  it('replaced by a directory, or deleted: fails closed', async () => {
    const first = await walked()
    rmSync(first.file)
    mkdirSync(first.file)
    failedClosed(runJob(detector, first.job))
    const second = await walked()
    rmSync(second.file)
    failedClosed(runJob(detector, second.job))
  })

  it('truncated while read: fails closed', async () => {
    const { file, job } = await walked()
    failedClosed(runJob(detector, job, undefined, () => truncateSync(file, 10)))
  })

  it('grown while read (a token appended): fails closed, the grown part was never read', async () => {
    const { file, job } = await walked()
    const output = runJob(detector, job, undefined, () =>
      appendFileSync(file, `TOKEN=${githubToken('ghp')}\n`),
    )
    failedClosed(output)
    expect(output.incomplete).toMatch(/changed while it was read/)
  })

  it('replaced by another file (renamed over it) while read: the version opened is scanned whole', async () => {
    const { root, file, job } = await walked()
    const other = join(root, 'other.env')
    writeFileSync(other, `GITHUB_TOKEN=${githubToken('ghp')}\n`)
    const output = runJob(detector, job, undefined, () => renameSync(other, file))
    expect(output).toMatchObject({ findings: [], bytes: CLEAN.length })
    expect(output.incomplete).toBeUndefined()
    // The new file is a file of its own: the next scan reads it.
    expect(runJob(detector, job).findings.map((f) => f.ruleId)).toContain('github-pat')
  })

  it.runIf(process.platform === 'linux')(
    'a procfs file (size 0, holding text) named on the command line is read: `scan /proc/PID/environ`',
    async () => {
      const child = spawn('sleep', ['60'], {
        env: { PATH: process.env.PATH, GITHUB_TOKEN: githubToken('ghp') },
      })
      cleanups.push(() => child.kill())
      await new Promise((resolve) => child.once('spawn', resolve))
      const result = await runCli(['scan', `/proc/${child.pid}/environ`, '--format', 'json'])
      expect(result.exitCode).toBe(1)
      const report = JSON.parse(result.stdout) as {
        findings: { ruleId: string }[]
        summary: { bytes: number }
      }
      expect(report.findings.length).toBeGreaterThan(0)
      expect(report.summary.bytes).toBeGreaterThan(0)
    },
  )
})
