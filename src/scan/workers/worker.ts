/**
 * Worker thread entry: builds the detector from a module URL (default: the engine) with plain-data
 * options, then scans the jobs the pool sends, reading files itself so contents never cross threads.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Detector } from '../types.js'
import { runJob } from './scan-job.js'
import type { JobInput, JobOutput } from './scan-job.js'

/** One job's result, as the worker sends it back (in batches: `JobResult[]`). */
export interface JobResult {
  id: number
  output: JobOutput
}

/** What the pool passes as `workerData`. */
export interface WorkerInit {
  detectorModule: string
  detectorOptions: unknown
  maxFileSize: number
}

const init = workerData as WorkerInit
const module = (await import(init.detectorModule)) as { createDetector: (options: unknown) => Detector }
const detector = module.createDetector(init.detectorOptions)
const port = parentPort
if (port === null) throw new Error('worker.js must run in a worker thread')
// Results go back in batches: the jobs that arrived together are answered with one message once
// they are all scanned (a message per small file cost ~7 % of a worker's time on chart collections).
let outbox: JobResult[] = []
const flush = (): void => {
  const batch = outbox
  outbox = []
  port.postMessage(batch)
}
port.on('message', (message: { id: number; job: JobInput }) => {
  if (outbox.length === 0) setImmediate(flush)
  outbox.push({ id: message.id, output: runJob(detector, message.job, init.maxFileSize) })
})
