/**
 * Clean-up on the signals that end a command from outside: Ctrl-C (SIGINT), kill (SIGTERM), a
 * closed terminal or SSH session (SIGHUP) and Ctrl-\ (SIGQUIT). Commands holding plaintext in a
 * temp file (`edit`, `exec-env`, `exec-file`) must remove it on each of them.
 */

/** The signals {@link onTerminationSignal} listens to. */
const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']

/**
 * Call `handler` on any termination signal until the returned function is called. While it is
 * registered Node does not exit on these signals: the child (same process group) gets them too,
 * and the command finishes with its own error once the child has gone.
 */
export function onTerminationSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of TERMINATION_SIGNALS) process.on(signal, handler)
  return () => {
    for (const signal of TERMINATION_SIGNALS) process.off(signal, handler)
  }
}
