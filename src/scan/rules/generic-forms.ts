/**
 * Named values written as something other than `name = value`, for the generic rules to judge:
 * a two-argument setter call, dictionary entry or SQL row (`System.setProperty("db.password", "…")`,
 * `{ "Password", "…" }`, `VALUES ('jwt-secret', '…')`), an XML element (`<password>…</password>`, Maven `settings.xml`) and a
 * key/value attribute pair (`<add key="ClearTextPassword" value="…" />`: nuget.config, .NET appSettings),
 * and a value indexed by name compared with a literal in a test (`Data["token"]…Equal("…")`).
 * Every quantifier is bounded, so each start position costs a bounded amount of work.
 */

import { credentialMaps, mayHoldCredentialMaps } from './credential-maps.js'
import { tableValues } from './doc-tables.js'
import { schemaExamples } from './schema-examples.js'
import { ESCAPED_MEMBER, LIST_OF_ONE, PROPERTY_LITERAL } from './embedded-assignments.js'

// A name ending in a plural (`credentials`, `tokens`), not in `ss` (`pass`, `access`).
const PLURAL = /[^s]s$/i

/** A name and the value given to it, with the value's offsets in the text. */
export interface NamedValue {
  name: string
  value: string
  start: number
  end: number
}

// A setter (`set…(`, `put…(`, `add…(`), PHP's `define(`, a brace or an SQL row (`VALUES ('jwt-secret', '…')`, a
// key/value table in a database dump), then `"name", "value"` and the closing `)`/`}`.
const PAIR =
  /(?:\b(?:set|put|add)[A-Za-z]{0,16}\(|\bdefine[ \t]{0,4}\(|\bvalues[ \t]{0,4}\(|\{)[ \t]{0,4}(["'])([\w.:-]{1,60})\1[ \t]{0,4},[ \t]{0,4}(["'])([^"'\\\r\n]{1,300})\3[ \t]{0,4}[)}]/dgi
// The same setter with the name held in a constant or a field (`SetField(user.PasswordSecretKey, "…")`,
// a Secret built in a Go test): the identifier's last part names the value.
const SETTER_BY_CONSTANT =
  /\b(?:set|put|add)[A-Za-z]{0,16}\([ \t]{0,4}((?:[A-Za-z_]\w{0,40}\.){0,4}[A-Za-z_]\w{0,60})[ \t]{0,4},[ \t]{0,4}(["'])([^"'\\\r\n]{1,300})\2[ \t]{0,4}\)/dgi

// `<name>value</name>` on one line; the value holds no markup, quotes or spaces.
const ELEMENT = /<([A-Za-z_][\w.:-]{0,60})>([^<>\s"']{1,300})<\/\1>/dg

// `key="name" value="value"` in one element.
const KEY_VALUE = /\bkey=(["'])([\w.:-]{1,60})\1[ \t]{1,8}value=(["'])([^"'\r\n]{1,300})\3/dg

// A value indexed by name compared with a literal on one line, as tests assert what a Secret holds:
// `Expect(string(secret.Data["token"])).To(Equal("…"))`, `expect(data['token']).toBe('…')`.
const INDEXED_EQUALS =
  /\[(["'])([\w.:-]{1,60})\1\][^\r\n"'`]{0,80}\b(?:Equal|toBe|toEqual|assertEquals|equals|Is)\([ \t]{0,4}(["'`])([^"'`\\\r\n]{1,300})\3[ \t]{0,4}\)/dg

// A literal a test expects a credential-named field or variable to hold: Go's testify
// `require.Equal(t, "…", conf.DefaultToken)` (expected value first), Jest/Vitest's
// `expect(config.apiToken).toBe("…")`. The expression's last name names the value.
const EXPECTED_FIRST =
  /\b(?:assert|require)\.(?:Equal|EqualValues)\([ \t]{0,4}t[ \t]{0,4},[ \t]{0,4}"([^"\\\r\n]{1,300})"[ \t]{0,4},[ \t]{0,4}([^,"\r\n/]{1,120})/dg
const EXPECT_TO_BE =
  /\bexpect\([ \t]{0,4}([\w.$]{1,80})[ \t]{0,4}\)\.(?:toBe|toEqual|toStrictEqual)\([ \t]{0,4}(["'`])([^"'`\\\r\n]{1,300})\2[ \t]{0,4}\)/dg

// A call whose name says it sets or changes a credential, its last argument a string literal
// (`modifyKafkaUserPasswordWithNewSecret(ns, user, secretName, "…")`); earlier arguments are names,
// calls without nesting and numbers.
const CREDENTIAL_CALL =
  /\b((?:set|modify|update|change|reset|rotate)[A-Z][A-Za-z]{0,40}(?:Password|Secret|Token)[A-Za-z]{0,40})\((?:[^()"'\r\n]|\([^()"'\r\n]{0,120}\)){0,300}?"([^"\\\r\n]{8,300})"\)/dg

// A C preprocessor constant: `#define DB_PASSWORD "…"`.
const C_DEFINE = /#[ \t]{0,4}define[ \t]{1,8}([A-Za-z_]\w{0,60})[ \t]{1,8}"([^"\\\r\n]{1,300})"/dg

// A string assigned to an entry indexed by name: `os.environ["DB_PASSWORD"] = "…"`, Ruby's
// `ENV["DB_PASSWORD"] = "…"`, `config['api_token'] = '…'` (not a comparison: `==`).
const INDEXED_ASSIGN =
  /\[(["'])([\w.:-]{1,60})\1\][ \t]{0,4}\|{0,2}=(?![=~])[ \t]{0,4}(["'`])([^"'`\\\r\n]{1,300})\3/dg

// Dockerfile's legacy space form `ENV NAME value` (one variable, the rest of the line its value);
// `ENV NAME=value` is an assignment the generic rules read already.
const DOCKER_ENV =
  /^[ \t]{0,16}[Ee][Nn][Vv][ \t]{1,8}([A-Za-z_][\w.-]{0,80})[ \t]{1,8}(?:(["'])([^"'\\\r\n]{1,300})\2|([^\s"'=\\$][^\s"'\\]{0,299}))[ \t]*\r?$/dgm
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]*)?$|\.(?:docker|container)file$/i

// A Terraform input variable whose name says secret and whose block gives it a `default` literal:
// `variable "db_password" { type = string  default = "…" }`. The block's other lines hold no braces
// (a nested `validation {}` block ends the search: such defaults are left unread).
const TERRAFORM_DEFAULT =
  /\bvariable[ \t]{1,4}"([\w-]{1,80})"[ \t]{0,4}\{[^{}]{0,600}?\bdefault[ \t]{0,16}=[ \t]{0,4}"([^"\\\r\n$]{1,300})"/dg

// An environment variable read with a default in code: Python's `os.environ.get("SECRET_KEY", "…")`,
// `os.getenv(…)`, django-environ's `env("…", default="…")`, python-decouple's `config(…, default=…)`,
// Laravel's `env('APP_SECRET', '…')`, Ruby's `ENV.fetch("…", "…")`; and Node's `process.env.NAME || "…"`
// (`??`). The default is what runs wherever the variable is unset: a value under the variable's name.
const ENV_DEFAULT =
  /(?<![\w$.])(?:os\.environ\.get|os\.getenv|environ\.get|getenv|env(?:\.str)?|config|ENV\.fetch)\([ \t]{0,4}(["'])([A-Za-z_][\w.-]{0,80})\1[ \t]{0,4},[ \t]{0,4}(?:default[ \t]{0,4}=[ \t]{0,4})?(["'])([^"'\\\r\n]{1,300})\3[ \t]{0,4}[,)]/dg
const NODE_ENV_DEFAULT =
  /\bprocess\.env\.([A-Za-z_]\w{0,80})[ \t]{0,4}(?:\|\||\?\?)[ \t]{0,4}(["'`])([^"'`\\\r\n]{1,300})\2/dg

// A bare value written right after `=` that opens with `#`, `)` or `&` (a `.env` line, a compose
// `- NAME=…` item), which the assignment rules' bare value cannot open with: taken only when it is a
// Django secret key (50 characters of its alphabet to a space, a quote or the line's end).
const BARE_DJANGO_KEY = /(?<![\w.-])([A-Za-z_][\w.-]{0,80})=([#)&][a-z0-9!@#$%^&*(\-_=+)]{49})(?![^\s"'`])/dg

/** The last name of an expression (`string(ps.Data[constants.AgentPasswordKey])` → `AgentPasswordKey`). */
function lastName(expression: string): string {
  return /([A-Za-z_]\w{0,80})[^\w]*$/.exec(expression)?.[1] ?? ''
}

/**
 * Windows `[from, to)` of whole lines, ascending: where a name the generic rules take can be. Every
 * form here lies on one line, so matching each window alone gives the matches of the whole text there.
 */
export type LineWindows = readonly (readonly [number, number])[]

/** Dockerfile `ENV NAME value` lines, quoted value or bare. */
function* dockerEnv(text: string, windows: LineWindows): Generator<NamedValue> {
  for (const found of matches(DOCKER_ENV, text, 1, 3, windows)) yield found
  for (const found of matches(DOCKER_ENV, text, 1, 4, windows)) yield found
}

function* matches(
  regex: RegExp,
  text: string,
  name: number,
  value: number,
  windows: LineWindows,
): Generator<NamedValue> {
  for (const [from, to] of windows) {
    const part = from === 0 && to === text.length ? text : text.slice(from, to)
    regex.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = regex.exec(part)) !== null) {
      const span = match.indices?.[value]
      if (span === undefined) continue
      yield { name: match[name] ?? '', value: match[value] ?? '', start: from + span[0], end: from + span[1] }
    }
  }
}

/**
 * Every setter-call, dictionary-entry, XML-element, key/value-attribute, string-literal assignment
 * and credential-mapping value in `text`, with its name; only in `windows` when given (the lines holding a
 * secret-like name's keyword: elsewhere every name is one the generic rules drop); `present`: the
 * keywords of the lowercased text (the keyword pass's), which tell a text without `variable`.
 */
export function* namedValues(
  text: string,
  windows?: LineWindows,
  path = '',
  present?: ReadonlySet<string>,
): Generator<NamedValue> {
  const lines = windows ?? [[0, text.length] as const]
  // Each form's literal is looked for in the windows' lines, where its matches lie: a dozen
  // searches of every whole file for words most lack were 4 % of a scan of argo-cd. The lines are
  // joined by a line break, which no literal holds, so none is found across two of them.
  const seen = windows === undefined ? text : windows.map(([from, to]) => text.slice(from, to)).join('\n')
  if (seen.includes('define')) yield* matches(C_DEFINE, text, 1, 2, lines)
  if (seen.includes('"]') || seen.includes("']")) yield* matches(INDEXED_ASSIGN, text, 2, 4, lines)
  if (DOCKERFILE.test(path)) yield* dockerEnv(text, lines)
  // The block spans lines: read whole (the name's line alone does not hold the value).
  if ((present === undefined || present.has('variable')) && text.includes('variable'))
    yield* matches(TERRAFORM_DEFAULT, text, 1, 2, [[0, text.length]])
  if (seen.includes(',')) yield* matches(ENV_DEFAULT, text, 2, 4, lines)
  if (seen.includes('process.env')) yield* matches(NODE_ENV_DEFAULT, text, 1, 3, lines)
  if (seen.includes('=#') || seen.includes('=)') || seen.includes('=&'))
    yield* matches(BARE_DJANGO_KEY, text, 1, 2, lines)
  if (seen.includes(',')) yield* matches(PAIR, text, 2, 4, lines)
  if (seen.includes(',')) yield* matches(SETTER_BY_CONSTANT, text, 1, 3, lines)
  if (seen.includes('</')) yield* matches(ELEMENT, text, 1, 2, lines)
  if (seen.includes('value=')) yield* matches(KEY_VALUE, text, 2, 4, lines)
  if (seen.includes('"]') || seen.includes("']")) yield* matches(INDEXED_EQUALS, text, 2, 4, lines)
  // A call: its `(` is on a window's line too (`: Secret` lines by the thousand hold none).
  if (seen.includes('(') && (seen.includes('Password') || seen.includes('Secret') || seen.includes('Token')))
    yield* matches(CREDENTIAL_CALL, text, 1, 2, lines)
  if (seen.includes('Equal(t,'))
    for (const found of matches(EXPECTED_FIRST, text, 2, 1, lines))
      yield { ...found, name: lastName(found.name) }
  if (seen.includes('expect('))
    for (const found of matches(EXPECT_TO_BE, text, 1, 3, lines))
      yield { ...found, name: lastName(found.name) }
  if (seen.includes('=')) yield* matches(PROPERTY_LITERAL, text, 1, 2, lines)
  if (seen.includes('\\"')) yield* matches(ESCAPED_MEMBER, text, 1, 2, lines)
  // Under a plural name a list is a list of things (`"allowed_credentials": ["<credential id>"]`, a
  // WebAuthn session): its one member is an item, not the value a form field holds.
  if (seen.includes('["') || seen.includes('[\\"'))
    for (const found of matches(LIST_OF_ONE, text, 2, 3, lines)) if (!PLURAL.test(found.name)) yield found
  if (mayHoldCredentialMaps(seen)) yield* credentialMaps(text, lines)
  if (SCHEMA_FILE.test(path)) yield* schemaExamples(text, lines)
  if (MARKDOWN_FILE.test(path) && seen.includes('|') && text.includes('---')) yield* tableValues(text)
}

// Where schemas and API documents are written (JSON Schema, OpenAPI), and Markdown's tables.
const SCHEMA_FILE = /\.(?:json|ya?ml)$/i
const MARKDOWN_FILE = /\.(?:md|markdown)$/i

// A command-line option given its value after a space (`--masterkey "…"` in a compose `command:`, a
// script); `--name=value` is an assignment the generic rules read already. The value is a quoted
// string or a bare word that expands nothing, followed by a space, a closing quote or the line's end.
const CLI_OPTION =
  /(?<![\w.-])--?([A-Za-z][\w.-]{1,60})[ \t]{1,4}(?:(["'])([^"'\s$`\\]{1,300})\2|([^\s"'$`(){}<>|;&\\=-][^\s"'$`(){}<>|;&\\]{0,299}))(?=[\s"',\]]|$)/dg

/** A `--option value` pair; `quoted` when the value was written in quotes. */
export interface OptionValue extends NamedValue {
  quoted: boolean
}

// An argument list's option and its value as separate strings: Go's `[]string{"--token", "…"}`,
// Python's `["--password", "…"]`, a compose `command: ["--token", "…"]`. A value never opens with
// `-`: that is the next option (`"--poll", "--token", "…"`: `--token` is no value of `--poll`).
const LISTED_OPTION =
  /(["'])--?([A-Za-z][\w.-]{1,60})\1[ \t]{0,4},[ \t]{0,4}(["'])([^"'\s$`\\-][^"'\s$`\\]{0,299})\3/dg

/** Every `--option value` pair in `windows` (lines holding a secret-like name's keyword). */
export function* cliOptions(text: string, windows: LineWindows): Generator<OptionValue> {
  for (const found of matches(CLI_OPTION, text, 1, 3, windows)) yield { ...found, quoted: true }
  for (const found of matches(CLI_OPTION, text, 1, 4, windows)) yield { ...found, quoted: false }
  const seen = windows.map(([from, to]) => text.slice(from, to)).join('\n')
  if (seen.includes('-') && seen.includes(','))
    for (const found of matches(LISTED_OPTION, text, 2, 4, windows)) yield { ...found, quoted: true }
}

// A call whose function is named for the credential it takes (`auth_simple_password("user", "…")`,
// `setToken("…")`, `WithClientSecret(ctx, "…")`): its string-literal arguments on the call's line.
// Which argument is the secret is unknown, so each literal is offered, named by the function.
const CALLEE = /\b([A-Za-z_]\w{0,80})[ \t]{0,2}\(/g
// How far an argument list is read: a call not closed by then is left unread.
const ARGUMENTS_REACH = 600

/**
 * The string-literal arguments of the calls in `windows` whose function `wanted` accepts. Each
 * character is read by one argument list at most (a call inside an argument list read already is
 * not read again), so the cost is linear in the windows' length.
 */
export function* callArguments(
  text: string,
  windows: LineWindows,
  wanted: (callee: string) => boolean,
): Generator<NamedValue> {
  for (const [from, to] of windows) {
    const part = text.slice(from, to)
    if (!part.includes('(')) continue
    CALLEE.lastIndex = 0
    let match: RegExpExecArray | null
    while ((match = CALLEE.exec(part)) !== null) {
      const open = match.index + match[0].length
      if (!wanted(match[1] ?? '')) continue
      const found: NamedValue[] = []
      let depth = 0
      let at = open
      let closed = false
      const end = Math.min(part.length, open + ARGUMENTS_REACH)
      while (at < end) {
        const char = part.charCodeAt(at)
        if (char === 10 || char === 13) break
        if (char === 34 || char === 39) {
          // A literal: up to its closing quote on the line; an escape ends the reading (left unjudged).
          const close = part.indexOf(String.fromCharCode(char), at + 1)
          const line = part.indexOf('\n', at + 1)
          const escape = part.indexOf('\\', at + 1)
          if (close < 0 || close >= end || (line >= 0 && line < close) || (escape >= 0 && escape < close))
            break
          if (close > at + 1)
            found.push({
              name: match[1] ?? '',
              value: part.slice(at + 1, close),
              start: from + at + 1,
              end: from + close,
            })
          at = close + 1
          continue
        }
        if (char === 40) depth++
        else if (char === 41) {
          if (depth === 0) {
            closed = true
            break
          }
          depth--
        }
        at++
      }
      if (closed) yield* found
      CALLEE.lastIndex = Math.max(CALLEE.lastIndex, at)
    }
  }
}
