/**
 * vitest global setup: the run gets a private temp dir (so concurrent runs on one machine do not
 * see each other's folders), and the run FAILS if any test leaves a `gitseal-*` entry behind in it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Point TMPDIR at a fresh folder for the whole run; return the teardown that checks it is clean. */
export default function setup(): () => void {
  const outer = tmpdir()
  const previous = process.env.TMPDIR
  // Named without the `gitseal-` prefix so that an outer run's guard does not count it as a leak.
  const dir = mkdtempSync(join(outer, 'vitest-run-'))
  process.env.TMPDIR = dir
  return () => {
    const left = readdirSync(dir).filter((name) => name.startsWith('gitseal-'))
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    rmSync(dir, { recursive: true, force: true })
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0, so set the exit code as well.
      process.exitCode = 1
      throw new Error(
        `${left.length} temp folder(s) left behind by the tests (clean up with scratchDir() from ` +
          `test/support/scratch.ts or rmSync in afterAll/finally): ${left.slice(0, 20).join(', ')}`,
      )
    }
  }
}
