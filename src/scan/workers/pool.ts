/**
 * A small worker_threads pool: N workers each running `worker.js`, jobs sent to the least busy one.
 * Results come back by job id; a worker crash fails every job in flight (the scan then fails).
 */
import { Worker } from 'node:worker_threads'
import type { JobInput, JobOutput } from './scan-job.js'
import type { JobResult, WorkerInit } from './worker.js'

interface Slot {
  worker: Worker
  busy: number
}

interface Pending {
  resolve: (output: JobOutput) => void
  reject: (error: unknown) => void
  slot: Slot
}

/** A pool of scanning workers. */
export class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private failure: Error | undefined
  private closing = false

  /** Start `size` workers running `workerUrl` with `init`. */
  constructor(size: number, workerUrl: URL, init: WorkerInit) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(workerUrl, { workerData: init })
      const slot: Slot = { worker, busy: 0 }
      worker.on('message', (batch: JobResult[]) => {
        for (const { id, output } of batch) {
          const entry = this.pending.get(id)
          if (entry === undefined) continue
          this.pending.delete(id)
          entry.slot.busy--
          entry.resolve(output)
        }
      })
      worker.on('error', (error) => {
        this.fail(error)
      })
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`scan worker exited with code ${code}`))
      })
      this.slots.push(slot)
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length
  }

  /** Scan `job` on the least busy worker; its content's buffer is transferred, not copied, when it can be. */
  run(job: JobInput): Promise<JobOutput> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const slot = this.slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best))
    const id = this.nextId++
    slot.busy++
    const content = job.content
    const transfer =
      content !== undefined && content.byteOffset === 0 && content.byteLength === content.buffer.byteLength
        ? [content.buffer as ArrayBuffer]
        : []
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot })
      slot.worker.postMessage({ id, job }, transfer)
    })
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
  }

  private fail(error: Error): void {
    this.failure ??= error
    for (const entry of this.pending.values()) entry.reject(this.failure)
    this.pending.clear()
  }
}
