/**
 * The store-neutral tree sops encrypts: ordered mappings, sequences, typed leaves and comments.
 * Mirrors sops' `TreeBranch`, so walk order, paths and MAC input match sops exactly.
 */

/** A comment line (text after `#`), kept in place and encrypted like a value (`type:comment`). */
export class Comment {
  constructor(
    readonly text: string,
    /** A line comment that followed a value on the same line (YAML). */
    readonly inline = false,
  ) {}
}

/** A YAML timestamp, kept as its Go `time.MarshalText` (RFC 3339 with nanoseconds) form. */
export class SopsTime {
  constructor(readonly text: string) {}

  /** `Format(time.RFC3339)`: without the fraction (sops' dotenv and INI output). */
  get rfc3339(): string {
    return this.text.replace(/\.\d+/, '')
  }

  /** False for a zone offset of 24 hours or more, which Go 1.20+ `MarshalText` (so sops) refuses. */
  get marshals(): boolean {
    return !/[+-](2[4-9]|[3-9]\d):\d\d$/.test(this.text)
  }
}

/** Bytes that are not valid UTF-8 (binary files); sops encrypts them as `type:str`. */
export class SopsBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** A scalar value: `bigint` is sops' `int`, `number` its `float64`. */
export type Leaf = string | bigint | number | boolean | SopsTime | SopsBytes

/** Any tree value. `null` leaves are never encrypted and never enter the MAC. */
export type Value = Leaf | null | Mapping | Value[] | Comment

/** One mapping entry; a `Comment` key is a comment line standing between entries. */
export interface Item {
  key: string | Comment
  value: Value
}

/** An ordered mapping (sops `TreeBranch`); duplicate keys are kept as they came. */
export class Mapping {
  constructor(readonly items: Item[] = []) {}

  /** The value of the first item called `key`, or undefined. */
  get(key: string): Value | undefined {
    return this.items.find((item) => item.key === key)?.value
  }
}

/** Plain JSON-like data, used for the `sops` metadata block before it is typed. */
export type Plain = string | number | bigint | boolean | null | Plain[] | { [key: string]: Plain }

/** Convert a tree value to plain data (comments dropped; times as text; ints as bigint). */
export function toPlain(value: Value): Plain {
  if (value instanceof Mapping) {
    const out: Record<string, Plain> = {}
    for (const item of value.items) {
      if (typeof item.key === 'string') Object.defineProperty(out, item.key, plainProp(toPlain(item.value)))
    }
    return out
  }
  if (Array.isArray(value)) return value.filter((v) => !(v instanceof Comment)).map(toPlain)
  if (value instanceof SopsTime) return value.text
  if (value instanceof SopsBytes) return Buffer.from(value.bytes).toString('utf8')
  if (value instanceof Comment) return null
  return value
}

/** Convert plain data to a tree value (numbers that are integers become `bigint`). */
export function fromPlain(value: Plain): Value {
  if (Array.isArray(value)) return value.map(fromPlain)
  if (value !== null && typeof value === 'object') {
    return new Mapping(Object.entries(value).map(([key, v]) => ({ key, value: fromPlain(v) })))
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  return value
}

// `__proto__` must stay an ordinary key, never the prototype.
function plainProp(value: Plain): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true }
}

/** A leaf or comment as text (comments and times by their text, numbers in JavaScript form). */
export function leafText(value: Leaf | Comment): string {
  if (typeof value === 'string') return value
  if (value instanceof Comment || value instanceof SopsTime) return value.text
  if (value instanceof SopsBytes) return Buffer.from(value.bytes).toString('utf8')
  return String(value)
}
