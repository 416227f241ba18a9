/**
 * vitest global setup: build `dist` from the current sources once per run, so the end-to-end tests
 * (the built bin, worker threads, the consumer test) never run code older than `src/`.
 * `dist` is emptied first: a renamed or deleted source file must not live on as a stale module.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** Run `npm run build`'s two steps (tsc, then the CLI bundle) into a fresh `dist`; an error fails the run. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  rmSync(new URL('../../dist', import.meta.url), { recursive: true, force: true })
  for (const step of [[tsc, '-p', 'tsconfig.build.json'], ['scripts/bundle.mjs']]) {
    try {
      execFileSync(process.execPath, step, { cwd: root, encoding: 'utf8' })
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
      throw new Error(`building dist failed (${step.join(' ')}):\n${stdout}${stderr}`)
    }
  }
}
