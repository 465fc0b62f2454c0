// Runs in: CLI.
// Human output for the stack and template commands; --json prints the API's values instead.
import type { Method, OutputOf } from '../api/contract'
import type { StackDeployResult, StackState } from '../core/stacks/model'
import { table } from './format'

const deployLine = (r: StackDeployResult): string =>
  (r.state === 'succeeded'
    ? `Stack ${r.stack} is running on ${r.server}: ${r.services.join(', ')} (job ${r.jobId}).`
    : `Stack ${r.stack}: deploy ${r.state} on ${r.server} (job ${r.jobId}); follow it: pier job logs ${r.server} ${r.jobId} --follow`) +
  (r.domains?.length ? `\nDomains: ${r.domains.join(' ')}` : '')

const stateLine = (s: StackState): string =>
  `${s.name} on ${s.server}: ${s.status}` +
  (s.services.length
    ? ` (${s.services.map((x) => `${x.name} ${x.running}/${x.desired}`).join(', ')})`
    : '')

export const stackRenderers: Partial<{ [M in Method]: (out: OutputOf<M>) => string }> = {
  'stack.deploy': deployLine,
  'template.deploy': deployLine,
  'stack.list': (stacks) =>
    stacks.length === 0
      ? 'No stacks yet. Deploy one: pier stack deploy NAME --server S --file compose.yml'
      : table(
          stacks.map((s) => ({
            ...s,
            services:
              s.services.map((x) => `${x.name} ${x.running}/${x.desired}`).join(' ') ||
              (s.error ? s.error.slice(0, 60) : '-'),
            from: s.template ?? 'compose file'
          })),
          [
            ['name', 'NAME'],
            ['server', 'SERVER'],
            ['status', 'STATUS'],
            ['services', 'SERVICES'],
            ['from', 'FROM']
          ]
        ),
  'stack.start': stateLine,
  'stack.stop': stateLine,
  'stack.restart': stateLine,
  'stack.down': stateLine,
  'stack.remove': (r) => `Removed the stack ${r.removed}.`,
  'template.list': (ts) =>
    table(
      ts.map((t) => ({ ...t, vars: Object.keys(t.variables).join(' ') })),
      [
        ['id', 'ID'],
        ['title', 'TITLE'],
        ['dir', 'FROM'],
        ['vars', 'VARIABLES']
      ]
    ),
  'template.render': (r) =>
    [
      '# compose.yml',
      r.compose.trimEnd(),
      '',
      '# .env',
      ...Object.entries(r.env).map(([k, v]) => `${k}=${v}`),
      ...r.mounts.flatMap((m) => ['', `# files/${m.filePath}`, m.content.trimEnd()]),
      ...(r.domains.length
        ? ['', '# domains', ...r.domains.map((d) => `${d.host}${d.path} → ${d.service}:${d.port}`)]
        : [])
    ].join('\n')
}
