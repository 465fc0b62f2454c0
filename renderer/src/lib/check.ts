// Runs in: renderer.
// Reading a server check report and a Docker setup run for display. Pure, so the table, the
// detail page, the wizard and the unit tests all agree on what "needs setup" means.
import type { OutputOf } from '../../../main/api/contract'
import type { SetupDone, SetupProgress, SetupStep } from '../../../main/core/servers/docker-setup'

export type CheckReport = OutputOf<'server.check'>
export type ReadinessItem = CheckReport['readiness'][number]
export type SetupEvent = OutputOf<'server.setupDocker'>
export type { SetupDone, SetupProgress, SetupStep }

/** The OS as the table shows it: the distribution's own name, or what uname said. */
export function osSummary(report: CheckReport): string {
  return report.os && report.os !== 'unknown' ? report.os : `${report.kernel} (${report.arch})`
}

/** The Docker column: the engine's version, or why there is none to show. */
export function dockerSummary(report: CheckReport): { text: string; ok: boolean } {
  const { docker } = report
  switch (docker.access) {
    case 'yes':
      return { text: docker.version ?? 'Running', ok: true }
    case 'no-permission':
      return { text: 'No access', ok: false }
    case 'no-engine':
      return { text: 'Not running', ok: false }
    case 'no-docker':
      return { text: 'Not installed', ok: false }
  }
}

// install-docker.sh fixes these three: the engine, the user's docker group and the swarm. Access
// is included because the script's docker-group step is the fix the checklist names for it.
const SETUP_FIXES: ReadonlySet<string> = new Set(['docker-engine', 'docker-access', 'swarm'])

/** True when Docker setup would change something the checklist reports as not ok. */
export function needsDockerSetup(report: CheckReport): boolean {
  return report.readiness.some((i) => SETUP_FIXES.has(i.id) && i.status !== 'ok')
}

/**
 * Why Docker setup cannot work on this server, said before the user starts it, or null. The
 * script refuses the same case at its first step; this only saves a run that is sure to fail.
 */
export function setupBlocker(report: CheckReport): string | null {
  const ids = [report.osId ?? '', ...report.osIdLike]
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return null
  return `Docker setup supports Debian and Ubuntu; this server runs ${osSummary(report)}. Install Docker Engine by hand (docs.docker.com/engine/install), then run the check again.`
}

const notOk = (report: CheckReport, id: string): boolean =>
  report.readiness.some((i) => i.id === id && i.status !== 'ok')

/** What Docker setup would do on this server, from the checklist, for the offer's sentence. */
export function setupPlan(report: CheckReport): string[] {
  const plan: string[] = []
  if (notOk(report, 'docker-engine')) {
    plan.push(
      report.docker.access === 'no-docker'
        ? 'install Docker (the distribution’s docker.io package) and start it'
        : 'start the Docker engine and enable it at boot'
    )
  }
  if (notOk(report, 'docker-access')) plan.push(`let ${report.user} use Docker (the docker group)`)
  if (notOk(report, 'swarm')) plan.push('create a single-node swarm (docker swarm init)')
  return plan
}

/**
 * A warning when the login has no root and the plan needs it: installing, enabling the engine and
 * the docker group do; a swarm on an engine the user can already use does not.
 */
export function setupRootNote(report: CheckReport): string | null {
  if (report.uid === 0 || report.sudo === 'yes') return null
  if (!notOk(report, 'docker-engine') && !notOk(report, 'docker-access')) return null
  return `${report.user} is not root and has no passwordless sudo, which installing or enabling Docker needs: the setup would stop at that step. Sign in as root, or allow passwordless sudo for ${report.user}.`
}

export const SETUP_STEP_LABELS: Record<SetupStep, string> = {
  'detect-os': 'Detect the operating system',
  privileges: 'Check for root or sudo',
  'install-docker': 'Install Docker',
  'enable-engine': 'Start and enable the engine',
  'docker-group': 'Let the user run Docker',
  'swarm-init': 'Create a single-node swarm',
  'final-state': 'Confirm the result'
}

const STEP_ORDER = Object.keys(SETUP_STEP_LABELS) as SetupStep[]

export type SetupRowStatus = 'pending' | 'running' | 'ok' | 'skip' | 'fail'

export interface SetupRow {
  step: SetupStep
  label: string
  status: SetupRowStatus
  detail: string
}

/** Every step in the script's order with its latest state: the live progress list. */
export function setupRows(events: readonly SetupProgress[]): SetupRow[] {
  const latest = new Map<SetupStep, SetupProgress>()
  for (const e of events) latest.set(e.step, e)
  return STEP_ORDER.map((step) => {
    const e = latest.get(step)
    const status: SetupRowStatus = !e ? 'pending' : e.status === 'start' ? 'running' : e.status
    return { step, label: SETUP_STEP_LABELS[step], status, detail: e?.detail ?? '' }
  })
}

/** Finished steps out of all steps, for the progress bar. */
export function setupProgress(events: readonly SetupProgress[]): { done: number; total: number } {
  const rows = setupRows(events)
  return {
    done: rows.filter((r) => r.status === 'ok' || r.status === 'skip').length,
    total: rows.length
  }
}
