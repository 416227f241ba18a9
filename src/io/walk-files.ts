/**
 * The one directory walk of the tool (`gitseal scan PATH...`, `status` outside a repository,
 * `updatekeys DIR`): yields files one at a time (nothing is read here), honouring `.gitignore`
 * files (nested, with negations) unless told not to, skipping `.git`, vendored trees and symbolic
 * links (never followed: reported as skipped). Explicitly named files and directories are always
 * yielded, links or not.
 */
import { readdirSync } from 'node:fs'
import { lstat, realpath, stat } from 'node:fs/promises'
import type { Dirent, Stats } from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { GitsealError } from '../core/errors.js'
import { enterDirectory, isIgnored, NO_IGNORES } from './gitignore.js'
import type { IgnoreChain } from './gitignore.js'
import type { TrackedPaths } from './git-tracked.js'
import { INSTALLED_DIRS } from './vendored-dirs.js'
import { UNDECODABLE_NAME, escapedName } from './file-name.js'

/** How the walk reports a path: relative to `cwd` with `/` separators when inside it, else absolute. */
function displayPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath)
  if (rel === '') return '.'
  if (rel.startsWith('..') || isAbsolute(rel)) return absPath.split(sep).join('/')
  return rel.split(sep).join('/')
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/** The repository root above `dir` (the first directory holding `.git`), if any. */
async function repoRootOf(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    if (await exists(join(current, '.git'))) return current
    if (dirname(current) === current) return undefined
  }
}

/**
 * The ignore chain in force above `dir`: `.git/info/exclude` and every `.gitignore` from the
 * repository root down to `dir`'s parent (the walk adds `dir`'s own).
 */
async function chainAbove(dir: string): Promise<IgnoreChain> {
  const root = await repoRootOf(dir)
  if (root === undefined) return NO_IGNORES
  const exclude = [join(root, '.git', 'info', 'exclude')]
  if (root === dir) return enterDirectory(NO_IGNORES, root, exclude, false)
  let chain = await enterDirectory(NO_IGNORES, root, exclude)
  const parts = relative(root, dir).split(sep).slice(0, -1)
  let current = root
  for (const part of parts) {
    current = join(current, part)
    chain = await enterDirectory(chain, current)
  }
  return chain
}

/** What to walk. */
export interface WalkRoots {
  /** Files or directories; relative ones are resolved against `cwd`. None means `cwd` itself. */
  paths: readonly string[]
  /** Directory the yielded paths are relative to. */
  cwd: string
  /** Also walk `node_modules`, `vendor` and similar trees (skipped by default). */
  includeVendored?: boolean
  /** Do not honour `.gitignore` files. */
  noGitignore?: boolean
  /**
   * Honour `.gitignore` files only inside a git work tree: outside one (an unpacked chart, a build
   * context, a CI artifact) nothing is kept out of a commit, and a planted `.gitignore` must not hide
   * files from the scan (as gitleaks' directory scan).
   */
  gitignoreOnlyInRepository?: boolean
}

/** One file the walk found: readable at `absPath`, or skipped with a reason. */
export interface WalkedFile {
  /** `/`-separated, relative to the walk's `cwd` when inside it (absolute otherwise). */
  path: string
  /** Set for a file to read; unset for a skipped entry. */
  absPath?: string
  /**
   * The walk found a regular file there (it was not named): the real path of the directory walked
   * from. The file must still be a regular file under it when read.
   */
  walkRoot?: string
  /** Why the entry is not read: a symbolic link, a vendored tree, or a directory it cannot list. */
  skip?: 'symlink' | 'excluded' | 'unreadable'
  /** Why, for the summary. */
  note?: string
  /** Set when a directory exists but could not be listed: callers fail it closed. */
  incomplete?: string
}

/** Options of the walk beyond its roots. */
export interface WalkOptions {
  /** Excluded by `--exclude` (path as reported, `/`-separated). */
  isExcluded?: (path: string, isDir: boolean) => boolean
}

