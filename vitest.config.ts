import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // A private TMPDIR per run; fails the run if a test leaves a `gitseal-*` folder in it.
    globalSetup: ['test/support/temp-guard.ts'],
  },
})
