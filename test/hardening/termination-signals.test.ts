/**
 * A termination signal is never lost while handlers come and go. Node closes its signal handle when
 * the last listener goes, and a signal caught on that handle but not yet dispatched is dropped: a
 * loop of short registrations (one per secret write) used to swallow Ctrl-C and run on.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const signals = fileURLToPath(new URL('../../dist/io/signals.js', import.meta.url))

describe('onTerminationSignal', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'a process that registers and unregisters in a loop still dies of %s',
    async (signal) => {
      const script = `
        import { onTerminationSignal } from ${JSON.stringify(signals)}
        process.stdout.write('ready\\n')
        for (;;) {
          for (let i = 0; i < 200; i++) {
            const stop = onTerminationSignal(() => stop())
            stop()
          }
          await new Promise((resolve) => setImmediate(resolve))
        }
      `
      for (let round = 0; round < 8; round++) {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        })
        await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 30))
        const exited = new Promise<NodeJS.Signals | null>((resolve) =>
          child.once('exit', (_code, killedBy) => resolve(killedBy)),
        )
        child.kill(signal)
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        const killedBy = await exited
        clearTimeout(timer)
        // SIGKILL here means the signal was swallowed and the loop ran on.
        expect(killedBy).toBe(signal)
      }
    },
    60_000,
  )

  it.each([
    ['unregisters', 'stop()', null],
    ['keeps holding', '', 7],
  ] as const)(
    'a handler that %s the signal: its process ends accordingly',
    async (_what, unregister, exitCode) => {
      const script = `
      import { onTerminationSignal } from ${JSON.stringify(signals)}
      const stop = onTerminationSignal((signal) => {
        process.stdout.write('got ' + signal + '\\n')
        ${unregister}
        setTimeout(() => process.exit(7), 50)
      })
      process.stdout.write('ready\\n')
      setInterval(() => {}, 1000)
    `
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
      const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.once('exit', (code, killedBy) => resolve([code, killedBy])),
      )
      child.kill('SIGINT')
      // Unregistered, the signal ends the process at once; held, the handler's own exit does.
      expect(await exited).toEqual(exitCode === null ? [null, 'SIGINT'] : [7, null])
      expect(out).toContain('got SIGINT')
    },
  )
})
