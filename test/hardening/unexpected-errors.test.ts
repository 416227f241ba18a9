/**
 * An error gitseal did not foresee is reported by its kind only: Node's own messages quote the
 * data they failed on (spawn's `Received 'x\0y'` quoted a secret value of exec-env), and that data
 * may be a secret. `--debug` shows the message and stack.
 */
import { describe, expect, it } from 'vitest'
import { run } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/stdio.js'

const SECRET = 's3cr3t-Zx9vQ2mLp4RtW8sK'

async function runFailingStdin(argv: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = ''
  const failure = Object.assign(new TypeError(`The argument must not hold NUL. Received '${SECRET}'`), {
    code: 'ERR_INVALID_ARG_VALUE',
  })
  const io: CliIO = {
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    readStdin: () => Promise.reject(failure),
    env: {},
    cwd: process.cwd(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  }
  return { exitCode: await run(argv, io), stderr }
}

describe('unexpected errors', () => {
  it('are reported by name and code only, never with the data their message quotes', async () => {
    const result = await runFailingStdin(['scan', '--stdin'])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toBe(
      'gitseal: unexpected error (TypeError ERR_INVALID_ARG_VALUE)\n' +
        '  hint: run again with --debug for details, and please report it.\n',
    )
  })

  it('--debug shows the message and the stack', async () => {
    const result = await runFailingStdin(['--debug', 'scan', '--stdin'])
    expect(result.stderr).toContain(`unexpected error: The argument must not hold NUL. Received '${SECRET}'`)
    expect(result.stderr).toMatch(/at .*unexpected-errors\.test\.ts/)
  })
})
