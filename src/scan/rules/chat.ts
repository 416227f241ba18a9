/** Chat and notifications: Slack, Discord, Microsoft Teams, Telegram. */
import { literalAt } from './literal-at.js'
import { provider, re } from './define.js'
import type { Rule } from './types.js'

const WEBHOOK =
  'Delete the webhook and create a new one; keep its URL in a protected Secret (`gitseal seal` / `gitseal encrypt`).'

/** Chat rules. */
export const CHAT_RULES: readonly Rule[] = [
  provider(
    'slack-bot-token',
    'Slack bot token',
    ['xoxb-'],
    // Current bot tokens have two numeric groups (team, bot user); legacy ones only one.
    re('<S>(xoxb-[0-9]{8,14}(?:-[0-9]{8,14})?-[A-Za-z0-9]{18,34})<E>'),
    { minEntropy: 3 },
  ),
  provider(
    'slack-user-token',
    'Slack user token',
    ['xoxp-', 'xoxe-'],
    re('<S>(xox[pe](?:-[0-9]{10,13}){3}-[A-Za-z0-9]{28,34})<E>'),
  ),
  provider(
    'slack-app-token',
    'Slack app-level token',
    ['xapp-'],
    re('<S>(xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{64})<E>'),
  ),
  provider(
    'slack-config-token',
    'Slack configuration token',
    ['xoxe.'],
    // The body is base64 (mixed case): `xoxe.xoxp-1-Mi0yLTM0…`.
    re('<S>(xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{163,166})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'slack-config-refresh-token',
    'Slack configuration refresh token',
    ['xoxe-'],
    re('<S>(xoxe-\\d-[A-Za-z0-9]{146})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'slack-legacy-token',
    'Slack legacy token',
    ['xoxa-', 'xoxr-', 'xoxs-', 'xoxo-'],
    re('<S>(xox[aors]-(?:\\d-)?[0-9A-Za-z-]{20,200})<E>'),
    { minEntropy: 3 },
  ),
  provider(
    'slack-webhook-url',
    'Slack incoming webhook URL',
    ['hooks.slack.com'],
    /(https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{40,120})(?![A-Za-z0-9+/])/,
    { remediation: WEBHOOK },
  ),
  provider(
    'discord-webhook-url',
    'Discord webhook URL',
    ['discord'],
    /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/,
    { remediation: WEBHOOK },
  ),
  provider(
    'discord-bot-token',
    'Discord bot token',
    ['discord'],
    re('<S>([MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})<E>'),
    { minEntropy: 3.5 },
  ),
  provider(
    'teams-webhook-url',
    'Microsoft Teams incoming webhook URL',
    ['webhook.office.com'],
    /(https:\/\/[a-z0-9-]{1,64}\.webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}(?:\/[A-Za-z0-9_-]{1,100})?)/,
    { remediation: WEBHOOK },
  ),
  provider(
    'teams-workflow-webhook-url',
    'Microsoft Teams / Power Automate workflow webhook URL',
    ['logic.azure.com'],
    /(https:\/\/[a-z0-9.-]{1,100}\.logic\.azure\.com(?::443)?\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke\?[^\s"'<>]{0,300}?sig=[A-Za-z0-9_%-]{40,60})/,
    { remediation: WEBHOOK },
  ),
  provider(
    'telegram-bot-token',
    'Telegram bot token',
    [':aa'],
    re('(?<![\\w:])(\\d{8,10}:AA[A-Za-z0-9_-]{33})<E>'),
    // Run where `indexOf` finds `:AA`, 8–10 characters in: the body ran as a global regex over every
    // file holding `:aa` in any case (2.7 % of a scan of headscale).
    { search: literalAt([':AA'], 8, 10) },
  ),
  provider(
    'mattermost-access-token',
    'Mattermost access token',
    ['mattermost'],
    re(
      'mattermost[\\w.-]{0,20}token[\\w.-]{0,10}["\']?[ \\t]{0,4}[:=][ \\t]{0,4}["\']?([a-z0-9]{26})<E>',
      'i',
    ),
    { minEntropy: 3.5 },
  ),
]
