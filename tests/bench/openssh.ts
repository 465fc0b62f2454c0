// The OpenSSH side of the benchmarks: a client config that logs in to a test host with its key
// and pinned host key, and a PATH whose `ssh` uses that config (for `docker -H ssh://`, which
// runs plain `ssh`). Baselines then run exactly as a user's tools would.
import fs from 'node:fs'
import path from 'node:path'
import type { TestHost } from '../integration/support'

export interface OpenSsh {
  /** `ssh -F <sshConfig> host` logs in without prompts. */
  sshConfig: string
  /** process.env with the wrapper `ssh` first on PATH. */
  env: NodeJS.ProcessEnv
}

export function openSshFor(host: TestHost, dir: string): OpenSsh {
  const sshConfig = path.join(dir, 'ssh_config')
  const knownHosts = path.join(dir, 'known_hosts')
  fs.writeFileSync(knownHosts, `[${host.sshHost}]:${host.sshPort} ${host.hostPublicKey}\n`)
  fs.writeFileSync(
    sshConfig,
    [
      'Host *',
      `  User ${host.username}`,
      `  Port ${host.sshPort}`,
      `  IdentityFile ${host.privateKeyPath}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  BatchMode yes',
      '  LogLevel ERROR',
      ''
    ].join('\n')
  )
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true })
  fs.writeFileSync(
    path.join(dir, 'bin/ssh'),
    `#!/bin/sh\nexec /usr/bin/ssh -F ${sshConfig} "$@"\n`,
    { mode: 0o755 }
  )
  return {
    sshConfig,
    env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? ''}` }
  }
}
