/** `new secret` on a real pseudo-terminal: values typed at the masked prompt are never echoed. */
import { describe, expect, it } from 'vitest'
import { BIN } from '../support/cli.js'
import { onPty } from '../support/pty.js'
import { scratchDir } from '../support/scratch.js'

describe('gitseal new secret on a pseudo-terminal', () => {
  it('masks the value as it is typed', async () => {
    const dir = scratchDir('pty-new')
    const env = { PATH: process.env.PATH, HOME: dir, TERM: 'xterm', NO_COLOR: '1' }
    // A backend that does not exist: the prompts run, then protecting fails without writing anything.
    const { code, output } = await onPty(
      `${process.execPath} ${BIN} new secret db --backend no-such-backend`,
      { cwd: dir, env },
      [
        [/Key name/, 'password\r'],
        [/Value of password/, 'pty-s3cret\r'],
        [/Another key name/, '\r'],
      ],
    )
    expect(output).toContain('Value of password')
    expect(output).toContain('**********')
    expect(output).not.toContain('pty-s3cret')
    expect(output).toContain('backend "no-such-backend" is not available')
    expect(code).toBe(2)
  })
})
