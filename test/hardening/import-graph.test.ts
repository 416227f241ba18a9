/**
 * Importing a subpath must not drag in the heavy dependencies other parts need: the scanner runs
 * on every commit, and library users pay for what they import. A module-resolution hook records
 * every module a fresh Node process loads — no timing involved.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { scratchDir } from '../support/scratch.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const dir = scratchDir('imports')
const hooks = join(dir, 'hooks.mjs')
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(process.env.GITSEAL_TRACE, result.url + '\\n')
  return result
}
`,
)
const register = join(dir, 'register.mjs')
writeFileSync(
  register,
  `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`,
)

/** Every module URL a fresh process resolves while importing `entry` (a path under dist/). */
function modulesLoadedBy(entry: string): string[] {
  const trace = join(dir, `${entry.replaceAll('/', '_')}.trace`)
  writeFileSync(trace, '')
  const url = pathToFileURL(join(repo, 'dist', entry)).href
  execFileSync(
    process.execPath,
    ['--import', register, '--input-type=module', '-e', `await import(${JSON.stringify(url)})`],
    {
      env: { ...process.env, GITSEAL_TRACE: trace },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  return readFileSync(trace, 'utf8').split('\n').filter(Boolean)
}

const HEAVY = {
  'node-forge': /\/node_modules\/node-forge\//,
  'AWS SDK': /\/node_modules\/@aws-sdk\//,
  inquirer: /\/node_modules\/(@inquirer|inquirer)\//,
  'age-encryption': /\/node_modules\/age-encryption\//,
}
type Heavy = keyof typeof HEAVY

const CASES: [string, Heavy[]][] = [
  ['scan/index.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['index.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['config/index.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['sealed/index.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['sops/index.js', ['node-forge', 'AWS SDK', 'inquirer']],
  ['eso/index.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['cli/main.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['cli/commands/scan.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
  ['scan/engine.js', ['node-forge', 'AWS SDK', 'inquirer', 'age-encryption']],
]

describe('module graph of each subpath', () => {
  it('sees the modules a subpath does load (the probe works)', () => {
    const loaded = modulesLoadedBy('core/manifest.js')
    expect(loaded.some((url) => url.includes('/node_modules/yaml/'))).toBe(true)
  })

  it.each(CASES)('importing dist/%s loads none of %j', (entry, forbidden) => {
    const loaded = modulesLoadedBy(entry)
    const offenders = forbidden.filter((name) => loaded.some((url) => HEAVY[name].test(url)))
    expect(offenders).toEqual([])
  })
})
