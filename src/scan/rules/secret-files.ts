/**
 * Files whose name says what they hold, so the value has no name beside it:
 * - a file that is one secret and nothing else: Docker Compose and Swarm secrets
 *   (`secrets: db_password: file: ./db/password.txt`), `kubectl create secret --from-file` sources,
 *   `*_FILE` variables' targets;
 * - the credential files of curl/git/ftp (`.netrc`: `machine H login U password P`, also as an entry
 *   written elsewhere) and of libpq (`.pgpass`: `host:port:database:user:password` per line).
 */
import { provider } from './define.js'
import { secretLikeValue } from './generic.js'
import type { Rule } from './types.js'

// `password.txt`, `db_password`, `postgres-root-password.txt`, `api_token`, `jwt.secret`: the last
// word of the file's name says what the value is; `.txt` or nothing after it.
// Erlang's `.erlang.cookie` (RabbitMQ, CouchDB) is one too: the cluster's shared cookie.
const SECRET_FILE_NAME =
  /(?:^|\/)(?:(?:[\w.-]{0,60}[_.-])?(?:password|passwd|pwd|secret|token|api[_-]?key)s?(?:\.txt)?|\.erlang\.cookie)$/i
// The whole file: one value, whitespace around it at most.
const WHOLE_FILE = /^[ \t\r\n]{0,40}([^\s]{6,300})[ \t\r\n]{0,40}$/

// `.netrc`/`_netrc` (curl, git, ftp) and `.pgpass` (PostgreSQL), as their programs look them up.
const NETRC_NAME = /(?:^|\/)[._]?netrc$/i
const PGPASS_NAME = /(?:^|\/)\.?pgpass(?:\.conf)?$/i
// netrc tokens are whitespace-separated, anywhere on a line or across lines: `password` then a value.
const NETRC_PASSWORD = /(?<![^\s])password[ \t\r\n]+([^\s]{1,300})/
// A netrc entry written anywhere else (a values.yaml block, a Dockerfile's `printf … > ~/.netrc`, a
// CI script): `machine <host name> [login <user>] [account <a>] password <value>`, on one line or
// across lines (real line breaks, indentation, `\n` escapes). The host has a dot: prose about a
// machine names none.
const NETRC_SEP = '(?:[ \\t\\r\\n]|\\\\n){1,40}'
const NETRC_ENTRY = new RegExp(
  `(?<![^\\s"'>])machine[ \\t]{1,8}[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8}(?::[0-9]{1,5})?` +
    `(?:${NETRC_SEP}(?:login|account)[ \\t]{1,8}[^\\s"'\\\\]{1,200}){0,2}${NETRC_SEP}password[ \\t]{1,8}([^\\s"'\\\\]{1,300})`,
)
// `host:port:database:user:password`; `\:` escapes a colon inside a field; the password runs to the
// end of the line (a colon in it needs no escape).
const PGPASS_FIELD = '(?:[^:\\\\\\r\\n]|\\\\.){1,200}'
const PGPASS_LINE = new RegExp(`^[ \\t]*(?!#)${PGPASS_FIELD}(?::${PGPASS_FIELD}){3}:([^\\r\\n]{1,300})$`, 'm')

// coturn's turnserver.conf: `user=<name>:<password>` (or `:0x<key>`, the HMAC of name, realm and
// password) at a line's start, a static long-term credential of the TURN server. A commented line is
// coturn's own sample.
const COTURN_USER = /^[ \t]*user=[^\s:#]{1,64}:([^\s#]{1,300})[ \t]*\r?$/m

/** Secret-file rules. */
export const SECRET_FILE_RULES: readonly Rule[] = [
  provider('secret-file', 'Secret kept as a whole file', [], WHOLE_FILE, {
    severity: 'medium',
    description:
      'A file named for a password, secret or token whose whole content is one random-looking value (a Docker secret, a `--from-file` source).',
    paths: SECRET_FILE_NAME,
    // Judged as a value under a password name in a config file is: a person's short password counts.
    validate: (secret) => secretLikeValue(secret, [], true),
  }),
  provider('netrc-password', 'Password in a .netrc file', ['password'], NETRC_PASSWORD, {
    description: 'A password in a `.netrc` file, which curl, git and ftp send to the machine it names.',
    paths: NETRC_NAME,
    validate: (secret) => secretLikeValue(secret, [], true),
  }),
  provider('netrc-entry-password', 'Password in a netrc entry', ['machine'], NETRC_ENTRY, {
    description:
      'A `machine … login … password …` entry outside a `.netrc` file (a Helm value, a Dockerfile or script that writes ~/.netrc): curl, git and ftp send the password to that host.',
    validate: (secret) => secretLikeValue(secret, [], true),
  }),
  provider('coturn-user-password', 'Password in a coturn user line', ['user='], COTURN_USER, {
    description:
      "A TURN user's password (or key) in coturn's `user=name:password` syntax: whoever holds it relays traffic through the server.",
    validate: (secret) => secretLikeValue(secret, []),
  }),
  provider('pgpass-password', 'Password in a .pgpass file', [], PGPASS_LINE, {
    description: 'A password in a PostgreSQL `.pgpass` file (`host:port:database:user:password`).',
    paths: PGPASS_NAME,
    validate: (secret) => secretLikeValue(secret, [], true),
  }),
]
