import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    globalSetup: [
      // Builds dist once per run: end-to-end tests run the built bin and must never see stale code.
      'test/support/build-dist.ts',
      // A private TMPDIR per run; fails the run if a test leaves a `gitseal-*` folder in it.
      'test/support/temp-guard.ts',
    ],
  },
})
