// Image distribution: a 100 MB image from one test host to the two others.
// Pier's way (one `docker save` through the engine API, fanned out through the laptop into each
// node's `docker load`, all over the pooled ssh2 links) against the shell pipeline a person
// would type with OpenSSH (`ssh a docker save | tee >(ssh b docker load) | ssh c docker load`),
// in the same run. Each iteration first deletes the image on the receiving nodes, in both.
// Then the two image modes of a cluster, one run each: streaming as above against Pier's
// registry on the manager (one `docker push` there, then both nodes `docker pull` at once
// through their 127.0.0.1 relays), the registry's storage empty before its run.
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
import { ensureSwarm, leaveSwarm } from '../integration/apps-support'
import { ensureRegistryImage } from '../hosts/harness'
import { REGISTRY_PORT } from '../../main/core/clusters/registry'

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
  await dropRegistryCluster()
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

const REGISTRY_IMAGE = 'pier-test/registry:local'
const PUSHED = `127.0.0.1:${REGISTRY_PORT}/pier-bench/big:1`
const once = { time: 0, iterations: 1, warmupIterations: 0 }
const took: Record<'stream' | 'registry', number | null> = { stream: null, registry: null }

/** Forms the cluster and starts its registry once, outside the timed parts. */
let formed: Promise<void> | null = null
const formRegistryCluster = (): Promise<void> => {
  formed ??= (async () => {
    const { hosts: three, core } = s()
    await ensureSwarm(three[0] as TestHost)
    for (const h of three.slice(1)) await leaveSwarm(h)
    for (const h of three) await ensureRegistryImage(h.name, REGISTRY_IMAGE)
    process.env.PIER_REGISTRY_IMAGE = REGISTRY_IMAGE
    process.env.PIER_REGISTRY_RELAY_IMAGE = REGISTRY_IMAGE
    // An empty registry: a layer it already holds would not be pushed again.
    await onHost(0, 'docker volume rm pier-registry-data >/dev/null 2>&1; true')
    await core.clusters.create('bench', 'n0')
    await core.clusters.join('bench', 'n1')
    await core.clusters.join('bench', 'n2')
    await core.clusters.setImages('bench', 'registry')
  })()
  return formed
}

/** Prints the ratio once both ran (the reporter shows no table for single runs). */
function report(): void {
  if (took.stream === null || took.registry === null) return
  const line =
    `[cluster images] stream ${(took.stream / 1000).toFixed(1)} s, registry (push + 2 pulls) ` +
    `${(took.registry / 1000).toFixed(1)} s: registry/stream = ${(took.registry / took.stream).toFixed(2)}\n`
  process.stderr.write(line)
  fs.writeFileSync(path.join(os.tmpdir(), 'pier-bench-cluster-images.txt'), line)
}

async function dropRegistryCluster(): Promise<void> {
  if (!formed) return
  await Promise.all(
    [0, 1, 2].map((i) => onHost(i, `docker rmi -f ${PUSHED} >/dev/null 2>&1; true`))
  ).catch(() => undefined)
  for (const h of [...s().hosts].reverse()) await leaveSwarm(h).catch(() => undefined)
  await onHost(
    0,
    'docker volume rm pier-registry-data pier-registry-sock >/dev/null 2>&1; true'
  ).catch(() => undefined)
  delete process.env.PIER_REGISTRY_IMAGE
  delete process.env.PIER_REGISTRY_RELAY_IMAGE
}

describe.skipIf(!enough)(`a cluster's image modes: ${MB} MB to two nodes, one run each`, () => {
  bench(
    'stream: one engine export fanned out to two engine loads through the laptop',
    async () => {
      await formRegistryCluster()
      await dropOnReceivers()
      const e = (n: string) => s().core.docker.engines.get(n)
      const t0 = performance.now()
      const r = await distributeImage(e('n0'), [e('n1'), e('n2')], IMAGE)
      took.stream = performance.now() - t0
      if (r.loaded.length !== 2) throw new Error(`loaded on ${r.loaded.join(',')}`)
      report()
    },
    once
  )
  bench(
    "registry: docker push on the manager, then docker pull on both nodes at once (Pier's registry mode)",
    async () => {
      await formRegistryCluster()
      await dropOnReceivers()
      await Promise.all(
        [1, 2].map((i) => onHost(i, `docker rmi -f ${PUSHED} >/dev/null 2>&1; true`))
      )
      const t0 = performance.now()
      await onHost(0, `docker tag ${IMAGE} ${PUSHED} && docker push ${PUSHED} >/dev/null`)
      await Promise.all([1, 2].map((i) => onHost(i, `docker pull ${PUSHED} >/dev/null`)))
      took.registry = performance.now() - t0
      for (const i of [1, 2]) {
        const ok = await onHost(i, `docker image inspect -f ok ${PUSHED} 2>/dev/null; true`)
        if (ok.trim() !== 'ok') throw new Error(`node ${i} did not pull the image`)
      }
      report()
    },
    once
  )
})
