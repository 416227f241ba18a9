/**
 * The engine reads a multi-document file's documents one at a time as they are parsed (each is
 * garbage once analysed: holding 20,000 small Secrets made garbage collection half of the scan).
 * What it reports must be exactly what the analysers report over every document at once — the
 * per-file budgets (findings per rule, values judged) and the policy's one finding included.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyse, analyseEach } from '../../src/scan/analysers/index.js'
import { keywordAutomatonFor } from '../../src/scan/matcher.js'
import { PROVIDER_RULES } from '../../src/scan/rules/index.js'
import { parseSopsPolicy } from '../../src/scan/sops-policy.js'
import { TRIGGER_KEYWORDS, documentsToAnalyse, eachDocumentToAnalyse } from '../../src/scan/structured.js'
import { fuzzParams } from '../fuzz/fuzz.js'

const automaton = keywordAutomatonFor(PROVIDER_RULES, TRIGGER_KEYWORDS)
const policy = parseSopsPolicy(
  '.sops.yaml',
  'creation_rules:\n  - path_regex: \\.ya?ml$\n    age: age1helw9qcwl8lfy8xwm5cecnn2ljxlafhlplg3dehpk7ma4l94695qmqm9zg\n',
)

/** What the engine gets (documents read as parsed) and what all documents at once give. */
function both(path: string, text: string, withPolicy: boolean): [unknown, unknown] {
  const found = automaton.scan(text).found
  const rules = withPolicy ? policy : undefined
  const file = { path, text, stopwords: [], found }
  const eachProblems: string[] = []
  const allProblems: string[] = []
  const each = analyseEach(file, eachDocumentToAnalyse(path, text, found, rules, eachProblems), rules)
  const all = analyse({ ...file, docs: documentsToAnalyse(path, text, found, rules, allProblems) }, rules)
  return [
    { ...each, problems: eachProblems },
    { ...all, problems: allProblems },
  ]
}

const value = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9+/]{8,40}$/),
  fc.constantFrom('changeme', 'hunter2', 'app', '${DB_PASSWORD}', 'ENC[AES256_GCM,data:abc,type:str]', ''),
)
const documentOf = fc.oneof(
  fc
    .tuple(fc.constantFrom('data', 'stringData'), value, value)
    .map(([field, a, b]) => `apiVersion: v1\nkind: Secret\n${field}:\n  password: ${a}\n  user: ${b}\n`),
  value.map((v) => `kind: Config\nclusters: []\nusers:\n  - name: u\n    user:\n      token: ${v}\n`),
  value.map((v) => `{"auths": {"r.example.com": {"auth": "${Buffer.from(`u:${v}`).toString('base64')}"}}}\n`),
  value.map((v) => `kind: ConfigMap\ndata:\n  x: ${v}\n`),
  value.map(
    (v) => `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    k: ${v}\n`,
  ),
  value.map((v) => `db_password: ${v}\napi_token: ${v}${v}\n`),
  fc.constant('kind: Secret\nstringData: {a: [\n'),
  value.map((v) => `kind: SecretList\nitems:\n  - kind: Secret\n    stringData: {k: ${v}}\n`),
  // SOPS metadata, in any document: it covers every document of the file (its rules, its MAC).
  fc
    .tuple(
      value,
      fc.constantFrom('', '  mac: ENC[AES256_GCM,data:x,type:str]\n'),
      fc.constantFrom('', '  encrypted_regex: ^(data|stringData)$\n'),
    )
    .map(
      ([v, mac, rule]) =>
        `kind: Secret\nstringData:\n  k: ${v}\nsops:\n  age: []\n${mac}${rule}  version: 3.8.1\n`,
    ),
  fc.constant('sops:\n  mac: [\nkind: Secret\n'),
  fc.constant('sops: {}\n'),
)

describe('analyseEach (documents read as parsed) reports what analyse over all documents does', () => {
  it('on generated multi-document files, with and without a .sops.yaml policy', () => {
    fc.assert(
      fc.property(fc.array(documentOf, { minLength: 1, maxLength: 12 }), fc.boolean(), (docs, withPolicy) => {
        const text = docs.join('---\n')
        const [each, all] = both('k8s/a.yaml', text, withPolicy)
        expect(each).toEqual(all)
      }),
      fuzzParams(),
    )
  })

  it('with the per-file budgets spent across documents: findings per rule, values judged, the policy’s one finding', () => {
    // 300 Secrets of one random value each: the plaintext rule stops at its limit in document 201.
    const random = Array.from(
      { length: 300 },
      (_, i) => `kind: Secret\nstringData:\n  k: Zx9${i}Qw7vLp2Rt8Nm4\n`,
    ).join('---\n')
    // 400 Secrets of demo values: the judging budget runs out part-way.
    const demo = Array.from({ length: 400 }, (_, i) => `kind: Secret\nstringData:\n  k${i}: changeme\n`).join(
      '---\n',
    )
    for (const text of [random, demo]) {
      for (const withPolicy of [false, true]) {
        const [each, all] = both('k8s/a.yaml', text, withPolicy)
        expect(each).toEqual(all)
      }
    }
    const each = both('k8s/a.yaml', random, false)[0] as { capped?: string[]; findings: unknown[] }
    expect(each.capped).toEqual(['k8s-secret-plaintext'])
    expect(each.findings).toHaveLength(200)
  })

  it('a file whose documents may hold SOPS metadata: that metadata, in a later document, covers every one', () => {
    const text =
      'kind: Secret\nstringData:\n  a: Zx9QwLp2Rt8Nm4vB\n---\nx: y\nsops:\n  mac: ENC[AES256_GCM,data:x,type:str]\n  age: []\n  encrypted_regex: ^stringData$\n  version: 3.8.1\n'
    for (const withPolicy of [false, true]) {
      const [each, all] = both('k8s/a.yaml', text, withPolicy)
      expect(each).toEqual(all)
      // The plaintext value the metadata's rule says must be encrypted, in the first document.
      expect((each as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain(
        'sops-unencrypted-value',
      )
    }
  })

  it('parses documents only as they are asked for', () => {
    const text = 'kind: Secret\nstringData:\n  a: b\n---\nkind: Secret\nstringData: {a: [\n'
    const problems: string[] = []
    const docs = eachDocumentToAnalyse('a.yaml', text, automaton.scan(text).found, undefined, problems)
    const iterator = docs[Symbol.iterator]()
    expect(iterator.next().done).toBe(false)
    expect(problems).toEqual([])
    expect(iterator.next().done).toBe(true)
    expect(problems).toEqual(['a YAML/JSON document that looks like a Kubernetes manifest does not parse'])
  })
})
