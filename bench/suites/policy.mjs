// Policy hot paths: parsing gitseal.yaml, deciding the rule for many paths, and `status` start-up.
import { fileURLToPath } from 'node:url'
import { formatMs, measure, measureProcess, table } from '../lib.mjs'

const { parseGitsealConfig } = await import('../../dist/config/gitseal-config.js')
const { decideProtection } = await import('../../dist/config/policy.js')
const BIN = fileURLToPath(new URL('../../bin/gitseal.js', import.meta.url))

export const title = 'Policy (gitseal.yaml)'

const ENVS = ['dev', 'staging', 'prod', 'qa', 'perf']
const CONFIG = [
  'clusters:',
  ...ENVS.map((env) => `  ${env}: { cert: certs/${env}.pem }`),
  'policy:',
  ...ENVS.flatMap((env, i) => [
    `  - path: apps/*/overlays/${env}/**`,
    `    backend: ${i % 2 === 0 ? 'sealed' : 'sops'}`,
    ...(i % 2 === 0 ? [`    cluster: ${env}`] : []),
    `  - path: "^clusters/${env}/.*\\\\.ya?ml$"`,
    '    regex: true',
    '    backend: sops',
  ]),
  '',
].join('\n')
const PATHS = Array.from(
  { length: 10_000 },
  (_, i) => `apps/app${i % 200}/overlays/${ENVS[i % ENVS.length]}/secret-${i}.yaml`,
)

export async function run() {
  const parse = await measure(() => {
    for (let i = 0; i < 100; i++) parseGitsealConfig(CONFIG, 'gitseal.yaml')
  })
  const config = parseGitsealConfig(CONFIG, 'gitseal.yaml')
  const decide = await measure(() => {
    for (const path of PATHS) decideProtection(config, path)
  })
  const version = measureProcess(process.execPath, [BIN, '--version'], { runs: 10 })
  const help = measureProcess(process.execPath, [BIN, 'status', '--help'], { runs: 10 })
  return {
    markdown: table(
      ['operation', 'wall time, median (min–max)'],
      [
        ['parse a 20-rule gitseal.yaml ×100', formatMs(parse)],
        ['decide the rule for 10,000 paths', formatMs(decide)],
        ['`gitseal --version`', formatMs(version)],
        ['`gitseal status --help` (commands load lazily)', formatMs(help)],
      ],
    ),
    goals: [
      `10,000 policy decisions under 50 ms: ${decide.median <= 50 ? 'met' : 'NOT met'}`,
      `\`gitseal status --help\` within 20 ms of \`gitseal --version\` (nothing heavy at load): ${help.median - version.median <= 20 ? 'met' : 'NOT met'}`,
    ],
  }
}
