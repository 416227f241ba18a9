/** Secret keys whose environment-variable name says what they are, though no credential word is in it. */
import { provider, re } from './define.js'
import { assignment } from './define-assign.js'
import { secretLikeValue } from './generic.js'
import { wordsAroundCount } from '../demo-value.js'
import type { Rule } from './types.js'

// What the key does, as apps name it: Rails/Phoenix `SECRET_KEY_BASE`, `DATABASE_ENCRYPTION_KEY`,
// `TOTP_VAULT_KEY`, `JWT_SIGNING_KEY`… Upper case only: an environment variable (`.env`, compose
// `environment:`), not a config file's `encryption_key` (rspamd's is the server's public key).
const KINDS = ['ENCRYPTION', 'SIGNING', 'MASTER', 'VAULT', 'SESSION', 'JWT', 'HMAC', 'COOKIE']
// Laravel's `APP_KEY` (the key `php artisan key:generate` writes, `base64:` and 32 bytes) only alone:
// `PUSHER_APP_KEY` and the like name a public app identifier.
const NAME = `(?:(?:[A-Z][A-Z0-9]{0,20}_){0,4}(?:SECRET_KEY_BASE|(?:${KINDS.join('|')})_KEY)|APP_KEY)`

/** Secret keys named by what they do. */
export const NAMED_KEY_RULES: readonly Rule[] = [
  provider(
    'named-secret-key',
    'Secret key assigned in plain text',
    ['secret_key_base', 'app_key', ...KINDS.map((kind) => `${kind.toLowerCase()}_key`)],
    // `NAME=value`, `NAME: value`, quoted or not, or phpunit's `<env name="NAME" value="…"/>`; the value
    // (after Laravel's `base64:`) ends at a space, quote, tag end or line end.
    re(
      `<S>${NAME}(?:[ \\t]{0,4}(?:=|:[ \\t])[ \\t]{0,4}["']?|["'][ \\t]{1,8}value=["'])(?:base64:)?(?<secret>[A-Za-z0-9+/=_.~-]{16,300})(?=["']?(?:[ \\t]|/?>|$))`,
      'm',
    ),
    {
      severity: 'medium',
      description:
        'A key that signs or encrypts (sessions, cookies, tokens, database fields) assigned in plain text: whoever holds it can forge or decrypt what it protects.',
      validate: (secret) => secretLikeValue(secret, []) && !wordsAroundCount(secret),
    },
  ),
  provider(
    'erlang-cookie',
    'Erlang distribution cookie',
    ['erlang_cookie', 'erlangcookie', 'erlang-cookie', 'erlang.cookie'],
    // RabbitMQ's `RABBITMQ_ERLANG_COOKIE`, the Bitnami chart's `auth.erlangCookie`: nodes and CLI
    // tools that share it join the cluster and run code on every node.
    re(assignment('erlang[_.-]?cookie', '[A-Za-z0-9+/=_.~-]{16,255}'), 'i'),
    {
      description:
        'The shared cookie of an Erlang cluster (RabbitMQ, CouchDB, Elixir): whoever holds it can join the cluster and run code on its nodes.',
      validate: (secret) => secretLikeValue(secret, [], true),
    },
  ),
]
