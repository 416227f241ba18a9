/** `eso push --dry-run` without any AWS credentials plans offline instead of failing. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin, runCli } from '../support/cli.js'

describe('eso push --dry-run offline', () => {
  it('lists the remote secrets it would write, says it is offline, and prints no value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitseal-dry-'))
    try {
      writeFileSync(
        join(dir, 's.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\nstringData:\n  password: dry-s3cret\n',
      )
      const result = await runCli(['eso', 'push', 's.yaml', '--region', 'eu-west-1', '--dry-run'], {
        cwd: dir,
        env: { HOME: dir },
      })
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toContain('would create or update prod/db (1 key(s))')
      expect(result.stdout).toContain('offline')
      expect(result.stdout + result.stderr).not.toContain('dry-s3cret')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('plans offline too when an AWS profile gives a region but no credentials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitseal-dry-'))
    try {
      writeFileSync(
        join(dir, 's.yaml'),
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\nstringData:\n  password: dry-s3cret\n',
      )
      mkdirSync(join(dir, '.aws'))
      writeFileSync(join(dir, '.aws', 'config'), '[default]\nregion = eu-west-1\n')
      // A child process, so the SDK's chain sees only this HOME (and no instance metadata service).
      const result = runBin(['eso', 'push', 's.yaml', '--dry-run'], {
        cwd: dir,
        env: { HOME: dir, PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' },
      })
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stdout).toContain('would create or update prod/db (1 key(s))')
      expect(result.stdout).toContain('dry run, offline')
      expect(result.stdout + result.stderr).not.toContain('dry-s3cret')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
