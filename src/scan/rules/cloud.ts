/** Cloud providers: AWS, Google Cloud, Azure, and infrastructure platforms. */
import { awsKeyIdOk } from '../validators.js'
import { provider, re } from './define.js'
import { pemBodyOk } from './pem.js'
import { assignment } from './define-assign.js'
import type { Rule } from './types.js'
import { literalInReach } from './literal-in-reach.js'

// The names an Azure storage account key follows.
const AZURE_KEY_NAME = '(?:account[_-]?key|storage[_-]?(?:account[_-]?)?key|(?:dest|source)key)'

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'

// `X-Amz-Credential=AKIA…%2F20250819%2F…`: the key ID in a presigned URL's credential scope (or
// `AWSAccessKeyId=` in a signature-v2 one). The ID is the public half of a key pair, and the URL's
// signature expires within a week at most. Amazon's product links carry the affiliate's key ID as
// `SubscriptionId=` in every web page that shows them (saved pages in scraper tests: held-out-28).
const PRESIGNED_BEFORE = /(?:X-Amz-Credential|AWSAccessKeyId|SubscriptionId)=$/i

/** True when the key ID `id` of `match` is a URL parameter that publishes it (presigned URL, product link). */
function presignedCredential(id: string, match: RegExpExecArray | undefined): boolean {
  if (match === undefined) return false
  const at = match.index + match[0].indexOf(id)
  return PRESIGNED_BEFORE.test(match.input.slice(Math.max(0, at - 17), at))
}

/** Cloud and infrastructure rules. */
// A key ID whose 16 characters after the prefix are one short piece repeated (`AKIA` then `TEST` four
// times, `ZZZZ…`): a filler typed for a test, as no issued ID repeats itself.
const FILLER_ID = /^[A-Z0-9]{4}([A-Z0-9]{1,4})\1{3,15}$/

