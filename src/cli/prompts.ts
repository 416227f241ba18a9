/**
 * Interactive prompts, only ever on a TTY. inquirer is loaded lazily (it is the heaviest
 * module of the CLI); a run may be given another {@link Prompter} (tests pass a scripted one).
 */
import { GitsealError } from '../core/errors.js'
import { importModule } from '../core/import-module.js'
import type { CommandContext } from './context.js'

/** A choice in a select or checkbox prompt. */
export interface Choice {
  name: string
  value: string
  checked?: boolean
}

/** The questions gitseal asks. Every method resolves with the answer or rejects with `E_ABORTED`. */
export interface Prompter {
  input(
    message: string,
    options?: { default?: string; validate?: (value: string) => string | true },
  ): Promise<string>
  /** Masked input: the value is never echoed. */
  password(message: string): Promise<string>
  confirm(message: string, defaultValue?: boolean): Promise<boolean>
  select(message: string, choices: Choice[], defaultValue?: string): Promise<string>
  checkbox(message: string, choices: Choice[]): Promise<string[]>
}

/**
 * The prompter for this run: the one it was given, else inquirer's.
 * @throws GitsealError `E_NO_TTY` naming `flag` when stdin and stderr are not both terminals.
 */
export async function prompter(
  ctx: Pick<CommandContext, 'io' | 'prompter'>,
  flag: string,
): Promise<Prompter> {
  if (!(ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) {
    throw new GitsealError('E_NO_TTY', `no terminal to ask on and ${flag} was not given`, {
      hint: `Pass ${flag} (or run in a terminal to be asked).`,
    })
  }
  return ctx.prompter ?? inquirerPrompter()
}

async function inquirerPrompter(): Promise<Prompter> {
  const { createPromptModule } = (await importModule('inquirer')) as typeof import('inquirer')
  // Questions go to stderr: stdout carries results (e.g. a protected Secret) and may be piped.
  const prompt = createPromptModule({ output: process.stderr })
  const ask = async <T>(question: Record<string, unknown>): Promise<T> => {
    try {
      const answers = (await prompt([{ ...question, name: 'answer' }] as never)) as { answer: T }
      return answers.answer
    } catch (cause) {
      throw new GitsealError('E_ABORTED', 'cancelled', { cause })
    }
  }
  return {
    input: (message, options = {}) =>
      ask<string>({
        type: 'input',
        message,
        ...(options.default === undefined ? {} : { default: options.default }),
        ...(options.validate ? { validate: options.validate } : {}),
      }),
    password: (message) => ask<string>({ type: 'password', message, mask: '*' }),
    confirm: (message, defaultValue = true) =>
      ask<boolean>({ type: 'confirm', message, default: defaultValue }),
    select: (message, choices, defaultValue) =>
      ask<string>({
        type: 'select',
        message,
        choices,
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
      }),
    checkbox: (message, choices) => ask<string[]>({ type: 'checkbox', message, choices }),
  }
}
