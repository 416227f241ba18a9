/** A {@link Prompter} answering from a script, recording every question, for driving prompts in tests. */
import type { Choice, Prompter } from '../../src/cli/prompts.js'

/** One question asked: its kind and message. */
export interface Asked {
  kind: keyof Prompter
  message: string
  choices?: string[]
}

/** A prompter that answers in order from `answers` and records questions in `asked`. */
export function scriptedPrompter(answers: unknown[]): { prompter: Prompter; asked: Asked[] } {
  const asked: Asked[] = []
  const next = <T>(kind: keyof Prompter, message: string, choices?: Choice[]): Promise<T> => {
    asked.push({ kind, message, ...(choices ? { choices: choices.map((c) => c.value) } : {}) })
    if (answers.length === 0) return Promise.reject(new Error(`unexpected question: ${message}`))
    return Promise.resolve(answers.shift() as T)
  }
  return {
    asked,
    prompter: {
      input: (message) => next('input', message),
      password: (message) => next('password', message),
      confirm: (message) => next('confirm', message),
      select: (message, choices) => next('select', message, choices),
      checkbox: (message, choices) => next('checkbox', message, choices),
    },
  }
}
