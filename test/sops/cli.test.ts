import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { REAL } from '../support/sops.js'
import { scratchDir } from '../support/scratch.js'

let dir: string
let env: Record<string, string>
const keys: { recipient: string; file: string }[] = []

function keygen(name: string): { recipient: string; file: string } {
  const file = join(dir, name)
  execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' })
  return { file, recipient: /public key: (age1\S+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? '' }
}

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  user: admin # who
  password: s3cr3t
`

beforeEach(() => {
  dir = scratchDir('sops-cli')
  keys.length = 0
  keys.push(keygen('a.txt'), keygen('b.txt'))
  env = { HOME: join(dir, 'home'), SOPS_AGE_KEY_FILE: keys[0]?.file ?? '' }
  mkdirSync(join(dir, 'apps/prod'), { recursive: true })
  writeFileSync(
    join(dir, '.sops.yaml'),
    `creation_rules:\n  - path_regex: apps/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${keys[0]?.recipient ?? ''}\n`,
  )
  writeFileSync(join(dir, 'apps/prod/secret.yaml'), SECRET)
})

const run = (argv: string[], extra: Record<string, string> = {}, stdin?: string) =>
  runCli(argv, { cwd: dir, env: { ...env, ...extra }, ...(stdin === undefined ? {} : { stdin }) })

describe('gitseal encrypt / decrypt', () => {
  it('encrypts in place by .sops.yaml rules and decrypts back; --extract prints one value', async () => {
    const enc = await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    expect(enc.stderr).toBe('')
    expect(enc.exitCode).toBe(0)
    const text = readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8')
    expect(text).toContain('  name: db\n')
    expect(text).toMatch(/password: ENC\[AES256_GCM/)
    expect(text).toContain('encrypted_regex: ^(data|stringData)$')
    const dec = await run(['decrypt', 'apps/prod/secret.yaml'])
    expect(dec.exitCode).toBe(0)
    expect(dec.stdout).toBe(SECRET)
    const one = await run(['decrypt', 'apps/prod/secret.yaml', '--extract', '["stringData"]["password"]'])
    expect(one.stdout).toBe('s3cr3t')
    const json = await run(['decrypt', 'apps/prod/secret.yaml', '--output-type', 'json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ stringData: { password: 's3cr3t' } })
  })

  it('refuses a file no creation rule matches, naming file and config; the file is untouched', async () => {
    writeFileSync(join(dir, 'other.yaml'), 'a: b\n')
    const r = await run(['encrypt', '-i', 'other.yaml'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('other.yaml')
    expect(r.stderr).toContain('.sops.yaml')
    expect(readFileSync(join(dir, 'other.yaml'), 'utf8')).toBe('a: b\n')
    const withAge = await run(['encrypt', 'other.yaml', '--age', keys[1]?.recipient ?? ''])
    expect(withAge.exitCode).toBe(0)
  })

  it('refuses a file without sops metadata and duplicate YAML keys, leaving them untouched', async () => {
    const r = await run(['decrypt', '-i', 'apps/prod/secret.yaml'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('sops metadata not found')
    expect(readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8')).toBe(SECRET)
    writeFileSync(join(dir, 'apps/dup.yaml'), 'a: 1\na: 2\n')
    const dup = await run(['encrypt', '-i', 'apps/dup.yaml'])
    expect(dup.exitCode).toBe(2)
    expect(readFileSync(join(dir, 'apps/dup.yaml'), 'utf8')).toBe('a: 1\na: 2\n')
  })

  it('refuses an already encrypted file and an unknown type', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const again = await run(['encrypt', 'apps/prod/secret.yaml'])
    expect(again.exitCode).toBe(2)
    expect(again.stderr).toContain('already encrypted')
    const unknown = await run(['encrypt', 'apps/prod/secret.yaml', '--input-type', 'toml'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toContain("unknown sops file type 'toml'")
  })

  it('without a matching identity: exit 3, recipients and sources listed', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const r = await run(['decrypt', 'apps/prod/secret.yaml'], { SOPS_AGE_KEY_FILE: keys[1]?.file ?? '' })
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain(keys[0]?.recipient ?? 'x')
    expect(r.stderr).toContain(`SOPS_AGE_KEY_FILE=${keys[1]?.file ?? ''}`)
    expect(r.stderr).toContain(join(dir, 'home/.config/sops/age/keys.txt'))
  })

  it('refuses a MAC mismatch (real sops fixture) unless --ignore-mac', async () => {
    const file = `${REAL}tf-provider-sops/basic-mac-mismatch.sops.yaml`
    const key = { SOPS_AGE_KEY_FILE: `${REAL}tf-provider-sops/keys/age.txt` }
    const r = await run(['decrypt', file], key)
    expect(r.exitCode).toBe(3)
    expect(r.stderr).toContain('MAC mismatch')
    const ignored = await run(['decrypt', '--ignore-mac', file], key)
    expect(ignored.exitCode).toBe(0)
  })
})

describe('gitseal set / unset / edit / rotate / updatekeys', () => {
  const file = () => join(dir, 'apps/prod/secret.yaml')
  const ciphertexts = (text: string) =>
    [...text.matchAll(/(\w+): (ENC\[[^\]]+\])/g)].map((m) => `${m[1] ?? ''}=${m[2] ?? ''}`)

  it('set changes one value; the others keep their ciphertext', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const before = ciphertexts(readFileSync(file(), 'utf8'))
    const r = await run(
      ['set', 'apps/prod/secret.yaml', '["stringData"]["password"]', '--value-stdin'],
      {},
      '"n3w"',
    )
    expect(r.stderr).toBe('')
    const after = ciphertexts(readFileSync(file(), 'utf8'))
    expect(after.find((c) => c.startsWith('user='))).toBe(before.find((c) => c.startsWith('user=')))
    expect(after.find((c) => c.startsWith('password='))).not.toBe(
      before.find((c) => c.startsWith('password=')),
    )
    expect(
      (await run(['decrypt', 'apps/prod/secret.yaml', '--extract', '["stringData"]["password"]'])).stdout,
    ).toBe('n3w')
    await run(['unset', 'apps/prod/secret.yaml', '["stringData"]["user"]'])
    expect((await run(['decrypt', 'apps/prod/secret.yaml'])).stdout).not.toContain('user')
    expect((await run(['unset', 'apps/prod/secret.yaml', '["nope"]'])).exitCode).toBe(2)
    expect((await run(['unset', '--idempotent', 'apps/prod/secret.yaml', '["nope"]'])).exitCode).toBe(0)
  })

  it('edit: the editor sees a private 0600 file that is gone afterwards; unchanged values keep ciphertext', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const before = ciphertexts(readFileSync(file(), 'utf8'))
    const editor = join(dir, 'editor.sh')
    writeFileSync(
      editor,
      `#!/bin/sh\nstat -c %a "$1" > ${dir}/mode\necho "$1" > ${dir}/path\nsed -i 's/s3cr3t/changed/' "$1"\n`,
    )
    chmodSync(editor, 0o755)
    const r = await run(['edit', 'apps/prod/secret.yaml'], { EDITOR: editor })
    expect(r.stderr).toBe('')
    expect(readFileSync(join(dir, 'mode'), 'utf8').trim()).toBe('600')
    expect(existsSync(readFileSync(join(dir, 'path'), 'utf8').trim())).toBe(false)
    const after = ciphertexts(readFileSync(file(), 'utf8'))
    expect(after.find((c) => c.startsWith('user='))).toBe(before.find((c) => c.startsWith('user=')))
    expect((await run(['decrypt', 'apps/prod/secret.yaml'])).stdout).toContain('password: changed')
    const failing = await run(['edit', 'apps/prod/secret.yaml'], { EDITOR: 'false' })
    expect(failing.exitCode).toBe(2)
  })

  it('edit: a crafted file name is no command to an editor command that parses its argument again (red team 24)', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const crafted = join(dir, 'apps/prod', 'a;touch PWNED;$(touch PWNED)b.yaml')
    writeFileSync(crafted, readFileSync(file()))
    // `eval` reads the path as shell text, as a wrapper script's `sh -c "vim $1"` would.
    const r = await run(['edit', crafted], { EDITOR: `eval echo >'${dir}/path'` })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(readFileSync(join(dir, 'path'), 'utf8').trim()).toMatch(/\/a_touch_PWNED___touch_PWNED_b\.yaml$/)
    expect(existsSync(join(dir, 'PWNED'))).toBe(false)
  })

  it('rotate: new data key, every ciphertext changes, still decrypts; --add-age adds a recipient', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const before = ciphertexts(readFileSync(file(), 'utf8'))
    const r = await run(['rotate', '-i', '--add-age', keys[1]?.recipient ?? '', 'apps/prod/secret.yaml'])
    expect(r.exitCode).toBe(0)
    const after = ciphertexts(readFileSync(file(), 'utf8'))
    expect(after.filter((c) => before.includes(c))).toEqual([])
    expect(
      (await run(['decrypt', 'apps/prod/secret.yaml'], { SOPS_AGE_KEY_FILE: keys[1]?.file ?? '' })).stdout,
    ).toBe(SECRET)
  })

  it('updatekeys: re-wraps for the recipients .sops.yaml now names, in a directory, with --yes', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const before = ciphertexts(readFileSync(file(), 'utf8'))
    writeFileSync(
      join(dir, '.sops.yaml'),
      `creation_rules:\n  - path_regex: apps/\n    age: >-\n      ${keys[0]?.recipient ?? ''},\n      ${keys[1]?.recipient ?? ''}\n`,
    )
    const noTty = await run(['updatekeys', 'apps'])
    expect(noTty.exitCode).toBe(2)
    const r = await run(['updatekeys', '--yes', 'apps'])
    expect(r.exitCode).toBe(0)
    // One line per recipient (the plan was printed as one line with its newlines escaped as \x0a).
    expect(r.stderr).toContain(`:\n  + ${keys[1]?.recipient ?? ''}\n`)
    expect(r.stderr).not.toContain('\\x0a')
    expect(ciphertexts(readFileSync(file(), 'utf8'))).toEqual(before)
    expect(
      (await run(['decrypt', 'apps/prod/secret.yaml'], { SOPS_AGE_KEY_FILE: keys[1]?.file ?? '' })).stdout,
    ).toBe(SECRET)
    expect((await run(['updatekeys', '--yes', 'apps/prod/secret.yaml'])).stderr).toContain(
      'already up to date',
    )
  })
})

