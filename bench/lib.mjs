// Shared helpers for `npm run bench`: timing, medians and Markdown tables.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

/** Time `fn` `runs` times (after one warm-up) and return median/min/max in milliseconds. */
export async function measure(fn, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn()
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return summarize(times)
}

/**
 * CPU milliseconds (user + system) of this process's waited-for children and their descendants,
 * from /proc (Linux; 10 ms ticks), or undefined elsewhere. On a shared machine wall time measures
 * the neighbours too; CPU time is what a process itself cost.
 */
function childCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // Fields after the command name (which may hold spaces): cutime and cstime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100
  } catch {
    return undefined
  }
}

/**
 * Time a whole process (`command args...`) `runs` times; throws if it fails. `cpu`: the same
 * statistics of its CPU time (its children's included), when the platform tells it.
 */
export function measureProcess(
  command,
  args,
  { runs = 10, warmup = 2, input, cwd, env, okCodes = [0] } = {},
) {
  const once = () => {
    const cpuBefore = childCpuMs()
    const start = performance.now()
    const result = spawnSync(command, args, {
      input,
      cwd,
      env: env ?? process.env,
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    const elapsed = performance.now() - start
    const cpuAfter = childCpuMs()
    if (!okCodes.includes(result.status)) {
      throw new Error(
        `${command} ${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`,
      )
    }
    return { elapsed, cpu: cpuBefore === undefined ? undefined : cpuAfter - cpuBefore }
  }
  for (let i = 0; i < warmup; i++) once()
  const samples = []
  for (let i = 0; i < runs; i++) samples.push(once())
  const cpu = samples.every((sample) => sample.cpu !== undefined)
    ? summarize(samples.map((sample) => sample.cpu))
    : undefined
  return { ...summarize(samples.map((sample) => sample.elapsed)), cpu }
}

function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted.at(-1), runs: times.length }
}

/** `12.3 ms (11.9–13.0)` */
export function formatMs({ median, min, max }) {
  const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
  return `${f(median)} ms (${f(min)}–${f(max)})`
}

/** A Markdown table from a header row and rows. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** `0.42×` — how long `ours` took relative to `peer` (below 1 is faster). */
export function ratio(ours, peer) {
  return `${(ours.median / peer.median).toFixed(2)}×`
}

/** Throughput of `bytes` processed in the median time, e.g. `312 MB/s`. */
export function throughput(bytes, { median }) {
  return `${(bytes / 1e6 / (median / 1000)).toFixed(0)} MB/s`
}
