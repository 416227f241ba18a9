/**
 * argv → parsed options, for every command of the CLI surface. The real program is built and
 * parsed; a `preAction` hook records what the action would get and stops before it runs, so
 * nothing is read, written or sent. Usage errors go through `run` and must exit 2.
 */
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createContext } from '../../src/cli/context.js'
import type { CliIO } from '../../src/cli/stdio.js'
import { buildProgram } from '../../src/cli/program.js'
import { runCli } from '../support/cli.js'

/** What an action would have been called with. */
interface Parsed {
  command: string
  args: unknown[]
  options: Record<string, unknown>
}

const STOP = Symbol('stop before the action')

const io: CliIO = {
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: () => Promise.resolve(new Uint8Array()),
  env: {},
  cwd: '/nonexistent',
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
}

function commandPath(command: Command): string {
  const names: string[] = []
  let c = command
  while (c.parent) {
    names.unshift(c.name())
    c = c.parent
  }
  return names.join(' ')
}

/** Parse `argv` with the real program and return what the chosen action would receive. */
async function parse(argv: string[]): Promise<Parsed> {
  const program = await buildProgram(createContext(io), '0.0.0-test', argv)
  let parsed: Parsed | undefined
  program.hook('preAction', (_root, action) => {
    parsed = { command: commandPath(action), args: action.processedArgs, options: action.opts() }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught below
    throw STOP
  })
  await program.parseAsync(argv, { from: 'user' }).catch((error: unknown) => {
    if (error !== STOP) throw error
  })
  if (parsed === undefined) throw new Error(`${argv.join(' ')}: no action was chosen`)
  return parsed
}

type Row = [argv: string, command: string, args: unknown[], options: Record<string, unknown>]

const CERT_DEFAULTS = { certTimeout: '10000' }

/** The ExternalSecret options `eso externalsecret` and `eso push` share, as the rows spell them. */
const EXTERNAL_SECRET_OPTIONS = {
  storeKind: 'ClusterSecretStore',
  apiVersion: 'v1beta1',
  refreshInterval: '15m',
  creationPolicy: 'Merge',
  deletionPolicy: 'Delete',
  nullBytePolicy: 'Fail',
  keyTemplate: '{{ .Namespace }}/{{ .Name }}',
  prefix: 'app/',
}
const ESO_DEFAULTS = {
  storeKind: 'SecretStore',
  apiVersion: 'v1',
  refreshInterval: '1h',
  creationPolicy: 'Owner',
  deletionPolicy: 'Retain',
}

