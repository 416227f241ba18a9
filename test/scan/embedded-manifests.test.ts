/**
 * Secrets written as YAML text inside a block scalar (red team 19, A22): a kustomize patch, Helm
 * values given as text (Argo CD `helm.values: |`, a chart's `extraObjects: |`), a manifest kept in a
 * ConfigMap. Tools apply or render that text, so its Secret is judged like one of the file's own, at
 * the line where its value stands; text that is no Secret (a Deployment patch, an owned-kinds list,
 * placeholders) stays quiet.
 */
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { CS, rnd } from './rules/tokens.js'

const detector = createDetector()
const found = (text: string, path = 'deploy/app.yaml'): string[] =>
  detector.scanFile(path, text).findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)
// A neutral key name, so that no text rule reads the value: only the Secret analyser can.
const raw = rnd(CS.alnum, 24)
const encoded = Buffer.from(raw).toString('base64')
const lines = (...text: string[]): string => `${text.join('\n')}\n`

describe('Secret manifests in block scalars', () => {
  it('a kustomize patch (`patches[].patch: |-`) and an inline strategic merge patch', () => {
    const patches = lines(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '- ../../base',
      'patches:',
      '- target:',
      '    kind: Deployment',
      '    name: api',
      '  patch: |-',
      '    - op: replace',
      '      path: /spec/replicas',
      '      value: 3',
      '- target:',
      '    kind: Secret',
      '    name: db',
      '  patch: |-',
      '    apiVersion: v1',
      '    kind: Secret',
      '    metadata:',
      '      name: db',
      '    data:',
      `      conn: ${encoded}`,
    )
    expect(found(patches, 'overlays/prod/kustomization.yaml')).toEqual(['22:13 k8s-secret-plaintext'])
    const strategic = lines(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      '- ../../base',
      'patchesStrategicMerge:',
      '- |-',
      '  apiVersion: v1',
      '  kind: Secret',
      '  metadata:',
      '    name: db',
      '  stringData:',
      `    conn: ${raw}`,
    )
    expect(found(strategic, 'overlays/prod/kustomization.yaml')).toEqual(['12:11 k8s-secret-plaintext'])
  })

  it("Helm values given as text: an Argo CD Application's `helm.values: |`, a HelmRelease's `extraObjects: |`", () => {
    const application = lines(
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: api',
      '  namespace: argocd',
      'spec:',
      '  project: default',
      '  source:',
      '    repoURL: https://charts.example.com',
      '    chart: api',
      '    targetRevision: 1.2.3',
      '    helm:',
      '      values: |',
      '        replicaCount: 2',
      '        extraObjects:',
      '          - apiVersion: v1',
      '            kind: Secret',
      '            metadata:',
      '              name: api-keys',
      '            type: Opaque',
      '            stringData:',
      `              upstream: ${raw}`,
      '  destination:',
      '    server: https://kubernetes.default.svc',
      '    namespace: api',
    )
    expect(found(application, 'apps/api.yaml')).toEqual(['22:25 k8s-secret-plaintext'])
    const release = lines(
      'apiVersion: helm.toolkit.fluxcd.io/v2',
      'kind: HelmRelease',
      'metadata:',
      '  name: api',
      'spec:',
      '  chart:',
      '    spec:',
      '      chart: api',
      '  values:',
      '    extraObjects: |',
      '      - apiVersion: v1',
      '        kind: Secret',
      '        metadata:',
      '          name: api-keys',
      '        data:',
      `          upstream: ${encoded}`,
    )
    expect(found(release, 'clusters/prod/api.yaml')).toEqual(['16:21 k8s-secret-plaintext'])
  })

  it('a manifest kept in a ConfigMap, and one a level deeper (a kustomization in a ConfigMap)', () => {
    const configMap = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: bootstrap',
      'data:',
      '  secret.yaml: |',
      '    apiVersion: v1',
      '    kind: Secret',
      '    metadata:',
      '      name: db',
      '    data:',
      `      conn: ${encoded}`,
    )
    expect(found(configMap)).toEqual(['12:13 k8s-secret-plaintext'])
    const deeper = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: overlay',
      'data:',
      '  kustomization.yaml: |',
      '    patches:',
      '    - patch: |-',
      '        apiVersion: v1',
      '        kind: Secret',
      '        metadata:',
      '          name: db',
      '        data:',
      `          conn: ${encoded}`,
    )
    expect(found(deeper)).toEqual(['14:17 k8s-secret-plaintext'])
  })

  it('stays quiet on text that holds no Secret value; reads a Secret manifest kept in a Secret', () => {
    // An owned-kinds list, a Secret patch without data, placeholders and an ExternalSecret.
    const quiet = lines(
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'patches:',
      '- patch: |-',
      '    apiVersion: v1',
      '    kind: Secret',
      '    metadata:',
      '      name: db',
      '      annotations:',
      '        reloader.stakater.com/match: "true"',
      '- patch: |-',
      '    apiVersion: v1',
      '    kind: Secret',
      '    metadata:',
      '      name: db',
      '    stringData:',
      '      password: ${DB_PASSWORD}',
      '      user: changeme',
      '- patch: |-',
      '    apiVersion: external-secrets.io/v1beta1',
      '    kind: ExternalSecret',
      '    spec:',
      '      data:',
      '      - secretKey: conn',
      '        remoteRef: {key: db/conn}',
    )
    expect(found(quiet, 'kustomization.yaml')).toEqual([])
    // A Secret whose value is a Secret manifest (a bootstrap bundle): the inner Secret's value.
    const holder = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: bundle',
      'stringData:',
      '  secret.yaml: |',
      '    apiVersion: v1',
      '    kind: Secret',
      '    data:',
      `      conn: ${encoded}`,
    )
    expect(found(holder)).toEqual(['10:13 k8s-secret-plaintext'])
  })

  it('a Secret in a block scalar that does not parse is not passed as read (scan-incomplete), nor a template', () => {
    const broken = (value: string): string =>
      lines(
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'spec:',
        '  source:',
        '    helm:',
        '      values: |',
        '        extraObjects:',
        '        - apiVersion: v1',
        '          kind: Secret',
        '          stringData:',
        `            conn: ${value}`,
        '           - [',
      )
    const result = detector.scanFile('apps/db.yaml', broken(raw))
    expect(result.findings.map((f) => f.ruleId)).toEqual(['scan-incomplete'])
    expect(result.findings[0]?.redactedLine).toMatch(/block scalar holding a Secret/)
    expect(JSON.stringify(result)).not.toContain(raw)
    // The same text written with a template action: a chart's, rendered before it is applied.
    expect(found(broken('{{ .Values.conn }}'))).toEqual([])
    // A script holding a Secret in a heredoc (a Taskfile's `cmds: - |`) is no YAML text.
    const script = lines(
      'tasks:',
      '  n8n:',
      '    cmds:',
      '    - |',
      '      kubectl apply -f - << EOF',
      '      apiVersion: v1',
      '      kind: Secret',
      '      stringData:',
      '        N8N_SMTP_PASS: "$SMTP_PASS"',
      '      EOF',
    )
    expect(found(script, 'Taskfile.yaml')).toEqual([])
    // And the same block parsing: its value is reported, nothing else.
    expect(found(broken(raw).replace('           - [\n', ''))).toEqual(['11:19 k8s-secret-plaintext'])
  })
})
