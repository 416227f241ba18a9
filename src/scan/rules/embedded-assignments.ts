/**
 * Assignments written inside a string literal, for the generic rules to judge: a properties line
 * (`"spring.security.jwt.base64-secret=…"`, a Spring test's `properties = {…}`), which the generic
 * rules otherwise take for code in a source file, and a JSON member escaped inside a string
 * (`"{\"auth_token\": \"…\"}"`, a recorded HTTP body in a YAML cassette or a JSON log), whose
 * backslashes the generic rules do not read past; and a member whose value is a list of one string,
 * escaped or not (`{"token":["…"]}`: a form body as Go's `url.Values` marshals it, Slack's
 * slash-command payloads in tests). Both lie on one line; every quantifier is bounded
 * and neither crosses a quote, so each match attempt reads at most up to the next quote.
 */

/** `"name=value"`: the whole literal is one assignment (groups: 1 name, 2 value without quote, space or `=`). */
export const PROPERTY_LITERAL = /"([A-Za-z_][\w.-]{0,120})=([^"'\s\\=]{1,300})"/dg

/** `\"name\": \"value\"`: a JSON member inside an escaped string (groups: 1 name, 2 value). */
export const ESCAPED_MEMBER = /\\"([\w.:-]{1,60})\\"[ \t]{0,4}:[ \t]{0,4}\\"([^"\\\r\n]{1,300})\\"/dg

/** `"name": ["value"]`, its quotes escaped or not (groups: 1 the escape, 2 name, 3 value). */
export const LIST_OF_ONE =
  /(\\?)"([\w.:-]{1,60})\1"[ \t]{0,4}:[ \t]{0,4}\[[ \t]{0,4}\1"([^"\\\r\n]{1,300})\1"[ \t]{0,4}\]/dg
