// Runs in: CLI.
// Human output for the app commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import type { DeployResult } from '../core/apps/service'
import { describeSource } from '../core/apps/model'
import { table } from './format'

const when = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z')

const deployLine = (r: DeployResult): string =>
  r.state === 'succeeded'
    ? `${r.app}: release ${r.release ?? '?'} is live on ${r.server} (job ${r.jobId}).`
    : `${r.app}: ${r.kind} ${r.state} on ${r.server} (job ${r.jobId}); follow it: pier job logs ${r.server} ${r.jobId} --follow`

export const appRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'app.list': (apps) =>
    apps.length === 0
      ? 'No apps yet. Create one: pier app create NAME --server S --image IMG'
      : table(
          apps.map((a) => ({
            ...a,
            source: describeSource(a.source),
            ports: a.spec.ports.map((p) => `${p.published}:${p.target}`).join(' ') || '-',
            replicas: a.spec.replicas
          })),
          [
            ['name', 'NAME'],
            ['server', 'SERVER'],
            ['source', 'SOURCE'],
            ['ports', 'PORTS'],
            ['replicas', 'REPLICAS']
          ]
        ),
  'app.create': (a) =>
    `Created ${a.name} on ${a.server} (${describeSource(a.source)}).` +
    (a.deployKey
      ? `\nIts deploy key; add it (read-only) to the repository's deploy keys (GitHub, GitLab, Gitea):\n${a.deployKey}\n`
      : ' ') +
    `Deploy it: pier app deploy ${a.name} --wait`,
  'app.deployKey': (k) => k.publicKey,
  'app.autodeploy': (a) => {
    const tracks = a.tagPattern
      ? `the newest tag matching ${a.tagPattern}`
      : (a.ref ?? 'the default branch')
    const lines = [
      a.everyMin === null
        ? `${a.app}: auto-deploy is off.`
        : `${a.app}: ${a.server} polls ${tracks} every ${a.everyMin} min (cron: ${a.schedule ?? '?'}) and deploys new commits.`
    ]
    if (a.lastPoll)
      lines.push(
        `Last poll ${when(a.lastPoll.at)}: ${a.lastPoll.result}` +
          (a.lastPoll.commit ? ` at ${a.lastPoll.commit.slice(0, 12)}` : '') +
          (a.lastPoll.jobId ? ` (job ${a.lastPoll.jobId})` : '') +
          (a.lastPoll.error ? ` – ${a.lastPoll.error}` : '')
      )
    if (a.ciKey) lines.push(`CI key: ${a.ciKey}`)
    return lines.join('\n')
  },
  'app.ciKey': (k) =>
    k.privateKey === null
      ? `${k.app}: ${k.revoked ? 'the CI key was removed from ' + k.server : 'there was no CI key'}.`
      : [
          `${k.app}: a new CI key. On ${k.server} it can only deploy ${k.app} (any earlier CI key of ${k.app} no longer works).`,
          "Store this private key in your CI's secrets now; Pier does not keep it:",
          '',
          k.privateKey.trimEnd(),
          '',
          'In the CI job, with the key in a file (mode 0600):',
          `  ${k.sshCommand ?? ''}`,
          'It prints the deploy log and exits 0 when the new release is live.'
        ].join('\n'),
  'app.update': (a) =>
    `Updated ${a.name}; the next deploy runs it: pier app deploy ${a.name} --wait`,
  'app.deploy': deployLine,
  'app.rollback': deployLine,
  'app.remove': (r) => `Removed ${r.removed}.`,
  'app.status': (list) =>
    list.length === 0
      ? 'No apps yet.'
      : table(
          list.map((a) => ({
            ...a,
            replicas: a.service
              ? a.service.desired === null
                ? String(a.service.running)
                : `${a.service.running}/${a.service.desired}`
              : '-',
            release: a.service?.release ?? '-',
            update: a.error ? `error: ${a.error.message}` : (a.service?.updateState ?? '-')
          })),
          [
            ['app', 'NAME'],
            ['server', 'SERVER'],
            ['replicas', 'REPLICAS'],
            ['release', 'RELEASE'],
            ['update', 'UPDATE']
          ]
        ),
  'app.releases': (rs) =>
    rs.length === 0
      ? 'No releases yet.'
      : table(
          rs.map((r) => ({
            n: `${r.current ? '*' : ' '}${r.number}`,
            image: r.config.source.type === 'image' ? r.config.source.image : r.image,
            commit: r.commit ? r.commit.slice(0, 12) : '-',
            id: r.imageId.replace(/^sha256:/, '').slice(0, 12),
            created: when(r.createdAt),
            kept: r.pruned ? 'pruned' : 'kept'
          })),
          [
            ['n', 'RELEASE'],
            ['image', 'IMAGE'],
            ['commit', 'COMMIT'],
            ['id', 'IMAGE ID'],
            ['created', 'CREATED'],
            ['kept', 'IMAGE']
          ]
        )
}
