/**
 * The bodies of enum declarations in source code (TypeScript, Java, C#, Kotlin, Swift): a closed set
 * of named constants — brands, labels, IDs — whose members are no configuration. A member named
 * after a credential (`OnePassword = "bada5566-…"`, an enum of password managers) names a kind of
 * thing; its value identifies it and authenticates nothing.
 */

// `enum Name {`, `const enum Name {`, C#'s `enum Name : byte {`, Kotlin's `enum class Name(…) {` (no
// nested parentheses). Every quantifier is bounded.
const ENUM_HEAD =
  /\benum[ \t]{1,4}(?:class[ \t]{1,4})?[A-Za-z_$][\w$]{0,80}[ \t]{0,4}(?:\([^()\r\n]{0,200}\)[ \t]{0,4})?(?::[ \t]{0,4}[\w.]{1,40}[ \t]{0,4})?\{/g

/**
 * Offsets [start, end) of the enum bodies of `text`, ascending: from the `{` to the first `}` after
 * it (a Java enum's members come before any method body's braces).
 */
export function enumBodies(text: string): [number, number][] {
  const ranges: [number, number][] = []
  ENUM_HEAD.lastIndex = 0
  for (let head = ENUM_HEAD.exec(text); head !== null; head = ENUM_HEAD.exec(text)) {
    const open = head.index + head[0].length
    const close = text.indexOf('}', open)
    const end = close < 0 ? text.length : close
    ranges.push([open, end])
    ENUM_HEAD.lastIndex = end
  }
  return ranges
}