/** One or more rows per command; options are compared in full, defaults included. */
const ROWS: Row[] = [
  ['seal', 'seal', [undefined], { ...CERT_DEFAULTS }],
  [
    'seal s.yaml --cert c.pem --scope cluster-wide -o out.yaml --format json',
    'seal',
    ['s.yaml'],
    { ...CERT_DEFAULTS, cert: 'c.pem', scope: 'cluster-wide', output: 'out.yaml', format: 'json' },
  ],
  [
    'seal --raw --from-file pw.txt --name db --namespace prod --cluster prod --cert-timeout 500',
    'seal',
    [undefined],
    { raw: true, fromFile: 'pw.txt', name: 'db', namespace: 'prod', cluster: ['prod'], certTimeout: '500' },
  ],
  [
    'seal -w sealed.yaml --merge-into m.yaml --allow-expired',
    'seal',
    [undefined],
    { ...CERT_DEFAULTS, sealedSecretFile: 'sealed.yaml', mergeInto: 'm.yaml', allowExpired: true },
  ],
  ['unseal s.yaml --key k.pem', 'unseal', ['s.yaml'], { key: ['k.pem'], scope: 'strict' }],
  [
    'unseal --raw AgB= --name n --namespace ns -o x',
    'unseal',
    [undefined],
    { raw: 'AgB=', name: 'n', namespace: 'ns', scope: 'strict', output: 'x' },
  ],
  [
    'reseal s.yaml --key k.pem --cluster prod',
    'reseal',
    ['s.yaml'],
    { ...CERT_DEFAULTS, key: ['k.pem'], cluster: ['prod'] },
  ],
  ['validate a.yaml b.yaml --json', 'validate', [['a.yaml', 'b.yaml']], { json: true }],
  [
    'cert fetch -o c.pem --context kind',
    'cert fetch',
    [],
    { ...CERT_DEFAULTS, output: 'c.pem', context: 'kind' },
  ],
  ['cert info c.pem --json', 'cert info', ['c.pem'], { ...CERT_DEFAULTS, json: true }],
  ['keygen --out keys', 'keygen', [], { out: 'keys', bits: '4096', days: '3650', namespace: 'kube-system' }],
  [
    'keygen --out keys --bits 2048 --days 1 --cn me --force',
    'keygen',
    [],
    { out: 'keys', bits: '2048', days: '1', cn: 'me', namespace: 'kube-system', force: true },
  ],
  ['encrypt s.yaml -i', 'encrypt', ['s.yaml'], { inPlace: true }],
  [
    'encrypt s.yaml -a age1x,age1y --encrypted-regex ^data$ --input-type yaml --filename-override a/b.yaml --mac-only-encrypted',
    'encrypt',
    ['s.yaml'],
    {
      age: 'age1x,age1y',
      encryptedRegex: '^data$',
      inputType: 'yaml',
      filenameOverride: 'a/b.yaml',
      macOnlyEncrypted: true,
    },
  ],
  [
    'decrypt s.yaml --extract ["data"]["pw"] --ignore-mac',
    'decrypt',
    ['s.yaml'],
    { extract: '["data"]["pw"]', ignoreMac: true },
  ],
  ['decrypt', 'decrypt', [undefined], {}],
  ['edit s.yaml --config .sops.yaml', 'edit', ['s.yaml'], { config: '.sops.yaml' }],
  [
    'rotate a.yaml b.yaml -i --add-age age1x --rm-age age1y',
    'rotate',
    [['a.yaml', 'b.yaml']],
    { inPlace: true, addAge: 'age1x', rmAge: 'age1y' },
  ],
  ['updatekeys a.yaml -y', 'updatekeys', [['a.yaml']], { yes: true }],
  ['set s.yaml ["data"]["pw"] "\\"x\\""', 'set', ['s.yaml', '["data"]["pw"]', '"x"'], {}],
  [
    'set s.yaml ["data"]["pw"] --value-stdin',
    'set',
    ['s.yaml', '["data"]["pw"]', undefined],
    { valueStdin: true },
  ],
  ['unset s.yaml ["data"] --idempotent', 'unset', ['s.yaml', '["data"]'], { idempotent: true }],
  ['exec-env s.yaml env --pristine', 'exec-env', ['s.yaml', 'env'], { pristine: true }],
  [
    'exec-file s.yaml cat --filename f --output-type json',
    'exec-file',
    ['s.yaml', 'cat'],
    { filename: 'f', outputType: 'json' },
  ],
  [
    'eso externalsecret s.yaml --store aws --per-key',
    'eso externalsecret',
    ['s.yaml'],
    { ...ESO_DEFAULTS, store: 'aws', perKey: true },
  ],
  [
    'eso store aws --region eu-west-1 --auth jwt --service-account sa --cluster-wide',
    'eso store aws',
    [],
    {
      region: 'eu-west-1',
      auth: 'jwt',
      serviceAccount: 'sa',
      clusterWide: true,
      service: 'SecretsManager',
      accessKeyRef: 'awssm-secret:access-key',
      secretKeyRef: 'awssm-secret:secret-access-key',
      apiVersion: 'v1',
    },
  ],
  [
    'eso push s.yaml --store aws --dry-run --tags a=b,c=d --timeout 5',
    'eso push',
    ['s.yaml'],
    { ...ESO_DEFAULTS, store: 'aws', dryRun: true, tags: ['a=b,c=d'], timeout: '5' },
  ],
  [
    'eso verify a.yaml --region us-east-1 --json',
    'eso verify',
    [['a.yaml']],
    { region: 'us-east-1', json: true },
  ],
  [
    'eso pushsecret s.yaml --store aws',
    'eso pushsecret',
    ['s.yaml'],
    {
      store: 'aws',
      storeKind: 'SecretStore',
      refreshInterval: '1h',
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
    },
  ],
  [
    'protect a.yaml -i --backend sops --push',
    'protect',
    [['a.yaml']],
    { inPlace: true, backend: 'sops', push: true },
  ],
  ['scan', 'scan', [[]], { format: 'text', gitignore: true, progress: true }],
  [
    'scan . --git main..HEAD --format sarif -o r.sarif --exclude a --exclude b --no-gitignore --jobs 0',
    'scan',
    [['.']],
    {
      git: 'main..HEAD',
      format: 'sarif',
      output: 'r.sarif',
      exclude: ['a', 'b'],
      gitignore: false,
      progress: true,
      jobs: '0',
    },
  ],
  [
    'scan --git --staged --json --no-progress',
    'scan',
    [[]],
    { git: true, staged: true, json: true, format: 'text', gitignore: true, progress: false },
  ],
  [
    'scan --stdin --stdin-filename db.yaml --baseline-create b.json',
    'scan',
    [[]],
    {
      stdin: true,
      stdinFilename: 'db.yaml',
      baselineCreate: 'b.json',
      format: 'text',
      gitignore: true,
      progress: true,
    },
  ],
  ['hook install --force', 'hook install', [], { force: true }],
  ['hook uninstall', 'hook uninstall', [], {}],
  ['init', 'init', [], {}],
  [
    'init -y --backend prod=sealed --backend sops --cluster prod=c.pem --age-recipient age1a --age-recipient age1b --no-hook --merge-driver',
    'init',
    [],
    {
      yes: true,
      backend: ['prod=sealed', 'sops'],
      cluster: ['prod=c.pem'],
      ageRecipient: ['age1a', 'age1b'],
      hook: false,
      mergeDriver: true,
    },
  ],
  ['status apps --json', 'status', [['apps']], { json: true }],
  [
    'new secret db -n prod --from-literal a=1 --from-literal b=2 --backend sealed -o db.yaml',
    'new secret',
    ['db'],
    { namespace: 'prod', fromLiteral: ['a=1', 'b=2'], backend: 'sealed', output: 'db.yaml' },
  ],
  ['convert s.yaml --to sops -o out.yaml', 'convert', ['s.yaml'], { to: 'sops', output: 'out.yaml' }],
  [
    'merge-driver install --pattern "apps/**" --config g.yaml',
    'merge-driver install',
    [],
    { pattern: ['apps/**'], config: 'g.yaml' },
  ],
  ['merge-driver base ours theirs path', 'merge-driver', ['base', 'ours', 'theirs', 'path'], {}],
  // Every other option at least once (the test below checks none is left out).
  [
    'seal --config g.yaml --cert-sha256 ab12 --kubeconfig kube.conf --context kind --controller-name ss --controller-namespace ops --out-pattern clusters/{cluster}/s.yaml --key k.pem --allow-empty-data',
    'seal',
    [undefined],
    {
      certTimeout: '10000',
      config: 'g.yaml',
      certSha256: 'ab12',
      kubeconfig: 'kube.conf',
      context: 'kind',
      controllerName: 'ss',
      controllerNamespace: 'ops',
      outPattern: 'clusters/{cluster}/s.yaml',
      key: ['k.pem'],
      allowEmptyData: true,
    },
  ],
  [
    'unseal --scope namespace-wide --format json',
    'unseal',
    [undefined],
    { scope: 'namespace-wide', format: 'json' },
  ],
  [
    'reseal s.yaml --output out.yaml --cert c.pem --config g.yaml --cert-sha256 ab12 --allow-expired --cert-timeout 500 --kubeconfig kube.conf --context kind --controller-name ss --controller-namespace ops',
    'reseal',
    ['s.yaml'],
    {
      certTimeout: '500',
      output: 'out.yaml',
      cert: 'c.pem',
      config: 'g.yaml',
      certSha256: 'ab12',
      allowExpired: true,
      kubeconfig: 'kube.conf',
      context: 'kind',
      controllerName: 'ss',
      controllerNamespace: 'ops',
    },
  ],
  ['validate s.yaml --key k.pem', 'validate', [['s.yaml']], { key: ['k.pem'] }],
  [
    'cert fetch --cert c.pem --cluster prod --config g.yaml --cert-sha256 ab12 --allow-expired --cert-timeout 500 --kubeconfig kube.conf --controller-name ss --controller-namespace ops',
    'cert fetch',
    [],
    {
      certTimeout: '500',
      cert: 'c.pem',
      cluster: ['prod'],
      config: 'g.yaml',
      certSha256: 'ab12',
      allowExpired: true,
      kubeconfig: 'kube.conf',
      controllerName: 'ss',
      controllerNamespace: 'ops',
    },
  ],
  [
    'cert info --cert c.pem --cluster prod --config g.yaml --cert-sha256 ab12 --allow-expired --cert-timeout 500 --kubeconfig kube.conf --context kind --controller-name ss --controller-namespace ops',
    'cert info',
    [undefined],
    {
      certTimeout: '500',
      cert: 'c.pem',
      cluster: ['prod'],
      config: 'g.yaml',
      certSha256: 'ab12',
      allowExpired: true,
      kubeconfig: 'kube.conf',
      context: 'kind',
      controllerName: 'ss',
      controllerNamespace: 'ops',
    },
  ],
  [
    'keygen --out keys --namespace prod',
    'keygen',
    [],
    { bits: '4096', days: '3650', namespace: 'prod', out: 'keys' },
  ],
  [
    'encrypt --output out.yaml --config g.yaml --sops-config-lookup cwd --verbose --output-type json --unencrypted-regex ^meta$ --encrypted-suffix _enc --unencrypted-suffix _plain --encrypted-comment-regex sops:enc --unencrypted-comment-regex sops:plain --shamir-secret-sharing-threshold 2',
    'encrypt',
    [undefined],
    {
      output: 'out.yaml',
      config: 'g.yaml',
      sopsConfigLookup: 'cwd',
      verbose: true,
      outputType: 'json',
      unencryptedRegex: '^meta$',
      encryptedSuffix: '_enc',
      unencryptedSuffix: '_plain',
      encryptedCommentRegex: 'sops:enc',
      unencryptedCommentRegex: 'sops:plain',
      shamirSecretSharingThreshold: '2',
    },
  ],
  [
    'decrypt --in-place --output out.yaml --input-type json --output-type json',
    'decrypt',
    [undefined],
    { inPlace: true, output: 'out.yaml', inputType: 'json', outputType: 'json' },
  ],
  ['edit s.yaml --age age1x', 'edit', ['s.yaml'], { age: 'age1x' }],
  ['updatekeys a.yaml --config g.yaml', 'updatekeys', [['a.yaml']], { config: 'g.yaml' }],
  [
    'updatekeys a.yaml --sops-config-lookup cwd --verbose',
    'updatekeys',
    [['a.yaml']],
    { sopsConfigLookup: 'cwd', verbose: true },
  ],
  [
    'set s.yaml ["data"]["pw"] --value-file v.txt',
    'set',
    ['s.yaml', '["data"]["pw"]', undefined],
    { valueFile: 'v.txt' },
  ],
  [
    'eso externalsecret --store-kind ClusterSecretStore --api-version v1beta1 --refresh-interval 15m --creation-policy Merge --deletion-policy Delete --null-byte-policy Fail --key-template "{{ .Namespace }}/{{ .Name }}" --prefix app/ --namespace prod --extract --format json --output out.yaml',
    'eso externalsecret',
    [undefined],
    {
      ...EXTERNAL_SECRET_OPTIONS,
      namespace: 'prod',
      extract: true,
      format: 'json',
      output: 'out.yaml',
    },
  ],
  [
    'eso store aws --name aws --namespace prod --service ParameterStore --audience sts --access-key-ref aws:id --secret-key-ref aws:key --session-token-ref aws:token --auth-namespace auth --role arn:aws:iam::1:role/r --prefix app/ --api-version v1beta1 --format json --output out.yaml',
    'eso store aws',
    [],
    {
      service: 'ParameterStore',
      accessKeyRef: 'aws:id',
      secretKeyRef: 'aws:key',
      apiVersion: 'v1beta1',
      name: 'aws',
      namespace: 'prod',
      audience: ['sts'],
      sessionTokenRef: 'aws:token',
      authNamespace: 'auth',
      role: 'arn:aws:iam::1:role/r',
      prefix: 'app/',
      format: 'json',
      output: 'out.yaml',
    },
  ],
  [
    'eso push --store-kind ClusterSecretStore --api-version v1beta1 --refresh-interval 15m --creation-policy Merge --deletion-policy Delete --null-byte-policy Fail --key-template "{{ .Namespace }}/{{ .Name }}" --prefix app/ --per-key --namespace prod --extract --format json --output out.yaml --region eu-west-1 --endpoint http://127.0.0.1:4566 --profile dev --kms-key-id alias/k --for-pushsecret --description db --json',
    'eso push',
    [undefined],
    {
      ...EXTERNAL_SECRET_OPTIONS,
      perKey: true,
      namespace: 'prod',
      extract: true,
      format: 'json',
      output: 'out.yaml',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      profile: 'dev',
      kmsKeyId: 'alias/k',
      forPushsecret: true,
      description: 'db',
      json: true,
    },
  ],
  [
    'eso verify a.yaml --endpoint http://127.0.0.1:4566 --profile dev --timeout 5 --prefix app/',
    'eso verify',
    [['a.yaml']],
    { endpoint: 'http://127.0.0.1:4566', profile: 'dev', timeout: '5', prefix: 'app/' },
  ],
  [
    'eso pushsecret --store-kind ClusterSecretStore --refresh-interval 15m --update-policy IfNotExists --deletion-policy Delete --key-template "{{ .Namespace }}/{{ .Name }}" --prefix app/ --per-key --namespace prod --format json --output out.yaml',
    'eso pushsecret',
    [undefined],
    {
      storeKind: 'ClusterSecretStore',
      refreshInterval: '15m',
      updatePolicy: 'IfNotExists',
      deletionPolicy: 'Delete',
      keyTemplate: '{{ .Namespace }}/{{ .Name }}',
      prefix: 'app/',
      perKey: true,
      namespace: 'prod',
      format: 'json',
      output: 'out.yaml',
    },
  ],
  [
    'protect a.yaml --output out.yaml --config g.yaml --key k.pem --verbose --sops-config-lookup cwd --allow-expired',
    'protect',
    [['a.yaml']],
    {
      output: 'out.yaml',
      config: 'g.yaml',
      key: ['k.pem'],
      verbose: true,
      sopsConfigLookup: 'cwd',
      allowExpired: true,
    },
  ],
  [
    'scan --baseline b.json --write-baseline w.json --include-vendored --show-secrets --max-file-size 1048576 --config g.yaml --detector-module ./d.mjs',
    'scan',
    [[]],
    {
      format: 'text',
      gitignore: true,
      progress: true,
      baseline: 'b.json',
      writeBaseline: 'w.json',
      includeVendored: true,
      showSecrets: true,
      maxFileSize: '1048576',
      config: 'g.yaml',
      detectorModule: './d.mjs',
    },
  ],
  [
    'init --age-key-file keys.txt --eso-store aws --no-merge-driver --force',
    'init',
    [],
    { ageKeyFile: 'keys.txt', esoStore: 'aws', mergeDriver: false, force: true },
  ],
  ['status --config g.yaml', 'status', [[]], { config: 'g.yaml' }],
  [
    'new secret db --type kubernetes.io/tls --from-file pw.txt --from-env-file .env --cert c.pem --key k.pem --docker-server r.io --docker-username u --docker-password p --docker-email u@example.com --config g.yaml --push --verbose --sops-config-lookup cwd --allow-expired --force',
    'new secret',
    ['db'],
    {
      type: 'kubernetes.io/tls',
      fromFile: ['pw.txt'],
      fromEnvFile: ['.env'],
      cert: 'c.pem',
      key: 'k.pem',
      dockerServer: 'r.io',
      dockerUsername: 'u',
      dockerPassword: 'p',
      dockerEmail: 'u@example.com',
      config: 'g.yaml',
      push: true,
      verbose: true,
      sopsConfigLookup: 'cwd',
      allowExpired: true,
      force: true,
    },
  ],
  [
    'convert s.yaml --to sops --key k.pem --config g.yaml --push --verbose --sops-config-lookup cwd --allow-expired',
    'convert',
    ['s.yaml'],
    {
      to: 'sops',
      key: ['k.pem'],
      config: 'g.yaml',
      push: true,
      verbose: true,
      sopsConfigLookup: 'cwd',
      allowExpired: true,
    },
  ],
]

