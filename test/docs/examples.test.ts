/**
 * The library examples in README.md and docs/library.md are complete programs: each is compiled
 * with tsc (strict, nodenext) against the built package and run in a repository that has what the
 * examples read (db.yaml, certs/*.pem, .sops.yaml with a real age key, a pull-request range).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateControllerKey } from '../../src/sealed/index.js'
import { scratchDir } from '../support/scratch.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const examples = ['README.md', 'docs/library.md'].flatMap((file) =>
  [...readFileSync(join(repo, file), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (match, index) => [`${file} example ${index + 1}`, match[1]!] as const,
  ),
)
let work = ''
const env = () => ({ ...process.env, HOME: work, SOPS_AGE_KEY_FILE: join(work, 'keys.txt') })
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: work })

beforeAll(async () => {
  work = scratchDir('examples')
  mkdirSync(join(work, 'node_modules'))
  symlinkSync(repo, join(work, 'node_modules/gitseal'))
  mkdirSync(join(work, 'certs'))
  for (const cluster of ['dev', 'staging', 'prod']) {
    writeFileSync(join(work, `certs/${cluster}.pem`), (await generateControllerKey({ bits: 2048 })).certPem)
  }
  execFileSync('age-keygen', ['-o', join(work, 'keys.txt')], { stdio: 'ignore' })
  const recipient = execFileSync('age-keygen', ['-y', join(work, 'keys.txt')], { encoding: 'utf8' }).trim()
  writeFileSync(
    join(work, '.sops.yaml'),
    `creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`,
  )
  writeFileSync(
    join(work, 'db.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: not-a-real-one\n',
  )
  writeFileSync(join(work, '.gitignore'), 'node_modules\nout\nkeys.txt\n')
  git('init', '--quiet', '--initial-branch=main')
  git('add', '.')
  git('commit', '--quiet', '-m', 'base')
  git('update-ref', 'refs/remotes/origin/main', 'HEAD')
  writeFileSync(join(work, 'notes.md'), 'nothing secret\n')
  git('add', 'notes.md')
  git('commit', '--quiet', '-m', 'pull request')

  examples.forEach(([, code], index) => writeFileSync(join(work, `example${index}.mts`), code))
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2023',
        module: 'nodenext',
        strict: true,
        skipLibCheck: true,
        outDir: 'out',
        typeRoots: [join(repo, 'node_modules/@types')],
        types: ['node'],
      },
      include: ['*.mts'],
    }),
  )
}, 120_000)

describe('library examples', () => {
  it('type-check (tsc, strict)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5)
    const tsc = spawnSync('node', [join(repo, 'node_modules/typescript/bin/tsc'), '-p', work], {
      encoding: 'utf8',
    })
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  }, 120_000)

  it.each(examples.map(([name], index) => [name, index] as const))(
    '%s runs',
    (_name, index) => {
      const run = spawnSync('node', [join(work, `out/example${index}.mjs`)], {
        cwd: work,
        env: env(),
        encoding: 'utf8',
      })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expect(run.stdout).not.toMatch(/FAILED/)
      expect(run.stdout.length).toBeGreaterThan(0)
    },
    60_000,
  )
})
