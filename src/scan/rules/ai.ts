/** AI APIs: OpenAI, Anthropic, Hugging Face and others. */
import { provider, re } from './define.js'
import type { Rule } from './types.js'

/** AI API rules. */
export const AI_RULES: readonly Rule[] = [
  provider(
    'openai-api-key',
    'OpenAI API key',
    ['t3blbkfj'],
    re('<S>(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})<E>'),
  ),
  provider(
    'openai-project-key',
    'OpenAI project API key',
    ['sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    re('<S>(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,200})<E>'),
    { minEntropy: 4 },
  ),
  provider(
    'anthropic-api-key',
    'Anthropic API key',
    ['sk-ant-api'],
    re('<S>(sk-ant-api03-[A-Za-z0-9_-]{93}AA)<E>'),
  ),
  provider(
    'anthropic-admin-key',
    'Anthropic admin API key',
    ['sk-ant-admin'],
    re('<S>(sk-ant-admin01-[A-Za-z0-9_-]{93}AA)<E>'),
  ),
  provider('huggingface-token', 'Hugging Face access token', ['hf_'], re('<S>(hf_[A-Za-z]{34})<E>'), {
    minEntropy: 3.5,
  }),
  provider(
    'huggingface-org-token',
    'Hugging Face organization API token',
    ['api_org_'],
    re('<S>(api_org_[A-Za-z]{34})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('groq-api-key', 'Groq API key', ['gsk_'], re('<S>(gsk_[A-Za-z0-9]{52})<E>'), { minEntropy: 3.5 }),
  provider('replicate-api-token', 'Replicate API token', ['r8_'], re('<S>(r8_[A-Za-z0-9]{37})<E>'), {
    minEntropy: 3.5,
  }),
  provider('perplexity-api-key', 'Perplexity API key', ['pplx-'], re('<S>(pplx-[A-Za-z0-9]{48})<E>'), {
    minEntropy: 3.5,
  }),
  provider('nvidia-api-key', 'NVIDIA API key', ['nvapi-'], re('<S>(nvapi-[A-Za-z0-9_-]{64})<E>'), {
    minEntropy: 3.5,
  }),
  provider('openrouter-api-key', 'OpenRouter API key', ['sk-or-v1-'], re('<S>(sk-or-v1-[0-9a-f]{64})<E>'), {
    minEntropy: 3,
  }),
  provider(
    'pinecone-api-key',
    'Pinecone API key',
    ['pcsk_'],
    re('<S>(pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})<E>'),
    { minEntropy: 3.5 },
  ),
  provider('xai-api-key', 'xAI API key', ['xai-'], re('<S>(xai-[A-Za-z0-9]{80})<E>'), { minEntropy: 3.5 }),
  provider(
    'cohere-api-key',
    'Cohere API key',
    ['cohere', 'co_api_key'],
    re(
      '(?:cohere|co)[\\w.-]{0,20}(?:api[_-]?key|token)["\']?[ \\t]{0,4}[:=][ \\t]{0,4}["\']?([A-Za-z0-9]{40})<E>',
      'i',
    ),
    { minEntropy: 3.5 },
  ),
  provider(
    'langsmith-api-key',
    'LangSmith API key',
    ['lsv2_'],
    re('<S>(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})<E>'),
  ),
]
