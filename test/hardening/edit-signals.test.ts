/**
 * `gitseal edit` keeps plaintext in a 0600 file inside a private 0700 directory only while the
 * editor runs: interrupted with SIGINT, SIGTERM, SIGHUP (terminal closed) or SIGQUIT (sent to the
 * process group, as a terminal does),
 * the directory is gone and the encrypted file is unchanged.
 */
import { spawn } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { encryptedSecretFolder } from '../support/encrypted-folder.js'
import { sleepRunningIn } from '../support/process-group.js'

describe.skipIf(process.platform === 'win32')('edit temp files under signals (built bin)', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)(
    'removes the plaintext on %s and leaves the file as it was',
    async (signal) => {
      const { dir, identity } = await encryptedSecretFolder('edit-signal')
      const before = readFileSync(join(dir, 'secret.yaml'), 'utf8')
      // The editor records where the plaintext is, then waits to be interrupted.
      const marker = join(dir, 'editing')
      const editor = join(dir, 'editor.sh')
      writeFileSync(editor, `#!/bin/sh\nprintf '%s' "$1" > '${marker}'\nsleep 90\n`)
      chmodSync(editor, 0o755)

      const child = spawn(process.execPath, [BIN, 'edit', 'secret.yaml'], {
        cwd: dir,
        env: { ...process.env, HOME: dir, SOPS_AGE_KEY: identity, EDITOR: editor },
        detached: true, // its own process group, signalled as a whole like a terminal's foreground job
        stdio: 'ignore',
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      // The shell creates the marker before printf fills it: wait for its content, not its existence.
      const written = (): boolean => existsSync(marker) && readFileSync(marker, 'utf8') !== ''
      for (let i = 0; i < 600 && !written(); i++) await sleep(50)
      const plaintextFile = readFileSync(marker, 'utf8')
      expect(statSync(plaintextFile).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(plaintextFile)).mode & 0o777).toBe(0o700)
      expect(readFileSync(plaintextFile, 'utf8')).toContain('password: before')
      await sleepRunningIn(child.pid!)

      process.kill(-child.pid!, signal)
      const code = await exited
      expect(code).not.toBe(0)
      expect(existsSync(dirname(plaintextFile))).toBe(false)
      expect(readFileSync(join(dir, 'secret.yaml'), 'utf8')).toBe(before)
    },
    // Two CLI runs and an editor start: under a loaded CI machine these took over 30 s.
    90_000,
  )
})
