/** `readAhead`: results in input order, a bounded number of reads in flight, failures at their turn. */
import { describe, expect, it } from 'vitest'
import { readAhead } from '../../src/io/read-ahead.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('readAhead', () => {
  it('yields every result in input order even when later reads finish first', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i)
    const out: number[] = []
    for await (const value of readAhead(items, async (i) => {
      await sleep((40 - i) % 7)
      return i * 2
    }))
      out.push(value)
    expect(out).toEqual(items.map((i) => i * 2))
  })

  it('never has more than `window` reads in flight, and does start reads ahead', async () => {
    let inFlight = 0
    let most = 0
    const read = async (i: number): Promise<number> => {
      inFlight++
      most = Math.max(most, inFlight)
      await sleep(2)
      inFlight--
      return i
    }
    const out: number[] = []
    for await (const value of readAhead([...Array(30).keys()], read, 4)) out.push(value)
    expect(out).toHaveLength(30)
    expect(most).toBe(4)
  })

  it('rethrows a failed read at its turn, after the results before it', async () => {
    const out: number[] = []
    const run = async (): Promise<void> => {
      for await (const value of readAhead([0, 1, 2, 3], async (i) => {
        if (i === 2) throw new Error('read 2 failed')
        await sleep(1)
        return i
      }))
        out.push(value)
    }
    await expect(run()).rejects.toThrow('read 2 failed')
    expect(out).toEqual([0, 1])
  })

  it('yields nothing for no items', async () => {
    const out: unknown[] = []
    for await (const value of readAhead([], () => Promise.resolve(1))) out.push(value)
    expect(out).toEqual([])
  })
})
