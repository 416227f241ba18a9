/**
 * Cluster certificates in `status` and `cert info`: expired, expiring within 30 days, missing, not
 * yet valid and weak certificates are reported, never called valid. Certificates are made at test
 * time: openssl for the weak and the soon-expiring one, gitseal keygen (node:crypto + forge) for
 * validity periods openssl 3.0 cannot set.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateControllerKey } from '../../src/sealed/keygen.js'
import { runCli } from '../support/cli.js'
import { opensslSelfSigned } from '../support/sealed.js'

let dir = ''
const DAY = 86_400_000

function openssl(bits: number, days: number, name: string): void {
  opensslSelfSigned({
    keyFile: join(dir, `${name}.key`),
    certFile: join(dir, `certs/${name}.pem`),
    bits,
    days,
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitseal-status-certs-'))
  execFileSync('mkdir', ['-p', join(dir, 'certs')])
  openssl(1024, 3650, 'weak')
  openssl(2048, 10, 'soon')
  openssl(2048, 3650, 'good')
  const expired = await generateControllerKey({
    bits: 2048,
    now: new Date(Date.now() - 400 * DAY),
    validDays: 30,
  })
  writeFileSync(join(dir, 'certs/expired.pem'), expired.certPem)
  const future = await generateControllerKey({
    bits: 2048,
    now: new Date(Date.now() + 60 * DAY),
    validDays: 365,
  })
  writeFileSync(join(dir, 'certs/future.pem'), future.certPem)
  const clusters = ['weak', 'soon', 'good', 'expired', 'future', 'missing']
  writeFileSync(
    join(dir, 'gitseal.yaml'),
    `clusters:\n${clusters.map((c) => `  ${c}:\n    cert: certs/${c}.pem\n`).join('')}policy:\n  - path: "**"\n    backend: sealed\n    cluster: good\n`,
  )
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('certificates in status and cert info', () => {
  it('status warns about expired, expiring, not yet valid and weak certificates, and fails on a missing one', async () => {
    const result = await runCli(['status', '--json'], { cwd: dir })
    const report = JSON.parse(result.stdout) as {
      clusters: { name: string; problems: string[]; warnings: string[] }[]
      summary: { problems: number; warnings: number }
    }
    const of = (name: string) => report.clusters.find((c) => c.name === name)
    expect(of('good')).toMatchObject({ problems: [], warnings: [] })
    expect(of('weak')?.warnings.join()).toContain('RSA key of 1024 bits is too weak')
    expect(of('soon')?.warnings.join()).toMatch(/expires on \d{4}-\d\d-\d\d; fetch the renewed one soon/)
    expect(of('expired')?.warnings.join()).toMatch(/expired on \d{4}-\d\d-\d\d/)
    expect(of('future')?.warnings.join()).toContain('not valid before')
    expect(of('missing')?.problems.join()).toContain('certs/missing.pem')
    expect(result.exitCode).toBe(1)
    expect(report.summary).toMatchObject({ problems: 1, warnings: 4 })
    const text = await runCli(['status'], { cwd: dir })
    expect(text.stdout).toContain('1 problem(s), 4 warning(s)')
  })

  it('cert info shows a 1024-bit certificate, flags it weak and exits 3 as seal would; a future one is not called valid', async () => {
    const weak = await runCli(['cert', 'info', 'certs/weak.pem'], { cwd: dir })
    expect(weak.exitCode).toBe(3)
    expect(weak.stdout).toContain('public key:  RSA 1024 bits (WEAK)')
    expect(weak.stdout).toContain('too weak')
    expect(weak.stderr).toContain('certs/weak.pem: RSA key of 1024 bits is too weak (need 2048+)')
    const future = await runCli(['cert', 'info', 'certs/future.pem', '--json'], { cwd: dir })
    expect(JSON.parse(future.stdout)).toMatchObject({ status: 'not yet valid', weak: false })
    expect(future.exitCode).toBe(3)
    expect(future.stderr).toContain('not valid before')
    const good = await runCli(['cert', 'info', 'certs/good.pem', '--json'], { cwd: dir })
    expect(JSON.parse(good.stdout)).toMatchObject({ status: 'valid', findings: [] })
    // Sealing still refuses the weak one.
    writeFileSync(
      join(dir, 's.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\n',
    )
    const seal = await runCli(['seal', 's.yaml', '--cert', 'certs/weak.pem'], { cwd: dir })
    expect(seal.exitCode).toBe(3)
  })

  it('cert info exits as seal would: 3 for an expired cert (0 with --allow-expired), 0 with a warning for a soon-expiring one', async () => {
    const expired = await runCli(['cert', 'info', 'certs/expired.pem'], { cwd: dir })
    expect(expired.exitCode).toBe(3)
    expect(expired.stdout).toMatch(/valid: .*\(expired\)/)
    expect(expired.stderr).toMatch(/certs\/expired\.pem: the certificate expired on \d{4}-\d\d-\d\d/)
    expect(expired.stderr).toContain('gitseal cert fetch')
    const allowed = await runCli(['cert', 'info', 'certs/expired.pem', '--allow-expired', '--json'], {
      cwd: dir,
    })
    expect(allowed.exitCode, allowed.stderr).toBe(0)
    expect(JSON.parse(allowed.stdout)).toMatchObject({ status: 'expired' })
    const soon = await runCli(['cert', 'info', 'certs/soon.pem'], { cwd: dir })
    expect(soon.exitCode, soon.stderr).toBe(0)
    expect(soon.stdout).toMatch(/warning: +expires on \d{4}-\d\d-\d\d; fetch the renewed one soon/)
    const good = await runCli(['cert', 'info', 'certs/good.pem'], { cwd: dir })
    expect(good.exitCode, good.stderr).toBe(0)
    expect(good.stderr).toBe('')
    const pinned = await runCli(['cert', 'info', 'certs/good.pem', '--cert-sha256', 'ab'.repeat(32)], {
      cwd: dir,
    })
    expect(pinned.exitCode).toBe(3)
    expect(pinned.stdout).toContain('sha256:')
    expect(pinned.stderr).toContain('does not match the pinned')
    // A cluster's certFingerprint pins as --cert-sha256 does: seal would refuse, so cert info exits 3.
    writeFileSync(
      join(dir, 'gitseal-pinned.yaml'),
      `clusters:\n  pinned:\n    cert: certs/good.pem\n    certFingerprint: ${'cd'.repeat(32)}\n`,
    )
    const byCluster = await runCli(
      ['cert', 'info', '--cluster', 'pinned', '--config', 'gitseal-pinned.yaml', '--json'],
      { cwd: dir },
    )
    expect(byCluster.exitCode).toBe(3)
    expect(JSON.parse(byCluster.stdout)).toMatchObject({ cluster: 'pinned', status: 'valid' })
    expect(byCluster.stderr).toContain(`does not match the pinned ${'cd'.repeat(32)}`)
  })

  it('protect accepts the --allow-expired its hint suggests', async () => {
    writeFileSync(
      join(dir, 'gitseal-expired.yaml'),
      'clusters:\n  old:\n    cert: certs/expired.pem\npolicy:\n  - path: "**"\n    backend: sealed\n    cluster: old\n',
    )
    writeFileSync(
      join(dir, 'p.yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: p\n  namespace: ns\nstringData:\n  a: b\n',
    )
    const refused = await runCli(['protect', 'p.yaml', '--config', 'gitseal-expired.yaml'], { cwd: dir })
    expect(refused.exitCode, refused.stderr).toBe(3)
    expect(refused.stderr).toContain('--allow-expired')
    const allowed = await runCli(
      ['protect', 'p.yaml', '--config', 'gitseal-expired.yaml', '--allow-expired'],
      {
        cwd: dir,
      },
    )
    expect(allowed.exitCode, allowed.stderr).toBe(0)
    expect(allowed.stdout).toContain('kind: SealedSecret')
    // Sealed anyway, but not silently: the same warning as `seal --allow-expired`.
    expect(allowed.stderr).toContain('warning: certs/expired.pem: sealing with a certificate that expired on')
  })
})
