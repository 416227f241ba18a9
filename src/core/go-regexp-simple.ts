/**
 * A matcher for the simple Go regular expressions `.sops.yaml` files hold (`\.sops\.ya?ml$`,
 * `kubernetes/.*\.enc\.ya?ml`, `^(data|stringData)$`), so a scan need not load re2js (~260 KB to
 * compile, a few milliseconds per process) for them. Only `test` (an unanchored search); anything
 * outside its syntax — flags, escapes other than punctuation, counted repetition, lazy
 * quantifiers, non-ASCII characters, `^`/`$` other than at the ends — is left to re2js, so the
 * answers stay exactly Go's. A Thompson NFA: linear in the text whatever the pattern.
 */

/** One step of the program: a character test, a fork, a jump, end-of-text, or the match. */
type Instruction =
  | { op: 'char'; test: (code: number) => boolean; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jump'; to: number }
  | { op: 'end'; next: number }
  | { op: 'match' }

/** Syntax trees: a character test, a sequence, an alternation, a repetition. */
type Node =
  | { kind: 'char'; test: (code: number) => boolean }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; item: Node; min: 0 | 1; /** 1 or Infinity. */ max: number }

/** Thrown by the parser for anything outside the simple syntax: the caller uses re2js. */
class NotSimple extends Error {}

