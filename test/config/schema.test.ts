import { readdirSync, readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseGitsealConfig } from '../../src/config/gitseal-config.js'
import { isGitsealError } from '../../src/core/errors.js'
import { renderGitsealConfig } from '../../src/config/init-files.js'

const schema = JSON.parse(
  readFileSync(new URL('../../schema/gitseal.schema.json', import.meta.url), 'utf8'),
) as object
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
const examplesDir = new URL('./examples/', import.meta.url)

function parserAccepts(text: string): boolean {
  try {
    parseGitsealConfig(text, 'gitseal.yaml')
    return true
  } catch (error) {
    if (!isGitsealError(error)) throw error
    return false
  }
}

describe('gitseal.schema.json', () => {
  it('is shipped in the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      files: string[]
    }
    expect(pkg.files).toContain('schema/')
  })

  it.each(readdirSync(examplesDir).filter((name) => name.endsWith('.yaml')))(
    'accepts the example %s, as the parser does',
    (name) => {
      const text = readFileSync(new URL(name, examplesDir), 'utf8')
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true)
      expect(parserAccepts(text)).toBe(true)
    },
  )

  it.each([
    ['unknown cluster setting', 'clusters:\n  prod:\n    certt: a.pem\n'],
    ['bad scope', 'clusters:\n  prod:\n    scope: global\n'],
    ['rule without backend', 'policy:\n  - path: a/**\n'],
    ['unknown backend', 'policy:\n  - path: a/**\n    backend: vault\n'],
    ['typo in a sealed param', 'policy:\n  - path: a/**\n    backend: sealed\n    scoep: strict\n'],
    ['sops param on an eso rule', 'policy:\n  - path: a/**\n    backend: eso\n    age: age1x\n'],
    ['bad storeKind', 'policy:\n  - path: a/**\n    backend: eso\n    storeKind: Store\n'],
    ['unknown scan setting', 'scan:\n  allow: {}\n'],
  ])('rejects %s, as the parser does', (_name, text) => {
    expect(validate(parse(text))).toBe(false)
    expect(parserAccepts(text)).toBe(false)
  })

  it('accepts what `gitseal init` writes', () => {
    const layout = {
      clusters: ['prod'],
      apps: ['api'],
      overlays: ['dev', 'prod'],
      environments: ['dev', 'prod'],
    }
    const text = renderGitsealConfig(layout, [
      { name: 'dev', backend: 'sops', recipients: ['age1x'] },
      { name: 'prod', backend: 'sealed', cert: 'https://c.example/prod.pem' },
    ])
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true)
    expect(parserAccepts(text)).toBe(true)
    const eso = renderGitsealConfig({ clusters: [], apps: [], overlays: [], environments: [] }, [
      { name: undefined, backend: 'eso', store: 's' },
    ])
    expect(validate(parse(eso)), JSON.stringify(validate.errors)).toBe(true)
  })
})
