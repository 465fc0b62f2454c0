// Runs in the vitest test workers of the integration project: a single-node swarm on a test
// host (with the notes' flags: this kernel has no IPVS), Pier's proxy from a locally built
// Caddy image, and a way to fetch an app's page.
import type { Client } from 'ssh2'
import { ensureCaddyImage } from '../hosts/harness'
import { connectSsh, execOn, type TestHost } from './support'

/** Swarm's default pool (10.0.0.0/8) would cover the test network; this /16 does not. */
const POOL = process.env.PIER_TEST_SWARM_POOL ?? '10.230.0.0/16'

export async function ensureSwarm(host: TestHost): Promise<void> {
  const conn = await connectSsh(host)
  try {
    const state = await execOn(conn, "docker info --format '{{.Swarm.LocalNodeState}}'")
    if (state.stdout.trim() === 'active') return
    await execOn(conn, DROP_STALE_NETWORKS)
    const r = await execOn(
      conn,
      `docker swarm init --advertise-addr ${host.ip} --default-addr-pool ${POOL} >/dev/null`
    )
    if (r.code !== 0) throw new Error(`swarm init failed: ${r.stderr}`)
  } finally {
    conn.end()
  }
}

/**
 * Overlay networks a file leaves behind outlive `swarm leave` on this engine, each still holding
 * its subnet from the pool; the next swarm then hands out the same subnet again and its tasks
 * fail with "Pool overlaps with other one on this address space".
 */
const DROP_STALE_NETWORKS =
  "for n in $(docker network ls --filter driver=overlay --format '{{.Name}}' | grep -vx ingress); do " +
  'docker network rm "$n" >/dev/null 2>&1; done; docker network prune -f >/dev/null 2>&1; true'

/** Takes the host out of its swarm with what the file deployed: services first, then networks. */
export async function leaveSwarm(host: TestHost): Promise<void> {
  const conn = await connectSsh(host)
  await execOn(
    conn,
    'ids=$(docker service ls -q 2>/dev/null); if [ -n "$ids" ]; then docker service rm $ids >/dev/null 2>&1; fi; ' +
      'i=0; while [ $i -lt 30 ] && [ -n "$(docker ps -q --filter label=com.docker.swarm.service.id)" ]; do sleep 1; i=$((i+1)); done; ' +
      DROP_STALE_NETWORKS
  )
  await execOn(conn, 'docker swarm leave --force >/dev/null 2>&1; true')
  await execOn(conn, DROP_STALE_NETWORKS)
  conn.end()
}

/** GET http://127.0.0.1:PORT/PATH on the host itself; '' when nothing answers. */
export async function fetchOnHost(
  conn: Client,
  port: number,
  path = '/index.html'
): Promise<string> {
  const r = await execOn(conn, `curl -s -m 3 http://127.0.0.1:${port}${path} || true`)
  return r.stdout
}

/**
 * Points Pier's proxy at a Caddy image built on the host from Debian's caddy package (the test
 * hosts have no registry). Returns the function that puts PIER_CADDY_IMAGE back.
 */
export async function useLocalCaddy(host: TestHost): Promise<() => void> {
  const before = process.env.PIER_CADDY_IMAGE
  await ensureCaddyImage(host.name, 'caddy:local')
  process.env.PIER_CADDY_IMAGE = 'caddy:local'
  return () => {
    if (before === undefined) delete process.env.PIER_CADDY_IMAGE
    else process.env.PIER_CADDY_IMAGE = before
  }
}

/** Takes Pier's proxy off the host: its service, its network and its configuration folder. */
export async function removeProxy(conn: Client): Promise<void> {
  await execOn(
    conn,
    'docker service rm pier-proxy >/dev/null 2>&1; sleep 2; docker network rm pier >/dev/null 2>&1; rm -rf ~/.pier/proxy; true'
  )
}