const META = new Set('\\.+*?()|[]{}^$')
const PUNCTUATION = /^[!-/:-@[-`{-~]$/
const ALNUM = /^[A-Za-z0-9]$/

function printableAscii(c: string): boolean {
  const code = c.charCodeAt(0)
  return code >= 0x20 && code < 0x7f
}

/** Recursive descent over `pattern` from `at`. */
class Parser {
  at = 0
  constructor(readonly pattern: string) {}

  peek(): string | undefined {
    return this.pattern[this.at]
  }

  alternation(): Node {
    const options = [this.sequence()]
    while (this.peek() === '|') {
      this.at++
      options.push(this.sequence())
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options }
  }

  sequence(): Node {
    const items: Node[] = []
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const atom = this.atom()
      const q = this.peek()
      if (q === '*' || q === '+' || q === '?') {
        this.at++
        // Lazy (`*?`), possessive-looking or nested repetition: re2js says what Go makes of it.
        if (['*', '+', '?', '{'].includes(this.peek() ?? '')) throw new NotSimple()
        items.push({ kind: 'repeat', item: atom, min: q === '+' ? 1 : 0, max: q === '?' ? 1 : Infinity })
      } else items.push(atom)
    }
    return { kind: 'seq', items }
  }

  atom(): Node {
    const c = this.pattern[this.at++] ?? ''
    if (c === '(') {
      if (this.peek() === '?') throw new NotSimple() // flags, named or non-capturing groups
      const inner = this.alternation()
      if (this.pattern[this.at++] !== ')') throw new NotSimple()
      return inner
    }
    if (c === '[') return this.characterClass()
    if (c === '.') return { kind: 'char', test: (code) => code !== 10 }
    if (c === '\\') return literal(this.escaped())
    if (META.has(c) || !printableAscii(c)) throw new NotSimple()
    return literal(c)
  }

  /** The punctuation character after a `\` (Go reads `\.` as `.`); any other escape is not simple. */
  escaped(): string {
    const c = this.pattern[this.at++] ?? ''
    if (!PUNCTUATION.test(c)) throw new NotSimple()
    return c
  }

  /** `[...]` or `[^...]` of ASCII characters, `\`-escaped punctuation and alphanumeric ranges. */
  characterClass(): Node {
    const negated = this.peek() === '^'
    if (negated) this.at++
    const ranges: [number, number][] = []
    for (let first = true; ; first = false) {
      let c = this.pattern[this.at++]
      if (c === undefined || (first && c === ']') || c === '[') throw new NotSimple()
      if (c === ']') break
      if (c === '\\') c = this.escaped()
      else if (!printableAscii(c)) throw new NotSimple()
      if (this.peek() === '-' && this.pattern[this.at + 1] !== ']') {
        const to = this.pattern[this.at + 1] ?? ''
        if (!ALNUM.test(c) || !ALNUM.test(to) || to < c) throw new NotSimple()
        this.at += 2
        ranges.push([c.charCodeAt(0), to.charCodeAt(0)])
      } else {
        // A `-` between two ranges or characters (`[a-c-e]`) is not simple; at either end it is literal.
        if (c === '-' && !first && this.peek() !== ']') throw new NotSimple()
        ranges.push([c.charCodeAt(0), c.charCodeAt(0)])
      }
    }
    const inSet = (code: number): boolean => ranges.some(([from, to]) => code >= from && code <= to)
    return { kind: 'char', test: negated ? (code) => !inSet(code) : inSet }
  }
}

function literal(c: string): Node {
  const expected = c.charCodeAt(0)
  return { kind: 'char', test: (code) => code === expected }
}

/** Appends the instructions of `node` to `program`; each leaves control at the next instruction. */
function emit(node: Node, program: Instruction[]): void {
  if (node.kind === 'char') program.push({ op: 'char', test: node.test, next: program.length + 1 })
  else if (node.kind === 'seq') for (const item of node.items) emit(item, program)
  else if (node.kind === 'alt') {
    const jumps: { op: 'jump'; to: number }[] = []
    node.options.forEach((option, i) => {
      const split = { op: 'split' as const, a: program.length + 1, b: 0 }
      const last = i === node.options.length - 1
      if (!last) program.push(split)
      emit(option, program)
      if (!last) {
        const jump = { op: 'jump' as const, to: 0 }
        jumps.push(jump)
        program.push(jump)
        split.b = program.length
      }
    })
    for (const jump of jumps) jump.to = program.length
  } else if (node.max === 1) {
    const split = { op: 'split' as const, a: program.length + 1, b: 0 }
    program.push(split)
    emit(node.item, program)
    split.b = program.length
  } else {
    // `x*`: L: split(body, out); body; jump L. `x+`: body once, then `x*`.
    if (node.min === 1) emit(node.item, program)
    const loop = program.length
    const split = { op: 'split' as const, a: loop + 1, b: 0 }
    program.push(split)
    emit(node.item, program)
    program.push({ op: 'jump', to: loop })
    split.b = program.length
  }
}

/** A compiled simple pattern: `test(text)` as Go's `regexp.MatchString`. */
export interface SimpleGoRegExp {
  test(text: string): boolean
}

/**
 * `pattern` compiled when it is simple (see the module comment), else undefined: the caller
 * compiles it with re2js, which also says why an invalid one is.
 */
export function simpleGoRegExp(pattern: string): SimpleGoRegExp | undefined {
  const anchoredStart = pattern.startsWith('^')
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$')
  const body = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined)
  const parser = new Parser(body)
  let tree: Node
  try {
    tree = parser.alternation()
    if (parser.at !== body.length) return undefined // an unmatched `)`
  } catch (error) {
    if (error instanceof NotSimple) return undefined
    throw error
  }
  // `^a|b` is `(^a)|b` in Go: anchors only where they bind the whole pattern.
  if ((anchoredStart || anchoredEnd) && tree.kind === 'alt') return undefined
  if (body === '') return undefined
  const program: Instruction[] = []
  emit(tree, program)
  if (anchoredEnd) program.push({ op: 'end', next: program.length + 1 })
  program.push({ op: 'match' })
  const dfa = new LazyDfa(program, anchoredStart)
  return { test: (text) => dfa.test(text) }
}

/**
 * The NFA run as a DFA built lazily (as RE2 does): a state is the set of instructions the threads
 * stand on, its transitions made on first use. In this syntax every character outside ASCII acts
 * alike (literals and class members are ASCII), so there are 129 input classes. Each step costs one
 * table lookup, or once per new transition a pass over the program: linear in the text. Past
 * {@link MAX_STATES} states the table is dropped and rebuilt as needed.
 */
class LazyDfa {
  /** Per state: the instructions its threads stand on, and its {@link NOW}/{@link AT_END}/{@link DEAD} flags. */
  #pcs: number[][] = []
  #flags = new Uint8Array(16)
  readonly #ids = new Map<string, number>()
  /** Next state by `state * CLASSES + class`; -1: not made yet. */
  #table = new Int32Array(16 * CLASSES).fill(-1)
  #resets = 0

  constructor(
    readonly program: Instruction[],
    readonly anchoredStart: boolean,
  ) {}

  /** The state of the threads on `pcs` (plus a new thread at the start unless anchored), by id. */
  #state(pcs: readonly number[], withStart: boolean): number {
    const seen = new Uint8Array(this.program.length)
    const stack = withStart ? [...pcs, 0] : [...pcs]
    const on: number[] = []
    let flags = 0
    while (stack.length > 0) {
      const pc = stack.pop() as number
      if (seen[pc] === 1) continue
      seen[pc] = 1
      const instruction = this.program[pc] as Instruction
      if (instruction.op === 'split') stack.push(instruction.b, instruction.a)
      else if (instruction.op === 'jump') stack.push(instruction.to)
      else if (instruction.op === 'end')
        flags |= AT_END // only `match` follows it
      else if (instruction.op === 'match') flags |= NOW | AT_END
      else on.push(pc)
    }
    if (on.length === 0) flags |= DEAD
    on.sort((x, y) => x - y)
    const key = `${on.join(',')}|${flags}`
    let id = this.#ids.get(key)
    if (id === undefined) {
      if (this.#pcs.length >= MAX_STATES) this.#reset()
      id = this.#pcs.length
      this.#pcs.push(on)
      this.#ids.set(key, id)
      if (id >= this.#flags.length) this.#grow()
      this.#flags[id] = flags
    }
    return id
  }

  #grow(): void {
    const flags = new Uint8Array(this.#flags.length * 2)
    flags.set(this.#flags)
    const table = new Int32Array(flags.length * CLASSES).fill(-1)
    table.set(this.#table)
    this.#flags = flags
    this.#table = table
  }

  #reset(): void {
    this.#resets++
    this.#pcs = []
    this.#ids.clear()
    this.#table.fill(-1)
  }

  /** The state after `state` reads a character of class `cls` (an ASCII code, or 128 for any other). */
  #step(state: number, cls: number): number {
    const moved: number[] = []
    for (const pc of this.#pcs[state] ?? []) {
      const instruction = this.program[pc] as Instruction
      if (instruction.op === 'char' && instruction.test(cls)) moved.push(instruction.next)
    }
    const resets = this.#resets
    const next = this.#state(moved, !this.anchoredStart)
    // After a reset `state` names nothing: the transition is simply not remembered.
    if (this.#resets === resets) this.#table[state * CLASSES + cls] = next
    return next
  }

  test(text: string): boolean {
    let state = this.#state([], true)
    const length = text.length
    for (let at = 0; ;) {
      const flags = this.#flags[state] ?? 0
      if ((flags & NOW) !== 0) return true
      if (at >= length) return (flags & AT_END) !== 0
      if ((flags & DEAD) !== 0 && this.anchoredStart) return false
      let code = text.charCodeAt(at++)
      if (code >= 128) {
        // A surrogate pair is one character, as Go reads one rune; every non-ASCII one acts alike.
        if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(at) & 0xfc00) === 0xdc00) at++
        code = 128
      }
      const next = this.#table[state * CLASSES + code] ?? -1
      state = next >= 0 ? next : this.#step(state, code)
    }
  }
}

/** Flags of a DFA state: it has matched; it matches if the text ends here; no thread is left. */
const NOW = 1
const AT_END = 2
const DEAD = 4
/** Input classes: each ASCII code, and one for everything else. */
const CLASSES = 129
/** States kept at most (a pattern of ~1,000 characters has ~1,000 instructions). */
const MAX_STATES = 2048
