// Runs in: main, CLI, headless server.
// The laptop's half of a cluster deploy: the deploy job runs on the manager and, after tagging
// the release, waits in its "distribute" step. Pier then streams the release image from the
// manager into `docker load` on every other node that may run it (clusters/distribute.ts, over
// each node's own SSH connection) and answers the job, which only then touches the service.
// A laptop that goes away meanwhile never answers: the job gives up after its own timeout and
// the running release keeps serving, with no node running half of an update.
// A cluster in registry mode needs none of this: the job pushes the release to Pier's registry
// on the manager and the nodes pull it (clusters/registry.ts).
import { PierError } from '../errors'
import { TERMINAL } from '../jobs/model'
import type { JobsService } from '../jobs/service'
import { runRemote } from '../jobs/remote-run'
import { remoteScript } from '../remote-scripts'
import type { ServerLink } from '../ssh/link'
import { mayRun, type PlacementNode } from './placement'

/** What the apps need of main/core/clusters (wired in core.ts; clusters come after apps). */
export interface AppClusters {
  /** The cluster's id and name, and the server of a manager Pier recorded (asks no server). */
  resolve(name: string): { id: string; name: string; managerServerId: string }
  nameOf(id: string): string | null
  /** Node id → the name of the server Pier knows it as, for the cluster's members (asks no server). */
  nodeServers(name: string): ReadonlyMap<string, string>
  nodes(name: string): Promise<{
    nodes: (PlacementNode & { server: string | null; status: string; availability: string })[]
  }>
  distribute(
    name: string,
    image: string,
    opts: { from: string; to: readonly string[] }
  ): Promise<{ loaded: string[]; skipped: string[]; tagged: string[]; bytes: number }>
  /** stream: the laptop copies each release (below); registry: the job pushes it itself. */
  imageMode(name: string): 'stream' | 'registry'
}

/** How long a deploy job waits for the laptop's answer (a 100 MB image takes seconds). */
export const DISTRIBUTE_WAIT_SEC = 1800

export interface DistributeStep {
  jobs: JobsService
  clusters: AppClusters
  link: ServerLink
  /** The manager the job runs on. */
  server: string
  cluster: string
  app: string
  jobId: string
  constraints: readonly string[]
  signal?: AbortSignal
  /** Poll interval while the job is queued or building. */
  pollMs?: number
}

export type DistributeOutcome =
  | { state: 'answered'; ok: boolean; message: string }
  /** The job ended before it asked (failed early, cancelled). */
  | { state: 'job-ended' }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Waits for the job to reach its distribute step, copies the image, and answers the job. */
export async function distributeForJob(s: DistributeStep): Promise<DistributeOutcome> {
  for (;;) {
    if (s.signal?.aborted)
      throw new PierError(
        'timeout',
        'Stopped waiting for the deploy job before its image was copied.',
        `The job gives up by itself and leaves the service as it was: pier job logs ${s.server} ${s.jobId}`
      )
    let job
    try {
      job = await s.jobs.status(s.server, s.jobId)
    } catch (err) {
      // A job just launched may not have written its status yet; a dropped link comes back.
      if (!(err instanceof PierError)) throw err
      job = null
    }
    if (job && TERMINAL.has(job.state)) return { state: 'job-ended' }
    if (job?.step === 'distribute') break
    await sleep(s.pollMs ?? 1000)
  }
  const { stdout } = await runRemote(
    s.link,
    s.server,
    remoteScript('app-distribute.sh'),
    [s.app, s.jobId, 'image'],
    {
      what: 'Reading the release to copy',
      hint: `See the job: pier job logs ${s.server} ${s.jobId}`
    }
  )
  const image = stdout.trim()
  let ok = true
  let message: string
  try {
    if (!/^pier\/[a-z0-9-]+:[0-9]+$/.test(image))
      throw new Error(`the job asked for an unexpected image ${JSON.stringify(image.slice(0, 80))}`)
    const targets = await targetsFor(s)
    const r = await s.clusters.distribute(s.cluster, image, { from: s.server, to: targets })
    message =
      `${image} is on every node that may run it` +
      (r.loaded.length ? `; loaded on ${r.loaded.join(', ')} (${mb(r.bytes)} each)` : '') +
      (r.skipped.length ? `; already on ${r.skipped.join(', ')}` : '') +
      (r.tagged.length ? `; tagged on ${r.tagged.join(', ')}, which had the image` : '')
  } catch (err) {
    ok = false
    message = (err as Error).message
  }
  // One line each: the job logs the second line as it is.
  const answer = `${ok ? 'ok' : 'error'}\n${message.replace(/[\r\n]+/g, ' ').slice(0, 1000)}\n`
  await runRemote(s.link, s.server, remoteScript('app-distribute.sh'), [s.app, s.jobId, 'done'], {
    stdin: answer,
    what: 'Answering the deploy job',
    hint: `The job gives up by itself and leaves the service as it was: pier job logs ${s.server} ${s.jobId}`
  })
  return { state: 'answered', ok, message }
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`

/**
 * The servers of the nodes swarm may place a replica on now: ready, active, matching the
 * constraints. A node that may run one but that Pier cannot reach (no server entry) stops the
 * deploy: its tasks would fail with "No such image".
 */
async function targetsFor(s: DistributeStep): Promise<string[]> {
  const { nodes } = await s.clusters.nodes(s.cluster)
  const eligible = nodes.filter(
    (n) => n.status === 'ready' && n.availability === 'active' && mayRun(n, s.constraints)
  )
  const unknown = eligible.filter((n) => n.server === null)
  if (unknown.length)
    throw new Error(
      `node ${unknown.map((n) => n.hostname).join(', ')} may run the app, but Pier has no server entry to copy the image over; add it (pier server add) or exclude it with --constraint node.hostname!=NAME`
    )
  return eligible.map((n) => n.server as string).filter((x) => x !== s.server)
}
