/**
 * Parsing `git log -p -U0 --full-index` output as it streams, in bytes: per file of each commit,
 * its new blob id, mode and added line ranges. A hunk's body is skipped by the line counts of its
 * `@@` header, never decoded or looked at: an added line is content, so one reading `+++ /dev/null`
 * (or holding a carriage return before it) cannot pass for a header and hide its file. A new small
 * file's body is its whole text: it is kept (see {@link PatchFile.text}), so the blob need not be
 * read again.
 */
import { GitsealError } from '../../core/errors.js'
import { unquoteGitPath } from '../../io/git.js'
import { redactText } from '../redact.js'
import type { CommitInfo } from '../types.js'
import type { LineRanges } from './types.js'

/** Starts each commit's header line (the `--format` of the log). */
export const COMMIT_MARK = '\x1eGITSEAL\x1f'

const NEWLINE = 10
const BACKSLASH = 92
const SPACE = 32
const PLUS = 43
const MINUS = 45

/** A file changed by a commit, as read from the patch. */
export interface PatchFile {
  path: string
  sha: string
  mode: string
  deleted: boolean
  binary: boolean
  added: LineRanges
  /**
   * A new file's text as its patch spells it (its one hunk's lines, up to the parser's capture
   * limit), unverified: the caller checks it against `sha` before trusting it.
   */
  text?: Uint8Array
}

/** One file's patch in one commit, as the parser hands it over. */
export interface FinishedPatch {
  commit: CommitInfo
  file: PatchFile
}

/** Parse a commit header line written by our `--format`. */
function parseCommitLine(line: string): CommitInfo {
  const [sha = '', author = '', email = '', date = '', message = ''] = line
    .slice(COMMIT_MARK.length)
    .split('\x1f')
  // The subject is printed in reports (JSON, SARIF): masked like a reported line, never raw.
  return { sha, author, email, date, message: redactText(message) }
}

/** The path of `diff --git a/P b/P` (both sides are equal without rename detection). */
function pathFromDiffHeader(header: string): string {
  const rest = header.slice('diff --git '.length)
  if (rest.startsWith('"')) {
    const end = rest.indexOf('" ')
    return unquoteGitPath(rest.slice(0, end + 1)).slice(2)
  }
  return rest.slice(2, (rest.length - 1) / 2)
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/
const COMBINED_HUNK = /^(@{3,}) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @{3,}/

/** The path of `diff --cc P` (a merge's combined diff names the path once). */
function combinedPath(header: string): string {
  const rest = header.slice('diff --cc '.length)
  return rest.startsWith('"') ? unquoteGitPath(rest) : rest
}

/** The text of a new file's hunk being kept, line by line. */
class NewText {
  bytes: Buffer
  size = 0
  lines = 0
  /** Set by `\ No newline at end of file` after the last line. */
  unterminated = false

  /** `bytes`: where to write (grown as needed; the parser hands the same one to each file). */
  constructor(
    readonly expected: number,
    readonly limit: number,
    bytes: Buffer,
  ) {
    this.bytes = bytes
  }

  /** Add a body line (its `+` dropped) and its newline; false once over the limit. */
  add(line: Uint8Array, start: number, end: number): boolean {
    const size = this.size + end - start
    // (One more byte: the last newline may be no part of the text.)
    if (size > this.limit + 1) return false
    if (size > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.limit + 1, Math.max(this.bytes.length * 2, size)))
      grown.set(this.bytes.subarray(0, this.size))
      this.bytes = grown
    }
    this.bytes.set(line.subarray(start + 1, end), this.size)
    this.bytes[size - 1] = NEWLINE
    this.size = size
    this.lines++
    return true
  }

  /** The text, when every line of the hunk arrived and it is within the limit. */
  result(): Uint8Array | undefined {
    const size = this.size - (this.unterminated ? 1 : 0)
    if (this.lines !== this.expected || size > this.limit) return undefined
    return new Uint8Array(this.bytes.subarray(0, size))
  }
}

