/**
 * Scratch folders for tests: `gitseal-<name>-…` in the temp dir, removed when the test file ends
 * (the global teardown in test/support/temp-guard.ts fails the run if any is left behind).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []

// Registered when a test file first imports this module (vitest isolates each file's modules).
// A generous timeout: an installed node_modules tree takes a while to remove on a busy machine.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}, 120_000)

/** A new empty folder `gitseal-<name>-XXXXXX` in the temp dir, removed after the current test file. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gitseal-${name}-`))
  made.push(dir)
  return dir
}
