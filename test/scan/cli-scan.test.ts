import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JsonReport } from '../../src/scan/index.js'
import { runBin, runCli } from '../support/cli.js'
import { FAKE_DETECTOR_URL } from './support/fake-detector.js'
import { commit, git, initRepo, tempDir, writeFiles } from './support/git-repo.js'

const SECRET = 'FAKE_SECRET_CLI12345'
const D = ['--detector-module', FAKE_DETECTOR_URL]
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})
function dir(files: Record<string, string> = {}): string {
  const temp = tempDir()
  cleanups.push(temp.cleanup)
  writeFiles(temp.dir, files)
  return temp.dir
}

describe('gitseal scan (CLI)', () => {
  it('exits 0 on a clean tree and 1 with findings, redacted by default', async () => {
    const clean = await runCli(['scan', '.', ...D], { cwd: dir({ 'a.txt': 'hello' }) })
    expect(clean.exitCode).toBe(0)
    expect(clean.stdout).toMatch(/^No secrets found \(1 file; /)
    const cwd = dir({ 'k8s/secret.yaml': `password: ${SECRET}\n` })
    const found = await runCli(['scan', ...D], { cwd })
    expect(found.exitCode).toBe(1)
    expect(found.stdout).toContain('k8s/secret.yaml\n  1:11')
    expect(found.stdout).not.toContain(SECRET)
    expect(found.stderr).toBe('')
    const shown = await runCli(['scan', '--show-secrets', ...D], { cwd })
    expect(shown.stdout).toContain(SECRET)
  })

  it('reads a pipe or FIFO named as a path to its end (never "0 B scanned, no secrets")', () => {
    const cwd = dir({ 'k.env': `password: ${SECRET}\n` })
    const bin = join(process.cwd(), 'bin/gitseal.js')
    const scanOf = (command: string): number => {
      try {
        execFileSync('bash', ['-c', command], { cwd, stdio: 'pipe', env: { ...process.env, BIN: bin } })
        return 0
      } catch (error) {
        return (error as { status: number }).status
      }
    }
    const fake = D.join(' ')
    expect(scanOf(`node "$BIN" scan k.env ${fake}`)).toBe(1)
    expect(scanOf(`node "$BIN" scan <(cat k.env) ${fake}`)).toBe(1)
    expect(scanOf(`cat k.env | node "$BIN" scan /dev/stdin ${fake}`)).toBe(1)
    execFileSync('mkfifo', ['fifo'], { cwd })
    expect(scanOf(`(cat k.env > fifo &) ; node "$BIN" scan fifo ${fake}`)).toBe(1)
    expect(scanOf(`printf 'nothing here\n' | node "$BIN" scan /dev/stdin ${fake}`)).toBe(0)
    // A writer that comes a little after the scan started is waited for.
    expect(scanOf(`(sleep 0.3; cat k.env > fifo) & node "$BIN" scan fifo ${fake}; s=$?; wait; exit $s`)).toBe(
      1,
    )
  })

  it('a FIFO no program writes to fails closed at once instead of hanging; one met in a walk is listed, not read (red team 25)', async () => {
    const cwd = dir({ 'clean.txt': 'nothing here\n' })
    execFileSync('mkfifo', ['p.env'], { cwd })
    const started = Date.now()
    const named = await runCli(['scan', 'p.env', '--format', 'json', ...D], { cwd })
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(named.exitCode).toBe(1)
    const report = JSON.parse(named.stdout) as { findings: { ruleId: string; redactedLine: string }[] }
    expect(report.findings).toMatchObject([
      { ruleId: 'scan-incomplete', redactedLine: expect.stringMatching(/FIFO/) },
    ])
    const walked = await runCli(['scan', '.', '--format', 'json', ...D], { cwd })
    expect(walked.exitCode).toBe(0)
    const summary = (JSON.parse(walked.stdout) as { summary: { skippedFiles: unknown[] } }).summary
    expect(summary.skippedFiles).toContainEqual({
      path: 'p.env',
      reason: 'unreadable',
      note: 'a FIFO, not read (git cannot store one)',
    })
  })

  it('exits 2 on usage and input errors', async () => {
    const cwd = dir({ 'a.txt': 'x' })
    for (const argv of [
      ['scan', '--format', 'xml'],
      ['scan', '--staged', '--stdin'],
      ['scan', '--stdin-filename', 'x.yaml'],
      ['scan', 'missing-dir'],
      ['scan', '--git', 'HEAD'],
      ['scan', '--max-file-size', 'lots'],
      ['scan', '--baseline', 'no-such-baseline.json'],
    ]) {
      const result = await runCli([...argv, ...D], { cwd })
      expect(result.exitCode, argv.join(' ')).toBe(2)
      expect(result.stderr, argv.join(' ')).toMatch(/^gitseal: /)
    }
  })

  it('--stdin uses --stdin-filename in reports', async () => {
    const result = await runCli(['scan', '--stdin', '--stdin-filename', 'db.yaml', '--json', ...D], {
      stdin: `a: 1\nb: ${SECRET}\n`,
    })
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(result.stdout) as JsonReport
    expect(report.findings.map((f) => [f.file, f.line, f.column])).toEqual([['db.yaml', 2, 4]])
    expect(result.stdout).not.toContain(SECRET)
    const dash = await runCli(['scan', '-', ...D], { stdin: SECRET })
    expect(dash.exitCode).toBe(1)
    expect(dash.stdout).toContain('<stdin>\n  1:1')
  })

  it('writes SARIF and JUnit reports to -o FILE and prints the summary on stderr', async () => {
    const cwd = dir({ 'a.env': `TOKEN=${SECRET}\n` })
    const sarif = await runCli(['scan', '--format', 'sarif', '-o', 'out.sarif', ...D], { cwd })
    expect(sarif.exitCode).toBe(1)
    expect(sarif.stdout).toBe('')
    expect(sarif.stderr).toMatch(/^1 file; /)
    const log = JSON.parse(readFileSync(join(cwd, 'out.sarif'), 'utf8'))
    // Rules come from the detector module's catalogue.
    expect(log.runs[0].tool.driver.rules[0].fullDescription.text).toBe(
      'A FAKE_SECRET_ token used by the scanner gate tests.',
    )
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a.env')
    const junit = await runCli(['scan', '--format', 'junit', ...D], { cwd })
    expect(junit.stdout).toContain('<testsuites name="gitseal" tests="1" failures="1"')
  })

  it('--write-baseline records current findings; --baseline then passes until a new one appears', async () => {
    const cwd = dir({ 'old.txt': SECRET })
    const write = await runCli(['scan', '--write-baseline', 'baseline.json', ...D], { cwd })
    expect(write.exitCode).toBe(0)
    expect(write.stderr).toContain('wrote 1 known findings to baseline.json')
    const baselineText = readFileSync(join(cwd, 'baseline.json'), 'utf8')
    expect(baselineText).not.toContain(SECRET)
    const again = await runCli(['scan', '--baseline', 'baseline.json', '--exclude', 'baseline.json', ...D], {
      cwd,
    })
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('1 in baseline')
    writeFiles(cwd, { 'new.txt': 'FAKE_SECRET_NEWONE' })
    const next = await runCli(['scan', '--baseline', 'baseline.json', ...D], { cwd })
    expect(next.exitCode).toBe(1)
    expect(next.stdout).toContain('new.txt')
    expect(next.stdout).not.toContain('old.txt')
    const rewrite = await runCli(
      ['scan', '--baseline', 'baseline.json', '--write-baseline', 'b3.json', ...D],
      {
        cwd,
      },
    )
    expect(rewrite.stderr).toContain('wrote 2 known findings to b3.json')
    const alias = await runCli(['scan', '--baseline-create', 'b2.json', ...D], { cwd })
    expect(alias.exitCode).toBe(0)
    expect(existsSync(join(cwd, 'b2.json'))).toBe(true)
  })

  it('passes gitseal.yaml scan settings to the detector', async () => {
    const cwd = dir({ 'a.txt': SECRET, 'gitseal.yaml': 'scan:\n  disabledRules: [fake-secret]\n' })
    expect((await runCli(['scan', ...D], { cwd })).exitCode).toBe(0)
    const bad = dir({ 'gitseal.yaml': 'scan: [oops]\n' })
    expect((await runCli(['scan', ...D], { cwd: bad })).exitCode).toBe(2)
  })

  it('gives the detector the nearest .sops.yaml, named like the reported paths', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    writeFiles(repo.dir, { '.sops.yaml': 'creation_rules: []\n', 'apps/sops-probe.txt': 'x\n' })
    const notes = async (argv: string[]): Promise<string[]> => {
      const result = await runCli([...argv, '--json', ...D], { cwd: join(repo.dir, 'apps') })
      return (JSON.parse(result.stdout) as JsonReport).summary.notes.map((n) => `${n.path}: ${n.note}`)
    }
    expect(await notes(['scan'])).toEqual(['sops-probe.txt: sops config: ../.sops.yaml'])
    git(repo.dir, 'add', '-A')
    expect(await notes(['scan', '--staged'])).toEqual(['apps/sops-probe.txt: sops config: .sops.yaml'])
  })

  it('--staged and --git in a real repository', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    commit(repo.dir, { 'a.txt': 'clean\n' })
    writeFiles(repo.dir, { 'a.txt': `clean\n${SECRET}\n` })
    expect((await runCli(['scan', '--staged', ...D], { cwd: repo.dir })).exitCode).toBe(0)
    git(repo.dir, 'add', 'a.txt')
    const staged = await runCli(['scan', '--staged', ...D], { cwd: repo.dir })
    expect(staged.exitCode).toBe(1)
    expect(staged.stdout).toContain('a.txt\n  2:1')
    git(repo.dir, 'commit', '-q', '-m', 'leak')
    const history = await runCli(['scan', '--git', 'HEAD~1..HEAD', '--format', 'json', ...D], {
      cwd: repo.dir,
    })
    expect(history.exitCode).toBe(1)
    const report = JSON.parse(history.stdout)
    expect(report.findings[0].commit.message).toBe('leak')
    expect(report.summary.commits).toBe(1)
    const whole = await runCli(['scan', '--git', ...D], { cwd: repo.dir })
    expect(whole.exitCode).toBe(1)
    expect(whole.stdout).toContain('2 commits')
  })

  it('--config REV:PATH scans with the base branch settings; a range changing gitseal.yaml is said (red team 19 A15)', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    commit(repo.dir, { 'gitseal.yaml': 'scan:\n  warnOnly: []\n', 'a.txt': 'clean\n' }, 'base')
    git(repo.dir, 'checkout', '-q', '-b', 'pr')
    // The pull request silences its own gate: its rule disabled, then the leak.
    commit(repo.dir, { 'gitseal.yaml': 'scan:\n  disabledRules: [fake-secret]\n', 'a.txt': `${SECRET}\n` })
    const own = await runCli(['scan', '--git', 'main..HEAD', ...D], { cwd: repo.dir })
    expect(own.exitCode).toBe(0)
    expect(own.stderr).toContain(
      "gitseal.yaml is changed by main..HEAD and this scan uses its settings as changed; to scan with the base's, pass --config <base>:gitseal.yaml",
    )
    const pinned = await runCli(['scan', '--git', 'main..HEAD', '--config', 'main:gitseal.yaml', ...D], {
      cwd: repo.dir,
    })
    expect(pinned.exitCode).toBe(1)
    expect(pinned.stderr).toBe('')
    // A base without gitseal.yaml: the default settings, said; an unknown revision: exit 2.
    const missing = await runCli(['scan', '--git', 'main..HEAD', '--config', 'main:none.yaml', ...D], {
      cwd: repo.dir,
    })
    expect([missing.exitCode, missing.stderr]).toEqual([
      1,
      'gitseal: warning: main:none.yaml does not exist: scanning with the default settings\n',
    ])
    for (const spec of ['nosuch:gitseal.yaml', '--help:gitseal.yaml']) {
      const bad = await runCli(['scan', '--git', 'main..HEAD', '--config', spec, ...D], { cwd: repo.dir })
      expect(bad.exitCode, spec).toBe(2)
    }
    // A file of that name is still a file.
    writeFiles(repo.dir, { 'main:gitseal.yaml': 'scan:\n  disabledRules: [fake-secret]\n' })
    const file = await runCli(['scan', '--git', 'main..HEAD', '--config', 'main:gitseal.yaml', ...D], {
      cwd: repo.dir,
    })
    expect(file.exitCode).toBe(0)
  })

  it('--baseline REV:PATH trusts only the base branch baseline; a range changing it is said (red team 21 A15)', async () => {
    const repo = initRepo()
    cleanups.push(repo.cleanup)
    commit(repo.dir, { 'a.txt': 'clean\n' }, 'base')
    await runCli(['scan', '--write-baseline', 'baseline.json', ...D], { cwd: repo.dir })
    commit(repo.dir, { 'baseline.json': readFileSync(join(repo.dir, 'baseline.json'), 'utf8') }, 'baseline')
    git(repo.dir, 'checkout', '-q', '-b', 'pr')
    // The pull request accepts its own leak: the baseline's salt is in the file.
    writeFiles(repo.dir, { 'a.txt': `${SECRET}\n` })
    await runCli(['scan', '--write-baseline', 'baseline.json', '--exclude', 'baseline.json', ...D], {
      cwd: repo.dir,
    })
    commit(repo.dir, { 'baseline.json': readFileSync(join(repo.dir, 'baseline.json'), 'utf8') }, 'leak')
    const own = await runCli(['scan', '--git', 'main..HEAD', '--baseline', 'baseline.json', ...D], {
      cwd: repo.dir,
    })
    expect(own.exitCode).toBe(0)
    expect(own.stdout).toContain('1 in baseline')
    expect(own.stderr).toContain(
      "baseline.json is changed by main..HEAD and this scan uses its entries as changed; to scan with the base's, pass --baseline <base>:baseline.json",
    )
    const pinned = ['scan', '--git', 'main..HEAD', '--baseline', 'main:baseline.json', ...D]
    const base = await runCli(pinned, { cwd: repo.dir })
    expect([base.exitCode, base.stderr]).toEqual([1, ''])
    // A base without the file: no baseline, said; an unknown revision: exit 2.
    const missing = await runCli(['scan', '--git', 'main..HEAD', '--baseline', 'main:none.json', ...D], {
      cwd: repo.dir,
    })
    expect([missing.exitCode, missing.stderr]).toEqual([
      1,
      'gitseal: warning: main:none.json does not exist: every finding is reported\n',
    ])
    const bad = await runCli(['scan', '--baseline', 'nosuch:baseline.json', ...D], { cwd: repo.dir })
    expect(bad.exitCode).toBe(2)
  })

  it('shows a progress line on a terminal for long scans, but not in CI', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 80; i++) files[`f${i}.txt`] = 'x\n'
    const cwd = dir(files)
    const slow = [
      '--detector-module',
      new URL('./support/slow-detector.mjs', import.meta.url).href,
      '--jobs',
      '0',
    ]
    const tty = await runCli(['scan', ...slow], { cwd, tty: true, env: {} })
    expect(tty.exitCode).toBe(0)
    expect(tty.stderr.startsWith('\r\x1b[Kscanning: ')).toBe(true)
    expect(tty.stderr).toMatch(/scanning: \d+ files, [\d.]+ B, [\d.]+ MB\/s/)
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true)
    const ci = await runCli(['scan', ...slow], { cwd, tty: true, env: { CI: 'true' } })
    expect(ci.stderr).toBe('')
  })

  it('prints no progress line when stderr is not a terminal', async () => {
    const cwd = dir({ 'a.txt': 'x' })
    const result = await runCli(['scan', ...D], { cwd, env: {} })
    expect(result.stderr).toBe('')
  })

  it('the built bin scans with worker threads and exits 1', () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 40; i++) files[`f${i}.txt`] = i === 17 ? SECRET : 'nothing here\n'
    const cwd = dir(files)
    const result = runBin(['scan', '--jobs', '2', '--format', 'json', ...D], { cwd })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(1)
    expect((JSON.parse(result.stdout) as JsonReport).findings.map((f) => f.file)).toEqual(['f17.txt'])
  })
})

