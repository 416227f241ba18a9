/**
 * Kubernetes Secret spellings the API accepts that the gate used to pass unread (red team 19,
 * items A1-A5): each reproduction must give the Secret analyser's finding, and a control that is
 * no Secret must stay quiet.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { CS, rnd } from './rules/tokens.js'

const detector = createDetector()
const ids = (text: string, path = 'secret.yaml'): string[] =>
  detector.scanFile(path, text).findings.map((finding) => finding.ruleId)
const where = (text: string, path = 'secret.yaml'): string[] =>
  detector.scanFile(path, text).findings.map((f) => `${f.ruleId}@${f.line}`)
const value = Buffer.from(rnd(CS.alnum, 24)).toString('base64')

describe('Secret spellings', () => {
  it('A1: items of a SecretList that name no kind are Secrets (apimachinery gives them the list kind minus List)', () => {
    const list = `apiVersion: v1\nkind: SecretList\nitems:\n- metadata:\n    name: db\n  data:\n    v: ${value}\n`
    expect(where(list)).toEqual(['k8s-secret-plaintext@7'])
    const json = `{"apiVersion":"v1","kind":"SecretList","items":[{"metadata":{"name":"db"},"data":{"v":"${value}"}}]}`
    expect(ids(json, 'list.json')).toEqual(['k8s-secret-plaintext'])
    // Any top-level object with items is a list to the decoder, whatever its kind.
    expect(ids(`apiVersion: v1\nkind: Secret\nitems:\n- data:\n    v: ${value}\n`)).toEqual([
      'k8s-secret-plaintext',
    ])
    // Controls: an item naming its own kind or apiVersion keeps it (the decoder infers only
    // when both are missing); a ConfigMapList's items are ConfigMaps; nested lists infer nothing.
    expect(ids(list.replace('- metadata:', '- kind: ConfigMap\n  metadata:'))).toEqual([])
    expect(ids(list.replace('- metadata:', '- apiVersion: v1\n  metadata:'))).toEqual([])
    expect(ids(list.replace('SecretList', 'ConfigMapList'))).toEqual([])
    const nested = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: SecretList\n  items:\n  - data:\n      v: ${value}\n`
    expect(ids(nested)).toEqual([])
  })
})