/**
 * Yield every file under the given paths, in a stable (sorted) order.
 * @throws GitsealError `E_NOT_FOUND` when a named path does not exist.
 */
export async function* walkFiles(source: WalkRoots, options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const cwd = resolve(source.cwd)
  const roots = source.paths.length === 0 ? ['.'] : source.paths
  for (const given of roots) {
    const abs = resolve(cwd, given)
    let info: Stats
    try {
      info = await stat(abs)
    } catch (cause) {
      throw new GitsealError('E_NOT_FOUND', `${given}: no such file or directory`, {
        cause,
        file: given,
        hint: 'Check the path.',
      })
    }
    if (await linksOutOf(cwd, abs)) {
      // A name inside the current directory (lint-staged's or `git diff --name-only`'s, a committed
      // link among them) that a link leads out of: not followed, as the walk never follows one.
      yield { path: displayPath(cwd, abs), skip: 'symlink', note: OUTSIDE_NOTE }
      continue
    }
    if (!info.isDirectory()) {
      yield { path: displayPath(cwd, abs), absPath: abs }
      continue
    }
    const repoRoot = await repoRootOf(abs)
    const walked =
      source.gitignoreOnlyInRepository === true && repoRoot === undefined
        ? { ...source, noGitignore: true }
        : source
    const chain = walked.noGitignore === true ? NO_IGNORES : await chainAbove(abs)
    // Loaded only inside a repository: it brings in child_process (start-up of every other scan).
    const tracked =
      repoRoot === undefined ? undefined : await (await import('./git-tracked.js')).trackedPaths(repoRoot)
    yield* walkDirectory(abs, chain, { cwd, source: walked, options, roots: [await realpath(abs)], tracked })
  }
}

interface WalkState {
  /** Real path of the directory being walked from (symbolic links are judged against it). */
  roots: string[]
  cwd: string
  source: WalkRoots
  options: WalkOptions
  /**
   * What git tracks, when the tree is a repository: a tracked file is scanned whatever `.gitignore`
   * says, and an installed dependency tree (`node_modules/`) is walked for its tracked files only.
   */
  tracked: TrackedPaths | undefined
}

/** True when `.gitignore` rules leave `abs` out of the walk (never a file git tracks, nor its directory). */
function ignored(state: WalkState, chain: IgnoreChain, abs: string, isDir: boolean): boolean {
  // What git tracks first: a set lookup, and in a repository it is almost every entry, which then
  // needs no pattern matching against each `.gitignore` level.
  if (state.source.noGitignore === true || state.tracked?.has(abs, isDir) === true) return false
  return isIgnored(chain, abs, isDir)
}

/** A directory being walked: its sorted entries, the next one to look at, its ignore rules. */
interface Frame {
  dir: string
  /** `dir` relative to the walk's `cwd`, `/`-separated ('' for `cwd` itself); undefined outside `cwd`. */
  rel: string | undefined
  chain: IgnoreChain
  entries: Dirent[]
  next: number
  /** Entries whose name is not valid UTF-8 (no string path opens them). */
  undecodable: Dirent<Buffer>[]
  /** Inside an installed dependency tree git tracks files of: only those are walked. */
  trackedOnly: boolean
}

/**
 * {@link displayPath} of `abs`, from its path `rel` relative to `cwd` when its directory is inside
 * `cwd` (built by appending names: `path.relative` per entry was a tenth of the walk).
 */
function shownPath(cwd: string, rel: string | undefined, abs: string): string {
  if (rel === undefined) return displayPath(cwd, abs)
  return rel.startsWith('..') ? abs.split(sep).join('/') : rel
}

/** `dir` relative to `cwd`, `/`-separated, when it is `cwd` or inside it. */
function relativeInside(cwd: string, dir: string): string | undefined {
  const rel = relative(cwd, dir)
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/')
}