describe('password hashes are reported without failing the scan unless gitseal.yaml says so', () => {
  // Real hashes, made by openssl at test time (SHA-512 crypt and Apache MD5).
  const hashes = ['-6', '-apr1'].map((algorithm) =>
    execFileSync('openssl', ['passwd', algorithm, 'correct horse battery staple'], {
      encoding: 'utf8',
    }).trim(),
  )
  const htpasswd = `admin:${hashes[0]}\nops:${hashes[1]}\n`

  it('reports them, exits 0 and says why on stderr', async () => {
    const result = await runCli(['scan', '.'], { cwd: dir({ 'auth/htpasswd': htpasswd }) })
    expect(result.stdout).toContain('password-hash')
    expect(result.stdout).toMatch(/2 secrets? found/)
    expect(result.stderr).toMatch(/2 finding\(s\) of rules in scan\.warnOnly \(password-hash\)/)
    expect(result.exitCode).toBe(0)
  })

  it('fails on them with scan.warnOnly: [] and always fails on a real secret beside them', async () => {
    const strict = await runCli(['scan', '.'], {
      cwd: dir({ 'auth/htpasswd': htpasswd, 'gitseal.yaml': 'scan:\n  warnOnly: []\n' }),
    })
    expect(strict.exitCode).toBe(1)
    const mixed = await runCli(['scan', '.'], {
      cwd: dir({
        'auth/htpasswd': htpasswd,
        '.env': 'GITHUB_TOKEN=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\n',
      }),
    })
    expect(mixed.exitCode).toBe(1)
    expect(mixed.stderr).toBe('')
  })
})
