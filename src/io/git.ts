/**
 * Running git (the scanner's git sources, the directory walk's tracked files, the hook): one-shot
 * commands with captured output, and streamed output for `git log -p` and `cat-file --batch`. The
 * one-shot commands run with spawnSync: their output is small, and Node's streamed child pipes
 * (net sockets, streams) compiled ~10 M instructions of its own code in a `--staged` scan. Config
 * that changes output (colours, external diff, textconv, quoted paths) is switched off on the
 * command line so user settings cannot confuse the parsers.
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { GitsealError } from '../core/errors.js'

/**
 * Flags that make git's output predictable whatever the user's config says, and stop a
 * repository's own config from making git run a program (`core.fsmonitor` runs one on every
 * `ls-files`, `diff --cached` and `status`; a `.git` folder in an unpacked archive could set it).
 */
const GIT_BASE_ARGS: readonly string[] = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'color.ui=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'log.showSignature=false',
]

/** Start git in `cwd` with `args` (after the base flags). */
export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', [...GIT_BASE_ARGS, ...args], {
    cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

/** Translate a failed spawn (git missing) into a GitsealError. */
export function gitSpawnError(cause: unknown): GitsealError {
  const code = (cause as NodeJS.ErrnoException).code
  return new GitsealError('E_USAGE', code === 'ENOENT' ? 'git is not installed' : 'cannot run git', {
    cause,
    hint: 'Install git, or scan files with `gitseal scan PATH`.',
  })
}

/**
 * Run git to completion and return its stdout bytes.
 * @throws GitsealError `E_USAGE` when git fails (stderr's first line says why).
 */
export function runGit(cwd: string, args: readonly string[], what: string): Promise<Buffer> {
  // Unbounded: never undefined. A failure rejects, as callers expect.
  return Promise.resolve().then(
    () => runGitBounded(cwd, args, what, { maxBytes: Infinity }) ?? Buffer.alloc(0),
  )
}

/**
 * Run git to completion with `input` on its stdin: its stdout, or undefined when that is over
 * `maxBytes` (git is stopped there: nothing past the bound is held).
 * @throws GitsealError `E_USAGE` when git cannot run or fails (stderr's first line says why).
 */
export function runGitBounded(
  cwd: string,
  args: readonly string[],
  what: string,
  { input, maxBytes }: { input?: string; maxBytes: number },
): Buffer | undefined {
  const result = spawnSync('git', [...GIT_BASE_ARGS, ...args], { cwd, input, maxBuffer: maxBytes })
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOBUFS') return undefined
  if (result.error !== undefined) throw gitSpawnError(result.error)
  if (result.status !== 0) throw gitFailure(what, result.stderr.toString('utf8'))
  return result.stdout
}

/** A GitsealError for a git command that exited non-zero. */
export function gitFailure(what: string, stderr: string): GitsealError {
  const first = stderr.split('\n').find((line) => line.trim() !== '') ?? 'git failed'
  const notRepo = /not a git repository/i.test(stderr)
  return new GitsealError('E_USAGE', `${what}: ${first.replace(/^(fatal|error): /, '')}`, {
    hint: notRepo
      ? 'Run it inside a git repository, or scan files with `gitseal scan PATH`.'
      : 'Check the revision range (e.g. origin/main..HEAD) and that the commits exist locally (fetch-depth: 0 in CI).',
  })
}

/** The repository's top-level directory. @throws GitsealError `E_USAGE` outside a repository. */
export async function gitTopLevel(cwd: string): Promise<string> {
  return (await runGit(cwd, ['rev-parse', '--show-toplevel'], 'git')).toString('utf8').trim()
}

/** Undo git's C-style quoting of a path (`"a\\tb\\303\\251"`), used for unusual characters. */
export function unquoteGitPath(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path
  const body = path.slice(1, -1)
  const bytes: number[] = []
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 }
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i)
    if (ch !== 92 || i + 1 >= body.length) {
      for (const byte of Buffer.from(body[i] ?? '', 'utf8')) bytes.push(byte)
      continue
    }
    const next = body[i + 1] ?? ''
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8) & 0xff)
      i += 3
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0))
      i += 1
    }
  }
  return Buffer.from(bytes).toString('utf8')
}
