/**
 * Kubernetes Secret spellings the API accepts that the gate used to pass unread (red team 19,
 * items A1-A5): each reproduction must give the Secret analyser's finding, and a control that is
 * no Secret must stay quiet.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { holdsAnalyserTrigger } from '../../src/scan/structured.js'
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
  it('A2: an explicit `? kind` key with an anchor, a tag, a block scalar or an escaped line break', () => {
    const body = `metadata:\n  name: db\ndata:\n  v: ${value}\n`
    const keys = [
      '? &k kind\n: Secret',
      '? !!str kind\n: Secret',
      '? |-\n  kind\n: Secret',
      '? >-\n  kind\n: Secret',
      '? "ki\\\n  nd"\n: Secret',
      '? "\\x6bind"\n: Secret',
      '? kind\n: Secret',
      '- ? kind\n  : Secret',
    ]
    for (const key of keys) {
      const text = key.startsWith('-')
        ? `items:\n${key}\n  apiVersion: v1\n  ${body.replaceAll('\n', '\n  ')}`
        : `apiVersion: v1\n${key}\n${body}`
      const kind = key.startsWith('-') ? 'apiVersion: v1\nkind: List\n' : ''
      expect(ids(`${kind}${text}`), key).toEqual(['k8s-secret-plaintext'])
    }
    // Flow style, and under a name that is read as a manifest only for its first key.
    expect(ids(`{apiVersion: v1, ? kind : Secret, data: {v: ${value}}}`)).toEqual(['k8s-secret-plaintext'])
    // Deeper, it reaches the root through a merge key.
    const merged = `base: &b\n  apiVersion: v1\n  ? !!str kind\n  : Secret\n<<: *b\ndata:\n  v: ${value}\n`
    expect(ids(merged)).toEqual(['k8s-secret-plaintext'])
    // A `?` line inside a block scalar (a CEL rule's or a script's ternary) asks for no parse.
    const cel = `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nspec:\n  validations:\n  - expression: >-\n      has(object.x)\n      ? object.x == 'a'\n      : true\n    message: see the Secret docs\n`
    expect(holdsAnalyserTrigger(cel)).toBe(false)
    // The control: an explicit key naming something else.
    expect(ids(`apiVersion: v1\nkind: ConfigMap\n? |-\n  type\n: Secret\n${body}`)).toEqual([])
  })

  it('A2: alias keys and explicit keys, which the fast reader takes from the library, name the kind all the same', () => {
    const body = `metadata:\n  name: db\ndata:\n  v: ${value}\n`
    const keys = [
      'x: &k kind\n*k : Secret',
      'x: &k kind\n*k   :   Secret  ',
      'x: &k kind\n? *k\n: Secret',
      '? \'kind\'\n: "Secret"',
      '? kind  \n:   Secret',
    ]
    for (const key of keys) {
      const lines = key.split('\n').length
      expect(where(`apiVersion: v1\n${key}\n${body}`), key).toEqual([`k8s-secret-plaintext@${lines + 5}`])
    }
    // Controls: the alias names another word; the explicit key's value is another kind.
    expect(ids(`apiVersion: v1\nx: &k type\n*k : Secret\n${body}`)).toEqual([])
    expect(ids(`apiVersion: v1\n? kind\n: ConfigMap\n${body}`)).toEqual([])
  })

  it('A3: a root merge key whose anchor holds kind: Secret in block style', () => {
    const merged = `base: &b\n  apiVersion: v1\n  kind: Secret\n<<: *b\nmetadata:\n  name: db\ndata:\n  v: ${value}\n`
    expect(where(merged)).toEqual(['k8s-secret-plaintext@8'])
    expect(ids(merged.replace('<<: *b', '<<: [*b]'))).toEqual(['k8s-secret-plaintext'])
    // Controls: the same anchor under a key that is no merge, and a merge of something else.
    expect(ids(merged.replace('<<: *b', 'other: *b'))).toEqual([])
    expect(ids(merged.replace('<<: *b', 'x: &c {a: 1}\n<<: *c'))).toEqual([])
  })

  it('A4: JSON with a line break between the kind key and its colon', () => {
    const json = (gap: string): string =>
      `{"apiVersion":"v1","kind"${gap}:"Secret","metadata":{"name":"db"},"data":{"v":"${value}"}}\n`
    for (const gap of ['\n', '\r\n', ' \n\t ', '\n\n'])
      expect(ids(json(gap), 's.json'), JSON.stringify(gap)).toEqual(['k8s-secret-plaintext'])
    // Also under a name read only for its manifest shape.
    expect(ids(json('\n'), 'secret.txt')).toEqual(['k8s-secret-plaintext'])
    expect(ids(json('\n').replace('Secret', 'ConfigMap'), 's.json')).toEqual([])
  })
  it('A5: a Helm template Secret is judged on its literal values, never on a value an action renders', () => {
    const labels = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\ntype: Opaque\ndata:\n  ADMIN_KEY: ${value}\n`
    expect(where(labels, 'chart/templates/secret.yaml')).toEqual(['k8s-secret-plaintext@9'])
    const wrapped = `{{- if .Values.enabled }}\napiVersion: v1\nkind: Secret\ndata:\n  v: ${value}\n{{- end }}\n`
    expect(where(wrapped, 'chart/templates/s2.yaml')).toEqual(['k8s-secret-plaintext@5'])
    // bitnami's shape: an include that renders more labels above deeper literal ones.
    const bitnami = `{{- /*\nCopyright\n*/}}\n{{- if not .Values.existingSecret }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ template "x.fullname" . }}\n  labels: {{- include "common.labels.standard" ( dict "context" $ ) | nindent 4 }}\n    app.kubernetes.io/component: backend\ndata:\n  dsn: ${value}\n  admin-password: {{ include "common.secrets.passwords.manage" (dict "key" "admin-password" "context" $) }}\n{{- end }}\n`
    expect(where(bitnami, 'templates/secret.yaml')).toEqual(['k8s-secret-plaintext@12'])
    // Values an action renders, whole or in part, in a plain, quoted or block scalar: none reported.
    const rendered = [
      'v: {{ .Values.password | b64enc }}',
      'v: "{{ .Values.password }}"',
      'v: prefix-{{ .Values.x }}',
      `v: ${value}{{ .Values.suffix }}`,
      `v: ${value} {{ .Values.suffix }}`,
      `v: |\n    user = app\n    conn = ${value}\n    {{- if .Values.x }}\n    x = {{ .Values.x }}\n    {{- end }}`,
      '{{- range $k, $v := .Values.secrets }}\n  {{ $k }}: {{ $v | b64enc }}\n  {{- end }}',
    ]
    for (const entry of rendered) {
      const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\nstringData:\n  ${entry}\n`
      expect(ids(text, 'templates/secret.yaml'), entry).toEqual([])
    }
    // A template that still does not parse is no note (as before), and a kind an action renders is no Secret.
    expect(
      ids(`apiVersion: v1\nkind: Secret\ndata:\n  {{ if }}: [\n  v: ${value}\n`, 'templates/s.yaml'),
    ).toEqual([])
    expect(
      ids(
        `apiVersion: v1\nkind: {{ .Values.kind }}\nmetadata:\n  labels:\n    {{- include "x" . | nindent 4 }}\ndata:\n  v: ${value}\n`,
      ),
    ).toEqual([])
  })
  it('A20: a sops binary-store envelope on one line whose data is not encrypted, under any name', () => {
    const envelope = (data: string): string =>
      `{"data": "${data}", "sops": {"mac": "ENC[AES256_GCM,data:abcd,iv:abcdefghijklmnopqrstuv==,tag:abcdefghijklmnopqrstuv==,type:str]", "version": "3.8.1", "lastmodified": "2024-01-01T00:00:00Z"}}\n`
    expect(ids(envelope(`DB_PASSWORD=${rnd(CS.alnum, 24)}\\n`), 'secret.txt')).toContain(
      'sops-unencrypted-value',
    )
    // The control: an encrypted data value.
    expect(
      ids(
        envelope(
          'ENC[AES256_GCM,data:Zm9vYmFy,iv:abcdefghijklmnopqrstuv==,tag:abcdefghijklmnopqrstuv==,type:str]',
        ),
        'secret.txt',
      ),
    ).toEqual([])
  })
  it('a `!!binary` value under a `%YAML 1.1` directive is read as go-yaml decodes it (text), not as bytes', () => {
    // go-yaml gives a Secret `stringData: {v: !!binary <base64 of text>}` the text, and `data` the
    // decoded base64; the directive switched the yaml library to its own bytes-valued `!!binary`.
    const text = rnd(CS.alnum, 24)
    const once = Buffer.from(text).toString('base64')
    const twice = Buffer.from(once).toString('base64')
    for (const directive of ['%YAML 1.1\n---\n', '%YAML 1.2\n---\n', '']) {
      expect(
        ids(`${directive}apiVersion: v1\nkind: Secret\nstringData:\n  v: !!binary ${once}\n`),
        directive,
      ).toEqual(['k8s-secret-plaintext'])
      expect(
        ids(`${directive}apiVersion: v1\nkind: Secret\ndata:\n  v: !!binary ${twice}\n`),
        directive,
      ).toEqual(['k8s-secret-plaintext'])
    }
  })
})
