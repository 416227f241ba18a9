/**
 * Reading many small files one `await` at a time leaves the CPU idle while each read waits on the
 * disk. `readAhead` keeps a few reads in flight and hands the results over in input order.
 */

/** How many reads `readAhead` keeps in flight by default. */
export const READ_AHEAD = 16

/**
 * Yield `read(item)` for each item, in order, with up to `window` reads started ahead. A rejected read
 * is rethrown when its turn comes; the reads already started after it are left to settle unobserved.
 */
export async function* readAhead<T, R>(
  items: readonly T[],
  read: (item: T) => Promise<R>,
  window = READ_AHEAD,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = []
  let next = 0
  const fill = (): void => {
    while (next < items.length && pending.length < window) {
      const promise = read(items[next++] as T)
      promise.catch(() => undefined) // observed when its turn comes; never an unhandled rejection
      pending.push(promise)
    }
  }
  fill()
  while (pending.length > 0) {
    const result = await (pending.shift() as Promise<R>)
    fill()
    yield result
  }
}
