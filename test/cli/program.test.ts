import { describe, expect, it } from 'vitest'
import { commandsFor } from '../../src/cli/program.js'

describe('commandsFor (which command modules a run imports)', () => {
  const all = commandsFor([])
  it.each([
    [['seal', 'secret.yaml', '--cert', 'c.pem'], ['seal']],
    [['--debug', 'merge-driver', '%O'], ['merge-driver']],
    [['help', 'encrypt'], ['encrypt']],
    [['--version'], []],
    [['-V'], []],
  ])('%j loads %j', (argv, expected) => {
    expect(commandsFor(argv)).toEqual(expected)
  })

  it('loads every command for top-level help and unknown commands, in help order', () => {
    expect(all[0]).toBe('seal')
    expect(all.length).toBeGreaterThanOrEqual(22)
    expect(commandsFor(['--help'])).toEqual(all)
    expect(commandsFor(['sael'])).toEqual(all)
    expect(commandsFor(['__proto__'])).toEqual(all)
  })

  // bin/gitseal.js runs these from the script built with only `scan` (scan-command-table.ts): the
  // full table must give that same one command whenever the first non-option argument is `scan`.
  it.each([
    [['scan']],
    [['scan', '--help']],
    [['--debug', 'scan', '.', '--format', 'json']],
    [['-V', 'scan']],
    [['--help', 'scan', 'help']],
    [['scan', 'help', 'seal']],
  ])('%j, which the scan-only script runs, loads just scan', (argv) => {
    expect(commandsFor(argv)).toEqual(['scan'])
  })
})
