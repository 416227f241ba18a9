/** Other keys and tokens with a recognisable shape: age identities, JWTs, PuTTY keys, password hashes. */
import { jwtOk } from '../validators.js'
import { provider, re } from './define.js'
import { PEM_RULES } from './pem.js'
import type { Rule } from './types.js'

/** Key and token rules. */
export const KEY_RULES: readonly Rule[] = [
  ...PEM_RULES,
  provider(
    'putty-private-key',
    'PuTTY private key',
    ['putty-user-key-file'],
    /Private-Lines:[ \t]{0,4}\d{1,4}\r?\n((?:[A-Za-z0-9+/=]{1,128}\r?\n){1,200})/,
    { minEntropy: 4 },
  ),
  provider(
    'age-secret-key',
    'age secret key (identity)',
    ['age-secret-key-1'],
    re('<S>(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})<E>'),
    {
      minEntropy: 3.5,
      remediation:
        'Generate a new age identity (`gitseal keygen`), re-encrypt files for the new recipient (`gitseal updatekeys` / `gitseal rotate`), and keep the identity outside the repository.',
    },
  ),
  provider(
    'age-plugin-identity',
    'age plugin identity',
    ['age-plugin-'],
    re('<S>(AGE-PLUGIN-[A-Z0-9]{1,40}-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{20,400})<E>'),
    { severity: 'medium', minEntropy: 3.5 },
  ),
  provider(
    'jwt',
    'JSON Web Token',
    ['eyj'],
    re('<S>(eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{10,2000})<E>'),
    {
      severity: 'medium',
      validate: jwtOk,
    },
  ),
  provider(
    'password-hash',
    'Password hash (bcrypt, crypt or htpasswd)',
    ['$2a$', '$2b$', '$2y$', '$apr1$', '$6$', '$5$', '$argon2'],
    re(
      '<S>(\\$(?:2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}|apr1\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}|[56]\\$(?:rounds=\\d{1,7}\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{43,86}|argon2(?:id|i|d)\\$v=\\d{1,3}\\$m=\\d{1,8},t=\\d{1,4},p=\\d{1,3}\\$[A-Za-z0-9+/]{10,100}\\$[A-Za-z0-9+/]{20,200}))(?![./A-Za-z0-9$])',
    ),
    {
      severity: 'low',
      skipPlaceholder: true,
      minEntropy: 3,
      remediation:
        'Password hashes can be cracked offline: keep them in a protected Secret (`gitseal seal` / `gitseal encrypt`) and change the password.',
    },
  ),
]
