// Runs in: main, CLI, headless server.
// Reads the progress lines of remote-scripts/install-docker.sh (`pier server setup-docker`), one at
// a time while it streams, and sums them up at the end. The lines are untrusted text from a
// server: each must match the script's shape exactly or it is reported, never acted on.
import { z } from 'zod'

export const SETUP_DOCKER_SCRIPT = 'install-docker.sh'

/** The script's steps, in the order it runs them. */
export const SETUP_STEPS = [
  'detect-os',
  'privileges',
  'install-docker',
  'enable-engine',
  'docker-group',
  'swarm-init',
  'final-state'
] as const
export type SetupStep = (typeof SETUP_STEPS)[number]
export type SetupStatus = 'start' | 'ok' | 'skip' | 'fail'

export interface SetupProgress {
  kind: 'progress'
  step: SetupStep
  status: SetupStatus
  detail: string
  /** A dry run's "would do this" step: status is 'ok' but nothing was changed. */
  dryRun: boolean
}

export interface SetupDone {
  kind: 'done'
  changed: boolean
  dryRun: boolean
}

export type SetupEvent = SetupProgress | SetupDone

export class SetupOutputError extends Error {}

const MAX_LINE = 8192
const progressLine = z
  .strictObject({
    step: z.enum(SETUP_STEPS),
    status: z.enum(['start', 'ok', 'skip', 'fail']),
    detail: z.string().max(4096),
    dry_run: z.literal(true).optional()
  })
  .refine((l) => !l.dry_run || l.status === 'ok', 'only an "ok" step can be a dry run')
const doneLine = z.strictObject({
  done: z.literal(true),
  changed: z.boolean(),
  dry_run: z.boolean()
})

/** Parses one line of the script's stdout; throws SetupOutputError on anything else. */
export function parseSetupLine(line: string): SetupEvent {
  const shown = line.slice(0, 80)
  if (line.length > MAX_LINE) throw new SetupOutputError(`line too long: ${shown}…`)
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    throw new SetupOutputError(`not JSON: ${shown}`)
  }
  const done = doneLine.safeParse(json)
  if (done.success) return { kind: 'done', changed: done.data.changed, dryRun: done.data.dry_run }
  const p = progressLine.safeParse(json)
  if (!p.success) throw new SetupOutputError(`not a setup progress line: ${shown}`)
  const { step, status, detail, dry_run } = p.data
  return { kind: 'progress', step, status, detail, dryRun: dry_run === true }
}

export interface SetupStepResult {
  step: SetupStep
  /** 'running' when the step started and nothing more came (the output was cut off). */
  status: 'ok' | 'skip' | 'fail' | 'running'
  detail: string
  dryRun: boolean
}

export interface SetupSummary {
  /** The done line arrived; false means the script or the connection was cut off. */
  finished: boolean
  /** Finished with no failed step. */
  ok: boolean
  changed: boolean
  dryRun: boolean
  /** A dry run found something it would change. */
  wouldChange: boolean
  /** One entry per step the script reached, in order; the step's last line wins. */
  steps: SetupStepResult[]
  failure: { step: SetupStep; detail: string } | null
}

/**
 * Sums up a run from its stdout (a string or its lines). Malformed lines throw; a run that was cut
 * off is not an error here but a summary with finished: false, so the UI can say where it stopped.
 */
export function summarize(lines: string | readonly string[]): SetupSummary {
  const all = typeof lines === 'string' ? lines.split('\n') : lines
  const steps = new Map<SetupStep, SetupStepResult>()
  let done: SetupDone | null = null
  let last: SetupStep | null = null
  all.forEach((line, i) => {
    if (line.trim() === '') return
    if (done) throw new SetupOutputError(`line ${i + 1} comes after the done line`)
    let event: SetupEvent
    try {
      event = parseSetupLine(line)
    } catch (err) {
      throw new SetupOutputError(`line ${i + 1}: ${(err as Error).message}`)
    }
    if (event.kind === 'done') {
      done = event
      return
    }
    last = event.step
    const { step, status, detail, dryRun } = event
    steps.set(step, { step, status: status === 'start' ? 'running' : status, detail, dryRun })
  })
  return finish(done, [...steps.values()], last)
}

function finish(
  done: SetupDone | null,
  steps: SetupStepResult[],
  last: SetupStep | null
): SetupSummary {
  const dryRun = done?.dryRun ?? steps.some((s) => s.dryRun)
  if (done && !done.dryRun && steps.some((s) => s.dryRun)) {
    throw new SetupOutputError('a dry-run step in a run that was not a dry run')
  }
  if (done?.dryRun && done.changed) throw new SetupOutputError('a dry run reported a change')
  const failed = steps.find((s) => s.status === 'fail')
  let failure = failed ? { step: failed.step, detail: failed.detail } : null
  if (!done && !failure) {
    failure = {
      step: last ?? 'detect-os',
      detail: 'The setup stopped before finishing (the connection may have dropped).'
    }
  }
  return {
    finished: done !== null,
    ok: done !== null && failure === null,
    changed: done?.changed ?? false,
    dryRun,
    wouldChange: steps.some((s) => s.dryRun),
    steps,
    failure
  }
}
