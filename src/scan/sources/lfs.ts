/**
 * Git LFS pointers in the index (red team 19 A26). With `*.env filter=lfs` in .gitattributes, `git
 * add` stores a pointer (`version https://git-lfs.github.com/spec/v1`, `oid sha256:…`, `size …`) and
 * the clean filter puts the content in `.git/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>`, whence `git
 * push` sends it to the LFS server: `--staged` read only the pointer. The staged content is that
 * object, so it is scanned instead; when it is not there, the file fails closed (unless its name
 * claims a binary format, as an image under LFS does). `--git` history scans the object a pointer
 * names when it is there too (after `git lfs fetch`); a CI checkout rarely has the objects of every
 * commit, so a missing one is said (skipped, unreadable) rather than failed. git-lfs keeps objects
 * under `lfs.storage` when that is set (relative to the git directory), else `.git/lfs`.
 */
import { join, resolve } from 'node:path'
import { readFileBounded } from '../../io/bounded-read.js'
import { runGit } from '../../io/git.js'
import { claimedFormat } from './binary-formats.js'
import type { ScanJob } from './types.js'

/** git-lfs writes pointers of at most this many bytes. */
const MAX_POINTER = 1024
const VERSION = Buffer.from('version https://git-lfs.github.com/spec/v1\n', 'latin1')
const OID = /\noid sha256:([0-9a-f]{64})\n/

/** The sha256 object id of an LFS pointer, or undefined for any other content. */
export function lfsPointerOid(content: Uint8Array): string | undefined {
  if (content.length > MAX_POINTER || content.length < VERSION.length) return undefined
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength)
  if (!bytes.subarray(0, VERSION.length).equals(VERSION)) return undefined
  return OID.exec(bytes.toString('latin1'))?.[1]
}

/** Finds stored LFS objects of one repository; asks git where they are once, when first needed. */
export class LfsObjects {
  private objects: Promise<string> | undefined

  constructor(private readonly cwd: string) {}

  /** `job` with the LFS object's content in place of its pointer; `job` itself when it is no pointer. */
  async resolve(job: ScanJob, maxFileSize: number): Promise<ScanJob> {
    const oid = job.content === undefined ? undefined : lfsPointerOid(job.content)
    if (oid === undefined) return job
    const read = await this.read(job, oid, maxFileSize)
    if (read.content !== undefined || read.skip !== undefined) return read
    return {
      path: job.path,
      skip: 'unreadable',
      incomplete: 'a Git LFS pointer whose object is not in .git/lfs/objects: the content was not read',
    }
  }

  /**
   * `--git`: a commit's job with the LFS object in place of its pointer, scanned whole (the commit
   * added all of it); a missing object is skipped with a note, not failed.
   */
  async resolveInHistory(job: ScanJob, maxFileSize: number): Promise<ScanJob> {
    const oid = job.content === undefined ? undefined : lfsPointerOid(job.content)
    if (oid === undefined) return job
    const commit = job.commit === undefined ? {} : { commit: job.commit }
    const read = await this.read(job, oid, maxFileSize)
    if (read.content !== undefined || read.skip !== undefined) return { ...read, ...commit }
    const note = 'a Git LFS pointer whose object is not here (git lfs fetch): its content was not scanned'
    return { path: job.path, skip: 'unreadable', note, ...commit }
  }

  /** The object's content; a binary-named file skipped; an over-large object fails closed; missing: `{ path }`. */
  private async read(job: ScanJob, oid: string, maxFileSize: number): Promise<ScanJob> {
    const file = join(await this.directory(), oid.slice(0, 2), oid.slice(2, 4), oid)
    try {
      return { path: job.path, content: await readFileBounded(file, job.path, maxFileSize) }
    } catch (cause) {
      if (claimedFormat(job.path) !== undefined) return { path: job.path, skip: 'binary' }
      if ((cause as { code?: string }).code === 'E_TOO_LARGE') {
        return {
          path: job.path,
          skip: 'too-large',
          incomplete: 'its Git LFS object is larger than --max-file-size',
        }
      }
      return { path: job.path }
    }
  }

  private directory(): Promise<string> {
    this.objects ??= (async () => {
      const common = resolve(
        this.cwd,
        (await runGit(this.cwd, ['rev-parse', '--git-common-dir'], 'git rev-parse')).toString('utf8').trim(),
      )
      const storage = await runGit(this.cwd, ['config', '--get', 'lfs.storage'], 'git config').then(
        (out) => out.toString('utf8').trim(),
        () => '',
      )
      return storage === '' ? join(common, 'lfs', 'objects') : resolve(common, storage, 'objects')
    })()
    return this.objects
  }
}
