/**
 * Nothing leaked from the command line: every command and every option that takes a value is run
 * with key material planted where it does not belong (an age identity as a recipient, a token as a
 * name or path, a random secret as a flag value), and no 8-character fragment of it comes back on
 * stdout or stderr, whatever the command says about the bad value.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity } from 'age-encryption'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext } from '../../src/cli/context.js'
import { buildProgram } from '../../src/cli/program.js'
import { looksSecret, redactArguments } from '../../src/cli/redact-args.js'
import { runCli } from '../support/cli.js'

const FRAGMENT = 8
let dir = ''
let plants: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-redaction-args-'))
  writeFileSync(
    join(dir, 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  user: app\n',
  )
  const alnum = (n: number) =>
    randomBytes(n * 2)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, n)
  plants = [await generateIdentity(), `ghp_${alnum(36)}`, `${alnum(20)}9${alnum(19)}`]
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** The first fragment of `plant` (8 characters or more) found in `text`, if any. */
function leakedFragment(text: string, plant: string): string | undefined {
  for (let i = 0; i + FRAGMENT <= plant.length; i++) {
    const fragment = plant.slice(i, i + FRAGMENT)
    if (text.includes(fragment)) return fragment
  }
  return undefined
}

/** Every runnable command path (e.g. `eso push`) with the long names of its value-taking options. */
async function commandTable(): Promise<{ path: string[]; options: string[]; positional: number }[]> {
  const io = {
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.resolve(new Uint8Array()),
    env: {},
    cwd: dir,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  }
  const program = await buildProgram(createContext(io), '0.0.0', [])
  const out: { path: string[]; options: string[]; positional: number }[] = []
  const walk = (command: Command, path: string[]): void => {
    for (const sub of command.commands) {
      const here = [...path, sub.name()]
      if (sub.name() === 'help') continue
      if (sub.commands.length > 0) walk(sub, here)
      else {
        out.push({
          path: here,
          options: sub.options
            .filter((option) => (option.required || option.optional) && option.long !== undefined)
            .map((option) => option.long as string),
          positional: sub.registeredArguments.length,
        })
      }
    }
  }
  walk(program, [])
  return out
}

describe('no planted key material comes back from argument errors', () => {
  it('walks every command and option with identities, tokens and random secrets in the wrong place', async () => {
    const table = await commandTable()
    expect(table.length).toBeGreaterThanOrEqual(30)
    const env = {
      HOME: dir,
      EDITOR: 'false',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    }
    const runs: string[][] = []
    let turn = 0
    for (const { path, options, positional } of table) {
      for (const plant of plants) {
        runs.push([...path, plant])
        if (positional > 1) runs.push([...path, 'secret.yaml', plant])
      }
      for (const option of options) {
        const plant = plants[turn++ % plants.length]!
        runs.push([...path, 'secret.yaml', option, plant])
        runs.push([...path, `${option}=${plant}`, 'secret.yaml'])
        runs.push([...path, 'secret.yaml', option, `key=${plant}`])
      }
    }
    const leaks: string[] = []
    for (const argv of runs) {
      const result = await runCli(argv, { cwd: dir, env })
      for (const plant of plants) {
        if (!argv.some((arg) => arg.includes(plant))) continue
        for (const [stream, text] of [
          ['stdout', result.stdout],
          ['stderr', result.stderr],
        ] as const) {
          const fragment = leakedFragment(text, plant)
          if (fragment !== undefined) leaks.push(`gitseal ${argv.join(' ')} → ${stream}: …${fragment}…`)
        }
      }
    }
    expect(leaks).toEqual([])
    expect(runs.length).toBeGreaterThan(300)
  }, 300_000)

  it('an age identity passed as a recipient is named as a private key, not quoted', async () => {
    const identity = plants[0]!
    const result = await runCli(['encrypt', 'secret.yaml', '--age', identity], {
      cwd: dir,
      env: { HOME: dir },
    })
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('a private key was given where an age recipient (public key) is expected')
    expect(leakedFragment(result.stderr, identity)).toBeUndefined()
  })

  it('masks only secret-looking values: paths, public keys and words stay readable', () => {
    expect(looksSecret('apps/api/overlays/prod/secret.yaml')).toBe(false)
    expect(looksSecret('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p')).toBe(false)
    expect(looksSecret('aws-secrets-manager')).toBe(false)
    for (const plant of plants) expect(looksSecret(plant)).toBe(true)
    const secret = plants[1]!
    expect(redactArguments(`bad name '${secret}' and '${secret.slice(3, 15)}'`, [secret])).toBe(
      "bad name '‹redacted›' and '‹redacted›'",
    )
    expect(redactArguments('nothing to hide', [secret])).toBe('nothing to hide')
  })
})