/** Split a row's argv like a shell would, for the simple quoting used above. */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) =>
    (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1'),
  )
}

describe('argv → options, every command', () => {
  it.each(ROWS)('%s', async (line, command, args, options) => {
    expect(await parse(words(line))).toEqual({ command, args, options })
  })

  it('covers every command of the surface', async () => {
    const program = await buildProgram(createContext(io), '0.0.0-test', [])
    const leaves: string[] = []
    const walk = (c: Command): void => {
      for (const sub of c.commands) {
        if (sub.commands.length === 0) leaves.push(commandPath(sub))
        walk(sub)
      }
    }
    walk(program)
    const covered = new Set(ROWS.map((row) => row[1]))
    expect(leaves.filter((name) => !covered.has(name))).toEqual([])
  })
  it('covers every option of every command', async () => {
    const program = await buildProgram(createContext(io), '0.0.0-test', [])
    const missing: string[] = []
    const walk = (c: Command): void => {
      for (const sub of c.commands) {
        const name = commandPath(sub)
        const rows = ROWS.filter((row) => row[1] === name)
        for (const option of sub.options) {
          const key = option.attributeName()
          // A --no-x option sets x to false; --x sets it to its value: a row must show that value.
          const given = rows.some((row) => {
            const value = row[3][key]
            return option.negate ? value === false : value !== undefined && value !== option.defaultValue
          })
          if (!given) missing.push(`${name} ${option.flags}`)
        }
        walk(sub)
      }
    }
    walk(program)
    expect(missing).toEqual([])
  })
})

