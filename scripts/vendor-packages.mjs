// The large packages only some commands import, bundled apart from the CLI (see scripts/bundle.mjs).
export const VENDOR = ['node-forge', 'age-encryption']