/** Parses `git log -p -U0 --full-index` output fed in chunks of any size. */
export class PatchParser {
  /** Files finished so far; the caller takes them out. */
  readonly finished: FinishedPatch[] = []
  /** Commit headers read so far. */
  commits = 0
  /** Bytes of new files' text the parser kept (see {@link PatchFile.text}), finished or not. */
  keptBytes = 0
  private commit: CommitInfo | undefined
  private file: PatchFile | undefined
  /** Lines of the current hunk's body still to come. */
  private body = 0
  /**
   * In a merge's combined hunk (`@@@`), the parents (one marker column each), else 0; its body is
   * read line by line: each line starts with its marker columns, so it never reads as a header.
   */
  private parents = 0
  /** The result's line number of the combined body's next line. */
  private resultLine = 0
  /** Bytes carried of a line cut by a chunk boundary. */
  private carried = 0
  /** A header line cut by a chunk boundary, or the first byte of a cut body line. */
  private carry: Uint8Array[] = []
  private readonly decoder = new TextDecoder()
  /** The current file is new (`new file mode`) and its hunk is being kept. */
  private created = false
  private text: NewText | undefined
  /** The buffer the new files' texts are written in, one after the other (copied out when done). */
  private scratch: Buffer = Buffer.allocUnsafe(16 * 1024)

  /** `keepNewText`: new files of at most this many bytes keep their text (0: none). */
  constructor(private readonly keepNewText = 0) {}

