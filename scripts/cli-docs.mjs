#!/usr/bin/env node
// docs/*.md carry each command's `--help` between `<!-- help: gitseal … -->` and `<!-- /help -->`.
// `node scripts/cli-docs.mjs` rewrites those blocks from the built CLI (dist/); `--check` exits 1
// when a block is stale or a command has no block, so the docs cannot drift from the CLI.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const docs = join(root, 'docs')
const { buildProgram } = await import(join(root, 'dist/cli/program.js'))
const { createContext } = await import(join(root, 'dist/cli/context.js'))

const ctx = createContext({
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: () => Promise.resolve(new Uint8Array()),
  env: {},
  cwd: root,
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
})
const program = await buildProgram(ctx, '0.0.0', [])

/** Every command below the root, as `gitseal a b` → full --help text at 80 columns. */
function helpTexts(command, path, into) {
  for (const sub of command.commands) {
    if (sub.name() === 'help') continue
    const name = `${path} ${sub.name()}`
    let text = ''
    sub.configureHelp({ helpWidth: 80 })
    sub.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => 80 })
    sub.outputHelp()
    into.set(name, text.trimEnd())
    helpTexts(sub, name, into)
  }
  return into
}

const help = helpTexts(program, 'gitseal', new Map())
const BLOCK = /<!-- help: (gitseal[^>]*?) -->\n[\s\S]*?<!-- \/help -->/g
const check = process.argv.includes('--check')
const seen = new Set()
const problems = []
for (const file of readdirSync(docs).filter((name) => name.endsWith('.md'))) {
  const path = join(docs, file)
  const before = readFileSync(path, 'utf8')
  const after = before.replace(BLOCK, (_whole, name) => {
    seen.add(name)
    const text = help.get(name)
    if (text === undefined) {
      problems.push(`docs/${file}: no command \`${name}\``)
      return _whole
    }
    return `<!-- help: ${name} -->\n\n\`\`\`text\n${text}\n\`\`\`\n\n<!-- /help -->`
  })
  if (after === before) continue
  if (check) problems.push(`docs/${file}: help blocks differ from the CLI's --help`)
  else writeFileSync(path, after)
}
for (const name of help.keys())
  if (!seen.has(name)) problems.push(`no docs/*.md has a help block for \`${name}\``)
if (problems.length > 0) {
  process.stderr.write(
    `${problems.join('\n')}\nRun \`npm run docs:cli\` to regenerate the help blocks in docs/.\n`,
  )
  process.exit(1)
}
