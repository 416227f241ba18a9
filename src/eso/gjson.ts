/**
 * `remoteRef.property` is a gjson path (github.com/tidwall/gjson): `.` separates levels and
 * `* ? | # @ \` have meanings. A Secret key such as `tls.crt` must therefore be escaped, or ESO
 * looks for `{"tls": {"crt": …}}`. ESO's AWS provider (`escapeDotsIfRequired`, v2.9.0) first tries
 * the property with every `.` escaped and falls back to the raw path; older releases only do the raw
 * lookup. An escaped property works with both, so gitseal always emits the escaped form.
 */

// gjson's isSafePathKeyChar: everything else gets a backslash (gjson.Escape).
function isSafePathKeyChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code <= 0x20 ||
    code > 0x7e ||
    code === 0x5f ||
    code === 0x2d ||
    code === 0x3a
  )
}

/** Escape one object key as a gjson path component, as `gjson.Escape` does (`tls.crt` → `tls\.crt`). */
export function escapeGjsonKey(key: string): string {
  let out = ''
  for (const char of key) {
    const code = char.codePointAt(0) ?? 0
    out += isSafePathKeyChar(code) ? char : `\\${char}`
  }
  return out
}

/** Result of looking a property up in a remote value. */
export type PropertyLookup = 'found' | 'missing' | 'unsupported'

/**
 * Whether `property` resolves in the JSON text `payload` the way ESO's AWS provider resolves it.
 * Supports plain and escaped paths over objects and array indexes; wildcard, query, modifier and
 * pipe paths return `unsupported` rather than a guess.
 */
export function lookupProperty(payload: string, property: string): PropertyLookup {
  let root: unknown
  try {
    root = JSON.parse(payload)
  } catch {
    return 'missing'
  }
  if (property.includes('.')) {
    const literal = walk(root, property.replaceAll('.', '\\.'))
    if (literal === 'found') return literal
  }
  return walk(root, property)
}

function walk(root: unknown, path: string): PropertyLookup {
  const components = splitPath(path)
  if (components === undefined) return 'unsupported'
  let node = root
  for (const component of components) {
    if (Array.isArray(node)) {
      if (!/^[0-9]+$/.test(component)) return 'missing'
      node = node[Number(component)]
      if (node === undefined) return 'missing'
    } else if (typeof node === 'object' && node !== null) {
      if (!Object.prototype.hasOwnProperty.call(node, component)) return 'missing'
      node = (node as Record<string, unknown>)[component]
    } else return 'missing'
  }
  return 'found'
}

/** Split at unescaped dots and unescape; `undefined` when the path uses gjson features beyond keys. */
function splitPath(path: string): string[] | undefined {
  const components: string[] = []
  let current = ''
  for (let i = 0; i < path.length; i++) {
    const char = path[i] ?? ''
    if (char === '\\') {
      i++
      current += path[i] ?? ''
    } else if (char === '.') {
      components.push(current)
      current = ''
    } else if (char === '*' || char === '?' || char === '|') return undefined
    else if ((char === '#' || char === '@' || char === '!') && current === '') return undefined
    else current += char
  }
  components.push(current)
  return components
}
