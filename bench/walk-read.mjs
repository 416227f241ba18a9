// The floor of any design that reads files one at a time in Node: start Node, walk the tree the way
// `gitseal scan` does (dist/io/walk-files.js: .gitignore, vendored trees) and read every file whole,
// scanning nothing. Run by bench/suites/scan.mjs with the tree as its working directory.
import { readFileSync } from 'node:fs'
import { walkFiles } from '../dist/io/walk-files.js'

let bytes = 0
for await (const job of walkFiles({ kind: 'paths', paths: ['.'], cwd: process.cwd() }))
  if (job.absPath !== undefined) bytes += readFileSync(job.absPath).length
if (bytes === 0) process.exitCode = 3
