/** Process-group helpers for the signal tests (test/hardening/*-signals.test.ts). */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Wait until a `sleep` runs in process group `pgid` (Linux /proc; elsewhere return at once). dash
 * catches SIGINT (in `sh -c` and scripts) and may exec its last command in place: a SIGINT that
 * lands after printf and before that exec is taken by dash's handler and lost, and `sleep 90` then
 * runs on (a CI flake: exec-file's SIGINT case timed out at 90 s at load 1).
 */
export async function sleepRunningIn(pgid: number): Promise<void> {
  if (!existsSync('/proc/self/stat')) return
  for (let i = 0; i < 1200; i++) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      let stat: string
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      } catch {
        continue // the process ended while the list was read
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const [, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (comm === 'sleep' && Number(pgrp) === pgid) return
    }
    await sleep(50)
  }
}
