/**
 * CPU time (user + system of this process) in milliseconds. Linear-time bounds are checked in CPU
 * time, not wall time: a loaded CI runner deschedules a test for seconds (a 0.2 s pass measured
 * 2.3 s of wall time at load 25) but adds little CPU time to it. Work in child processes is not
 * counted: time a `runCli` by the wall clock.
 */
export function cpuMark(): NodeJS.CpuUsage {
  return process.cpuUsage()
}

/** CPU milliseconds since `mark` (from {@link cpuMark}). */
export function cpuMsSince(mark: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(mark)
  return (used.user + used.system) / 1000
}

/** CPU milliseconds that synchronous `work` takes. */
export function cpuMs(work: () => unknown): number {
  const mark = cpuMark()
  work()
  return cpuMsSince(mark)
}
