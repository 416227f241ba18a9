/**
 * A Secret nested in another object that a tool applies as it stands (red team 19, A22): a
 * HelmRelease's `spec.values.extraObjects` (charts render them verbatim), an OpenShift Template's
 * `objects`. Judged like a Secret of its own; an operator's list of the kinds it owns stays quiet.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { CS, rnd } from './rules/tokens.js'

const detector = createDetector()
const found = (text: string, path = 'deploy/app.yaml'): string[] =>
  detector.scanFile(path, text).findings.map((f) => `${f.line} ${f.ruleId}`)
const value = rnd(CS.alnum, 24)

describe('Secrets nested in other objects', () => {
  it("a HelmRelease's extraObjects and an OpenShift Template's objects hold Secrets", () => {
    const release = [
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: app',
      'spec:',
      '  values:',
      '    extraObjects:',
      '    - apiVersion: v1',
      '      kind: Secret',
      '      metadata:',
      '        name: s',
      '      stringData:',
      `        v: ${value}`,
      '',
    ].join('\n')
    expect(found(release)).toEqual(['13 k8s-secret-plaintext'])
    const template = [
      'apiVersion: template.openshift.io/v1',
      'kind: Template',
      'metadata:',
      '  name: t',
      'objects:',
      '- kind: Secret',
      '  metadata:',
      '    name: s',
      '  data:',
      `    v: ${Buffer.from(value).toString('base64')}`,
      '',
    ].join('\n')
    expect(found(template)).toEqual(['10 k8s-secret-plaintext'])
    // A root Secret is judged once, not again as a nested one; a List's items likewise.
    const root = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  v: ${value}\n`
    expect(found(root)).toEqual(['6 k8s-secret-plaintext'])
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${root.replace(/\n(?=.)/g, '\n  ')}`
    expect(found(list)).toEqual(['9 k8s-secret-plaintext'])
  })

  it('an owned-resources list (`- kind: Secret` without data) and a SecretStore stay quiet', () => {
    const csv = [
      'apiVersion: operators.coreos.com/v1alpha1',
      'kind: ClusterServiceVersion',
      'metadata:',
      '  name: x',
      'spec:',
      '  customresourcedefinitions:',
      '    owned:',
      '    - kind: Foo',
      '      resources:',
      '      - kind: Secret',
      `        name: ${value}`,
      '        version: v1',
      '  data:',
      `    note: ${value}`,
      '',
    ].join('\n')
    expect(found(csv)).toEqual([])
    const other = `kind: Wrapper\nspec:\n  inner:\n    kind: Secret\n    apiVersion: apps/v1\n    data:\n      v: ${value}\n`
    expect(found(other)).toEqual([])
  })
  it('a Secret nested in a root Secret is found beside it; a document naming no other Secret is not walked', () => {
    const other = rnd(CS.alnum, 24)
    const both = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  v: ${value}\nx:\n  kind: Secret\n  stringData:\n    w: ${other}\n`
    expect(found(both)).toEqual(['6 k8s-secret-plaintext', '10 k8s-secret-plaintext'])
    // The nested one's kind spelt with an escape or a tag, or kept in a literal block, is found too.
    const escaped = both.replace('  kind: Secret', '  kind: "Secr\\x65t"')
    expect(found(escaped)).toEqual(['6 k8s-secret-plaintext', '10 k8s-secret-plaintext'])
    const tagged = `kind: Wrapper\nx:\n  kind: !!str Secret\n  stringData:\n    w: ${other}\n`
    expect(found(tagged)).toEqual(['5 k8s-secret-plaintext'])
    const users = Array.from({ length: 3 }, (_, i) => `- name: u${i}\n  user:\n    note: x\n`).join('')
    expect(found(`apiVersion: v1\nkind: Config\nusers:\n${users}`)).toEqual([])
  })
})
