/**
 * Reading blobs through one long-lived `git cat-file --batch`: one process for a whole scan
 * instead of one per file. Requests are answered in order, so a FIFO of waiters is enough.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { GitsealError } from '../../core/errors.js'
import { gitSpawnError, spawnGit } from '../../io/git.js'

interface Waiter {
  resolve: (blob: Uint8Array | undefined) => void
  reject: (error: unknown) => void
}

/** A blob reader over `git cat-file --batch`. Call {@link BlobReader.close} when done. */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly waiters: Waiter[] = []
  private outgoing: string[] = []
  private chunks: Buffer[] = []
  private length = 0
  /** Bytes of the current blob (plus its newline) still to come, once its header was read. */
  private expect: number | undefined
  private failure: Error | undefined

  /** Start `git cat-file --batch` in `cwd`. */
  constructor(cwd: string) {
    this.child = spawnGit(cwd, ['cat-file', '--batch'])
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk)
      this.length += chunk.length
      this.drain()
    })
    let stderr = ''
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    this.child.on('error', (cause) => {
      this.fail(gitSpawnError(cause))
    })
    this.child.on('close', () => {
      this.fail(new GitsealError('E_USAGE', `git cat-file stopped: ${stderr.trim() || 'no output'}`))
    })
    this.child.stdin.on('error', () => {
      // Reported through 'close'.
    })
  }

  /** The content of blob `sha`, or undefined when it does not exist. */
  read(sha: string): Promise<Uint8Array | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject })
      // Requests made in the same turn go out in one write: one pipe write per blob adds up.
      if (this.outgoing.length === 0) setImmediate(() => this.flush())
      this.outgoing.push(sha)
    })
  }

  /** Stop the git process. */
  close(): void {
    this.outgoing = []
    this.child.stdin.end()
  }

  private flush(): void {
    if (this.outgoing.length === 0 || this.child.stdin.writableEnded) return
    this.child.stdin.write(`${this.outgoing.join('\n')}\n`)
    this.outgoing = []
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure)
  }

  /** Everything buffered as one Buffer (concatenated only when a header or a whole blob is needed). */
  private take(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)]
    return this.chunks[0] ?? Buffer.alloc(0)
  }

  private consume(bytes: number): void {
    const rest = this.take().subarray(bytes)
    this.chunks = rest.length === 0 ? [] : [rest]
    this.length = rest.length
  }

  private drain(): void {
    for (;;) {
      const waiter = this.waiters[0]
      if (waiter === undefined) return
      if (this.expect === undefined) {
        const buffer = this.take()
        const eol = buffer.indexOf(10)
        if (eol < 0) return
        const header = buffer.subarray(0, eol).toString('utf8')
        this.consume(eol + 1)
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.waiters.shift()
          waiter.resolve(undefined)
          continue
        }
        // Content, then one newline.
        this.expect = Number(header.slice(header.lastIndexOf(' ') + 1)) + 1
      }
      if (this.length < this.expect) return
      const blob = new Uint8Array(this.take().subarray(0, this.expect - 1))
      this.consume(this.expect)
      this.expect = undefined
      this.waiters.shift()
      waiter.resolve(blob)
    }
  }
}
