/**
 * SSH keys made by the real `ssh-keygen` at test time, in a temporary directory, for the age SSH
 * recipient tests: ed25519 and RSA in OpenSSH format, RSA as PEM (PKCS#1) and PKCS#8, and a
 * passphrase-protected key.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Stanza } from 'age-encryption'
import { scratchDir } from './scratch.js'

/** One generated key: file paths and contents. */
export interface SshKeyFiles {
  /** Private key file (no passphrase unless stated). */
  path: string
  /** Public key file (`path` + `.pub`). */
  pubPath: string
  /** Private key text. */
  privateText: string
  /** Public key line. */
  publicLine: string
}

/** The keys of one test run. */
export interface SshKeySet {
  dir: string
  ed25519: SshKeyFiles
  ed25519Other: SshKeyFiles
  rsa: SshKeyFiles
  rsaPem: SshKeyFiles
  rsaPkcs8: SshKeyFiles
  ed25519Pkcs8: SshKeyFiles
  ed25519Passphrase: SshKeyFiles
  rsaPemPassphrase: SshKeyFiles
  cleanup: () => void
}

function keygen(dir: string, name: string, args: string[]): SshKeyFiles {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', `${name}@gitseal-test`, '-f', path, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return files(path)
}

function files(path: string): SshKeyFiles {
  return {
    path,
    pubPath: `${path}.pub`,
    privateText: readFileSync(path, 'utf8'),
    publicLine: readFileSync(`${path}.pub`, 'utf8').trim(),
  }
}

/** Generate every key kind with ssh-keygen into a fresh temporary directory. */
export function makeSshKeys(): SshKeySet {
  const dir = scratchDir('ssh')
  const passphrase = (name: string, args: string[]): SshKeyFiles => {
    const path = join(dir, name)
    execFileSync('ssh-keygen', ['-q', '-N', 'correct horse', '-C', name, '-f', path, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    return files(path)
  }
  return {
    dir,
    ed25519: keygen(dir, 'id_ed25519', ['-t', 'ed25519']),
    ed25519Other: keygen(dir, 'id_ed25519_other', ['-t', 'ed25519']),
    rsa: keygen(dir, 'id_rsa', ['-t', 'rsa', '-b', '2048']),
    rsaPem: keygen(dir, 'id_rsa_pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']),
    rsaPkcs8: keygen(dir, 'id_rsa_pkcs8', ['-t', 'rsa', '-b', '3072', '-m', 'PKCS8']),
    ed25519Pkcs8: keygen(dir, 'id_ed25519_pkcs8', ['-t', 'ed25519', '-m', 'PKCS8']),
    ed25519Passphrase: passphrase('id_ed25519_pass', ['-t', 'ed25519']),
    rsaPemPassphrase: passphrase('id_rsa_pem_pass', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The recipient stanzas of a binary age file's header (enough for tests; no MAC check). */
export function ageStanzas(file: Uint8Array): Stanza[] {
  const text = Buffer.from(file).toString('latin1')
  const lines = text.slice(0, text.indexOf('\n---')).split('\n')
  const stanzas: Stanza[] = []
  for (let i = 1; i < lines.length; i++) {
    const args = (lines[i] ?? '').slice(3).split(' ')
    let body = ''
    // Body lines are 64 columns; the first shorter line ends the body.
    for (;;) {
      const line = lines[++i] ?? ''
      body += line
      if (line.length < 64) break
    }
    stanzas.push(new Stanza(args, Buffer.from(body, 'base64')))
  }
  return stanzas
}