describe('gitseal updatekeys DIR', () => {
  it('fails before changing any file when part of DIR cannot be searched (a name not valid UTF-8)', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const encrypted = readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8')
    const hidden = Buffer.from(join(dir, 'apps/old\xfe'), 'latin1')
    mkdirSync(hidden)
    writeFileSync(Buffer.concat([hidden, Buffer.from('/secret.yaml')]), encrypted)
    writeFileSync(
      join(dir, '.sops.yaml'),
      `creation_rules:\n  - path_regex: apps/\n    age: ${keys[1]?.recipient ?? ''}\n`,
    )
    const r = await run(['updatekeys', '--yes', 'apps'])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(
      /apps: cannot search old\\xfe \(its name is not valid UTF-8.*\); updatekeys would leave/,
    )
    // Nothing was re-wrapped: the removed recipient would still open the file it could not see.
    expect(readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8')).toBe(encrypted)
  })
})

describe('gitseal exec-env / exec-file', () => {
  it('exec-env passes top-level values as variables and exits with the command status', async () => {
    writeFileSync(join(dir, 'app.env'), 'DB_PASSWORD=s3cr3t\nPORT=5432\n')
    await run(['encrypt', '-i', '--age', keys[0]?.recipient ?? '', 'app.env'])
    const r = await run(['exec-env', 'app.env', `printf '%s:%s' "$DB_PASSWORD" "$PORT" > ${dir}/out; exit 3`])
    expect(r.exitCode).toBe(3)
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('s3cr3t:5432')
  })

  it('exec-env refuses a NUL byte or an = in a name, a name choosing what code runs, or a NUL in a value: exit 2, key named, value never shown', async () => {
    const cases: [string, RegExp][] = [
      ['"A": "s3cr\\0t-value"\n', /the key "A" has a value holding a NUL byte/],
      ['"a\\0b": s3cr3t-value\n', /the key "a\\x00b" is not a valid environment variable name/],
      [
        '"PATH=/tmp/evil": s3cr3t-value\n',
        /the key "PATH=\/tmp\/evil" is not a valid environment variable name/,
      ],
      // Anyone with the public keys writes a valid SOPS file: its names do not choose what runs.
      ['LD_PRELOAD: /tmp/s3cr3t.so\n', /the key "LD_PRELOAD" would choose what code runs/],
      ['BASH_ENV: /tmp/s3cr3t.sh\n', /the key "BASH_ENV" would choose what code runs/],
      ['"BASH_FUNC_touch%%": () { s3cr3t; }\n', /the key "BASH_FUNC_touch%%" would choose what code runs/],
      ['PATH: /tmp/s3cr3t\n', /the key "PATH" would choose what code runs/],
    ]
    for (const [text, message] of cases) {
      writeFileSync(join(dir, 'env.yaml'), text)
      await run(['encrypt', '-i', '--age', keys[0]?.recipient ?? '', 'env.yaml'])
      const r = await run(['exec-env', 'env.yaml', `touch ${dir}/ran`])
      expect(r.exitCode, r.stderr).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/s3cr|unexpected/)
      expect(existsSync(join(dir, 'ran'))).toBe(false)
    }
  })

  it('exec-file gives the command a private plaintext copy, removed afterwards', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const r = await run([
      'exec-file',
      'apps/prod/secret.yaml',
      `stat -c %a {} > ${dir}/mode; cp {} ${dir}/copy; echo {} > ${dir}/path`,
    ])
    expect(r.exitCode).toBe(0)
    expect(readFileSync(join(dir, 'mode'), 'utf8').trim()).toBe('600')
    expect(readFileSync(join(dir, 'copy'), 'utf8')).toBe(SECRET)
    expect(existsSync(readFileSync(join(dir, 'path'), 'utf8').trim())).toBe(false)
  })

  it.each([
    ['bare', 'cat {} > OUT'],
    ['double quotes', 'cat "{}" > OUT'],
    ['single quotes', "cat '{}' > OUT"],
    ['inside a word', 'cp -- x{}x OUT 2>/dev/null || cat {} > OUT'],
  ])('exec-file with {} %s: crafted file names are data, never commands', async (_name, template) => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const names = [
      '$(touch PWNED).yaml',
      '`touch PWNED`.yaml',
      '"; touch PWNED; ".yaml',
      "'; touch PWNED; '.yaml",
      'a b\\c*.yaml',
    ]
    for (const filename of names) {
      const out = join(dir, 'out')
      const r = await run([
        'exec-file',
        '--filename',
        filename,
        'apps/prod/secret.yaml',
        template.replaceAll('OUT', `'${out}'`),
      ])
      expect(r.stderr).toBe('')
      expect(r.exitCode).toBe(0)
      expect(readFileSync(out, 'utf8')).toBe(SECRET)
      expect(existsSync(join(dir, 'PWNED'))).toBe(false)
    }
  })

  it('exec-file names the private copy without shell syntax: a command that parses {} again (sh -c) runs no crafted name (red team 24)', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    const crafted = join(dir, 'apps/prod', 'a;touch PWNED;$(touch PWNED)b.yaml')
    writeFileSync(crafted, readFileSync(join(dir, 'apps/prod/secret.yaml')))
    const out = join(dir, 'out')
    const r = await run(['exec-file', crafted, `sh -c "cat {} > '${out}'; echo {} > '${out}.path'"`])
    expect(r.stderr).toBe('')
    expect(r.exitCode).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(SECRET)
    expect(readFileSync(`${out}.path`, 'utf8').trim()).toMatch(/\/a_touch_PWNED___touch_PWNED_b\.yaml$/)
    expect(existsSync(join(dir, 'PWNED'))).toBe(false)
  })
})

