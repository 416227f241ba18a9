/**
 * Values that say where something is: URLs, also written behind a storage backend's name as restic,
 * rclone and Kopia write a repository (`s3:https://minio:9000/bucket`, `rest:http://host:8000/`).
 * Without userinfo a URL is an address whatever key it sits under (`RESTIC_REPOSITORY`,
 * `client_secret_url`); with a password, the password is judged as any URL's is.
 */

// One backend name (`s3`, `rest`, `swift`, `azure`, `gs`, `b2`, `rclone`) may stand before the scheme.
const BACKEND = String.raw`(?:[a-z][a-z0-9]{0,15}:)?`
const SCHEME = String.raw`[a-z][a-z0-9+.-]*:\/\/`

// Groups: the user and the password of the userinfo, when there is one.
const URL_VALUE = new RegExp(String.raw`^${BACKEND}${SCHEME}(?:([^/@\s:]*)(?::([^/@\s]*))?@)?[^\s]*$`, 'i')
const URL_START = new RegExp(`^${BACKEND}${SCHEME}`, 'i')
const URL_PASSWORD = new RegExp(String.raw`^${BACKEND}${SCHEME}[^/@\s:]*:([^/@\s]+)@`, 'i')

/** The userinfo of `value` when the whole of it is one URL (a backend's name may lead), else undefined. */
export function urlParts(value: string): { user: string; password: string | undefined } | undefined {
  const url = URL_VALUE.exec(value)
  return url === null ? undefined : { user: url[1] ?? '', password: url[2] }
}

/** True when `value` starts as a URL does (a backend's name may lead): the URL rules judge it. */
export function startsAsUrl(value: string): boolean {
  return URL_START.test(value)
}

/** True when the whole of `value` is one URL with no password in its userinfo: an address. */
export function isAddress(value: string): boolean {
  const url = urlParts(value)
  return url !== undefined && (url.password === undefined || url.password === '')
}

/** The password in a URL's userinfo that starts `word` (`mysql://app:…@db`), else undefined. */
export function urlPasswordOf(word: string): string | undefined {
  return URL_PASSWORD.exec(word)?.[1]
}
