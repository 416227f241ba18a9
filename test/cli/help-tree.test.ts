/**
 * Every command and command group of the CLI, walked from the commander tree itself: its --help
 * has a description and at least one example (docs/ pages are checked against the same tree).
 */
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createContext } from '../../src/cli/context.js'
import { buildProgram } from '../../src/cli/program.js'

/** Every command below the root as [`gitseal a b`, command], skipping commander's own `help`. */
export async function commandTree(): Promise<[string, Command][]> {
  const ctx = createContext({
    stdout: () => undefined,
    stderr: () => undefined,
    readStdin: () => Promise.resolve(new Uint8Array()),
    env: {},
    cwd: process.cwd(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  })
  const program = await buildProgram(ctx, '0.0.0', [])
  const walk = (command: Command, path: string): [string, Command][] =>
    command.commands
      .filter((sub) => sub.name() !== 'help')
      .flatMap((sub) => [
        [`${path} ${sub.name()}`, sub] as [string, Command],
        ...walk(sub, `${path} ${sub.name()}`),
      ])
  return walk(program, 'gitseal')
}

/** The full --help text of a command, including the "after" sections (examples). */
function helpOf(command: Command): string {
  let text = ''
  command.configureOutput({ writeOut: (chunk) => (text += chunk) })
  command.outputHelp()
  return text
}

describe('gitseal --help tree', async () => {
  const tree = await commandTree()

  it('has every command of the CLI', () => {
    expect(tree.length).toBeGreaterThan(30)
    expect(tree.map(([path]) => path)).toContain('gitseal eso store aws')
  })

  it.each(tree)('%s has a description and an example', (path, command) => {
    const help = helpOf(command)
    expect(command.description().trim(), `${path}: description`).toMatch(/^\S.{10,}/)
    expect(help, `${path}: examples`).toMatch(/\nExamples:\n {2}\$ .*\bgitseal /)
  })
})
