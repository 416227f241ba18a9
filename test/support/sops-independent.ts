/**
 * An independent sops reader for tests: the data key comes from the real `age` binary and each
 * value is opened with node:crypto, the path-based additional data and the MAC recomputed here —
 * none of gitseal's sops code is used.
 */
import { execFileSync } from 'node:child_process'
import { createDecipheriv, createHash } from 'node:crypto'
import { parse as parseYaml } from 'yaml'

/** A flat list of `[path, plaintext bytes as text, type]` in document order, plus the MAC check. */
export interface IndependentResult {
  values: [string, string, string][]
  macOk: boolean
}

function openValue(enc: string, key: Buffer, aad: string): [string, string] {
  const m = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]$/.exec(enc)
  if (!m) throw new Error(`not encrypted: ${aad}`)
  const [, data = '', iv = '', tag = '', type = ''] = m
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
  d.setAAD(Buffer.from(aad))
  d.setAuthTag(Buffer.from(tag, 'base64'))
  return [Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8'), type]
}

/** Run `age -d` on an armored data key. */
export function ageDecrypt(armored: string, keyFile: string): Buffer {
  return execFileSync('age', ['-d', '-i', keyFile], { input: armored })
}

/** Open a YAML/JSON sops file (values at `path:` AAD; every string leaf must be ENC unless `_unencrypted`). */
export function openIndependently(
  text: string,
  format: 'yaml' | 'json' | 'dotenv' | 'ini',
  keyFile: string,
): IndependentResult {
  let tree: Record<string, unknown>
  let sops: Record<string, unknown>
  if (format === 'yaml' || format === 'json') {
    const doc = parseYaml(text, { version: '1.1' }) as Record<string, unknown>
    sops = doc.sops as Record<string, unknown>
    delete doc.sops
    tree = doc
  } else {
    const flat: Record<string, string> = {}
    tree = {}
    let section: Record<string, unknown> | undefined
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
      if (format === 'ini' && line.startsWith('[')) {
        const name = line.slice(1, line.indexOf(']'))
        section = {}
        if (name !== 'sops') tree[name] = section
        else section = undefined
        continue
      }
      const eq = line.indexOf('=')
      const k = format === 'ini' ? line.slice(0, eq).trim() : line.slice(0, eq)
      const v = (format === 'ini' ? line.slice(eq + 1).trim() : line.slice(eq + 1)).replaceAll('\\n', '\n')
      if (format === 'dotenv' && k.startsWith('sops_')) flat[k.slice(5)] = v
      else if (format === 'ini' && section === undefined) flat[k] = v
      else if (format === 'ini') section![k] = v
      else tree[k] = v
    }
    sops = {
      lastmodified: flat.lastmodified,
      mac: flat.mac,
      age: [{ enc: flat.age__list_0__map_enc }],
    }
  }
  const age = sops.age as { enc: string }[]
  const key = ageDecrypt(age[0]?.enc ?? '', keyFile)
  const values: [string, string, string][] = []
  const hash = createHash('sha512')
  const walk = (value: unknown, path: string[]): void => {
    if (value === null || value === undefined) return
    if (Array.isArray(value)) {
      value.forEach((v) => walk(v, path))
      return
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k])
      return
    }
    const aad = `${path.join(':')}:`
    if (typeof value === 'string' && value.startsWith('ENC[')) {
      const [plain, type] = openValue(value, key, aad)
      values.push([aad, plain, type])
      hash.update(plain)
    } else {
      const plain = typeof value === 'boolean' ? (value ? 'True' : 'False') : `${value as string | number}`
      values.push([aad, plain, 'plain'])
      hash.update(plain)
    }
  }
  walk(tree, [])
  const [mac] = openValue(String(sops.mac), key, String(sops.lastmodified))
  return { values, macOk: mac === hash.digest('hex').toUpperCase() }
}
