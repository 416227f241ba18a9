/** Masking secrets for output: reporters print these, never the raw value. */

/** Longest redacted line kept around the secret. */
const MAX_LINE = 200

/**
 * Mask a secret, keeping at most its first 4 characters (fewer for short secrets) so people can
 * tell which token it was: `ghp_*****`. Secrets shorter than 8 characters are fully masked.
 */
export function redactSecret(secret: string): string {
  const firstLine = secret.split('\n', 1)[0] ?? ''
  const keep = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0
  return `${firstLine.slice(0, Math.min(keep, firstLine.length))}*****`
}

/**
 * The line holding a secret with the secret masked, cut to about 200 characters around it.
 * `from`/`to` are the secret's offsets within `line` (`to` may pass the end for multi-line secrets).
 */
export function redactLine(line: string, from: number, to: number, secret: string): string {
  const end = Math.min(to, line.length)
  const masked = redactSecret(secret)
  const before = line.slice(0, from)
  const after = line.slice(end)
  let out = `${before}${masked}${after}`
  if (out.length > MAX_LINE) {
    const head = Math.max(0, before.length - 80)
    out = `${head > 0 ? '…' : ''}${before.slice(head)}${masked}${after.slice(0, 80)}${after.length > 80 ? '…' : ''}`
  }
  return out.trim()
}