describe('exec-file --filename', () => {
  it.each(['..', '.', '', 'a/../..'])(
    '%j is no file name: E_USAGE naming the option, no command run (was an unexpected EEXIST)',
    async (filename) => {
      await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
      const r = await run([
        'exec-file',
        '--filename',
        filename,
        'apps/prod/secret.yaml',
        `touch '${dir}/RAN'`,
      ])
      expect(r.stderr).toMatch(/^gitseal: --filename ".*": not a file name\n {2}hint: /)
      expect(r.exitCode).toBe(2)
      expect(existsSync(join(dir, 'RAN'))).toBe(false)
    },
  )
})

describe('plaintext output files', () => {
  it('decrypt -o NEW writes 0600; an existing file keeps its mode', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    expect((await run(['decrypt', 'apps/prod/secret.yaml', '-o', 'plain.yaml'])).exitCode).toBe(0)
    expect(statSync(join(dir, 'plain.yaml')).mode & 0o777).toBe(0o600)
    writeFileSync(join(dir, 'shared.yaml'), '')
    chmodSync(join(dir, 'shared.yaml'), 0o640)
    expect((await run(['decrypt', 'apps/prod/secret.yaml', '-o', 'shared.yaml'])).exitCode).toBe(0)
    expect(statSync(join(dir, 'shared.yaml')).mode & 0o777).toBe(0o640)
    expect(readFileSync(join(dir, 'shared.yaml'), 'utf8')).toBe(SECRET)
  })

  it('decrypt -i through a symlink writes the target and keeps the link', async () => {
    await run(['encrypt', '-i', 'apps/prod/secret.yaml'])
    symlinkSync('apps/prod/secret.yaml', join(dir, 'link.yaml'))
    expect((await run(['decrypt', '-i', 'link.yaml'])).exitCode).toBe(0)
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8')).toBe(SECRET)
  })
})

