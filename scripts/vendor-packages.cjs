// The large packages only some commands import, bundled apart from the CLI (see scripts/bundle.mjs).
module.exports = { VENDOR: ['node-forge', 'age-encryption'] }
