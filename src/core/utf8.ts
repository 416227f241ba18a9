/**
 * Text input must be UTF-8: decoding invalid bytes as U+FFFD would seal or encrypt a value other
 * than the one the user has, without a word. Invalid input is refused instead.
 */
import { GitsealError } from './errors.js'
import type { ErrorCode } from './errors.js'
import { printable } from './printable.js'

const strict = new TextDecoder('utf-8', { fatal: true })

/**
 * Decode UTF-8 (a leading BOM is dropped, as YAML and JSON readers do) or refuse.
 * @throws GitsealError `code` naming `file` when the bytes are not valid UTF-8.
 */
export function decodeUtf8Strict(
  bytes: Uint8Array,
  file: string,
  code: ErrorCode = 'E_BAD_MANIFEST',
): string {
  try {
    return strict.decode(bytes)
  } catch (cause) {
    throw new GitsealError(
      code,
      `${printable(file)}: not valid UTF-8 text; refusing to change its bytes silently`,
      {
        cause,
        file,
        hint: 'Save the file as UTF-8. Binary values belong base64-encoded under data: (or use --input-type binary for sops).',
      },
    )
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * True when `text` holds a lone UTF-16 surrogate: a YAML or JSON escape such as `\ud800` without
 * its pair. It has no UTF-8 encoding; encoding it writes U+FFFD, another value than the user's.
 */
export function holdsLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text)
}
