/** Credentials embedded in URLs and requests: connection strings, basic auth, HTTP auth headers, `curl -u`. */
import { isPlaceholder } from '../placeholder.js'
import { isDemoValue, passwordRepeatsUser } from '../demo-value.js'
import { strictBase64 } from './key-structure.js'
import { provider } from './define.js'
import { gapped } from './gapped.js'
import { jwtOk } from '../validators.js'
import type { Rule } from './types.js'
import { secretLikeValue } from './generic.js'

const URL_REMEDIATION =
  'Change the password, take it out of the URL (use a separate protected Secret or an ExternalSecret and build the URL at runtime), and remove it from history.'

// Passwords people write in examples and charts; a URL with one of these is documentation.
export const PLACEHOLDER_PASSWORDS =
  /^(?:pass(?:word|wd)?|pwd|secret|user|admin|root|test|token|guest|mypass(?:word)?|\*+|x+|\.+|-+)$/i
// Hosts reserved for documentation (RFC 2606/6761).
const EXAMPLE_HOST =
  /@[^/\s]*(?:example\.(?:com|org|net)|\.example(?![\w-])|\.test(?![\w-])|\.invalid(?![\w-]))/i

// `DB_PASSWORD`, `PERSONAL_ACCESS_TOKEN`: a name standing for the password in documentation.
const NAMED_PLACEHOLDER = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/
// The credential word such a name holds; `PW` only as a word of its own (`DOMAIN_ADMIN_PW`).
const CREDENTIAL_NAME_WORD = /PASS|PWD|TOKEN|SECRET|KEY|(?:^|_)PW(?:_|$)/

// The user part opens a template it does not close (`redis://${PASSWORD:-}@host`): the `:` and `@`
// the rule matched belong to the template, so what follows is not a password.
const OPEN_TEMPLATE_USER = /^[^:]*:\/\/[^:@]*(?:\$\{[^}]*|\{\{(?:[^}]|\}(?!\}))*|<[^>]*)$/

/** `secret` with its URL escapes decoded (`p%40ss` is `p@ss`), or as it is when they are malformed. */
function unescaped(secret: string): string {
  try {
    return decodeURIComponent(secret)
  } catch {
    return secret
  }
}