/** `dir` listed (sorted) with its own `.gitignore` added to `parentChain`, or why it cannot be listed. */
async function openDirectory(
  dir: string,
  rel: string | undefined,
  parentChain: IgnoreChain,
  state: WalkState,
  trackedOnly = false,
): Promise<Frame | WalkedFile> {
  let entries: Dirent[]
  try {
    // Synchronous on purpose: a directory listing is microseconds, and a thread-pool round trip per
    // directory made the walk, not the scan, the bottleneck on busy machines.
    entries = readdirSync(dir, { withFileTypes: true })
  } catch (cause) {
    return unreadable(state.cwd, dir, cause)
  }
  // Only read a .gitignore that readdir listed: one failed open per directory adds up on big trees.
  const chain =
    state.source.noGitignore !== true && entries.some((entry) => entry.name === '.gitignore')
      ? await enterDirectory(parentChain, dir)
      : parentChain
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const undecodable = entries.some((entry) => entry.name.includes('\ufffd'))
    ? undecodableEntries(dir, entries)
    : []
  return { dir, rel, chain, entries, next: 0, undecodable, trackedOnly }
}

/**
 * Entries of `dir` whose name is not valid UTF-8, which leave `entries`: readdir gave them with U+FFFD,
 * a path no open finds. Only a directory holding a U+FFFD is listed again.
 */
function undecodableEntries(dir: string, entries: Dirent[]): Dirent<Buffer>[] {
  const undecodable: Dirent<Buffer>[] = []
  const valid = new Set<string>()
  for (const entry of readdirSync(dir, { encoding: 'buffer', withFileTypes: true })) {
    const name = entry.name.toString('utf8')
    if (Buffer.from(name).equals(entry.name)) valid.add(name)
    else undecodable.push(entry)
  }
  // A name holding U+FFFD itself is valid and stays (once: a mangled name may read the same).
  const kept = entries.filter((entry) => !entry.name.includes('\ufffd') || valid.delete(entry.name))
  entries.splice(0, entries.length, ...kept)
  return undecodable
}

/**
 * Walk `root` depth first, entries in sorted order; `chain` holds the ignore rules above it. One
 * generator with a stack of open directories: a generator per directory (`yield*` down the tree)
 * passed every file up through each level, a promise hop per level.
 */
async function* walkDirectory(
  root: string,
  chain: IgnoreChain,
  state: WalkState,
): AsyncGenerator<WalkedFile> {
  const stack: Frame[] = []
  const opened = await openDirectory(root, relativeInside(state.cwd, root), chain, state)
  if ('path' in opened) yield opened
  else stack.push(opened)
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    for (const entry of frame.undecodable.splice(0)) {
      const found = undecodableEntry(state, frame, entry)
      if (found !== undefined) yield found
    }
    const entry = frame.entries[frame.next++]
    if (entry === undefined) {
      stack.pop()
      continue
    }
    // path.join without its normalising: `dir` is already normal, and a name holds no separator.
    const abs = frame.dir.endsWith(sep) ? frame.dir + entry.name : frame.dir + sep + entry.name
    const rel =
      frame.rel === undefined ? undefined : frame.rel === '' ? entry.name : `${frame.rel}/${entry.name}`
    const path = shownPath(state.cwd, rel, abs)
    if (entry.isSymbolicLink()) {
      // Never followed (as git stores them, and gitleaks walks): a link can lead out of the scan
      // root (`ln -s / rootfs` must not read /etc), and a link to a file inside the tree adds
      // nothing, the target is scanned under its own path.
      if (ignored(state, frame.chain, abs, false)) continue
      if (state.options.isExcluded?.(path, false) === true) continue
      if (frame.trackedOnly && state.tracked?.has(abs, false) !== true)
        yield { path, skip: 'excluded', note: INSTALLED_NOTE }
      else yield { path, skip: 'symlink', note: await symlinkNote(abs, state.roots) }
    } else if (entry.isDirectory()) {
      if (entry.name === '.git') continue
      if (ignored(state, frame.chain, abs, true)) continue
      if (state.options.isExcluded?.(path, true) === true) continue
      const installed = state.source.includeVendored !== true && INSTALLED_DIRS.has(entry.name)
      // An installed tree is skipped unless git tracks files in it: those are in every clone (and
      // read as vendored code, by the provider rules); what a package manager put beside them is not.
      const trackedOnly = frame.trackedOnly || installed
      if (trackedOnly && state.tracked?.has(abs, true) !== true) {
        yield { path: `${path}/`, skip: 'excluded', note: INSTALLED_NOTE }
        continue
      }
      const child = await openDirectory(abs, rel, frame.chain, state, trackedOnly)
      if ('path' in child) yield child
      else stack.push(child)
    } else if (entry.isFile()) {
      if (ignored(state, frame.chain, abs, false)) continue
      if (state.options.isExcluded?.(path, false) === true) continue
      if (frame.trackedOnly && state.tracked?.has(abs, false) !== true)
        yield { path, skip: 'excluded', note: INSTALLED_NOTE }
      else yield { path, absPath: abs, walkRoot: state.roots[0] as string }
    } else {
      // Sockets, FIFOs and devices are not files git can store, and reading a FIFO could block:
      // not read, but listed (a FIFO passed over in silence looked like a clean file).
      if (ignored(state, frame.chain, abs, false)) continue
      if (state.options.isExcluded?.(path, false) === true) continue
      yield { path, skip: 'unreadable', note: `${specialKind(entry)}, not read (git cannot store one)` }
    }
  }
}

