// CLI start-up: `gitseal --version` and `gitseal scan` of an empty directory against the floor, `node -e 0`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatMs, measureProcess, table } from '../lib.mjs'

const BIN = fileURLToPath(new URL('../../bin/gitseal.js', import.meta.url))

export const title = 'CLI start-up'

export async function run() {
  const floor = measureProcess(process.execPath, ['-e', '0'], { runs: 15 })
  const version = measureProcess(process.execPath, [BIN, '--version'], { runs: 15 })
  const help = measureProcess(process.execPath, [BIN, '--help'], { runs: 15 })
  const empty = mkdtempSync(join(tmpdir(), 'gitseal-bench-empty-'))
  let scanEmpty
  try {
    scanEmpty = measureProcess(process.execPath, [BIN, 'scan', '.'], { runs: 15, cwd: empty })
  } finally {
    rmSync(empty, { recursive: true, force: true })
  }
  const over = (m) => `+${(m.median - floor.median).toFixed(1)} ms`
  return {
    markdown: table(
      ['command', 'wall time, median (min–max)', 'over the floor'],
      [
        ['`node -e 0` (floor)', formatMs(floor), '—'],
        ['`gitseal --version`', formatMs(version), over(version)],
        ['`gitseal --help` (loads every command)', formatMs(help), over(help)],
        ['`gitseal scan` (empty directory)', formatMs(scanEmpty), over(scanEmpty)],
      ],
    ),
    goals: [
      `\`gitseal --version\` within 60 ms of the floor: ${version.median - floor.median <= 60 ? 'met' : 'NOT met'}`,
      `\`gitseal scan\` of an empty directory within 60 ms of the floor: ${scanEmpty.median - floor.median <= 60 ? 'met' : 'NOT met'}`,
    ],
  }
}
