/**
 * The documentation blocks of Ansible modules and plugins: Python strings assigned at module level
 * to `DOCUMENTATION`, `EXAMPLES` and `RETURN`, which `ansible-doc` renders (options and their
 * defaults, example playbook tasks, sample return values). Every module of every collection has
 * them, and collections are committed whole into playbook repositories; a value there is an example
 * for the reader to replace (`api_key: "9775a0…"` in a Datadog task), not this repository's setting.
 */

// `EXAMPLES = r'''` at the start of a line (module level), with an optional string prefix.
const DOC_HEAD = /^(?:DOCUMENTATION|EXAMPLES|RETURN)[ \t]{0,4}=[ \t]{0,4}[rRuU]?('''|""")/gm

/**
 * Offsets [start, end) of the Ansible documentation blocks of a Python file's `text`, ascending:
 * from the opening triple quote to its closing one (the file's end when it is not closed).
 */
export function ansibleDocBlocks(text: string): [number, number][] {
  const ranges: [number, number][] = []
  DOC_HEAD.lastIndex = 0
  for (let head = DOC_HEAD.exec(text); head !== null; head = DOC_HEAD.exec(text)) {
    const open = head.index + head[0].length
    const close = text.indexOf(head[1] ?? "'''", open)
    const end = close < 0 ? text.length : close
    ranges.push([open, end])
    DOC_HEAD.lastIndex = end
  }
  return ranges
}