/** What a directory entry that is no file, directory or link is, for the summary. */
function specialKind(entry: Dirent): string {
  if (entry.isFIFO()) return 'a FIFO'
  if (entry.isSocket()) return 'a socket'
  return 'a device'
}

const INSTALLED_NOTE = 'installed dependencies git does not track (scan them with --include-vendored)'

const OUTSIDE_NOTE = 'symbolic link to outside the scan root, not followed'

/**
 * True when `abs` is named inside `cwd` but a symbolic link on its way leads out of it. A path
 * named outside `cwd` is the user's own choice and is read (even through links, such as macOS's /tmp).
 */
async function linksOutOf(cwd: string, abs: string): Promise<boolean> {
  if (relativeInside(cwd, abs) === undefined) return false
  const [realCwd, real] = await Promise.all([realpath(cwd), realpath(abs)])
  return relativeInside(realCwd, real) === undefined
}

/** Where a symbolic link leads, for the summary: outside the scan root, inside it, or nowhere. */
async function symlinkNote(abs: string, roots: readonly string[]): Promise<string> {
  let target: string
  try {
    target = await realpath(abs)
  } catch {
    return 'broken symbolic link, not followed'
  }
  const inside = roots.some(
    (root) => target === root || target.startsWith(root.endsWith(sep) ? root : root + sep),
  )
  return inside
    ? 'symbolic link, not followed (its target inside the scan root is scanned under its own path)'
    : OUTSIDE_NOTE
}

/**
 * An entry whose name is not valid UTF-8, unless ignored or excluded (matched with U+FFFD in place
 * of the bad bytes): not opened, reported under its escaped bytes so the gate fails it closed.
 */
function undecodableEntry(state: WalkState, frame: Frame, entry: Dirent<Buffer>): WalkedFile | undefined {
  const name = escapedName(entry.name)
  const where = frame.rel ?? displayPath(state.cwd, frame.dir)
  const path = where === '' ? name : `${where}/${name}`
  const isDir = entry.isDirectory()
  const abs = join(frame.dir, entry.name.toString('utf8'))
  if (ignored(state, frame.chain, abs, isDir) || state.options.isExcluded?.(path, isDir) === true) return
  if (entry.isSymbolicLink()) return { path, skip: 'symlink', note: 'symbolic link, not followed' }
  if (!isDir && !entry.isFile()) return
  const note = UNDECODABLE_NAME
  return { path, skip: 'unreadable', note, incomplete: note }
}

function unreadable(cwd: string, abs: string, cause: unknown): WalkedFile {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error'
  const note = `cannot read (${code})`
  return { path: displayPath(cwd, abs), skip: 'unreadable', note, incomplete: note }
}
