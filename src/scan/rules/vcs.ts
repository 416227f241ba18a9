/** Source hosting and CI: GitHub, GitLab, Atlassian, and the like. */
import { githubChecksumOk, githubTokenOk } from '../validators.js'
import { bounded, provider, re } from './define.js'
import { looksLikeWords } from '../demo-value.js'
import type { Rule } from './types.js'

const GITHUB_REVOKE =
  'Revoke the token in GitHub settings (it may already be revoked by secret scanning), create a new one and store it as a protected Secret (`gitseal seal` / `gitseal encrypt`).'

/**
 * A token whose CRC32 checksum holds is GitHub's wherever it stands (`GH_TOKEN_ghp_…`,
 * `ghp_…-backup`, `1ghp_…`): the checksum rules out a chance match, so only a token without one
 * (hand-made, test tokens) needs the token boundaries.
 */
function github(id: string, title: string, prefix: string): Rule {
  return provider(id, title, [prefix], re(`(${prefix}[A-Za-z0-9]{36})`), {
    validate: (token, match) => githubChecksumOk(token) || (bounded(match) && githubTokenOk(token)),
    verified: githubChecksumOk,
    remediation: GITHUB_REVOKE,
  })
}

function gitlab(id: string, title: string, keyword: string, body: string): Rule {
  return provider(id, title, [keyword], re(`<S>(${body})<E>`), {
    minEntropy: 3,
    // A body that reads as words (`hellOworld380_testin`) was typed for a test: GitLab's are random.
    validate: (token) => !looksLikeWords(token.slice(keyword.length)),
    remediation:
      'Revoke the token in GitLab, create a new one and store it as a protected Secret (`gitseal seal` / `gitseal encrypt`).',
  })
}

/** VCS and CI rules. */
export const VCS_RULES: readonly Rule[] = [
  github('github-pat', 'GitHub personal access token (classic)', 'ghp_'),
  github('github-oauth-token', 'GitHub OAuth access token', 'gho_'),
  github('github-user-to-server-token', 'GitHub App user-to-server token', 'ghu_'),
  github('github-app-token', 'GitHub App installation (server-to-server) token', 'ghs_'),
  github('github-refresh-token', 'GitHub refresh token', 'ghr_'),
  provider(
    'github-fine-grained-pat',
    'GitHub fine-grained personal access token',
    ['github_pat_'],
    // Its fixed shape (22 and 59 characters) is the proof: a separator on either side will do.
    /(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9])/,
    { minEntropy: 3.5, remediation: GITHUB_REVOKE },
  ),
  gitlab(
    'gitlab-pat',
    'GitLab personal access token',
    'glpat-',
    // Routable tokens end in `.<version, 2><crc32 in base36, 7>`; some builds put a `.` after the version.
    'glpat-[A-Za-z0-9_-]{20}(?:\\.[0-9a-z]{2}\\.[a-z0-9]{9})?|glpat-[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}(?:\\.[a-z0-9]{9}|[a-z0-9]{7})',
  ),
  gitlab('gitlab-deploy-token', 'GitLab deploy token', 'gldt-', 'gldt-[A-Za-z0-9_-]{20}'),
  gitlab('gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', 'glptt-', 'glptt-[0-9a-f]{40}'),
  gitlab(
    'gitlab-runner-token',
    'GitLab runner authentication token',
    'glrt-',
    'glrt-[A-Za-z0-9_-]{20}[A-Za-z0-9_.-]{0,300}',
  ),
  gitlab(
    'gitlab-runner-registration-token',
    'GitLab runner registration token',
    'gr1348941',
    'GR1348941[A-Za-z0-9_-]{20}',
  ),
  gitlab(
    'gitlab-ci-build-token',
    'GitLab CI/CD job token',
    'glcbt-',
    'glcbt-[0-9A-Za-z]{1,5}_[A-Za-z0-9_-]{20}',
  ),
  gitlab('gitlab-oauth-app-secret', 'GitLab OAuth application secret', 'gloas-', 'gloas-[A-Za-z0-9_-]{64}'),
  gitlab('gitlab-feed-token', 'GitLab feed token', 'glft-', 'glft-[A-Za-z0-9_-]{20}'),
  gitlab('gitlab-incoming-mail-token', 'GitLab incoming mail token', 'glimt-', 'glimt-[A-Za-z0-9_-]{25}'),
  gitlab('gitlab-agent-token', 'GitLab agent for Kubernetes token', 'glagent-', 'glagent-[A-Za-z0-9_-]{50}'),
  gitlab('gitlab-scim-token', 'GitLab SCIM token', 'glsoat-', 'glsoat-[A-Za-z0-9_-]{20}'),
  gitlab(
    'gitlab-feature-flag-token',
    'GitLab feature flags client token',
    'glffct-',
    'glffct-[A-Za-z0-9_-]{20}',
  ),
  provider(
    'gitlab-session-cookie',
    'GitLab session cookie',
    ['_gitlab_session='],
    re('_gitlab_session=([0-9a-z]{32})<E>'),
    { minEntropy: 3 },
  ),
  provider(
    'atlassian-api-token',
    'Atlassian API token',
    ['atatt3'],
    re('<S>(ATATT3[A-Za-z0-9_=-]{150,250})<E>'),
  ),
  provider(
    'bitbucket-app-password',
    'Bitbucket app password',
    ['atbb'],
    re('<S>(ATBB[A-Za-z0-9_=.-]{28,40})<E>'),
    {
      minEntropy: 3.5,
    },
  ),
  provider(
    'buildkite-user-token',
    'Buildkite user access token',
    ['bkua_'],
    re('<S>(bkua_[a-z0-9]{40})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'bitbucket-data-center-token',
    'Bitbucket Data Center HTTP access token',
    ['bbdc-'],
    re('<S>(BBDC-[A-Za-z0-9+/@_-]{40,50})(?![A-Za-z0-9+/@_=-])'),
    { minEntropy: 3.5 },
  ),
  provider('linear-api-key', 'Linear API key', ['lin_api_'], re('<S>(lin_api_[A-Za-z0-9]{40})<E>')),
  provider('postman-api-key', 'Postman API key', ['pmak-'], re('<S>(PMAK-[a-f0-9]{24}-[a-f0-9]{34})<E>')),
  provider(
    'circleci-token',
    'CircleCI personal API token',
    ['circle'],
    re(
      'circle[\\w.-]{0,20}token[\\w.-]{0,10}["\']?[ \\t]{0,4}[:=][ \\t]{0,4}["\']?(CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}|[a-f0-9]{40})<E>',
      'i',
    ),
  ),
  provider(
    'travis-ci-token',
    'Travis CI access token',
    ['travis'],
    re(
      'travis[\\w.-]{0,20}token[\\w.-]{0,10}["\']?[ \\t]{0,4}[:=][ \\t]{0,4}["\']?([A-Za-z0-9]{22})<E>',
      'i',
    ),
    { minEntropy: 3.5 },
  ),
  provider('jfrog-api-key', 'JFrog Artifactory API key', ['akcp'], re('<S>(AKCp[A-Za-z0-9]{69})<E>')),
  provider(
    'jfrog-identity-token',
    'JFrog identity token',
    ['cmvmdg'],
    re('<S>(cmVmdGtuOjAxOj[A-Za-z0-9]{50,60})<E>'),
  ),
]
