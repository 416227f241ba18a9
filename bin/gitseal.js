#!/usr/bin/env node
// Thin shim: cache compiled modules between runs (faster start), then hand over to the CLI.
import module from 'node:module'

module.enableCompileCache?.()
const { main } = await import('../dist/cli/main.js')
await main()
