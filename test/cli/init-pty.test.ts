/**
 * `gitseal init` on a real pseudo-terminal: util-linux `script` gives the built bin a TTY, and the
 * test answers inquirer's prompts with keystrokes as they appear. Needs util-linux `script` (.ci/run installs it); vitest's global setup builds dist.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { onPty } from '../support/pty.js'
import { scratchDir } from '../support/scratch.js'

describe('gitseal init on a pseudo-terminal', () => {
  it('asks with inquirer and writes the answers', async () => {
    const dir = scratchDir('pty')
    const config = scratchDir('pty-xdg')
    const env = {
      PATH: process.env.PATH,
      HOME: config,
      XDG_CONFIG_HOME: config,
      TERM: 'xterm',
      NO_COLOR: '1',
    }
    const { code, output } = await onPty(`${process.execPath} ${BIN} init`, { cwd: dir, env }, [
      [/Which backends/, '\u001b[B'], // down to sops
      [/sops/, ' \r'], // select it, accept
      [/Create an age key/, '\r'], // default: yes
    ])
    expect(output).toContain('Which backends will this repository use?')
    expect(code).toBe(0)
    expect(readFileSync(join(dir, 'gitseal.yaml'), 'utf8')).toContain('backend: sops')
    const keyFile = join(config, 'sops', 'age', 'keys.txt')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const recipient = /# public key: (\S+)/.exec(readFileSync(keyFile, 'utf8'))?.[1]
    expect(readFileSync(join(dir, '.sops.yaml'), 'utf8')).toContain(`age: ${recipient ?? 'missing'}`)
  })
})
