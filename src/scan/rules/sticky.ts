/**
 * A rule's own search tries its regex at chosen starts: each regex gets one sticky copy (without
 * `g`), made on first use and kept while the regex lives.
 */
export function stickyCopies(): (regex: RegExp) => RegExp {
  const copies = new WeakMap<RegExp, RegExp>()
  return (regex) => {
    let sticky = copies.get(regex)
    if (sticky === undefined) {
      sticky = new RegExp(regex.source, `${regex.flags.replace('g', '')}y`)
      copies.set(regex, sticky)
    }
    return sticky
  }
}
