/** Catalogue entries of the analysers' rules (the GitOps checks no generic scanner has). */
import type { RuleInfo } from '../rules/types.js'

const PROTECT =
  'Seal it with `gitseal seal`, encrypt it with `gitseal encrypt`, or let the policy pick with `gitseal protect` (or move it to an ExternalSecret); then rotate the value, it is in Git history.'

/** Analyser rules. */
export const ANALYSER_RULES: readonly RuleInfo[] = [
  {
    id: 'k8s-secret-plaintext',
    title: 'Kubernetes Secret value in plain text',
    severity: 'high',
    description:
      'A Kubernetes Secret holds a real-looking value in data (base64 is an encoding, not protection) or stringData.',
    remediation: PROTECT,
  },
  {
    id: 'sealed-secrets-controller-key',
    title: 'Sealed Secrets controller private key',
    severity: 'high',
    description:
      'The sealed-secrets controller key Secret: whoever has it can unseal every SealedSecret sealed for that cluster.',
    remediation:
      'Remove it from the repository, rotate the controller key (new key, `gitseal reseal` everything) and treat every secret sealed with it as exposed.',
  },
  {
    id: 'kustomize-secret-literal',
    title: 'kustomize secretGenerator literal',
    severity: 'high',
    description:
      'A kustomize secretGenerator literal puts a secret value in kustomization.yaml in plain text.',
    remediation: `Replace the generator with a protected Secret. ${PROTECT}`,
  },
  {
    id: 'kubeconfig-token',
    title: 'kubeconfig bearer token',
    severity: 'high',
    description: 'A kubeconfig user with an embedded bearer or OIDC token.',
    remediation:
      'Revoke the token (delete the service account token Secret or the OIDC session), and use exec-based credentials instead of embedding tokens.',
  },
  {
    id: 'kubeconfig-password',
    title: 'kubeconfig basic-auth password',
    severity: 'high',
    description: 'A kubeconfig user with a basic-auth password.',
    remediation: 'Change the password and remove the kubeconfig from the repository.',
  },
  {
    id: 'kubeconfig-client-key',
    title: 'kubeconfig client private key',
    severity: 'high',
    description: 'A kubeconfig user with an embedded client certificate private key (client-key-data).',
    remediation:
      'Revoke the client certificate (rotate the cluster CA if it cannot be revoked) and remove the kubeconfig from the repository.',
  },
  {
    id: 'docker-config-auth',
    title: 'Docker registry credentials',
    severity: 'high',
    description:
      'A docker config.json / .dockerconfigjson with registry credentials (auth, password or identity token).',
    remediation: `Change the registry password or token. For an imagePullSecret: ${PROTECT}`,
  },
  {
    id: 'sops-unencrypted-value',
    title: 'SOPS file value left unencrypted',
    severity: 'high',
    description:
      "A SOPS-encrypted file holds a plaintext value that the file's own encryption rule (encrypted_regex, unencrypted_suffix...) says must be encrypted.",
    remediation:
      'Re-encrypt the file with `gitseal encrypt` (or `sops -e`): values added after encryption stay in the clear, and the MAC no longer matches.',
  },
  {
    id: 'sops-invalid-metadata',
    title: 'SOPS metadata without a MAC',
    severity: 'medium',
    description:
      'A file carries SOPS metadata but no MAC: it was hand-edited or truncated and SOPS will refuse it.',
    remediation:
      'Restore the file from its last encrypted version, or decrypt and re-encrypt it with `gitseal encrypt`.',
  },
  {
    id: 'sops-policy-unencrypted',
    title: 'File must be SOPS-encrypted (.sops.yaml) but is not',
    severity: 'high',
    description:
      'A creation rule in .sops.yaml matches this path, so it is meant to be SOPS-encrypted, but it is plaintext.',
    remediation:
      'Encrypt it with `gitseal encrypt` (or `gitseal protect`) before committing, then rotate the values that were committed in the clear.',
  },
]
