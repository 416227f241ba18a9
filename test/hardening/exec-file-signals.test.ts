/**
 * `gitseal exec-file` keeps the plaintext in a 0600 file inside a private 0700 directory only
 * while the command runs. A termination signal (Ctrl-C, kill, a closed terminal, Ctrl-\) removes
 * it at once, and the run then fails: to the whole process group as a terminal sends it, or to
 * gitseal alone while the command goes on.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { encryptedSecretFolder } from '../support/encrypted-folder.js'
import { sleepRunningIn } from '../support/process-group.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

/** An encrypted secret.yaml in a fresh folder, with a private TMPDIR to check for leftovers. */
async function setup(): Promise<{ dir: string; tmp: string; env: NodeJS.ProcessEnv }> {
  const { dir, identity } = await encryptedSecretFolder('exec-signal')
  const tmp = join(dir, 'tmp')
  mkdirSync(tmp)
  return { dir, tmp, env: { ...process.env, HOME: dir, TMPDIR: tmp, SOPS_AGE_KEY: identity } }
}

/** Wait until `file` has content (the shell creates it before printf fills it). */
async function contentOf(file: string): Promise<string> {
  for (let i = 0; i < 1200 && !(existsSync(file) && readFileSync(file, 'utf8') !== ''); i++) await sleep(50)
  return readFileSync(file, 'utf8')
}

/** Start exec-file with `command` in its own process group; resolves its exit code and stderr. */
function start(dir: string, env: NodeJS.ProcessEnv, command: string) {
  const child = spawn(process.execPath, [BIN, 'exec-file', 'secret.yaml', command], {
    cwd: dir,
    env,
    detached: true, // its own process group, signalled as a whole like a terminal's foreground job
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<{ code: number; stderr: string; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? 128, stderr, signal })),
  )
  return { pid: child.pid!, exited }
}

describe.skipIf(process.platform === 'win32')('exec-file temp files under signals (built bin)', () => {
  it.each(SIGNALS)(
    'removes the plaintext on %s to the process group and fails',
    async (signal) => {
      const { dir, tmp, env } = await setup()
      const marker = join(dir, 'path')
      const run = start(dir, env, `printf '%s' {} > '${marker}'; sleep 90`)
      const plaintextFile = await contentOf(marker)
      expect(statSync(plaintextFile).mode & 0o777).toBe(0o600)
      expect(statSync(dirname(plaintextFile)).mode & 0o777).toBe(0o700)
      expect(readFileSync(plaintextFile, 'utf8')).toContain('password: before')
      await sleepRunningIn(run.pid)

      process.kill(-run.pid, signal)
      const { code, stderr } = await run.exited
      // gitseal either dies of the signal (it may arrive after the command ended) or says so.
      expect(code).not.toBe(0)
      if (code === 2) expect(stderr).toContain(`interrupted (${signal}); the plaintext copy was removed`)
      expect(readdirSync(tmp)).toEqual([])
    },
    90_000,
  )

  it('removes the plaintext at once on SIGHUP to gitseal alone, and fails when the command ends', async () => {
    const { dir, tmp, env } = await setup()
    const marker = join(dir, 'path')
    const go = join(dir, 'go')
    const result = join(dir, 'result')
    // The command goes on after gitseal got the signal, then looks for its plaintext copy.
    const run = start(
      dir,
      env,
      `printf '%s' {} > '${marker}'; while [ ! -e '${go}' ]; do sleep 0.05; done; ` +
        `if [ -e {} ]; then echo present; else echo gone; fi > '${result}'`,
    )
    const plaintextFile = await contentOf(marker)
    process.kill(run.pid, 'SIGHUP')
    for (let i = 0; i < 1200 && existsSync(plaintextFile); i++) await sleep(50)
    writeFileSync(go, '')
    const { code, stderr } = await run.exited
    expect(readFileSync(result, 'utf8')).toBe('gone\n')
    expect(code).toBe(2)
    expect(stderr).toContain('interrupted (SIGHUP)')
    expect(readdirSync(tmp)).toEqual([])
  }, 90_000)
})
