// Runs in: main, CLI, headless server.
// Turns how the user signs in (a key file, ssh-agent, a password, or Pier's own key) into what
// ssh2 needs, failing early and distinctly: an unreadable key file, a wrong passphrase and a
// missing agent are different problems with different fixes.
import fs from 'node:fs'
import os from 'node:os'
import ssh2 from 'ssh2'
import { PierError } from '../errors'
import type { AuthMaterial } from './connect'

export type Credential =
  | { kind: 'keyfile'; path: string; passphrase?: string }
  | { kind: 'agent'; socket?: string }
  | { kind: 'password'; password: string }
  | { kind: 'key'; privateKey: string }

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? os.homedir() + p.slice(1) : p
}

export function readPrivateKey(path: string, passphrase?: string): string {
  const file = expandHome(path)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new PierError(
      'key_unreadable',
      `Cannot read the key file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
      'Check the path and that your user may read it.',
      { cause: err }
    )
  }
  const parsed = ssh2.utils.parseKey(text, passphrase)
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase|decrypt/i.test(parsed.message)
    if (encrypted) {
      throw new PierError(
        'key_passphrase',
        passphrase
          ? `The passphrase for ${file} is wrong.`
          : `The key ${file} is protected by a passphrase.`,
        passphrase
          ? 'Type the passphrase again.'
          : 'Give its passphrase (--passphrase-stdin), or use ssh-agent (--agent).',
        { cause: parsed }
      )
    }
    throw new PierError(
      'key_unreadable',
      `${file} is not a private key Pier can use: ${parsed.message}.`,
      'Use an OpenSSH or PEM private key (ed25519, ecdsa or RSA).',
      { cause: parsed }
    )
  }
  return text
}

export function authMaterial(c: Credential): AuthMaterial {
  switch (c.kind) {
    case 'keyfile':
      return { privateKey: readPrivateKey(c.path, c.passphrase), passphrase: c.passphrase }
    case 'agent': {
      const socket = c.socket ?? process.env.SSH_AUTH_SOCK
      if (!socket || !fs.existsSync(socket)) {
        throw new PierError(
          'agent_unavailable',
          socket
            ? `The ssh-agent socket ${socket} does not exist.`
            : 'No ssh-agent is running (SSH_AUTH_SOCK is not set).',
          'Start ssh-agent and add your key (ssh-add), or use a key file.'
        )
      }
      return { agent: socket }
    }
    case 'password':
      return { password: c.password }
    case 'key':
      return { privateKey: c.privateKey }
  }
}