describe('gitseal edit of a new file', () => {
  it('creates it, encrypted for the recipients .sops.yaml names', async () => {
    const editor = join(dir, 'new-editor.sh')
    writeFileSync(editor, '#!/bin/sh\nprintf "stringData:\\n  token: abc\\n" > "$1"\n')
    chmodSync(editor, 0o755)
    const r = await run(['edit', 'apps/prod/new.yaml'], { EDITOR: editor })
    expect(r.stderr).toBe('')
    expect(readFileSync(join(dir, 'apps/prod/new.yaml'), 'utf8')).toMatch(/token: ENC\[AES256_GCM/)
    expect((await run(['decrypt', 'apps/prod/new.yaml'])).stdout).toBe('stringData:\n  token: abc\n')
  })
})

describe('minimal diffs', () => {
  it('set keeps the ciphertext of comments and untouched values; only the changed line, lastmodified and mac move', async () => {
    await run([
      'encrypt',
      '-i',
      '--age',
      keys[0]?.recipient ?? '',
      '--unencrypted-suffix',
      '_unencrypted',
      'apps/prod/secret.yaml',
    ])
    const before = readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8').split('\n')
    await run(['set', 'apps/prod/secret.yaml', '["stringData"]["password"]', '"other"'])
    const after = readFileSync(join(dir, 'apps/prod/secret.yaml'), 'utf8').split('\n')
    const changed = after
      .filter((line, i) => line !== before[i])
      .map((l) => l.trim().split(':')[0])
      .filter((k) => k !== 'lastmodified') // same second: unchanged
    expect(changed).toEqual(['password', 'mac'])
  })
})
