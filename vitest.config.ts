import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist once per run (end-to-end tests run the built bin and must never see stale code),
    // then gives the run a private TMPDIR and fails it if a test leaves a `gitseal-*` folder there.
    globalSetup: ['test/support/build-dist.ts', 'test/support/temp-guard.ts'],
  },
})