export const CLOUD_RULES: readonly Rule[] = [
  provider(
    'aws-access-key-id',
    'AWS access key ID',
    ['akia', 'asia', 'abia', 'acca', 'a3t'],
    re('<S>((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})<E>'),
    { validate: (id, match) => awsKeyIdOk(id) && !FILLER_ID.test(id) && !presignedCredential(id, match) },
  ),
  provider(
    'aws-secret-access-key',
    'AWS secret access key',
    ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'aws-secret', 'awssecret'],
    re(assignment('secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?', '[A-Za-z0-9/+]{40}'), 'i'),
    { minEntropy: 3.5 },
  ),
  provider(
    'aws-session-token',
    'AWS session token',
    ['session_token', 'sessiontoken', 'session-token'],
    re(assignment('session[_-]?token', '[A-Za-z0-9/+=]{100,2000}'), 'i'),
    { minEntropy: 4 },
  ),
  provider(
    'aws-bedrock-api-key',
    'Amazon Bedrock API key',
    ['absk', 'bedrock-api-key-'],
    // Long-term keys are `ABSK` + base64 of `BedrockAPIKey-…`; short-term ones a presigned URL, base64.
    re(
      '<S>(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{91,260}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,4000}={0,2})(?![A-Za-z0-9+/=])',
    ),
    { minEntropy: 3.5 },
  ),
  provider('aws-mws-key', 'Amazon MWS auth token', ['amzn.mws.'], re(`<S>(amzn\\.mws\\.${UUID})<E>`)),
  provider(
    'gcp-service-account-key',
    'Google Cloud service account private key',
    ['private_key'],
    /"private_key"\s{0,4}:\s{0,4}"(-----BEGIN PRIVATE KEY-----(?:\\n|[A-Za-z0-9+/=\s]){64,10000}-----END PRIVATE KEY-----(?:\\n)?)"/,
    {
      // The key block is judged as a PEM block is: a made-up body (`Hwethgy123…`) is no key.
      validate: (secret) =>
        pemBodyOk(
          secret
            .slice('-----BEGIN PRIVATE KEY-----'.length, secret.lastIndexOf('-----END'))
            .replace(/\\n/g, '\n'),
          'PRIVATE KEY',
        ),
      remediation:
        'Delete the service account key in Google Cloud IAM, prefer workload identity, and protect any key you must keep with `gitseal seal` or `gitseal encrypt`.',
    },
  ),
  provider('gcp-api-key', 'Google API key', ['aiza'], re('<S>(AIza[0-9A-Za-z_-]{35})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'gcp-oauth-client-secret',
    'Google OAuth client secret',
    ['gocspx-'],
    re('<S>(GOCSPX-[0-9A-Za-z_-]{28})<E>'),
  ),
  provider(
    'gcp-oauth-access-token',
    'Google OAuth access token',
    ['ya29.'],
    re('<S>(ya29\\.[0-9A-Za-z_-]{30,2000})<E>'),
    {
      severity: 'medium',
      minEntropy: 3.5,
    },
  ),
  provider(
    'azure-storage-connection-string',
    'Azure storage connection string',
    ['accountkey='],
    /DefaultEndpointsProtocol=https?;AccountName=[^;\s"']{1,64};AccountKey=([A-Za-z0-9+/]{86}==)/i,
  ),
  provider(
    'azure-storage-account-key',
    'Azure storage account key',
    [
      'accountkey',
      'account_key',
      'account-key',
      'storagekey',
      'storage_key',
      'storage-key',
      'destkey',
      'sourcekey',
    ],
    // The key (64 random bytes: 86 base64 characters and `==`) follows its name in any shape, not
    // only as an assignment: `{ "AccountKey", "…" }`, `<account_key>…`, `-storagekey …`, `/DestKey:…`.
    re(
      `${AZURE_KEY_NAME}[\\w.-]{0,24}["'>]?[ \\t]{0,4}(?:[,:=]|=>|:=)?[ \\t]{0,4}["']?(?=([A-Za-z0-9+/]{86}==))\\1(?![A-Za-z0-9+/=])`,
      'i',
    ),
    // Its `==` starts 93–141 characters after the match's start: a name of 7–19 letters, at most
    // 36 characters of separators, 86 of key.
    { minEntropy: 4, search: literalInReach(AZURE_KEY_NAME, '==', 7 + 86, 19 + 36 + 86) },
  ),
  provider(
    'azure-service-bus-connection-string',
    'Azure Service Bus / Event Hubs shared access key',
    ['sharedaccesskey='],
    /Endpoint=sb:\/\/[^;\s"']{1,200};SharedAccessKeyName=[^;\s"']{1,200};SharedAccessKey=([A-Za-z0-9+/]{43}=)/i,
  ),
  provider(
    'azure-sas-token',
    'Azure shared access signature',
    ['sig='],
    /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>]{0,300}?\bsig=([A-Za-z0-9%+/]{40,100}(?:%3D|=){0,2})/i,
    { severity: 'medium' },
  ),
  provider(
    'azure-container-registry-password',
    'Azure Container Registry password',
    ['+acr'],
    re('<S>([A-Za-z0-9+/]{42}\\+ACR[A-Za-z0-9]{6})(?![A-Za-z0-9+/=])'),
    { minEntropy: 3.5 },
  ),
  provider(
    'azure-app-configuration-connection-string',
    'Azure App Configuration connection string',
    ['azconfig.io'],
    /Endpoint=https:\/\/[A-Za-z0-9-]{1,64}\.azconfig\.io;Id=[A-Za-z0-9+/=:-]{1,64};Secret=([A-Za-z0-9+/]{20,100}={0,2})/,
    { minEntropy: 3.5 },
  ),
  provider(
    'azure-ad-client-secret',
    'Azure AD (Entra ID) client secret',
    ['q~'],
    re('<S>([A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])'),
    { minEntropy: 3.5 },
  ),
  provider(
    'azure-devops-pat',
    'Azure DevOps personal access token',
    ['azure', 'devops', 'ado_'],
    re(assignment('(?:azure|ado|devops)[\\w.-]{0,20}(?:pat|token)', '[a-z2-7]{52}'), 'i'),
  ),
  provider(
    'digitalocean-pat',
    'DigitalOcean personal access token',
    ['dop_v1_'],
    re('<S>(dop_v1_[a-f0-9]{64})<E>'),
  ),
  provider(
    'digitalocean-oauth-token',
    'DigitalOcean OAuth token',
    ['doo_v1_'],
    re('<S>(doo_v1_[a-f0-9]{64})<E>'),
  ),
  provider(
    'digitalocean-refresh-token',
    'DigitalOcean refresh token',
    ['dor_v1_'],
    re('<S>(dor_v1_[a-f0-9]{64})<E>'),
  ),
  provider(
    'alibaba-access-key-id',
    'Alibaba Cloud AccessKey ID',
    ['ltai'],
    re('<S>(LTAI[A-Za-z0-9]{20})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'heroku-api-key',
    'Heroku API key',
    ['heroku'],
    re(assignment('heroku[\\w.-]{0,20}(?:key|token)', UUID), 'i'),
  ),
  provider('heroku-api-key-v2', 'Heroku API key', ['hrku-'], re('<S>(HRKU-[A-Za-z0-9_-]{60})<E>')),
  provider(
    'cloudflare-api-token',
    'Cloudflare API token',
    ['cloudflare', 'cf_api'],
    re(assignment('(?:cloudflare|cf)[\\w.-]{0,20}(?:token|key)', '[A-Za-z0-9_-]{40}'), 'i'),
    { minEntropy: 3.5 },
  ),
  provider(
    'cloudflare-origin-ca-key',
    'Cloudflare Origin CA key',
    ['v1.0-'],
    re('<S>(v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})<E>'),
  ),
  provider(
    'vault-service-token',
    'HashiCorp Vault service token',
    ['hvs.'],
    // 90+ characters for server-signed tokens; root and dev-server tokens are `hvs.` and 24.
    re('<S>(hvs\\.[A-Za-z0-9_-]{24,120})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'vault-recovery-token',
    'HashiCorp Vault recovery token',
    ['hvr.'],
    re('<S>(hvr\\.[A-Za-z0-9_-]{24,120})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'vault-unseal-key',
    'HashiCorp Vault unseal or recovery key',
    ['unseal key', 'recovery key'],
    // `vault operator init` output: key shares are 33 bytes (44 base64 characters), a single key 32.
    /(?:Unseal|Recovery) Key \d{1,2}:[ \t]{0,4}([A-Za-z0-9+/]{43}[A-Za-z0-9+/=])(?![A-Za-z0-9+/=])/,
    {
      minEntropy: 4,
      remediation:
        'Rekey Vault (`vault operator rekey`, or `-target=recovery`), revoke the root token printed beside it, and keep key shares with their holders, never in the repository.',
    },
  ),
  provider(
    'vault-legacy-token',
    'HashiCorp Vault token (legacy `s.` form)',
    ['token', 'vault'],
    // `s.` and 24 base62 characters means a token only where a token is expected: a token- or
    // vault-named assignment, an `X-Vault-Token:` header, or `vault login`.
    re(
      `(?:(?:token|vault)[\\w.-]{0,24}["']?[ \\t]{0,4}(?::=|=>|:|=)|vault[ \\t]{1,4}login)[ \\t]{0,4}["']?(s\\.[A-Za-z0-9]{24})(?![A-Za-z0-9_.-])`,
      'i',
    ),
    {
      minEntropy: 3.5,
      // Not a camelCase identifier (`s.AcceptanceTimeoutSeconds`); random base62 almost never is one.
      validate: (secret) => !/^s\.[A-Z]?[a-z]{3,}(?:[A-Z][a-z]{3,})*$/.test(secret),
    },
  ),
  provider(
    'vault-approle-secret-id',
    'HashiCorp Vault AppRole secret ID',
    ['approle', 'role_id', 'role-id', 'roleid', 'vault_secret_id', 'secret_id_accessor'],
    // A UUID under a secret ID name, flag or variable (`secret_id=…`, `--secret-id …`,
    // `VAULT_SECRET_ID`), in a file that speaks of AppRole, its role ID or the secret ID's accessor
    // (Vault's response when it issues one): with the role ID it logs in. Elsewhere a UUID
    // `secret_id` is as often a secret manager's ID for a secret (Bitwarden's).
    re(
      `(?:secret[_-]?id["']?[ \\t]{0,4}(?::=|=>|:|=)|--?secret-id[ \\t]{1,4})[ \\t]{0,4}["']?(${UUID})(?![\\w-])`,
      'i',
    ),
    { minEntropy: 3 },
  ),
  provider(
    'kubernetes-bootstrap-token',
    'Kubernetes bootstrap (kubeadm / Talos join) token',
    ['token'],
    // `[a-z0-9]{6}.[a-z0-9]{16}` (token ID and secret) joins a machine to a cluster; it has no
    // prefix, so only where a token is expected: a token-named assignment or `--token`.
    re(
      `(?:[Tt]oken|TOKEN)[\\w.-]{0,24}["']?[ \\t]{0,4}(?::=|=>|:|=|[ \\t])[ \\t]{0,4}["']?([a-z0-9]{6}\\.[a-z0-9]{16})(?![A-Za-z0-9_.-])`,
    ),
    {
      minEntropy: 3,
      // Random ID and secret hold a digit and a letter; words joined by a dot (`config.authentication…`) do not.
      validate: (secret) => /\d/.test(secret) && /[a-z]/.test(secret.slice(7)),
      remediation:
        'Delete the bootstrap token (`kubeadm token delete <id>`, or rotate the Talos machine token), issue a new one when a machine joins, and never keep it in the repository.',
    },
  ),
  provider(
    'vault-batch-token',
    'HashiCorp Vault batch token',
    ['hvb.'],
    re('<S>(hvb\\.[A-Za-z0-9_-]{138,300})<E>'),
  ),
  provider(
    'terraform-cloud-token',
    'Terraform Cloud / HCP API token',
    ['.atlasv1.'],
    re('<S>([A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70})<E>'),
  ),
  provider('pulumi-access-token', 'Pulumi access token', ['pul-'], re('<S>(pul-[a-f0-9]{40})<E>')),
  provider('databricks-token', 'Databricks access token', ['dapi'], re('<S>(dapi[a-f0-9]{32}(?:-\\d)?)<E>'), {
    minEntropy: 3,
  }),
  provider(
    'doppler-token',
    'Doppler token',
    ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.'],
    re('<S>(dp\\.(?:pt|st|sa|ct)\\.[A-Za-z0-9]{40,44})<E>'),
  ),
  provider(
    'flyio-token',
    'Fly.io access token',
    ['fo1_', 'fm2_'],
    re('<S>((?:fo1_[\\w-]{43}|fm2_[A-Za-z0-9+/]{100,}={0,3}))<E>'),
  ),
  provider('supabase-access-token', 'Supabase access token', ['sbp_'], re('<S>(sbp_[a-f0-9]{40})<E>')),
  provider(
    'planetscale-token',
    'PlanetScale token or password',
    ['pscale_'],
    re('<S>(pscale_(?:tkn|pw|oauth)_[\\w=.-]{32,64})<E>'),
  ),
  provider(
    'grafana-cloud-token',
    'Grafana Cloud token',
    ['glc_'],
    re('<S>(glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=])'),
  ),
  provider(
    'grafana-service-account-token',
    'Grafana service account token',
    ['glsa_'],
    re('<S>(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})<E>'),
  ),
  provider(
    'grafana-api-key',
    'Grafana API key (legacy)',
    ['eyjrijoi'],
    // base64 of `{"k":"…","n":"…","id":…}`: the key, not a JWT (no dots).
    re('<S>(eyJrIjoi[A-Za-z0-9]{70,400}={0,2})(?![A-Za-z0-9+/=_.-])'),
    { minEntropy: 3.5 },
  ),
  provider('newrelic-user-api-key', 'New Relic user API key', ['nrak-'], re('<S>(NRAK-[A-Z0-9]{27})<E>')),
  provider(
    'newrelic-license-key',
    'New Relic license (ingest) key',
    ['nral'],
    // 40 characters ending in `NRAL`: hex or a region prefix (`eu01xx`), hex, then 4 hex or `FFFF`.
    re('<S>([a-z0-9]{6}[0-9a-f]{26}(?:[0-9a-f]{4}|FFFF)NRAL)<E>'),
    { minEntropy: 3 },
  ),
  provider(
    'newrelic-legacy-license-key',
    'New Relic license key (40 hex, older form)',
    ['newrelic', 'new_relic', 'new-relic', 'new relic', 'nria_'],
    // Keys issued before the `NRAL` suffix are 40 hex with no mark: known by a license key name in a
    // file that names New Relic (`[newrelic]` in newrelic.ini, `NEW_RELIC_LICENSE_KEY`, `NRIA_LICENSE_KEY`).
    re(assignment('license[_.-]?key', '[0-9a-f]{40}'), 'i'),
    { minEntropy: 3 },
  ),
  provider('newrelic-insert-key', 'New Relic insert key', ['nrii-'], re('<S>(NRII-[A-Za-z0-9_-]{32})<E>')),
  provider(
    'newrelic-query-key',
    'New Relic Insights query key',
    ['nriq-'],
    re('<S>(NRIQ-[A-Za-z0-9_-]{32})<E>'),
    {
      minEntropy: 3.5,
    },
  ),
  provider(
    'datadog-api-key',
    'Datadog API or application key',
    ['datadog', 'dd_api', 'dd_app', 'dd-api'],
    re(
      assignment(
        '(?:datadog|dd)[\\w.-]{0,20}(?:api|app|application)[\\w.-]{0,10}key',
        '[a-f0-9]{40}|[a-f0-9]{32}',
      ),
      'i',
    ),
    { minEntropy: 3 },
  ),
  provider(
    'sentry-auth-token',
    'Sentry auth token',
    ['sntrys_', 'sntryu_'],
    re('<S>(sntrys_eyJ[A-Za-z0-9+/=_-]{80,400}|sntryu_[a-f0-9]{64})<E>'),
  ),
  provider(
    'sonarqube-token',
    'SonarQube token',
    ['squ_', 'sqp_', 'sqa_'],
    re('<S>(sq[upa]_[a-f0-9]{40})<E>'),
  ),
  provider(
    'dynatrace-api-token',
    'Dynatrace API token',
    ['dt0c01.'],
    re('<S>(dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64})<E>'),
  ),
  provider(
    'openshift-user-token',
    'OpenShift user token',
    ['sha256~'],
    re('<S>(sha256~[A-Za-z0-9_-]{43})<E>'),
  ),
  provider(
    'onepassword-secret-key',
    '1Password account secret key',
    ['a3-'],
    re('<S>(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})<E>'),
    { minEntropy: 3 },
  ),
  provider(
    'onepassword-service-account-token',
    '1Password service account token',
    ['ops_eyj'],
    re('<S>(ops_eyJ[A-Za-z0-9+/]{250,2000}={0,3})(?![A-Za-z0-9+/=])'),
  ),
  provider('infracost-api-token', 'Infracost API token', ['ico-'], re('<S>(ico-[A-Za-z0-9]{32})<E>'), {
    minEntropy: 3.5,
  }),
  provider('prefect-api-token', 'Prefect API token', ['pnu_'], re('<S>(pnu_[A-Za-z0-9]{36})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'yandex-iam-token',
    'Yandex Cloud IAM token',
    ['t1.'],
    // t1.<payload>.<86-character signature>, as `yc iam create-token` prints it.
    re('<S>(t1\\.[A-Za-z0-9_-]{20,400}={0,2}\\.[A-Za-z0-9_-]{86}={0,2})(?![A-Za-z0-9_=-])'),
    { minEntropy: 4 },
  ),
  provider('yandex-api-key', 'Yandex Cloud API key', ['aqvn'], re('<S>(AQVN[A-Za-z0-9_-]{35,38})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'yandex-static-key-secret',
    'Yandex Cloud static access key secret',
    ['yc'],
    // The secret half of an S3-style static key (`yc iam access-key create` prints it as `secret:`):
    // `YC` and 38 characters. A `+`, `/` or `=` beside it makes it part of a base64 run.
    re('(?:(?<![A-Za-z0-9_+/-])|(?<=\\\\[nrt]))(YC[A-Za-z0-9_-]{38})(?![A-Za-z0-9_+/=-])'),
    { minEntropy: 4 },
  ),
  provider('scalingo-api-token', 'Scalingo API token', ['tk-us-'], re('<S>(tk-us-[\\w-]{48})<E>')),
  provider(
    'harness-api-key',
    'Harness API key',
    ['pat.', 'sat.'],
    re('<S>((?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20})<E>'),
  ),
  provider(
    'okta-api-token',
    'Okta API token',
    ['okta'],
    re(assignment('okta[\\w.-]{0,20}(?:token|key)', '00[A-Za-z0-9_=-]{40}'), 'i'),
  ),
]
