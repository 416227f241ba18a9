/**
 * Django's SECRET_KEY as Django makes it: `get_random_secret_key()` draws 50 characters from
 * `abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)` (`startproject` writes it after
 * `django-insecure-`). That alphabet holds the characters of code and templates, so about 1 key in
 * 30 opens like something else (`=…` a comparison, `$ab…` a `$VAR`, `v()&…` a call, `%(ab)s` a format
 * field, `a=b&c=d` a list of pairs, a bare `)` or `&` ending the value): the key is known by its
 * length, alphabet and spread instead.
 */
import { shannonEntropy } from '../entropy.js'

const DJANGO_KEY = /^(?:django-insecure-)?[a-z0-9!@#$%^&*(\-_=+)]{50}$/
// The same written bare (a `.env` line, a compose `- NAME=…` item): it runs to a space, a quote or the line's end.
const DJANGO_RUN = /(?:django-insecure-)?[a-z0-9!@#$%^&*(\-_=+)]{50}(?![^\s"'`])/y
// 50 draws from 50 characters spread out: the lowest of 300,000 real keys scored 4.24 bits; a phrase
// someone typed to fill 50 characters (`change_me_to_a_long_random_string_please…`) about 3.9.
const SPREAD = 4.1
// Characters of template and code syntax in the alphabet; a key is judged as placeholder or
// reference with them left out (`$(`, `%(`, `((`, a leading `=` are chance, not syntax, here).
const SYNTAX = /[$()%=]/g

/** True when `value` is a Django secret key as Django generates it (with or without `django-insecure-`). */
export function isDjangoSecretKey(value: string): boolean {
  return DJANGO_KEY.test(value) && shannonEntropy(value.slice(-50)) >= SPREAD
}

/** The Django secret key written bare at `at` of `text`, or undefined when none is there. */
export function djangoKeyAt(text: string, at: number): string | undefined {
  DJANGO_RUN.lastIndex = at
  const key = DJANGO_RUN.exec(text)?.[0]
  return key !== undefined && isDjangoSecretKey(key) ? key : undefined
}

/** A Django key without its syntax-like characters, for the placeholder and reference filters. */
export function djangoKeyText(value: string): string {
  return value.replace(SYNTAX, '')
}
