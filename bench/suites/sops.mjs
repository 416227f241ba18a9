// SOPS + age: encrypt and decrypt a 1 MB YAML with 10,000 leaves and a small Secret, and decrypt
// the same files with the JS peer `sops-age` in the same run.
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { decryptSops } from 'sops-age'
import { decrypt, encrypt } from '../../dist/sops/index.js'
import { formatMs, measure, table } from '../lib.mjs'

export const title = 'SOPS + age (gitseal/sops vs sops-age)'

function bigYaml() {
  // 100 sections × 100 keys, ~100-byte values: ≈ 1 MB, 10,000 leaves.
  let out = ''
  for (let s = 0; s < 100; s++) {
    out += `section${s}:\n`
    for (let k = 0; k < 100; k++)
      out += `  key${k}: ${'v'.repeat(80)}${String(s * 100 + k).padStart(8, '0')}\n`
  }
  return out
}

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: prod
type: Opaque
stringData:
  username: admin
  password: s3cr3t-p4ssw0rd
  url: postgres://db.prod.svc:5432/app
`

export async function run() {
  const identity = await generateIdentity()
  const recipient = await identityToRecipient(identity)
  const identities = [{ identity, source: 'bench' }]
  const rows = []
  const goals = []
  for (const [name, text, runs] of [
    ['1 MB YAML, 10,000 leaves', bigYaml(), 5],
    ['small Secret', SECRET, 50],
  ]) {
    const enc = await encrypt(text, { format: 'yaml', recipients: [recipient] })
    const check = await decryptSops(enc, { fileType: 'yaml', secretKey: identity })
    if (typeof check !== 'object' || check === null) throw new Error('sops-age could not decrypt our file')
    const e = await measure(() => encrypt(text, { format: 'yaml', recipients: [recipient] }), { runs })
    const d = await measure(() => decrypt(enc, { format: 'yaml', identities }), { runs })
    const peer = await measure(() => decryptSops(enc, { fileType: 'yaml', secretKey: identity }), { runs })
    rows.push([
      name,
      text.length < 10_240 ? `${text.length} B` : `${(text.length / 1024).toFixed(0)} KiB`,
      formatMs(e),
      formatMs(d),
      formatMs(peer),
    ])
    if (name.startsWith('1 MB'))
      goals.push(`1 MB decrypt under 1 s: ${d.median < 1000 ? 'met' : 'NOT met'} (${formatMs(d)})`)
  }
  return {
    markdown: table(
      ['file', 'size', 'gitseal encrypt', 'gitseal decrypt (MAC verified)', 'sops-age decrypt'],
      rows,
    ),
    goals,
    notes:
      'Both decryptors open the same file written by gitseal. gitseal decrypt returns the plaintext in the ' +
      "file's own format with formatting kept; sops-age returns a JavaScript object.",
  }
}
