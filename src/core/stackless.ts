/**
 * Running code that builds many errors nobody reads the stacks of. The YAML parser makes an error
 * object per problem, and a Helm template or other non-YAML text makes thousands: capturing their
 * stack traces was a tenth of the scanner's time on a chart collection.
 */

/** `run()` with stack-trace capture off (restored afterwards, also when `run` throws). */
export function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return run()
  } finally {
    Error.stackTraceLimit = limit
  }
}
