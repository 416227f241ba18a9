/** Shared helpers for the sops tests: the real fixtures and their published test keys. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseIdentityText } from '../../src/sops/identities.js'
import type { AgeIdentity } from '../../src/sops/age.js'

/** `fixtures/sops-real` (copied from the real sops-written files; see its sources.json). */
export const REAL = fileURLToPath(new URL('../../fixtures/sops-real/', import.meta.url))

/** One case of the real fixtures' index.json. */
export interface RealCase {
  id: string
  file: string
  format: 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary'
  sops_version: string
  age_identities: string[]
  expect: { decrypts: boolean; mac?: string; sops_exit_code?: number }
  expected_json?: string
}

/** Every case of the real fixtures. */
export function realCases(): RealCase[] {
  return JSON.parse(readFileSync(`${REAL}index.json`, 'utf8')) as RealCase[]
}

/** The identities in a fixture key file. */
export function fixtureIdentities(...keyFiles: string[]): AgeIdentity[] {
  return keyFiles.flatMap((keyFile) =>
    parseIdentityText(readFileSync(`${REAL}${keyFile}`, 'utf8')).map((identity) => ({
      identity,
      source: keyFile,
    })),
  )
}

/** A stable JSON form of a tree's plain data (bigints as numbers). */
export function normalJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)))
}