/** Usage errors: [argv, what stderr must say]. Each must exit 2 before any action runs. */
const USAGE_ERRORS: [string, string][] = [
  ['sael', "unknown command 'sael'"],
  ['seal --cert', "option '--cert <path|url>' argument missing"],
  ['seal --no-such-flag', "unknown option '--no-such-flag'"],
  ['seal a.yaml b.yaml', 'too many arguments'],
  ['reseal', "missing required argument 'file'"],
  ['validate', "missing required argument 'file'"],
  ['keygen', "required option '--out <dir>' not specified"],
  ['edit', "missing required argument 'file'"],
  ['rotate', "missing required argument 'file'"],
  ['updatekeys', "missing required argument 'paths'"],
  ['set s.yaml', "missing required argument 'path'"],
  ['unset s.yaml', "missing required argument 'path'"],
  ['exec-env s.yaml', "missing required argument 'command'"],
  ['exec-file s.yaml', "missing required argument 'command'"],
  ['eso verify', "missing required argument 'files'"],
  ['eso push --store', "option '--store <name>' argument missing"],
  ['protect', "missing required argument 'files'"],
  ['scan --format', "option '--format <format>' argument missing"],
  ['hook install extra', 'too many arguments'],
  ['init --backend', "option '--backend <[env=]backend>' argument missing"],
  ['new secret', "missing required argument 'name'"],
  ['convert s.yaml', "required option '--to <backend>' not specified"],
  ['cert info a b', 'too many arguments'],
]

describe('usage errors exit 2', () => {
  it.each(USAGE_ERRORS)('%s', async (line, message) => {
    const result = await runCli(words(line), { cwd: '/nonexistent' })
    expect(result.stderr).toContain(message)
    expect(result.exitCode).toBe(2)
    expect(result.stdout).toBe('')
  })
})
