/**
 * Golden files: compare output with a checked-in file, or rewrite it with `UPDATE_GOLDEN=1`.
 * A mismatch fails with vitest's line diff and says how to accept the new output on purpose.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { expect } from 'vitest'

/** True when the run should rewrite golden files instead of checking them. */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1'

/** Expect `actual` to equal the golden file at `path` (absolute), or write it under `UPDATE_GOLDEN=1`. */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, actual)
    return
  }
  let expected: string
  try {
    expected = readFileSync(path, 'utf8')
  } catch {
    expected = `<missing golden file; run with UPDATE_GOLDEN=1 to create it>\n`
  }
  const name = relative(process.cwd(), path)
  expect(actual, `${name} differs (review the diff; UPDATE_GOLDEN=1 rewrites it)`).toBe(expected)
}
