/**
 * sops' tree path syntax (`["data"]["password"]`, `["list"][0]`) for `--extract`, `set` and
 * `unset`: parse, read, write and delete.
 */
import { GitsealError } from '../core/errors.js'
import { Comment, Mapping } from './tree.js'
import type { Item, Value } from './tree.js'

/** One step of a path: a mapping key or a sequence index. */
export type PathStep = string | number

function badPath(path: string, why: string): GitsealError {
  return new GitsealError('E_BAD_PATH', `invalid path ${path}: ${why}`, {
    hint: 'Use sops path syntax: \'["key"]["nested"][0]\' (keys in double quotes, indexes bare).',
  })
}

/**
 * Parse `["a"][0]['b']`.
 * @throws GitsealError `E_BAD_PATH` for anything else.
 */
export function parseTreePath(path: string): PathStep[] {
  const steps: PathStep[] = []
  const re = /\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+))\s*\]/y
  let pos = 0
  while (pos < path.length) {
    re.lastIndex = pos
    const m = re.exec(path)
    if (!m) throw badPath(path, `unexpected text at ${String(pos)}`)
    if (m[1] !== undefined) steps.push(JSON.parse(`"${m[1]}"`) as string)
    else if (m[2] !== undefined) steps.push(m[2].replaceAll("\\'", "'"))
    else steps.push(Number(m[3]))
    pos = re.lastIndex
  }
  if (steps.length === 0) throw badPath(path, 'empty')
  return steps
}

function items(seq: Value[]): Value[] {
  return seq.filter((v) => !(v instanceof Comment))
}

/**
 * The value at `steps` in `branch`.
 * @throws GitsealError `E_BAD_PATH` when a step does not exist.
 */
export function getAtPath(branch: Mapping, steps: readonly PathStep[]): Value {
  let node: Value = branch
  for (const step of steps) {
    if (node instanceof Mapping && typeof step === 'string') {
      const found: Item | undefined = node.items.find((item) => item.key === step)
      if (!found) throw new GitsealError('E_BAD_PATH', `key "${step}" not found`, { hint: 'Check the path.' })
      node = found.value
    } else if (Array.isArray(node) && typeof step === 'number') {
      const list = items(node)
      const value = list[step < 0 ? list.length + step : step]
      if (value === undefined) throw new GitsealError('E_BAD_PATH', `index ${String(step)} out of range`)
      node = value
    } else {
      throw new GitsealError('E_BAD_PATH', `cannot step into ${JSON.stringify(step)} here`, {
        hint: 'Check the path.',
      })
    }
  }
  return node
}

/** Set the value at `steps`, creating mappings on the way (sops `Tree.Set`). */
export function setAtPath(branch: Mapping, steps: readonly PathStep[], value: Value): void {
  const [step, ...rest] = steps
  if (step === undefined) return
  if (typeof step !== 'string')
    throw new GitsealError('E_BAD_PATH', 'a sequence index cannot be set on a mapping')
  const found: Item | undefined = branch.items.find((item) => item.key === step)
  if (rest.length === 0) {
    if (found) found.value = value
    else branch.items.push({ key: step, value })
    return
  }
  let child = found?.value
  if (!(child instanceof Mapping) && !Array.isArray(child)) {
    child = typeof rest[0] === 'number' ? [] : new Mapping()
    if (found) found.value = child
    else branch.items.push({ key: step, value: child })
  }
  setInValue(child, rest, value)
}

function setInValue(node: Mapping | Value[], steps: readonly PathStep[], value: Value): void {
  if (node instanceof Mapping) {
    setAtPath(node, steps, value)
    return
  }
  const [step, ...rest] = steps
  if (typeof step !== 'number') throw new GitsealError('E_BAD_PATH', 'a key cannot be set on a sequence')
  const positions = node.flatMap((v, i) => (v instanceof Comment ? [] : [i]))
  const at = positions[step]
  if (rest.length === 0) {
    if (at === undefined) node.push(value)
    else node[at] = value
    return
  }
  let child = at === undefined ? undefined : node[at]
  if (!(child instanceof Mapping) && !Array.isArray(child)) {
    child = typeof rest[0] === 'number' ? [] : new Mapping()
    if (at === undefined) node.push(child)
    else node[at] = child
  }
  setInValue(child, rest, value)
}

/**
 * Remove the value at `steps`; returns false when it did not exist.
 * @throws GitsealError `E_BAD_PATH` when a step cannot apply.
 */
export function unsetAtPath(branch: Mapping, steps: readonly PathStep[]): boolean {
  const parentSteps = steps.slice(0, -1)
  const last = steps[steps.length - 1]
  let parent: Value
  try {
    parent = getAtPath(branch, parentSteps)
  } catch {
    return false
  }
  if (parent instanceof Mapping && typeof last === 'string') {
    const index = parent.items.findIndex((item) => item.key === last)
    if (index < 0) return false
    parent.items.splice(index, 1)
    return true
  }
  if (Array.isArray(parent) && typeof last === 'number') {
    const positions = parent.flatMap((v, i) => (v instanceof Comment ? [] : [i]))
    const at = positions[last]
    if (at === undefined) return false
    parent.splice(at, 1)
    return true
  }
  throw new GitsealError('E_BAD_PATH', `cannot remove ${JSON.stringify(last)} here`)
}
