/** Payments, email/SMS, package registries and other SaaS APIs. */
import { isPlaceholder } from '../placeholder.js'
import { githubChecksumOk } from '../validators.js'
import { provider, re } from './define.js'
import { assignment } from './define-assign.js'
import { secretLikeValue } from './generic.js'
import { strictBase64 } from './key-structure.js'
import { literalAt } from './literal-at.js'
import type { Rule } from './types.js'

/** A docker `auth`: base64 of printable `user:password` whose password is not a placeholder. */
function dockerAuthOk(secret: string): boolean {
  const decoded = strictBase64(secret)?.toString('utf8') ?? ''
  const colon = decoded.indexOf(':')
  if (colon <= 0) return false
  for (const ch of decoded) if (ch < ' ' || ch === '\u007f' || ch === '\ufffd') return false
  return registryCredentialOk(decoded.slice(colon + 1))
}

/**
 * A registry password or token judged as a value under a password-like name (`admin:changeme` is a
 * demo); registry tokens (ECR's run to 2 KB) are longer than any such word list cares about.
 */
function registryCredentialOk(value: string): boolean {
  return value.length > 300 ? !isPlaceholder(value) : secretLikeValue(value, [], true)
}

/** True when nearly every character is >= the one before it: a sorted table, not a random token. */
function mostlySorted(value: string): boolean {
  let ascending = 0
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) >= value.charCodeAt(i - 1)) ascending++
  return ascending >= 0.9 * (value.length - 1)
}

/** SaaS rules. */
/**
 * True when a PyPI token's macaroon (binary v2) ends with its signature packet: field 6, 32 bytes.
 * Cut before it (a test's too-short case), the token authorises nothing.
 */
function macaroonSigned(token: string): boolean {
  const bytes = Buffer.from(token.slice('pypi-'.length), 'base64url')
  return bytes.length > 34 && bytes[bytes.length - 34] === 6 && bytes[bytes.length - 33] === 32
}

