/**
 * Values published as examples in upstream documentation and RFCs, and copied from there into
 * generated configs, tests and docs everywhere. A published value protects nothing, however
 * random it looks. Each entry says where it was published; keep the list to values seen copied.
 */
import { nodeCrypto } from '../core/node-crypto.js'

const PUBLISHED_EXAMPLES: ReadonlySet<string> = new Set([
  // Talos machine configuration reference (`aescbcEncryptionSecret`, "do not use in production!"),
  // written as a comment into every `talosctl gen config` output.
  'z01mye6j16bspJYtTB/5SFX8j7Ph4JXxM2Xuu4vsBPM=',
  // Talos machine configuration reference: the bootstrap `token` example.
  'wlzjyw.bei2zfylhs2by0wd',
  // ACME challenge `token` examples (RFC 8555 and the challenge-type RFCs built on it).
  'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA',
  'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0',
  // RFC 8555 §7.3.3: the `userActionRequired` error's terms-of-service link (`…/agreement/?token=…`).
  'W8Ih3PswD-8',
  // Kubernetes documentation Secret examples ("Managing Secrets using configuration files",
  // kustomize `secretGenerator` literals, "Distribute credentials securely").
  '1f2d1e2e67df',
  '39528$vdg7Jb',
  'S!B\\*d$zDsb=',
  // The Azurite storage emulator's account key for `devstoreaccount1`, the same in every install
  // (Microsoft's "Use the Azurite emulator" docs): it opens only a local emulator.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // MinIO's public `play` server credentials, printed in the MinIO client docs (`mc alias … play`).
  'Q3AM3UQ867SPQQA43P2F',
  'zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG',
  // age's usage text (`age --help`), compiled into every age binary.
  'AGE-SECRET-KEY-1N9JEPW6DWJ0ZQUDX63F5A03GX8QUW7PXDE39N8UYF82VZ9PC8UFS3M7XA9',
  // OAuth 2.0 (RFC 6749): the access and refresh tokens of its token responses, its client secret
  // and authorization code; RFC 6750's bearer token. Copied into OAuth client tests and docs.
  '2YotnFZFEjr1zCsicMWpAA',
  'tGzv3JOkF0XG5Qx2TlKWIA',
  '7Fjfp0ZBr1KtDRbnfVdmIw',
  'SplxlOBeZQQYbYS6WxSbIA',
  'mF_9.B5f-4.1JqM',
  // RFC 6749 §2.3.1 (and RFC 7662's introspection request): the client `s6BhdRkqt3`'s secret and
  // its `Authorization: Basic` credentials; RFC 7662 §2.1's example bearer token.
  'gX1fBat3bV',
  'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  '23410913-abewfq.123483',
  // RFC 7517 Appendix A.2: the private `d` of its example EC and RSA keys, copied into JOSE tests.
  '870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE',
  'X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLWY2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lGVkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q',
  // The example UUID of Wikipedia's UUID article, copied into OpenAPI `example:` fields and then into
  // tests as a stand-in token (held-out-27: consul-k8s' ACL tokens, 9 lines).
  '123e4567-e89b-12d3-a456-426614174000',
  // GitHub's REST API docs: `temp_clone_token` in every sample repository response.
  'ABTLWHOULUVAXGTRYU7OC2876QJ2O',
  // Pebble (Let's Encrypt's test ACME server) README: the external account binding MAC keys of
  // `kid-1` and `kid-2`, copied into every ACME client's EAB tests.
  'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W',
  'b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH',
  // The TOTP secret of Google Authenticator's key URI format docs (base32 of `Hello!` and 0xDEADBEEF),
  // copied into every TOTP library's README and tests.
  'JBSWY3DPEHPK3PXP',
  // Caddy's docs (global option `acme_eab`, "with mock ZeroSSL credentials", in every translation):
  // the EAB MAC key, copied into ACME clients' ZeroSSL tests and fixtures (lego's).
  'MjXU3MH-Z0WQ7piMAnVsCpD1shgMiWx6ggPWiTmydgUaj7dWWWfQfA',
  // NZBGet's default `ControlPassword`, written into the nzbget.conf every install ships and its docs.
  'tegbzn6789',
  // The NATS client READMEs' user nkey seed ("This is my seed nkey!"), copied into NATS tests.
  'SUAGMJH5XLGZKQQWAWKRZJIGMOU4HPFUYLXJMXOO5NLFEO2OOQJ5LPRDPM',
  // Discord's API reference ("Authentication"): the example bot token of its Authorization header.
  'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
  // Telegram's bot docs: the token BotFather's example reply shows (core.telegram.org/bots/features),
  // copied into bot tutorials and tests; also as detect-secrets' fixtures spell it (`…Se1of…`), copied
  // from there into other scanners' tests.
  '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  '110201543:AAHdqTcvCH1vGWJxfSe1ofSAs0K5PALDsaw',
  // Telegram's Bot API reference ("Authorizing your bot": "looks something like …"), copied into
  // notifier docs, configs and tests (held-out-31: gatus' README and Telegram provider tests, 15 lines).
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
  // Stripe's docs: the sample test-mode secret key of its API keys page and of every example in its
  // API reference ("A sample test API key is included in all the examples here"), copied into
  // payment tutorials and tests everywhere.
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  // Mailgun's docs: the API key of its `samples.mailgun.org` examples (curl, SDK READMEs).
  'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
  // Grafana's shipped conf/defaults.ini `secret_key` (every grafana.ini copied into a chart holds it,
  // commented out or not): a known constant, to be changed, not a secret of the repository's.
  'SW2YcwTIb9zpOOhoPsMm',
  // The Supabase CLI's fixed local-development S3 credentials (`supabase start` prints them on every
  // machine), copied into self-hosting charts as defaults.
  '625729a08b95bf1b7ff351a663f3a23c',
  '850181e4652dd023b7a98c58ae0d2d34bd487ee0cc3254aed6eda37307425907',
  // Supabase's self-hosting docs (`docker/.env.example`): the demo ANON_KEY and SERVICE_ROLE_KEY,
  // HS256 JWTs (`"iss": "supabase-demo"`) signed with the published demo JWT_SECRET, copied into
  // self-hosting charts' values and test Secrets.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyAgCiAgICAicm9sZSI6ICJhbm9uIiwKICAgICJpc3MiOiAic3VwYWJhc2UtZGVtbyIsCiAgICAiaWF0IjogMTY0MTc2OTIwMCwKICAgICJleHAiOiAxNzk5NTM1NjAwCn0.dc_X5iR_VP_qT0zsiyj_I_OZ2T9FtRU2BBNWN8Bu4GE',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyAgCiAgICAicm9sZSI6ICJzZXJ2aWNlX3JvbGUiLAogICAgImlzcyI6ICJzdXBhYmFzZS1kZW1vIiwKICAgICJpYXQiOiAxNjQxNzY5MjAwLAogICAgImV4cCI6IDE3OTk1MzU2MDAKfQ.DaYlNEoUrrEn2Ig7tqibS-PHK5vgusbcbo7X36XVt4Q',
  // The OpenTelemetry demo's flagd-ui SECRET_KEY_BASE (its docker-compose.yml), copied into the
  // demo's Helm chart, rendered examples and the many deployments built on the demo.
  'yYrECL4qbNwleYInGJYvVnSkwJuSQJ4ijPTx5tirGUXrbznFIBFVJdPl5t6O9ASw',
  // The same file's SECRET_KEY_BASE (Supabase Realtime's Phoenix key), copied into self-hosting
  // compose files, Terraform and charts' values.
  'UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15BLrx8etQoXz3gZv1/u2oq',
])

