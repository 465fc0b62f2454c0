// Registry-less image distribution: a 100 MB image from one test host to the two others.
// Pier's way (one `docker save` through the engine API, fanned out through the laptop into each
// node's `docker load`, all over the pooled ssh2 links) against the shell pipeline a person
// would type with OpenSSH (`ssh a docker save | tee >(ssh b docker load) | ssh c docker load`),
// in the same run. Each iteration first deletes the image on the receiving nodes, in both.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, bench, describe, inject } from 'vitest'
import { createCore, type Core } from '../../main/core/core'
import { distributeImage } from '../../main/core/clusters/distribute'
import { memoryKeychain } from '../support/memory-keychain'
import { openSshFor } from './openssh'
import { hostsOrSkip, recordHarnessServer, type TestHost } from '../integration/support'

const run = promisify(execFile)
const hosts = hostsOrSkip()
const enough = hosts.length >= 3
if (!enough && process.env.CI === 'true') {
  throw new Error(`bench needs three test hosts on CI: ${inject('hostsSkipReason') || 'too few'}`)
}

const IMAGE = 'pier-bench/big:1'
const MB = 100

interface Setup {
  dir: string
  core: Core
  /** One OpenSSH config per host, so the pipeline logs in exactly as a user's ssh would. */
  ssh: string[]
  hosts: TestHost[]
}
let setup: Setup | undefined
const s = (): Setup => {
  if (!setup) throw new Error('no test hosts set up')
  return setup
}

const sshArgs = (i: number, command: string): string[] => {
  const h = s().hosts[i] as TestHost
  return ['-F', s().ssh[i] as string, h.sshHost, command]
}

async function onHost(i: number, command: string): Promise<string> {
  const { stdout } = await run('ssh', sshArgs(i, command), { maxBuffer: 1 << 20 })
  return stdout
}

async function dropOnReceivers(): Promise<void> {
  await Promise.all([1, 2].map((i) => onHost(i, `docker rmi -f ${IMAGE} >/dev/null 2>&1; true`)))
}

beforeAll(async () => {
  if (!enough) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pier-bench-distribute-'))
  const three = hosts.slice(0, 3)
  const ssh = three.map((h, i) => {
    const d = path.join(dir, `h${i}`)
    fs.mkdirSync(d)
    return openSshFor(h, d).sshConfig
  })
  const core = createCore({ home: path.join(dir, 'pier'), keychain: memoryKeychain() })
  three.forEach((h, i) => recordHarnessServer(core, h, `n${i}`))
  setup = { dir, core, ssh, hosts: three }
  // Random bytes, so nothing along the way can compress them away.
  await onHost(
    0,
    `set -e; d=$(mktemp -d); cp /bin/busybox "$d/busybox"; ` +
      `head -c ${MB * 1024 * 1024} /dev/urandom > "$d/blob"; ` +
      `tar -C "$d" -c . | docker import - ${IMAGE} >/dev/null; rm -rf "$d"`
  )
}, 300_000)

afterAll(async () => {
  if (!setup) return
  await Promise.all(
    [0, 1, 2].map((i) => onHost(i, `docker rmi -f ${IMAGE} >/dev/null 2>&1; true`))
  ).catch(() => undefined)
  setup.core.close()
  fs.rmSync(setup.dir, { recursive: true, force: true })
}, 120_000)

const few = { time: 0, iterations: 3, warmupIterations: 0 }

describe.skipIf(!enough)(`distribute a ${MB} MB image from one node to two`, () => {
  bench(
    'ssh a docker save | tee >(ssh b docker load) | ssh c docker load (baseline)',
    async () => {
      await dropOnReceivers()
      const q = (a: string[]) => a.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(' ')
      await run('bash', [
        '-c',
        `set -o pipefail; ssh ${q(sshArgs(0, `docker save ${IMAGE}`))} | ` +
          `tee >(ssh ${q(sshArgs(1, 'docker load -q'))} >/dev/null) | ` +
          `ssh ${q(sshArgs(2, 'docker load -q'))} >/dev/null`
      ])
      // tee's process substitution may still be loading when bash returns: wait for it.
      for (let i = 0; i < 100; i++) {
        const seen = await onHost(1, `docker image inspect -f ok ${IMAGE} 2>/dev/null; true`)
        if (seen.trim() === 'ok') return
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error('the baseline did not load the image on the second node')
    },
    few
  )
  bench(
    'Pier: one engine export fanned out to two engine loads over the pooled ssh2 links',
    async () => {
      await dropOnReceivers()
      const e = (n: string) => s().core.docker.engines.get(n)
      const r = await distributeImage(e('n0'), [e('n1'), e('n2')], IMAGE)
      if (r.loaded.length !== 2) throw new Error(`loaded on ${r.loaded.join(',')}`)
    },
    few
  )
})