export const SAAS_RULES: readonly Rule[] = [
  provider(
    'stripe-secret-key',
    'Stripe live secret key',
    ['sk_live_'],
    re('<S>(sk_live_[0-9A-Za-z]{24,247})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'stripe-restricted-key',
    'Stripe live restricted key',
    ['rk_live_'],
    re('<S>(rk_live_[0-9A-Za-z]{24,247})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'stripe-test-secret-key',
    'Stripe test-mode secret key',
    ['sk_test_', 'rk_test_'],
    re('<S>((?:sk|rk)_test_[0-9A-Za-z]{24,247})<E>'),
    {
      severity: 'medium',
      minEntropy: 3.5,
      description:
        "A Stripe test-mode secret or restricted key in plain text: it reads and changes the account's test-mode data and settings (gitleaks reports it too); Stripe's documented example keys are left alone.",
    },
  ),
  provider(
    'stripe-webhook-secret',
    'Stripe webhook signing secret',
    ['whsec_'],
    re('<S>(whsec_[A-Za-z0-9+/]{32,64})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'square-access-token',
    'Square access token',
    ['eaaa', 'sq0atp-'],
    re('<S>(EAAA[A-Za-z0-9_-]{60}|sq0atp-[0-9A-Za-z_-]{22})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('square-oauth-secret', 'Square OAuth secret', ['sq0csp-'], re('<S>(sq0csp-[0-9A-Za-z_-]{43})<E>')),
  provider(
    'braintree-access-token',
    'PayPal Braintree access token',
    ['access_token$production$'],
    re('(access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32})<E>'),
  ),
  provider(
    'shopify-access-token',
    'Shopify access token',
    ['shpat_', 'shpca_', 'shppa_'],
    re('<S>(shp(?:at|ca|pa)_[a-fA-F0-9]{32})<E>'),
  ),
  provider('shopify-shared-secret', 'Shopify shared secret', ['shpss_'], re('<S>(shpss_[a-fA-F0-9]{32})<E>')),
  provider(
    'flutterwave-secret-key',
    'Flutterwave secret key',
    ['flwseck'],
    re('<S>(FLWSECK(?:_TEST)?-[a-h0-9]{32}-X)<E>'),
  ),
  provider('easypost-api-key', 'EasyPost API key', ['ezak', 'eztk'], re('<S>(EZ[AT]K[A-Za-z0-9]{54})<E>'), {
    minEntropy: 3.2,
  }),
  provider(
    'shippo-live-token',
    'Shippo live API token',
    ['shippo_live_'],
    re('<S>(shippo_live_[a-fA-F0-9]{40})<E>'),
  ),
  provider(
    'duffel-live-token',
    'Duffel live API token',
    ['duffel_live_'],
    re('<S>(duffel_live_[A-Za-z0-9_=-]{43})<E>'),
  ),
  provider(
    'duffel-test-token',
    'Duffel test-mode API token',
    ['duffel_test_'],
    re('<S>(duffel_test_[A-Za-z0-9_=-]{43})<E>'),
    { severity: 'medium', minEntropy: 3.5 },
  ),
  provider(
    'shippo-test-token',
    'Shippo test-mode API token',
    ['shippo_test_'],
    re('<S>(shippo_test_[a-fA-F0-9]{40})<E>'),
    { severity: 'medium', minEntropy: 3 },
  ),
  provider(
    'flutterwave-encryption-key',
    'Flutterwave test-mode encryption key',
    ['flwseck_test'],
    // The dashboard's key: FLWSECK_TEST, then the last 12 hex digits of the secret key's MD5
    // (gitleaks writes a `-` before them; a live key has no prefix left to anchor on).
    re('<S>(FLWSECK_TEST-?[a-f0-9]{12})<E>'),
    { severity: 'medium', minEntropy: 2.5 },
  ),
  provider('adobe-client-secret', 'Adobe client secret', ['p8e-'], re('<S>(p8e-[A-Za-z0-9]{32})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'authress-access-key',
    'Authress service client access key',
    ['.acc_', '.acc-'],
    // client id . key id . account id . private key (base64 of a PKCS#8 Ed25519 key).
    re(
      '<S>((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\\.[A-Za-z0-9]{4,6}\\.acc[_-][A-Za-z0-9-]{10,32}\\.[A-Za-z0-9+/_=-]{30,120})(?![A-Za-z0-9+/_=-])',
    ),
    { minEntropy: 3.5 },
  ),
  provider(
    'contentful-personal-token',
    'Contentful personal access token',
    ['cfpat-'],
    re('<S>(CFPAT-[A-Za-z0-9_-]{43})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('rootly-api-key', 'Rootly API key', ['rootly_'], re('<S>(rootly_[a-f0-9]{64})<E>'), {
    minEntropy: 3,
  }),
  provider(
    'sendgrid-api-key',
    'SendGrid API key',
    ['sg.'],
    re('<S>(SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('twilio-api-key', 'Twilio API key SID', ['sk'], re('<S>(SK[0-9a-f]{32})<E>'), { minEntropy: 3.2 }),
  provider(
    'twilio-auth-token',
    'Twilio auth token',
    ['twilio'],
    re(assignment('twilio[\\w.-]{0,20}(?:auth[_-]?)?(?:token|secret)', '[a-f0-9]{32}'), 'i'),
    { minEntropy: 3 },
  ),
  provider('mailgun-api-key', 'Mailgun API key', ['key-'], re('<S>(key-[0-9a-f]{32})<E>'), {
    minEntropy: 3.2,
  }),
  provider(
    'mailgun-signing-key',
    'Mailgun webhook signing key',
    ['mailgun'],
    re(
      assignment(
        'mailgun[\\w.-]{0,20}(?:signing|webhook)[\\w.-]{0,10}key',
        '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}',
      ),
      'i',
    ),
  ),
  provider('mailchimp-api-key', 'Mailchimp API key', ['-us'], re('<S>([0-9a-f]{32}-us\\d{1,2})<E>'), {
    minEntropy: 3.2,
  }),
  provider(
    'brevo-api-key',
    'Brevo (Sendinblue) API key',
    ['xkeysib-'],
    re('<S>(xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16})<E>'),
  ),
  provider(
    'postmark-server-token',
    'Postmark server token',
    ['postmark'],
    re(
      assignment(
        'postmark[\\w.-]{0,20}(?:token|key)',
        '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      ),
      'i',
    ),
  ),
  provider('npm-access-token', 'npm access token', ['npm_'], re('<S>(npm_[A-Za-z0-9]{36})<E>'), {
    minEntropy: 3.5,
    verified: githubChecksumOk, // npm tokens carry GitHub's CRC-32 checksum
  }),
  provider(
    'npmrc-auth-token',
    'npm registry auth token in .npmrc',
    ['_authtoken'],
    /:_authToken[ \t]{0,4}=[ \t]{0,4}["']?([^\s"'$]{16,300})/,
    // Tokens are letters, digits and base64/JWT punctuation; brackets, `|`, `*` or `\` make a pattern.
    { minEntropy: 3, validate: (token) => /^[A-Za-z0-9._~+/=:-]+$/.test(token) },
  ),
  provider(
    'npmrc-basic-auth',
    'npm registry basic auth in .npmrc',
    ['_auth', '_password'],
    /(?:^|:)_(?:auth|password)[ \t]{0,4}=[ \t]{0,4}["']?([A-Za-z0-9+/]{12,300}={0,2})(?![A-Za-z0-9+/=])/m,
    { minEntropy: 3, paths: /(?:^|\/)\.?npmrc$|\.npmrc$/ },
  ),
  provider(
    'pypi-upload-token',
    'PyPI upload token',
    ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
    // A macaroon whose location is pypi.org or test.pypi.org (TestPyPI), base64url.
    re('<S>(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})<E>'),
    { validate: macaroonSigned },
  ),
  provider('rubygems-api-key', 'RubyGems API key', ['rubygems_'], re('<S>(rubygems_[a-f0-9]{48})<E>')),
  provider(
    'dockerhub-pat',
    'Docker Hub personal access token',
    ['dckr_pat_'],
    re('<S>(dckr_pat_[A-Za-z0-9_-]{27})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'docker-auths-credential',
    'Container registry credentials (docker `auths` JSON)',
    ['"auths'],
    // The docker config analyser reads config.json files; this finds the same `auths` JSON wherever
    // else it is pasted: extension-less files, `DOCKER_AUTH_CONFIG` in CI YAML (escaped quotes too).
    // An `identitytoken` (ACR, `docker login` with an OAuth token) or `registrytoken` is one too.
    /"(?<field>auth|identitytoken|registrytoken)\\{0,3}"[ \t]{0,4}:[ \t]{0,4}\\{0,3}"(?<secret>[A-Za-z0-9+/_.=-]{8,8000})\\{0,3}"/,
    {
      validate: (secret, match) =>
        match?.groups?.field === 'auth'
          ? /^[A-Za-z0-9+/]+={0,2}$/.test(secret) && dockerAuthOk(secret)
          : secret.length >= 20 && registryCredentialOk(secret),
      remediation:
        'Revoke the registry password or token, and deliver the docker config as a protected `kubernetes.io/dockerconfigjson` Secret (`gitseal seal` / `gitseal encrypt`) or a masked CI variable.',
    },
  ),
  provider(
    'dockerhub-oat',
    'Docker Hub organization access token',
    ['dckr_oat_'],
    re('<S>(dckr_oat_[A-Za-z0-9_-]{32})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('nuget-api-key', 'NuGet API key', ['oy2'], re('<S>(oy2[a-z0-9]{43})<E>'), { minEntropy: 3.5 }),
  provider('crates-io-token', 'crates.io API token', ['cio'], re('<S>(cio[a-zA-Z0-9]{32})<E>'), {
    minEntropy: 4,
  }),
  provider('clojars-token', 'Clojars deploy token', ['clojars_'], re('<S>(CLOJARS_[a-z0-9]{60})<E>')),
  provider(
    'hex-api-key',
    'Hex.pm API key',
    ['hex'],
    re(assignment('hex[\\w.-]{0,10}(?:api[_-]?key|token)', '[a-f0-9]{32}'), 'i'),
  ),
  provider(
    'notion-integration-token',
    'Notion integration token',
    ['secret_', 'ntn_'],
    re('<S>(secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})<E>'),
    { minEntropy: 3.8 },
  ),
  provider(
    'airtable-pat',
    'Airtable personal access token',
    ['pat'],
    re('<S>(pat[A-Za-z0-9]{14}\\.[a-f0-9]{64})<E>'),
  ),
  provider('typeform-token', 'Typeform personal token', ['tfp_'], re('<S>(tfp_[A-Za-z0-9_.=-]{59})<E>'), {
    minEntropy: 3.5,
  }),
  provider('readme-api-key', 'ReadMe API key', ['rdme_'], re('<S>(rdme_[a-z0-9]{70})<E>')),
  provider('frameio-api-token', 'Frame.io API token', ['fio-u-'], re('<S>(fio-u-[A-Za-z0-9_=-]{64})<E>')),
  provider(
    'mapbox-secret-token',
    'Mapbox secret token',
    ['sk.eyj1'],
    re('<S>(sk\\.eyJ1[A-Za-z0-9._-]{80,400})<E>'),
  ),
  provider(
    'facebook-access-token',
    'Facebook access token',
    ['eaacedeose0cba'],
    re('<S>(EAACEdEose0cBA[0-9A-Za-z]{20,300})<E>'),
  ),
  provider(
    'facebook-page-access-token',
    'Facebook page or app access token',
    ['eaam', 'eaac'],
    // A `+` or `/` on either side makes it a piece of a base64 run, not a token.
    re('(?:(?<![A-Za-z0-9_+/-])|(?<=\\\\[nrt]))(EAA[MC][A-Za-z0-9]{100,400})(?![A-Za-z0-9_+/=-])'),
    { minEntropy: 4, validate: (secret) => !secret.startsWith('EAACEdEose0cBA') },
  ),
  provider(
    'twitter-bearer-token',
    'Twitter/X bearer token',
    ['aaaaaaaaaaaaaaaaaaaaa'],
    // Written URL-escaped (`%2B`, `%3D`): a `+` or `/` beside the run makes it part of a base64 run
    // (a PNG inside an SVG), not a token.
    re('(?:(?<![A-Za-z0-9_+/-])|(?<=\\\\[nrt]))A{22}([A-Za-z0-9%]{30,120})(?![A-Za-z0-9%+/])'),
    // A sorted character table (`AAAA…BBBCCDDEEEEE…`, in bash's binary) follows 22 A's too.
    { minEntropy: 3, validate: (secret) => !mostlySorted(secret) },
  ),
  provider(
    'firebase-cloud-messaging-key',
    'Firebase Cloud Messaging server key',
    [':apa91b'],
    re('<S>(AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})<E>'),
  ),
  provider(
    'algolia-admin-key',
    'Algolia admin API key',
    ['algolia'],
    re(assignment('algolia[\\w.-]{0,20}(?:admin|api|write)[\\w.-]{0,10}key', '[a-f0-9]{32}'), 'i'),
  ),
  provider('figma-pat', 'Figma personal access token', ['figd_'], re('<S>(figd_[A-Za-z0-9_-]{40,200})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'vercel-token',
    'Vercel token',
    ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    re('<S>(vc[picrk]_[A-Za-z0-9]{20,60})(?![A-Za-z0-9])'),
    { minEntropy: 3.5 },
  ),
  provider(
    'tailscale-key',
    'Tailscale auth or API key',
    ['tskey-'],
    re('<S>(tskey-[a-z]{2,20}-[0-9A-Za-z_]{8,40}-[0-9A-Za-z_]{16,60})(?![0-9A-Za-z_])'),
    { minEntropy: 3.5 },
  ),
  provider(
    'sourcegraph-access-token',
    'Sourcegraph access token',
    ['sgp_'],
    re('<S>(sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40})<E>'),
  ),
  provider(
    'clickhouse-cloud-api-secret',
    'ClickHouse Cloud API secret key',
    ['4b1d'],
    re('<S>(4b1d[A-Za-z0-9]{38})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'defined-networking-api-token',
    'Defined Networking (Managed Nebula) API token',
    ['dnkey-'],
    re('<S>(dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'intra42-client-secret',
    '42 Intra client secret',
    ['s-s4t2'],
    re('<S>(s-s4t2(?:ud|af)-[a-f0-9]{64})<E>'),
  ),
  provider(
    'maxmind-license-key',
    'MaxMind license key',
    ['_mmk'],
    re('<S>([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)<E>'),
    { minEntropy: 3.5 },
  ),
  provider('octopus-deploy-api-key', 'Octopus Deploy API key', ['api-'], re('<S>(API-[A-Z0-9]{26})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'settlemint-token',
    'SettleMint access token',
    ['sm_pat_', 'sm_aat_', 'sm_sat_'],
    re('<S>(sm_(?:pat|aat|sat)_[A-Za-z0-9]{16})<E>'),
    { minEntropy: 3.2 },
  ),
  provider(
    'launchdarkly-access-token',
    'LaunchDarkly access token',
    ['api-'],
    re('<S>(api-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})<E>'),
    { severity: 'medium' },
  ),
  provider(
    'ramp-client-secret',
    'Ramp API client secret',
    ['ramp_sec_'],
    re('<S>(ramp_sec_[A-Za-z0-9]{48})<E>'),
    {
      minEntropy: 3.5,
    },
  ),
  provider(
    'saladcloud-api-key',
    'SaladCloud API key',
    ['salad_cloud_'],
    re('<S>(salad_cloud_[A-Za-z0-9]{1,7}_[A-Za-z0-9]{20,235})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'fleetbase-api-key',
    'Fleetbase live API key',
    ['flb_live_'],
    re('<S>(flb_live_[A-Za-z0-9]{20})<E>'),
    {
      minEntropy: 3.2,
    },
  ),
  provider(
    'voiceflow-api-key',
    'Voiceflow API key',
    ['vf.'],
    // `VF.DM.` (a project's Dialog Manager key), `VF.WS.` or `VF.` (workspace keys): object id, secret.
    re('<S>(VF\\.(?:(?:DM|WS)\\.)?[a-fA-F0-9]{24}\\.[A-Za-z0-9]{16})<E>'),
    { minEntropy: 3.2 },
  ),
  provider(
    'atlassian-admin-api-key',
    'Atlassian organization admin API key',
    ['atctt3xffg'],
    // Its fixed opening, then the key, `=` and an 8-digit hex check value.
    re('<S>(ATCTT3xFfG[A-Za-z0-9_=-]{80,400}=[A-F0-9]{8})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'facebook-app-access-token',
    'Facebook app access token',
    ['|', '%7c'],
    // `<app id>|<app secret>` (or the app's client token): Graph API's app token, usable as it stands.
    re('(?<![A-Za-z0-9_|%-])([0-9]{15,16}(?:\\||%7[Cc])[0-9a-f]{32})(?![A-Za-z0-9_-])'),
    // The separator stands 15 or 16 digits in.
    { minEntropy: 3, search: literalAt(['|', '%7'], 15, 16) },
  ),
]
