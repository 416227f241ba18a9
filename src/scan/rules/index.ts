/** Every built-in text rule, in priority order (earlier rules win when findings overlap). */
import { AI_RULES } from './ai.js'
import { BARE_KEY_RULES } from './bare-keys.js'
import { CEPH_RULES } from './ceph.js'
import { CHAIN_KEY_RULES } from './chain-keys.js'
import { CHAT_RULES } from './chat.js'
import { CLOUD_RULES } from './cloud.js'
import { COMMAND_PASSWORD_RULES } from './command-passwords.js'
import { DNS_KEY_RULES } from './dns-keys.js'
import { ELASTIC_RULES } from './elastic.js'
import { GPG_AGENT_RULES } from './gpg-agent.js'
import { KEY_RULES } from './keys.js'
import { NAMED_KEY_RULES } from './named-keys.js'
import { PLAID_RULES } from './plaid.js'
import { SAAS_RULES } from './saas.js'
import { SECRET_FILE_RULES } from './secret-files.js'
import type { Rule } from './types.js'
import { URL_RULES } from './urls.js'
import { VCS_RULES } from './vcs.js'
import { WALLET_KEY_RULES } from './wallet-keys.js'

/** Provider rules (regex or finder based), most specific first. */
export const PROVIDER_RULES: readonly Rule[] = [
  ...CLOUD_RULES,
  ...KEY_RULES,
  ...BARE_KEY_RULES,
  ...GPG_AGENT_RULES,
  ...VCS_RULES,
  ...CHAT_RULES,
  ...SAAS_RULES,
  ...PLAID_RULES,
  ...ELASTIC_RULES,
  ...DNS_KEY_RULES,
  ...CEPH_RULES,
  ...CHAIN_KEY_RULES,
  ...WALLET_KEY_RULES,
  ...NAMED_KEY_RULES,
  ...AI_RULES,
  ...URL_RULES,
  ...COMMAND_PASSWORD_RULES,
  ...SECRET_FILE_RULES,
]

export { ASSIGNMENT_WORDS, GENERIC_KEYWORDS, GENERIC_RULES, findGeneric, secretLikeValue } from './generic.js'
export type { RawMatch, Rule, RuleInfo } from './types.js'