  /** Feed the next bytes of the log. @throws GitsealError on a hunk header git never writes. */
  write(chunk: Uint8Array): void {
    let start = 0
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start)
      if (end < 0) {
        // A body line needs only its first byte (`\` marks "No newline at end of file"), or its
        // marker columns in a combined hunk.
        // Of a kept text, every byte (beyond its limit, the text is given up).
        const keeping = this.text !== undefined && this.body > 0
        // (A line's `+` stands for its newline in the text.)
        if (keeping && this.carried + chunk.length - start > (this.text?.limit ?? 0) + 1) this.dropText()
        if (
          (this.body === 0 && this.parents === 0) ||
          this.carried < Math.max(1, this.parents) ||
          this.text !== undefined
        ) {
          this.carry.push(chunk.slice(start))
          this.carried += chunk.length - start
        }
        return
      }
      if (this.carry.length > 0) {
        this.carry.push(chunk.subarray(start, end))
        const line = Buffer.concat(this.carry)
        this.carry = []
        this.carried = 0
        this.line(line, 0, line.length)
      } else this.line(chunk, start, end)
      start = end + 1
    }
  }

  /** The end of the log: closes the last file (an unterminated last line is read as a line). */
  end(): void {
    if (this.carry.length > 0) {
      const line = Buffer.concat(this.carry)
      this.carry = []
      this.carried = 0
      this.line(line, 0, line.length)
    }
    this.finish()
  }

  private line(bytes: Uint8Array, start: number, end: number): void {
    if (this.body > 0) {
      if (bytes[start] !== BACKSLASH) {
        this.body--
        if (this.text !== undefined && !this.text.add(bytes, start, end)) this.dropText()
      }
      return
    }
    if (this.parents > 0) {
      const first = bytes[start]
      if (first === SPACE || first === PLUS || first === MINUS) {
        this.combinedLine(bytes, start, end)
        return
      }
      if (first === BACKSLASH) return
      this.parents = 0 // the body ended: this line is a header
    }
    // `\ No newline at end of file` (no header starts with a backslash): of a kept text, its end.
    if (bytes[start] === BACKSLASH) {
      if (this.text !== undefined) this.text.unterminated = true
      return
    }
    this.header(this.decoder.decode(bytes.subarray(start, end)))
  }

  /**
   * A line of a combined hunk's body: in the result unless a column says `-`; the merge's own (in
   * no parent, what an "evil merge" adds) when every column says `+`.
   */
  private combinedLine(bytes: Uint8Array, start: number, end: number): void {
    const file = this.file
    let added = true
    for (let i = start; i < start + this.parents; i++) {
      const marker = i < end ? bytes[i] : SPACE
      if (marker === MINUS) return
      if (marker !== PLUS) added = false
    }
    const line = this.resultLine++
    if (!added || file === undefined) return
    const last = file.added.at(-1)
    if (last !== undefined && last[1] === line - 1) last[1] = line
    else file.added.push([line, line])
  }

  private header(full: string): void {
    // Header lines never hold a carriage return (git quotes it in paths); a subject's is its end.
    const cr = full.indexOf('\r')
    const line = cr < 0 ? full : full.slice(0, cr)
    if (line.startsWith(COMMIT_MARK)) {
      this.finish()
      this.commit = parseCommitLine(line)
      this.commits++
      return
    }
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ')) {
      this.finish()
      this.file = {
        path: line.startsWith('diff --cc ') ? combinedPath(line) : pathFromDiffHeader(line),
        sha: '',
        mode: '100644',
        deleted: false,
        binary: false,
        added: [],
      }
      return
    }
    const file = this.file
    if (file === undefined) return
    if (line.startsWith('@@ ')) this.hunk(file, line)
    else if (line.startsWith('@@@')) this.combinedHunk(file, line)
    else if (line.startsWith('index ')) {
      // A merge's combined diff names a blob per parent: `index a,b..c`.
      const match = /^index [0-9a-f,]+\.\.([0-9a-f]+)(?: (\d+))?/.exec(line)
      if (match) {
        file.sha = match[1] ?? ''
        if (match[2] !== undefined) file.mode = match[2]
      }
    } else if (line.startsWith('new file mode ')) {
      file.mode = line.slice('new file mode '.length)
      this.created = true
    } else if (line.startsWith('new mode ')) file.mode = line.slice('new mode '.length)
    else if (line.startsWith('mode '))
      file.mode = line.slice(line.lastIndexOf('..') + 2) // combined
    else if (line.startsWith('deleted file mode ')) file.deleted = true
    else if (line.startsWith('Binary files ')) file.binary = true
    else if (line.startsWith('+++ ')) {
      // git appends a tab to names containing spaces, so the end of the name is unambiguous.
      const target = unquoteGitPath(line.slice(4).replace(/\t$/, ''))
      if (target === '/dev/null') file.deleted = true
      else if (target.startsWith('b/')) file.path = target.slice(2)
    }
  }

  /** `@@ -a,b +c,d @@`: lines c..c+d-1 are added; the next b + d lines are the body. */
  private hunk(file: PatchFile, line: string): void {
    const match = HUNK.exec(line)
    if (match === null) {
      throw new GitsealError('E_USAGE', `git log: unexpected hunk header in ${file.path}`, {
        hint: 'Report this with your git version (git --version).',
      })
    }
    const removed = match[1] === undefined ? 1 : Number(match[1])
    const start = Number(match[2])
    const added = match[3] === undefined ? 1 : Number(match[3])
    if (added > 0) file.added.push([start, start + added - 1])
    this.body = removed + added
    // A new regular file's one hunk `@@ -0,0 +1,N @@` is its whole text.
    const regular = file.mode === '100644' || file.mode === '100755'
    if (this.created && regular && this.keepNewText > 0 && removed === 0 && start === 1 && added > 0)
      this.text = new NewText(added, this.keepNewText, this.scratch)
    this.created = false
  }

  /** `@@@ -a,b -c,d +e,f @@@` (one `@` and one range per parent, and one more): lines from e on follow. */
  private combinedHunk(file: PatchFile, line: string): void {
    const match = COMBINED_HUNK.exec(line)
    if (match === null) {
      throw new GitsealError('E_USAGE', `git log: unexpected combined hunk header in ${file.path}`, {
        hint: 'Report this with your git version (git --version).',
      })
    }
    this.parents = (match[1] ?? '').length - 1
    this.resultLine = Number(match[2])
  }

  /** Stop keeping the current text; its buffer (grown or not) serves the next one. */
  private dropText(): void {
    if (this.text !== undefined) this.scratch = this.text.bytes
    this.text = undefined
  }

  private finish(): void {
    const file = this.file
    const text = this.text?.result()
    this.file = undefined
    this.dropText()
    this.created = false
    this.body = 0
    this.parents = 0
    if (file === undefined || this.commit === undefined) return
    if (text !== undefined && !file.binary) {
      file.text = text
      this.keptBytes += text.length
    }
    this.finished.push({ commit: this.commit, file })
  }
}
