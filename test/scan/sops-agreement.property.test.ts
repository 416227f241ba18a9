/**
 * The scanner and the encryptor agree on what must be encrypted (issue 19): on random trees and
 * random `.sops.yaml` encryption rules, gitseal encrypts the plaintext for a real age key; the
 * scanner then finds nothing SOPS-related in the output, and on the plaintext it reports the
 * policy violation exactly when the encryptor encrypted a value, at the first such value.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDetector } from '../../src/scan/engine.js'
import { fieldRole } from '../../src/scan/analysers/secret-fields.js'
import { secretValueReportable } from '../../src/scan/analysers/values.js'
import { shannonEntropy } from '../../src/scan/entropy.js'
import { findCreationRule, parseSopsConfig } from '../../src/sops/config.js'
import { encrypt } from '../../src/sops/sops-file.js'
import type { SopsFormat } from '../../src/sops/stores/index.js'
import { fuzzParams } from '../fuzz/fuzz.js'
import { scratchDir } from '../support/scratch.js'

const dir = scratchDir('sops-agreement')
execFileSync('age-keygen', ['-o', join(dir, 'key.txt')], { stdio: 'ignore' })
const recipient = /public key: (age1\S+)/.exec(readFileSync(join(dir, 'key.txt'), 'utf8'))?.[1] ?? ''

const KEYS = ['password', 'data', 'stringData', 'host', 'db', 'name', 'token_unencrypted', 'api_enc', 'cfg']
/** Encryption rules as a `.sops.yaml` creation rule writes them; `undefined`: none (sops' default). */
const RULES: ([string, string] | undefined)[] = [
  undefined,
  ['unencrypted_suffix', '_unencrypted'],
  ['encrypted_suffix', '_enc'],
  ['encrypted_regex', '^(data|stringData|password)$'],
  ['encrypted_regex', '(?i)TOKEN|pass'],
  ['unencrypted_regex', '^(host|name)$'],
  ['unencrypted_regex', '^db$'],
]

type Tree = { [key: string]: string | Tree }

// Keys whose values the scanner judges as secrets; the others (`host`, `name`, `db`) name public
// fields of a Secret, which the scanner never reports, encrypted by the rules or not.
const SECRET_KEYS = KEYS.filter((key) => fieldRole(key) === 'secret')

// Values that are secrets by any reading: random, and reported by the scanner under a secret key.
const value = fc
  .uint8Array({ minLength: 18, maxLength: 30 })
  .map((bytes) => Buffer.from(bytes).toString('base64url'))
  .filter((v) => shannonEntropy(v) >= 3.5 && SECRET_KEYS.every((key) => secretValueReportable(key, v, [])))

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), fc.oneof({ depthSize: 'small' }, value, tie('tree'))), {
      minLength: 1,
      maxLength: 4,
      selector: ([key]) => key,
    })
    .map((entries): Tree => Object.fromEntries<string | Tree>(entries)),
})).tree

function yamlOf(node: Tree, indent = ''): string {
  return Object.entries(node)
    .map(([key, v]) =>
      typeof v === 'string' ? `${indent}${key}: "${v}"\n` : `${indent}${key}:\n${yamlOf(v, `${indent}    `)}`,
    )
    .join('')
}

function leaves(node: Tree, out: [string, string][] = []): [string, string][] {
  for (const [key, v] of Object.entries(node)) {
    if (typeof v === 'string') out.push([key, v])
    else leaves(v, out)
  }
  return out
}

function plaintext(format: SopsFormat, node: Tree): string {
  if (format === 'yaml') return yamlOf(node)
  if (format === 'json') return `${JSON.stringify(node, null, '\t')}\n`
  // dotenv: one flat level, keys unique by construction of the tree's first level
  return leaves(node)
    .filter(([key], i, all) => all.findIndex(([k]) => k === key) === i)
    .map(([key, v]) => `${key}=${v}\n`)
    .join('')
}

const PATHS: Record<string, string> = {
  yaml: 'secrets/app.yaml',
  json: 'secrets/app.json',
  dotenv: 'secrets/app.env',
}

/**
 * 1-based lines of the output's own values (not its metadata) that the encryptor encrypted, under
 * keys whose values the scanner judges (see SECRET_KEYS).
 */
function encryptedSecretLines(format: SopsFormat, output: string): number[] {
  const lines = output.split('\n')
  const end = format === 'dotenv' ? lines.length : lines.findIndex((line) => /^\s*"?sops"?:/.test(line))
  const keyOf = (line: string): string => /^\s*"?([\w]+)"?\s*[:=]/.exec(line)?.[1] ?? ''
  return lines
    .slice(0, end < 0 ? lines.length : end)
    .flatMap((line, i) =>
      line.includes('ENC[AES256_GCM,') && !line.startsWith('sops_') && SECRET_KEYS.includes(keyOf(line))
        ? [i + 1]
        : [],
    )
}

describe('scanner and encryptor agree on what must be encrypted', () => {
  it('on random trees and rules: quiet on the output, the policy finding exactly where a value was encrypted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SopsFormat>('yaml', 'json', 'dotenv'),
        tree,
        fc.constantFrom(...RULES),
        fc.boolean(),
        async (format, node, rule, macOnly) => {
          const field = rule === undefined ? '' : `    ${rule[0]}: '${rule[1]}'\n`
          const config = `creation_rules:\n  - path_regex: ^secrets/\n${field}${macOnly ? '    mac_only_encrypted: true\n' : ''}    age: ${recipient}\n`
          const detector = createDetector({ sopsConfig: { file: '.sops.yaml', text: config } })
          const path = PATHS[format] ?? ''
          const input = plaintext(format, node)
          // The encryptor's side as `gitseal encrypt` takes it: the strict parser's matching rule.
          const creation = findCreationRule(parseSopsConfig(config, '.sops.yaml'), path)
          expect(creation).toBeDefined()
          const output = await encrypt(input, {
            format,
            file: path,
            recipients: [recipient],
            rules: creation?.rules ?? {},
          })
          const onOutput = detector
            .scanFile(path, output)
            .findings.filter((f) => f.ruleId.startsWith('sops-'))
          expect(onOutput.map((f) => `${f.ruleId}:${f.line}`)).toEqual([])
          const onInput = detector
            .scanFile(path, input)
            .findings.filter((f) => f.ruleId === 'sops-policy-unencrypted')
            .map((f) => f.line)
          const encrypted = encryptedSecretLines(format, output)
          expect(onInput).toEqual(encrypted.length === 0 ? [] : [encrypted[0]])
        },
      ),
      fuzzParams(60),
    )
  }, 120_000)
})
