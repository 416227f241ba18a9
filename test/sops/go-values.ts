/** What sops' Go does with each text of a `kind` (go-value-interop/main.go says which Go calls). */
import { runGoHarness } from '../support/go-harness.js'

const HARNESS = new URL('./go-value-interop/main.go', import.meta.url)

/** The Go harness's answers for `texts`, in order (null where Go refuses the text). */
export function goSopsValues(
  kind: 'float' | 'float-g' | 'time' | 'yaml-time' | 'decrypt-time',
  texts: readonly string[],
): unknown {
  return runGoHarness(HARNESS, { kind, texts })
}
