/**
 * Clean-up on the signals that end a command from outside: Ctrl-C (SIGINT), kill (SIGTERM), a
 * closed terminal or SSH session (SIGHUP) and Ctrl-\ (SIGQUIT). Commands holding plaintext in a
 * temp file (`edit`, `exec-env`, `exec-file`, secret writes) must remove it on each of them.
 */

/** The signals {@link onTerminationSignal} listens to. */
const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']

const handlers = new Set<(signal: NodeJS.Signals) => void>()
let installed = false

/**
 * One process listener per signal, installed once and kept: removing Node's last listener closes
 * its signal handle, and a signal caught but not yet dispatched on that handle is dropped, so a
 * loop of short registrations (one per secret write) could swallow a Ctrl-C.
 */
function dispatch(signal: NodeJS.Signals): void {
  for (const handler of [...handlers]) handler(signal)
  // Nobody holds the signal any more and no one else listens: let it do what it does by default.
  if (handlers.size === 0 && process.listenerCount(signal) === 1) {
    for (const each of TERMINATION_SIGNALS) process.off(each, dispatch)
    installed = false
    process.kill(process.pid, signal)
  }
}

/**
 * Call `handler` on any termination signal until the returned function is called. While it is
 * registered Node does not exit on these signals: the child (same process group) gets them too,
 * and the command finishes with its own error once the child has gone. A handler that unregisters
 * itself, with no other handler or listener left, lets the signal end the process as usual.
 */
export function onTerminationSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  const registered = (signal: NodeJS.Signals): void => handler(signal)
  handlers.add(registered)
  if (!installed) {
    for (const signal of TERMINATION_SIGNALS) process.on(signal, dispatch)
    installed = true
  }
  return () => {
    handlers.delete(registered)
  }
}
