import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin, runCli } from '../support/cli.js'
import { scratchDir } from '../support/scratch.js'

/** Every command of DESIGN.md's CLI surface; names are settled. */
const COMMANDS = [
  'seal',
  'unseal',
  'reseal',
  'validate',
  'cert',
  'keygen',
  'encrypt',
  'decrypt',
  'edit',
  'rotate',
  'updatekeys',
  'set',
  'unset',
  'eso',
  'protect',
  'scan',
  'hook',
  'init',
  'status',
  'new',
  'convert',
  'merge-driver',
]
const SUBCOMMANDS = [
  ['cert', 'fetch'],
  ['cert', 'info'],
  ['eso', 'externalsecret'],
  ['eso', 'store', 'aws'],
  ['eso', 'push'],
  ['eso', 'verify'],
  ['eso', 'pushsecret'],
  ['hook', 'install'],
  ['new', 'secret'],
]

describe('gitseal CLI', () => {
  it('lists every command of the design in --help', async () => {
    const { exitCode, stdout } = await runCli(['--help'])
    expect(exitCode).toBe(0)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it.each([...COMMANDS.map((c) => [c]), ...SUBCOMMANDS])('shows help for %s', async (...command) => {
    const { exitCode, stdout } = await runCli([...command, '--help'])
    expect(exitCode).toBe(0)
    expect(stdout).toContain(`Usage: gitseal ${command.join(' ')}`)
  })

  it('shows examples in the help of commands that act', async () => {
    for (const command of [['seal'], ['encrypt'], ['scan'], ['eso', 'push'], ['new', 'secret']]) {
      const { stdout } = await runCli([...command, '--help'])
      expect(stdout).toMatch(/Examples:\n {2}\$ gitseal /)
    }
  })

  it('prints the version', async () => {
    const { exitCode, stdout } = await runCli(['--version'])
    expect(exitCode).toBe(0)
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('exits 2 with one line for an unknown option', async () => {
    const { exitCode, stderr } = await runCli(['seal', '--bogus'])
    expect(exitCode).toBe(2)
    expect(stderr).toBe("gitseal: unknown option '--bogus'\n")
  })

  it('refuses to wait for a manifest on an interactive stdin', async () => {
    const { exitCode, stderr } = await runCli(['eso', 'externalsecret', '--store', 'aws'], { tty: true })
    expect(exitCode).toBe(2)
    expect(stderr).toContain('stdin is a terminal')
  })

  it('reports a missing file with exit 2', async () => {
    const { exitCode, stderr } = await runCli([
      'eso',
      'externalsecret',
      'does-not-exist.yaml',
      '--store',
      'aws',
    ])
    expect(exitCode).toBe(2)
    expect(stderr).toMatch(/^gitseal: does-not-exist\.yaml: no such file\n/)
  })
})

describe('gitseal bin (built)', () => {
  const dir = scratchDir('cli')

  it('exits 2 on malformed YAML with one readable line and no stack trace', () => {
    const file = join(dir, 'broken.yaml')
    writeFileSync(file, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: [oops\n')
    const { exitCode, stderr, stdout } = runBin(['eso', 'externalsecret', file, '--store', 'aws'])
    expect(exitCode).toBe(2)
    expect(stdout).toBe('')
    const [first, ...rest] = stderr.trimEnd().split('\n')
    expect(first).toMatch(/^gitseal: .*broken\.yaml:\d+:\d+: invalid YAML\/JSON: /)
    expect(rest.every((line) => line.startsWith('  hint: '))).toBe(true)
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('shows the stack trace with --debug', () => {
    const file = join(dir, 'broken2.yaml')
    writeFileSync(file, 'a: [\n')
    const { exitCode, stderr } = runBin(['--debug', 'seal', file])
    expect(exitCode).toBe(2)
    expect(stderr).toMatch(/\n\s+at /)
  })

  it('reads stdin when the file is -', () => {
    const { exitCode, stderr } = runBin(['eso', 'externalsecret', '-', '--store', 'aws'], {
      stdin: 'apiVersion: v1\nkind: Secret\ndata: {k: "*"}\n',
    })
    expect(exitCode).toBe(2)
    expect(stderr).toContain('gitseal: <stdin>:3: Secret: data.k is not valid base64')
  })
})
