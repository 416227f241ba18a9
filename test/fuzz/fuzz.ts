/**
 * Shared settings for property and fuzz tests: a fixed seed and a small budget in CI,
 * more runs with `npm run fuzz` (FUZZ_RUNS=n, FUZZ_SEED=s to reproduce a failure).
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { isGitsealError } from '../../src/core/errors.js'

/** fast-check parameters: `runs` scaled by FUZZ_RUNS / 100. */
export function fuzzParams(runs = 100): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS ?? 100) / 100
  const seed = process.env.FUZZ_SEED === undefined ? 0x9175ea1 : Number(process.env.FUZZ_SEED)
  return { numRuns: Math.max(1, Math.round(runs * scale)), seed }
}

/** What a call did: returned, or threw `error`. */
export type Outcome = { threw: false } | { threw: true; error: unknown }

/** Run `fn` and say how it ended (the assertions belong outside the catch). */
export function outcome(fn: () => unknown): Outcome {
  try {
    fn()
    return { threw: false }
  } catch (error) {
    return { threw: true, error }
  }
}

/** Async version of {@link outcome}. */
export async function outcomeAsync(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    await fn()
    return { threw: false }
  } catch (error) {
    return { threw: true, error }
  }
}

/** Assert that `fn` either returns or throws a GitsealError — never any other exception. */
export function onlyGitsealErrors(fn: () => unknown): Outcome {
  return expectOnlyGitsealError(outcome(fn))
}

/** Async version of {@link onlyGitsealErrors}. */
export async function onlyGitsealErrorsAsync(fn: () => Promise<unknown>): Promise<Outcome> {
  return expectOnlyGitsealError(await outcomeAsync(fn))
}

function expectOnlyGitsealError(result: Outcome): Outcome {
  const error = result.threw ? result.error : undefined
  expect(result.threw && !isGitsealError(error), `threw a non-GitsealError: ${String(error)}`).toBe(false)
  return result
}

/** Text that looks a bit like YAML/JSON manifests: keys, indentation, flow syntax, anchors, junk. */
export const manifestLikeText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'apiVersion: v1',
        'kind: Secret',
        'kind: List',
        'items:',
        'metadata:',
        '  name: x',
        '  namespace: ns',
        'data:',
        'stringData:',
        '  k: dg==',
        '  k: "not base64"',
        '  k: 0755',
        '  k: [a, b]',
        '  k: {a: 1}',
        '  k: &a [*a]',
        '  "a/b": v',
        'type: kubernetes.io/tls',
        'immutable: yes',
        '---',
        '...',
        '{',
        '}',
        '[',
        '- ',
        '  - apiVersion: v1',
        '    kind: Secret',
        '%YAML 1.1',
        '!!binary aGk=',
        '\t',
        '\u0000',
      ),
      fc.string({ maxLength: 40 }),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.join('\n'))
