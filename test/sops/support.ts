/** Moved to test/support/sops.ts; re-exported for test/scan/sops-policy.test.ts until it imports from there. */
export * from '../support/sops.js'
