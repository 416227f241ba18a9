/**
 * The real Go library as the reference: a small Go program of the test tree, run in GOPATH mode with
 * a scratch build cache, reads a JSON batch of cases on stdin and writes its answers as JSON.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect } from 'vitest'
import { scratchDir } from './scratch.js'

/** Whether `go` runs here. CI installs it (.ci/run), so interop suites run there whatever this says. */
export const haveGo = spawnSync('go', ['version']).status === 0

/** `describe` for a suite that compares with the real Go: skipped only where Go is missing and not in CI. */
export const describeWithGo = haveGo || process.env.CI ? describe : describe.skip

/** Run the harness at `harness` (a file URL) on `input` and return its parsed JSON output. */
export function runGoHarness(harness: URL, input: unknown, gopath?: string): unknown {
  const result = spawnSync('go', ['run', fileURLToPath(harness)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOFLAGS: '',
      GOCACHE: scratchDir('gocache'),
      ...(gopath === undefined ? {} : { GOPATH: gopath }),
    },
    timeout: 120_000,
  })
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout)
}
