/** File names that are not valid UTF-8: Node can list them but not open them by a string path. */

/** Why an entry whose name is not valid UTF-8 is not read. */
export const UNDECODABLE_NAME = 'its name is not valid UTF-8, so gitseal cannot open it: rename it'

/** `name` with every byte outside printable ASCII as `\xNN`, as gitseal prints control characters. */
export function escapedName(name: Buffer): string {
  let out = ''
  for (const byte of name) {
    out +=
      byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`
  }
  return out
}