// More published values, kept as SHA-256 digests (hex) by length so the repository does not hold
// them: a default or an example printed in a vendor's docs or an RFC is copied into deployments,
// charts and tests of every project that uses it (seen in two or more repositories each).
const PUBLISHED_DIGESTS: readonly (readonly [number, string])[] = [
  // RFC 7517 Appendix A.3: the example symmetric keys (A128KW, and the HMAC key of RFC 7515
  // Appendix A.1), copied into JOSE libraries' tests and API docs (held-out-26 Hydra, held-out-28 KrakenD).
  [22, '57afc11665beb68de7ccd6df1b38453be8682ac63bb8ccdf67cce63c2db9afd2'],
  [86, '8b1b17a9740c068accab5c3d0d652c8e3cc13206e70bb73b42ea41d4c2de3c12'],
  // RFC 8037 Appendix A.1: the example Ed25519 private key `d`, in every EdDSA JOSE library's tests.
  [43, '190edf59d5736c3b3ea6bb36d57f5eb415a9b79f3201b381b8f3cb089135981f'],
  // Wazuh's docker deployment docs and compose files: the default API password of `wazuh-wui`.
  [16, '97907c553edfc244ba2695b8b8a0ceea8eb9eee585192ab23a2e0b721e300cc1'],
  // ownCloud's built-in client secrets of its desktop, Android and iOS apps (the same in every
  // install; oCIS docs and every identity provider's oCIS guide, Authelia's among them).
  [64, '4d99b0a4a03d651f31a85d4818f669ad201a2a7109dfdcc9cdca936feb7f2ec9'],
  [64, '27143487259b899ef391d94d119b7f4cb4907da9b9e166223e66ddec786dbd4a'],
  [64, 'c6413c4929ad170edf256ff567739bc8e524ef58e48955d58ef15b24dd8a6ddc'],
  // Anchore Engine's anonymous feed-service password, shared with every user by design.
  [14, '7800972cce01a14b62b2625c8ca02efeabcb6ca845b57c9f584eca8af31b7ff9'],
  // Superset's sample SECRET_KEY of its shipped config and docs (both escapings seen).
  [32, '9026d3d1734f0b094984dc375921cb7fe152a2d70eb269386cfcb0dcb86568e4'],
  [36, 'd27efa8eb1aad64a68d6af28f4249c7bee8151b6ae174565fd05514911e520bc'],
  // The TOTP example of authenticator docs (base32 of `hello!` and 0xDEADBEEF's sibling bytes),
  // the lowercase twin of the Google Authenticator example above.
  [16, 'b9ff7e39a242862e25d6d148a10fc35f402ca6b98f001b6b232c6fcdbcd1fbd6'],
  // Ansible community.general module docs: the Log Analytics callback's example shared key and the
  // pritunl module's sample `otp_secret`, copied into its unit tests (vendored collections).
  [88, '17f7774c20e323311802dbcd5412edd7318afc3882f66064a49d264edd4639f6'],
  [16, 'dc2a9cab7b0739bea03679994521da4f4705ccbf61ab0aa541c33f8284f54f5b'],
  // Consul's docs: the `consul keygen` example output (gossip encryption guide) and the other keys
  // of the keyring API's sample response, copied into Consul configs, roles and client tests.
  [44, '1a529216c579fbbc898d423c411b803786cf276726a314730e12c6c4af9baf10'],
  [44, '2d868d71211c9bf8562f464da996a1024530cfb2cd511fa9bfa0f57705ba137c'],
  [44, '1f4f4d0b942629b14dfaa56c2d3f354cb39bf8c473c42f66d8f4a96ca56bb80f'],
  // WireGuard's man pages: the private and preshared keys of wg(8)'s example configuration and the
  // private key of wg-quick(8)'s, copied into every WireGuard tutorial, tool test and sample config.
  [44, 'ea1ca3e25b35a51ea7c8c9e5434d6faa6d49963d09845fb49028aaa4f6a2e709'],
  [44, 'f00f15c9bc65f1cf6db14145c9ad5da3e4eee128e7e2ae831850af38e8d64606'],
  [44, '31bd5694cf5e601e9ea977e532b85adc5ab72a57deba87bb3268ab73cf2e9d7c'],
  // Slack's docs ("Verifying requests from Slack"): the example signing secret, copied into the
  // options tables of notifier docs (Argo CD's and Argo Rollouts' Slack service pages).
  [32, '6adbfd178516c8efe5896d4d0d66d2704d167cbb4ca881efde33af658d39826f'],
  // Kubernetes docs ("TLS bootstrapping"): the example bootstrap token and its secret part.
  [23, '3002888f967a7086ab52fcc9e8bbc3e46724c349828ce6c8625b850a7036e876'],
  [16, '3efafe12de7a42d16ed2090bc48a71d96a962828c01ad4cb82899f8ca83d5d4d'],
  // OpenCost's deployment manifest (kubernetes/opencost.yaml): the GCP pricing-API key "supplied
  // just for evaluation", copied into OpenCost's chart and the charts that bundle it.
  [39, '09863a223ab6cd15472146d8ff8217bbec0bf42ef0511a2886a70c01bc9c859c'],
  // MinIO's test KMS key (`MINIO_KMS_SECRET_KEY` of minio-go's CI workflows and MinIO's scripts and
  // docs), whole and its key alone.
  [57, 'c4e91d73cd548be4498f650f91532bfad8b1908c775a92388d092dc92917f995'],
  [44, '4556efab242629470b4eedd1a3d2b134e0823b44e16d77bd70c138a922409eaa'],
  // Vagrant's "insecure" ed25519 key pair (hashicorp/vagrant keys/vagrant.key.ed25519), published
  // for base boxes so that any Vagrant can log in: the private key block.
  [410, 'edf2df6665915d43ce8823ad1a96a79e17d2f56e66270e8e789a1e92b12ea773'],
]
const DIGESTS_BY_LENGTH = new Map<number, Set<string>>()
for (const [length, digest] of PUBLISHED_DIGESTS)
  DIGESTS_BY_LENGTH.set(length, (DIGESTS_BY_LENGTH.get(length) ?? new Set()).add(digest))

