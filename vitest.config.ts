import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist once per run: end-to-end tests run the built bin and must never see stale code.
    globalSetup: ['test/support/build-dist.ts'],
  },
})
