/** Helm template actions blanked for a second parse: offsets kept, linear on crafted input. */
import { describe, expect, it } from 'vitest'
import { blankTemplateActions } from '../../src/scan/analysers/template-blanks.js'
import { cpuMark, cpuMsSince } from '../support/cpu-time.js'

describe('blankTemplateActions', () => {
  it('keeps every offset: actions that end a line where a value starts become a comment, others a placeholder run', () => {
    const text = 'a: {{ .x }}\n  {{- if .y }}{{ end }}\nb: c-{{ .z }}\r\nd: "{{ .w }}"\n{{/* two\nlines */}}'
    const blanked = blankTemplateActions(text)
    expect(blanked?.text).toHaveLength(text.length)
    expect(blanked?.text.split('\n').map((line) => line.replace(/\ue000+/g, 'P'))).toEqual([
      'a: #       ',
      '  #                    ',
      'b: c-P\r',
      'd: "P"',
      '#       ',
      '#         ',
    ])
    expect(blanked?.actions).toHaveLength(6)
    expect(blankTemplateActions('no actions here')).toBeUndefined()
    expect(blankTemplateActions('a: {{ open')).toBeUndefined()
  })

  it('is linear on crafted input: many actions, long lines, unclosed openers', () => {
    for (const text of [
      '{{}}'.repeat(500_000),
      `a: ${'x{{ y }}'.repeat(250_000)}`,
      '{{ a }}\n'.repeat(250_000),
      `{{${'}'.repeat(1)}${'{{'.repeat(1_000_000)}`,
    ]) {
      const start = cpuMark()
      blankTemplateActions(text)
      expect(cpuMsSince(start)).toBeLessThan(2000)
    }
  })
})