/**
 * True when `value`'s SHA-256 is one of {@link PUBLISHED_DIGESTS}: hashed only at a listed length,
 * so most values never load node:crypto (a clean scan does not: src/core/node-crypto.ts).
 */
function hasPublishedDigest(value: string): boolean {
  const digests = DIGESTS_BY_LENGTH.get(value.length)
  return digests !== undefined && digests.has(nodeCrypto().createHash('sha256').update(value).digest('hex'))
}

// Digests of the empty input (MD5, SHA-1, SHA-256, SHA-512): constants, written in tests as
// a stand-in token and often cut short.
const EMPTY_INPUT_DIGESTS = [
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
]

// AWS's documented example key pair (IAM docs, every SDK's README), also cut short before its
// `EXAMPLE` (held-out-18: `AKIAIOSFODNN7` and the secret's first 21 characters in Go tests).
const CUT_EXAMPLES = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']

// The header of every HS256 JWT example (`{"alg":"HS256","typ":"JWT"}`, base64url): a piece cut from
// it (`I1NiIsInR5`, a test's client secret) is a piece of a constant.
const JWT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'

// The TOTP example above, which tests repeat or cut to make a secret of the length they need
// (`JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX…`, `JBSWY3DP`).
const PIECED_EXAMPLE = 'JBSWY3DPEHPK3PXP'
const SHORTEST_PIECE = 8

/** True when `value` is nothing but runs of 8+ leading characters of `example`, one after another. */
function piecedFrom(value: string, example: string): boolean {
  let at = 0
  while (at < value.length) {
    let n = 0
    while (n < example.length && value.charCodeAt(at + n) === example.charCodeAt(n)) n++
    if (n < SHORTEST_PIECE) return false
    at += n
  }
  return at > 0
}

/**
 * True when `value` is a published example value (see the list above), compared exactly, the TOTP
 * example repeated or cut, a value whose digest is listed, the first 12+ characters of AWS's example key pair, or the digest of
 * the empty input, whole or its first 16+ hex digits.
 */
export function isPublishedExample(value: string): boolean {
  if (PUBLISHED_EXAMPLES.has(value) || piecedFrom(value, PIECED_EXAMPLE) || hasPublishedDigest(value))
    return true
  if (value.length >= 8 && JWT_HEADER.includes(value)) return true
  if (value.length >= 12 && CUT_EXAMPLES.some((example) => example.startsWith(value))) return true
  const lower = value.toLowerCase()
  return (
    lower.length >= 16 && /^[0-9a-f]+$/.test(lower) && EMPTY_INPUT_DIGESTS.some((d) => d.startsWith(lower))
  )
}
