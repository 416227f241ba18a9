/**
 * The SOPS INI store reads a `"""` value that spans lines in linear time: it searched the whole value
 * read so far for the closing quotes after every line, so an unclosed one over 20,000 lines (0.8 MB)
 * took 9.7 s, twice the lines four times as long. The bound is generous for a loaded machine.
 */
import { describe, expect, it } from 'vitest'
import { storeFor } from '../../src/sops/stores/index.js'
import type { Mapping } from '../../src/sops/tree.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

const LINES = 40_000

describe('INI values over many lines', () => {
  it(`an unclosed """ value over ${LINES} lines fails at the end of the file, in well under a second per MB`, () => {
    const text = `k = """start\n${'x'.repeat(40).concat('\n').repeat(LINES)}`
    const start = cpuMark()
    expect(() => storeFor('ini').load(text, 'big.ini')).toThrow(
      expect.objectContaining({
        code: 'E_SOPS_BAD_FORMAT',
        message: `big.ini:${LINES + 2}: unclosed """ value`,
      }),
    )
    expect(cpuMsSince(start) / 1000).toBeLessThan(3)
  })

  it('a closed one keeps its lines, and the next key is read after it', () => {
    const { branches } = storeFor('ini').load('a = """one\n  two\nthree""" ignored\nb = 2\n', 'ok.ini')
    const section = branches[0]?.get('DEFAULT') as Mapping
    expect(section.items).toEqual([
      { key: 'a', value: 'one\n  two\nthree' },
      { key: 'b', value: '2' },
    ])
  })
})
