/**
 * A file that is one secret and nothing else, named for what it holds: Docker Compose and Swarm
 * secrets (`secrets: db_password: file: ./db/password.txt`), `kubectl create secret --from-file`
 * sources, `*_FILE` variables' targets. No name sits beside the value, so the assignment rules never
 * see it; the file's name is the name.
 */
import { provider } from './define.js'
import { secretLikeValue } from './generic.js'
import type { Rule } from './types.js'

// `password.txt`, `db_password`, `postgres-root-password.txt`, `api_token`, `jwt.secret`: the last
// word of the file's name says what the value is; `.txt` or nothing after it.
const SECRET_FILE_NAME =
  /(?:^|\/)(?:[\w.-]{0,60}[_.-])?(?:password|passwd|pwd|secret|token|api[_-]?key)s?(?:\.txt)?$/i
// The whole file: one value, whitespace around it at most.
const WHOLE_FILE = /^[ \t\r\n]{0,40}([^\s]{6,300})[ \t\r\n]{0,40}$/

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
]
