// Runs in: main, CLI, headless server.
// Registry mode of a cluster: a registry Pier runs on a manager as the swarm service
// pier-registry, which every node reaches as 127.0.0.1:REGISTRY_PORT through a pair of relays
// (remote-scripts/registry.sh says why). Deploys push the release there from the manager and
// the nodes pull it, so no laptop takes part in moving images.
import type { Client } from 'ssh2'
import { PierError } from '../errors'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { ServerLink } from '../ssh/link'

/** Where each node reaches the registry: loopback, which Docker pulls from over plain HTTP. */
export const REGISTRY_PORT = 5065
export const DEFAULT_REGISTRY_IMAGE = 'registry:2'
/** Any image with socat as a command works; this one has it as its entrypoint. */
export const DEFAULT_RELAY_IMAGE = 'alpine/socat:latest'

export interface RegistryImages {
  registry: string
  relay: string
}

export function registryImages(env: NodeJS.ProcessEnv = process.env): RegistryImages {
  return {
    registry: env.PIER_REGISTRY_IMAGE || DEFAULT_REGISTRY_IMAGE,
    relay: env.PIER_REGISTRY_RELAY_IMAGE || DEFAULT_RELAY_IMAGE
  }
}

/** The repository of an app's releases in the registry, as every node pulls them. */
export const registryRepo = (app: string): string => `127.0.0.1:${REGISTRY_PORT}/pier/${app}`

export async function registryUp(
  link: ServerLink,
  server: string,
  images: RegistryImages
): Promise<void> {
  await runRemote(
    link,
    server,
    remoteScript('registry.sh'),
    ['up', images.registry, images.relay, String(REGISTRY_PORT)],
    {
      what: 'Starting the cluster registry',
      hint: `See the services on ${server}: docker service ps pier-registry pier-registry-overlay pier-registry-loopback`
    }
  )
}

export async function registryDown(link: ServerLink, server: string): Promise<void> {
  await runRemote(link, server, remoteScript('registry.sh'), ['down'], {
    what: 'Removing the cluster registry',
    hint: `Remove it by hand on ${server}: docker service rm pier-registry pier-registry-overlay pier-registry-loopback`
  })
}

/** The services that run an image from the registry (they need it to start new tasks). */
export async function registryUsers(link: ServerLink, server: string): Promise<string[]> {
  const { stdout } = await runRemote(
    link,
    server,
    remoteScript('registry.sh'),
    ['users', String(REGISTRY_PORT)],
    {
      what: 'Listing the services that use the cluster registry',
      hint: `See them on ${server}: docker service ls`
    }
  )
  return stdout.split('\n').filter((l) => l.trim() !== '')
}

/**
 * Asks the registry's API root through the node's own sshd, which connects to 127.0.0.1:PORT
 * inside the node: the very address the node's engine pulls from. "prohibited" means sshd
 * forbids TCP forwarding, so this way cannot tell.
 */
export async function probeRegistry(
  client: Client,
  timeoutMs = 5_000
): Promise<'ok' | 'prohibited' | string> {
  return new Promise((resolve) => {
    let settled = false
    const done = (v: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(v)
    }
    const timer = setTimeout(() => done('no answer'), timeoutMs)
    client.forwardOut('127.0.0.1', 0, '127.0.0.1', REGISTRY_PORT, (err, stream) => {
      if (err) {
        const reason = (err as Error & { reason?: number }).reason
        done(reason === 1 ? 'prohibited' : err.message)
        return
      }
      let reply = ''
      stream.on('data', (c: Buffer) => {
        reply += c.toString('latin1')
        if (reply.includes('\r\n')) {
          stream.destroy()
          const status = reply.split('\r\n')[0] ?? ''
          done(/^HTTP\/1\.[01] 200 /.test(status) ? 'ok' : `answered ${status.slice(0, 80)}`)
        }
      })
      stream.on('error', (e: Error) => done(e.message))
      // The relay accepts and closes at once when nothing is behind it yet.
      stream.on('close', () => done(reply ? `answered ${reply.slice(0, 80)}` : 'connection closed'))
      stream.end('GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
    })
  })
}

/** Waits until every node's relay answers with the registry behind it. */
export async function awaitRegistry(
  nodes: { server: string; client: () => Promise<Client> }[],
  opts: { timeoutMs: number; pollMs?: number }
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs
  const last = new Map<string, string>()
  let pending = [...nodes]
  while (pending.length) {
    const results = await Promise.all(
      pending.map(async (n) => {
        try {
          return [n, await probeRegistry(await n.client())] as const
        } catch (err) {
          return [n, (err as Error).message] as const
        }
      })
    )
    pending = []
    for (const [n, r] of results) {
      if (r === 'ok' || r === 'prohibited') continue
      last.set(n.server, r)
      pending.push(n)
    }
    if (!pending.length) return
    if (Date.now() > deadline)
      throw new PierError(
        'timeout',
        `The cluster registry does not answer at 127.0.0.1:${REGISTRY_PORT} on ${pending
          .map((n) => `${n.server} (${last.get(n.server) ?? '?'})`)
          .join(', ')}.`,
        'See why its tasks do not run: docker service ps pier-registry pier-registry-overlay pier-registry-loopback (on the manager). Each node needs the registry and relay images or a way to pull them.'
      )
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000))
  }
}
