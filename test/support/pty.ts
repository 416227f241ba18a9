/** Drive the built bin on a real pseudo-terminal through util-linux `script`, answering prompts as they appear. */
import { spawn } from 'node:child_process'

/** Run `command` under `script`, answering each [waitFor, keys] step when its text shows up. */
export function onPty(
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
  steps: [RegExp, string][],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd, env: options.env })
    let output = ''
    let step = 0
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`timed out at step ${step}; output so far:\n${output}`))
    }, 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const current = steps[step]
      if (current && current[0].test(output)) {
        step++
        // Give inquirer a moment to finish drawing and start listening before typing.
        setTimeout(() => child.stdin.write(current[1]), 150)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}
