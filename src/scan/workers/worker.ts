/**
 * Worker thread entry: builds the detector from a module URL (default: the engine) with plain-data
 * options, then scans the jobs the pool sends, reading files itself so contents never cross threads.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Detector } from '../types.js'
import { runJob } from './scan-job.js'
import type { JobInput } from './scan-job.js'

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
port.on('message', (message: { id: number; job: JobInput }) => {
  port.postMessage({ id: message.id, output: runJob(detector, message.job, init.maxFileSize) })
})
