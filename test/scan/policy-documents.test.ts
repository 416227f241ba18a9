/**
 * In a file a broad `.sops.yaml` rule covers, plain (kind-less) documents where the policy check
 * cannot find a secret are left unparsed: the analysers report exactly what they report with every
 * document parsed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyse, parseYamlDocuments } from '../../src/scan/analysers/index.js'
import { keywordAutomatonFor } from '../../src/scan/matcher.js'
import { PROVIDER_RULES } from '../../src/scan/rules/index.js'
import { parseSopsPolicy } from '../../src/scan/sops-policy.js'
import { TRIGGER_KEYWORDS, documentsToAnalyse } from '../../src/scan/structured.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const policy = parseSopsPolicy(
  '.sops.yaml',
  'creation_rules:\n  - path_regex: \\.ya?ml$\n    age: age1helw9qcwl8lfy8xwm5cecnn2ljxlafhlplg3dehpk7ma4l94695qmqm9zg\n',
)
const automaton = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)

function analysed(text: string, all: boolean): unknown {
  const found = automaton.scan(text).found
  const docs = all ? parseYamlDocuments(text, []) : documentsToAnalyse('play.yaml', text, found, policy, [])
  const { findings, quiet } = analyse({ path: 'play.yaml', text, docs, stopwords: [] }, policy)
  return { findings, quiet }
}

describe('documents of a file the .sops.yaml policy covers', () => {
  it('reports the same with plain documents left unparsed where the policy check cannot find a secret', () => {
    const key = fc.constantFrom(
      ...['name', 'hosts', 'become', 'src', 'dest', 'mode', 'image', 'tags', 'when', 'db_password'],
      ...['apiKey', 'TOKEN', 'secret_key', 'PassPhrase', 'x\u212aey', '"p\\x61ssword"', 'auth-key', 'ports'],
    )
    const value = fc.oneof(
      fc.constantFrom(
        'yes',
        '/etc/systemd/system',
        '0644',
        'ghcr.io/linuxserver/sonarr:latest',
        '192.168.1.10',
      ),
      fc.constantFrom(
        '"{{ vault_pw }}"',
        "'quoted value'",
        'America/New_York',
        '[a, b]',
        '{x: 1}',
        '|\n    line',
      ),
      fc.stringMatching(/^[A-Za-z0-9+/_.~-]{12,24}={0,2}$/),
      fc.stringMatching(/^[a-z]{4,10}$/),
    )
    const entry = fc
      .tuple(fc.constantFrom('', '  ', '- ', '  - '), key, value)
      .map(([indent, k, v]) => `${indent}${k}: ${v}\n`)
    const doc = fc.array(entry, { minLength: 1, maxLength: 8 }).map((entries) => entries.join(''))
    const file = fc.array(doc, { minLength: 1, maxLength: 4 }).map((docs) => docs.join('---\n'))
    let reported = 0
    fc.assert(
      fc.property(file, (text) => {
        const all = analysed(text, true) as { findings: unknown[] }
        reported += all.findings.length
        expect(analysed(text, false)).toEqual(all)
      }),
      fuzzParams(1500),
    )
    expect(reported).toBeGreaterThan(100)
  })
})
