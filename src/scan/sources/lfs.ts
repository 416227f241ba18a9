/**
 * Git LFS pointers in the index (red team 19 A26). With `*.env filter=lfs` in .gitattributes, `git
 * add` stores a pointer (`version https://git-lfs.github.com/spec/v1`, `oid sha256:…`, `size …`) and
 * the clean filter puts the content in `.git/lfs/objects/<oid[0:2]>/<oid[2:4]>/<oid>`, whence `git
 * push` sends it to the LFS server: `--staged` read only the pointer. The staged content is that
 * object, so it is scanned instead; when it is not there, the file fails closed (unless its name
 * claims a binary format, as an image under LFS does).
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

/** Finds staged LFS objects of one repository; asks git for its directory once, when first needed. */
export class LfsObjects {
  private objects: Promise<string> | undefined

  constructor(private readonly cwd: string) {}

  /** `job` with the LFS object's content in place of its pointer; `job` itself when it is no pointer. */
  async resolve(job: ScanJob, maxFileSize: number): Promise<ScanJob> {
    const oid = job.content === undefined ? undefined : lfsPointerOid(job.content)
    if (oid === undefined) return job
    this.objects ??= runGit(this.cwd, ['rev-parse', '--git-common-dir'], 'git rev-parse').then((dir) =>
      resolve(this.cwd, dir.toString('utf8').trim(), 'lfs', 'objects'),
    )
    const file = join(await this.objects, oid.slice(0, 2), oid.slice(2, 4), oid)
    try {
      return { path: job.path, content: await readFileBounded(file, job.path, maxFileSize) }
    } catch (cause) {
      if (claimedFormat(job.path) !== undefined) return { path: job.path, skip: 'binary' }
      const code = (cause as { code?: string }).code
      const why =
        code === 'E_TOO_LARGE'
          ? 'its Git LFS object is larger than --max-file-size'
          : 'a Git LFS pointer whose object is not in .git/lfs/objects: the content was not read'
      return { path: job.path, skip: 'unreadable', incomplete: why }
    }
  }
}