function urlPasswordOk(secret: string, match: RegExpExecArray | undefined): boolean {
  if (PLACEHOLDER_PASSWORDS.test(secret) || isPlaceholder(secret) || isDemoValue(secret)) return false
  // A password in a URL is written escaped; the person typed the text it decodes to.
  const typed = unescaped(secret)
  if (typed !== secret && (PLACEHOLDER_PASSWORDS.test(typed) || isPlaceholder(typed) || isDemoValue(typed)))
    return false
  if (NAMED_PLACEHOLDER.test(secret) && CREDENTIAL_NAME_WORD.test(secret)) return false
  const whole = match?.[0] ?? ''
  const user = whole.slice(0, whole.indexOf(':', whole.indexOf('://') + 3))
  if (OPEN_TEMPLATE_USER.test(user)) return false
  // `postgres://hydra:hydra@…`: a password repeating the user name is a demo set-up.
  if (passwordRepeatsUser(user.slice(user.indexOf('://') + 3), secret)) return false
  // `https://user:p@ss@host`: an unescaped `@` cut the password short; one or two characters is never one.
  if (secret.length < 3) return false
  // `http://host:80#@other`, `…:80?@…`: a port, then a fragment or query the authority ends at (an
  // open-redirect test payload), not `user:password@`.
  if (/^\d{1,5}[#?]/.test(secret)) return false
  // One short run of lowercase letters (`wrong`, `koeltest`): a word a person typed, as the generic
  // rules read such a value. Generators mix in digits or capitals; a passphrase of words joined by
  // `-` (`correct-horse-battery-staple`) is still judged.
  if (/^[a-z]{3,10}$/.test(typed)) return false
  return !EXAMPLE_HOST.test(whole)
}

// A signed JWT's three parts.
const JWT_SHAPE = /^eyJ[\w-]{4,}\.eyJ[\w-]{4,}\.[\w-]+$/

// What base64 of `user:password` decodes to: printable, a colon after the user.
const USER_PASSWORD = /^[\x21-\x39\x3b-\x7e]{1,64}:[\x20-\x7e]*$/

/**
 * A `Basic` credential must decode to `user:password` with a real password; tokens pass as they
 * are, but for one that is base64 of `user:password` (`Bearer am9objpw…`), judged as `Basic` is.
 */
function authorizationOk(secret: string, match: RegExpExecArray | undefined): boolean {
  const decoded = strictBase64(secret)?.toString('utf8') ?? ''
  if (!/Basic[ \t]+$/i.test((match?.[0] ?? '').slice(0, -secret.length)) && !USER_PASSWORD.test(decoded))
    return (
      !isDemoValue(secret) &&
      // A token a test names in words (`clienttoken_admin_elevated`, `invalid-token-12345`): judged as
      // an assignment's value is.
      secretLikeValue(secret, []) &&
      !(JWT_SHAPE.test(secret) && !jwtOk(secret)) // a bearer JWT as the JWT rule judges one
    )
  const colon = decoded.indexOf(':')
  const password = decoded.slice(colon + 1)
  // No user name (`:<token>`): services that take a token as the password of an empty user (ntfy, GitLab).
  const named = colon > 0 || (colon === 0 && password.length >= 16)
  // One or two characters (`notexisting:pw`) stand for a password; no password is so short.
  return (
    named &&
    password.length >= 3 &&
    !PLACEHOLDER_PASSWORDS.test(password) &&
    !isPlaceholder(password) &&
    !isDemoValue(password)
  )
}

/**
 * A `Bearer …` value with no header name to say what it is: the token must look generated (digits
 * among its letters) and pass the value filters of an assignment (`Bearer upstream-test-token-12345`,
 * `Bearer accesstoken-expired` are a test's words), then is judged as the header's value is.
 */
function bearerValueOk(secret: string): boolean {
  return /\d/.test(secret) && secretLikeValue(secret, []) && authorizationOk(secret, undefined)
}

// A `curl` command with a `-u`/`--user` option (name, colon, password) up to 300 characters later on its line.
const CURL_USER = gapped(
  '\\bcurl\\b',
  300,
  `[ \\t](?:-u|--user)(?:[ \\t]{0,4}|=)["']?[^\\s:"'$]{0,64}:(?=([^\\s"']{3,200}))\\1(?=["']?(?:\\s|$))`,
)

function urlRule(id: string, title: string, schemes: string[]): Rule {
  return provider(
    id,
    title,
    ['://'],
    new RegExp(
      // User and password are matched atomically (`(?=(x))\1`): their classes exclude the `:`/`@`
      // that follows, so backtracking could never help and only costs time on adversarial input.
      `(?<![A-Za-z0-9+.-])(?:${schemes.join('|')}):\\/\\/(?=([^\\s:@/"'<>\`]{0,256}))\\1:(?=(?<secret>[^\\s@/"'<>\`]{1,256}))\\k<secret>@[^\\s/"'<>\`@]{1,256}`,
      'i',
    ),
    { validate: urlPasswordOk, remediation: URL_REMEDIATION },
  )
}

/** URL credential rules. */
export const URL_RULES: readonly Rule[] = [
  urlRule('postgres-url-password', 'PostgreSQL connection URL with a password', [
    'postgres',
    'postgresql',
    'postgis',
    'cockroachdb',
    'timescaledb',
  ]),
  urlRule('mysql-url-password', 'MySQL/MariaDB connection URL with a password', [
    'mysql',
    'mysqlx',
    'mariadb',
    'mysql\\+pymysql',
    'mysql\\+mysqldb',
  ]),
  urlRule('mongodb-url-password', 'MongoDB connection URL with a password', ['mongodb', 'mongodb\\+srv']),
  urlRule('redis-url-password', 'Redis connection URL with a password', ['redis', 'rediss', 'valkey']),
  // `rabbit://` is OpenStack oslo.messaging's transport URL; `pyamqp://`/`librabbitmq://` are Celery brokers.
  urlRule('amqp-url-password', 'AMQP/RabbitMQ connection URL with a password', [
    'amqp',
    'amqps',
    'rabbitmq',
    'rabbit',
    'pyamqp',
    'librabbitmq',
  ]),
  urlRule('mssql-url-password', 'SQL Server / Oracle connection URL with a password', [
    'mssql',
    'sqlserver',
    'oracle',
    'db2',
  ]),
  urlRule('clickhouse-url-password', 'ClickHouse connection URL with a password', [
    'clickhouse',
    'clickhouses',
  ]),
  urlRule('broker-url-password', 'Message broker URL with a password (NATS, MQTT, Kafka, STOMP)', [
    'nats',
    'tls',
    'mqtt',
    'mqtts',
    'kafka',
    'stomp',
    'ssl',
  ]),
  urlRule('ldap-url-password', 'LDAP URL with a password', ['ldap', 'ldaps']),
  urlRule('smtp-url-password', 'SMTP/IMAP/FTP URL with a password', [
    'smtp',
    'smtps',
    'imap',
    'imaps',
    'pop3',
    'ftp',
    'ftps',
    'sftp',
  ]),
  urlRule('basic-auth-url', 'Password or token in a URL (basic auth)', [
    'https?',
    'git\\+https?',
    'wss?',
    'ssh',
    'git',
    'svn',
    'svn\\+ssh',
  ]),
  provider(
    'http-authorization-header',
    'Credential in an HTTP Authorization header',
    ['authorization'],
    // `curl -H "Authorization: Bearer …"`, `headers: {Authorization: 'Basic …'}`, HTTP test files.
    /Authorization["']?[ \t]{0,4}[:=,][ \t]{0,4}["']?(?:Bearer|Token|Basic)[ \t]{1,4}(?=([A-Za-z0-9._~+/=-]{16,2000}))\1(?![A-Za-z0-9._~+/=$-])/i,
    { minEntropy: 3.5, validate: authorizationOk, remediation: URL_REMEDIATION },
  ),
  provider(
    'http-bearer-value',
    'Bearer token written as a header value on its own',
    ['bearer'],
    // The value of an Authorization header as a string or element text of its own, ending with the
    // token: a test's expected `"Bearer …"`, `<entry key='…authorization'>Bearer …</entry>`.
    /(?<=["'`>])Bearer[ \t]{1,4}(?=([A-Za-z0-9._~+/=-]{16,2000}))\1(?=["'`<])/i,
    { minEntropy: 3.5, validate: bearerValueOk, remediation: URL_REMEDIATION },
  ),
  provider('curl-user-password', 'Password in a curl -u/--user option', ['curl'], CURL_USER.regex, {
    validate: urlPasswordOk,
    remediation: URL_REMEDIATION,
    search: CURL_USER.search,
  }),
  provider(
    'jdbc-password',
    'JDBC / ADO.NET connection string with a password',
    ['password=', 'pwd='],
    /(?:jdbc:[a-z0-9:]{2,30}\/\/[^\s"'<>]{1,300}?|(?:Server|Data Source|Host)=[^;\s"']{1,200};[^\s"']{0,300}?)[;?&](?:password|pwd)=([^;&\s"'<>]{1,256})/i,
    { validate: urlPasswordOk, remediation: URL_REMEDIATION },
  ),
]
