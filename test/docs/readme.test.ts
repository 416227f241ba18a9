/**
 * The README cannot drift: its "first five minutes" blocks run in order in a fresh folder with the
 * built CLI on PATH, its apt-get line is the list .ci/run installs, its install commands are ones
 * that work today, and docs/ carries every command's current --help (scripts/cli-docs.mjs --check).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const readme = readFileSync(join(repo, 'README.md'), 'utf8')

/** The fenced code blocks that follow a `<!-- marker -->` line. */
function markedBlocks(text: string, marker: string): string[] {
  const pattern = new RegExp(`<!-- ${marker} -->\\s*\`\`\`(?:sh|bash)\\n([\\s\\S]*?)\`\`\``, 'g')
  return [...text.matchAll(pattern)].map((match) => match[1]!)
}

describe('README', () => {
  it('runs "your first five minutes" as pasted, in order', () => {
    const blocks = markedBlocks(readme, 'first-five-minutes')
    expect(blocks.length).toBe(5)
    const root = scratchDir('readme')
    const home = join(root, 'home')
    const bin = join(root, 'bin')
    mkdirSync(home)
    mkdirSync(bin)
    symlinkSync(join(repo, 'bin/gitseal.js'), join(bin, 'gitseal'))
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', blocks.join('\n')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        HOME: home,
        GIT_AUTHOR_NAME: 'You',
        GIT_AUTHOR_EMAIL: 'you@example.com',
        GIT_COMMITTER_NAME: 'You',
        GIT_COMMITTER_EMAIL: 'you@example.com',
      },
    })
    const output = result.stdout + result.stderr
    expect(result.status, output).toBe(0)
    const demo = join(root, 'demo')
    expect(readFileSync(join(demo, 'apps/db/secret.yaml'), 'utf8')).toMatch(/password: ENC\[AES256_GCM,/)
    expect(output).toContain('sops-policy-unencrypted') // the plaintext copy was reported…
    expect(output).toContain('blocked, as it should be') // …and its commit refused
    const log = execFileSync('git', ['log', '--format=%s'], { cwd: demo, encoding: 'utf8' })
    expect(log).toBe('db password, encrypted\n')
    expect(readdirSync(demo)).not.toContain('leak.yaml')
  }, 300_000)

  it('lists in one apt-get line exactly the Debian packages .ci/run installs', () => {
    const line = markedBlocks(readme, 'apt-packages')[0]?.match(/apt-get install -y (.+)/)?.[1]
    const ci = readFileSync(join(repo, '.ci/run'), 'utf8')
    const needed = [...ci.matchAll(/^need \S+ (\S+)/gm), ...ci.matchAll(/\|\| need \S+ (\S+)/g)].map(
      (m) => m[1]!,
    )
    expect(line?.trim().split(/\s+/).sort()).toEqual([...new Set(needed)].sort())
  })

  it('never tells anyone to install from the npm registry, where gitseal is not published', () => {
    const files = [
      'README.md',
      ...readdirSync(join(repo, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ]
    for (const file of files) {
      const text = readFileSync(join(repo, file), 'utf8')
      expect(text, file).not.toMatch(/npm (install|i) (-g )?gitseal\b|npx (--yes )?gitseal (?!:)/)
    }
  })
})

describe('docs/', () => {
  it("carries every command's current --help (regenerate with npm run docs:cli)", () => {
    const result = spawnSync('node', [join(repo, 'scripts/cli-docs.mjs'), '--check'], { encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
