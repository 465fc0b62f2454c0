// Runs in: renderer.
// Verifying the host key of a server Pier already has, per server id. Two cases, one flow:
//
//   changed  the key Pier pinned is not the one the server shows: interception, or a reinstall.
//            A hard stop; trusting the new key takes two deliberate steps ("I have verified the
//            change", then "Trust SHA256:…" in a confirmation).
//   unknown  no key was pinned yet (a server imported from ~/.ssh/config without a known_hosts
//            entry): a first contact, verified like the wizard's, in one step.
//
// Either is noticed from a failed request (ping, check, update) carrying the presented key in
// its details, or from the connection status alone (`server.statuses` says host_key_changed but
// carries no fingerprint), in which case a ping is sent to read the key: main refuses it during
// the key exchange, before any credential is offered, and answers with the details. Trusting
// sends exactly the fingerprint the user compared; a server that shows yet another key by then
// is refused by main, and the flow starts over with the new key.
import { create } from 'zustand'
import type { ServerSummary } from '../../../main/api/contract'
import { failureOf, type UiError, type UiFailure } from '../lib/errors'
import type { StoreDeps } from './deps'
import type { ServerOpsActions, ServerRef } from './server-ops'

export const HOST_KEY_CODES = ['host_key_changed', 'host_key_unknown'] as const
export type HostKeyCode = (typeof HOST_KEY_CODES)[number]
export type HostKeyKind = 'changed' | 'unknown'

export function isHostKeyCode(code: string | null | undefined): code is HostKeyCode {
  return code === 'host_key_changed' || code === 'host_key_unknown'
}

export function kindOf(code: HostKeyCode): HostKeyKind {
  return code === 'host_key_changed' ? 'changed' : 'unknown'
}

/**
 * probing     reading the presented key (a ping that main refuses at the key exchange)
 * failed      that read did not produce a key (unreachable, say); `error` says why
 * offered     the key is shown, to compare on the server
 * confirming  "I have verified the change" was pressed: the confirmation asks once more
 * trusting    `server.trustKey` runs
 * trusted     done; the panel shows the reconnect (a ping) until it is closed
 */
export type HostKeyStep = 'probing' | 'failed' | 'offered' | 'confirming' | 'trusting' | 'trusted'

export interface PresentedKey {
  fingerprint: string
  keyType: string
}

export interface HostKeyEntry {
  kind: HostKeyKind
  step: HostKeyStep
  /** The key the server shows now; null until read. */
  presented: PresentedKey | null
  /** The key Pier had pinned, as main reported it (details.pinnedFingerprint). */
  pinned: string | null
  error: UiError | null
  /** Hidden with Cancel; shown again by the next failure the user causes (a ping, a check). */
  dismissed: boolean
  /** The fingerprint now trusted, once step is 'trusted'. */
  trusted: string | null
}

export interface HostKeyState {
  byId: Record<string, HostKeyEntry>
  /** The status (its `since`) each server was last probed for, so a status probes once. */
  probedFor: Record<string, string>
}

export const initialHostKeyState: HostKeyState = { byId: {}, probedFor: {} }

export const useHostKeys = create<HostKeyState>()(() => ({ ...initialHostKeyState }))

export const hostKeySelectors = {
  entry: (serverId: string) => (s: HostKeyState) => s.byId[serverId] ?? null,
  /** True while the panel is on screen for this server. */
  showing: (serverId: string) => (s: HostKeyState) => {
    const e = s.byId[serverId]
    return !!e && !e.dismissed
  }
}

/** The pinned fingerprint to show as "before": main's report, else the one the server row has. */
export function oldFingerprint(entry: HostKeyEntry, server: ServerSummary): string | null {
  return entry.pinned ?? server.hostKeyFingerprint
}

function set(serverId: string, entry: HostKeyEntry | null): void {
  useHostKeys.setState((s) => {
    const { [serverId]: _old, ...rest } = s.byId
    return { byId: entry ? { ...rest, [serverId]: entry } : rest }
  })
}

function entryOf(serverId: string): HostKeyEntry | null {
  return useHostKeys.getState().byId[serverId] ?? null
}

/**
 * A request about this server failed. A host-key failure with the presented key opens (or
 * updates) the panel; anything else is not this store's business. A different key than the one
 * on screen starts over at 'offered': a confirmation given for one key never carries to another.
 * Returns true when the failure was a host-key one.
 */
export function noticeHostKeyFailure(serverId: string, failure: UiFailure): boolean {
  if (!isHostKeyCode(failure.code)) return false
  const fingerprint = failure.details.fingerprint
  const current = entryOf(serverId)
  if (current?.step === 'trusting') return true
  if (!fingerprint) {
    // Nothing to compare: keep what is on screen, or say what went wrong.
    if (!current || current.step === 'probing' || current.step === 'trusted')
      set(serverId, {
        kind: kindOf(failure.code),
        step: 'failed',
        presented: null,
        pinned: null,
        error: { message: failure.message, hint: failure.hint },
        dismissed: false,
        trusted: null
      })
    else set(serverId, { ...current, dismissed: false })
    return true
  }
  const presented = { fingerprint, keyType: failure.details.keyType ?? 'unknown' }
  const kind = kindOf(failure.code)
  const same =
    current &&
    current.kind === kind &&
    current.presented?.fingerprint === fingerprint &&
    (current.step === 'offered' || current.step === 'confirming')
  set(serverId, {
    kind,
    step: same ? current.step : 'offered',
    presented,
    pinned: failure.details.pinnedFingerprint ?? (same ? current.pinned : null),
    error: same ? current.error : null,
    dismissed: false,
    trusted: null
  })
  return true
}

export interface HostKeyActions {
  /**
   * The connection status says the key changed (or is unknown) and nothing on screen has the
   * presented key: read it with a ping, once per status. No-op when already known.
   */
  probeForStatus(server: ServerRef, status: { code: string | null; since: string }): void
  /** Reads the presented key with a ping (also "Try again" after a failed read). */
  probe(server: ServerRef, kind?: HostKeyKind): Promise<void>
  /** "I have verified the change": only opens the confirmation; nothing is trusted yet. */
  requestTrust(serverId: string): void
  /** Closes the confirmation without trusting. */
  cancelTrust(serverId: string): void
  /**
   * Trusts exactly the presented key: for a changed key only from the confirmation, for a first
   * contact from the offer. Then pings to reconnect. True when the key is now trusted.
   */
  trust(server: ServerRef): Promise<boolean>
  /** Cancel: hides the panel (a finished trust is forgotten). */
  dismiss(serverId: string): void
  /** Shows a dismissed panel again ("Review the host key…"). */
  show(serverId: string): void
}

export interface HostKeyDeps extends StoreDeps {
  ops: Pick<ServerOpsActions, 'ping'>
  /** Shows the server as main now has it (its new fingerprint) before the list stream does. */
  applyServer?: (server: ServerSummary) => void
}

export function createHostKeyActions(deps: HostKeyDeps): HostKeyActions {
  const probing = new Map<string, Promise<void>>()

  function probe(server: ServerRef, kind?: HostKeyKind): Promise<void> {
    const inFlight = probing.get(server.id)
    if (inFlight) return inFlight
    const run = (async () => {
      const before = entryOf(server.id)
      if (before?.step === 'trusting') return
      set(server.id, {
        kind: kind ?? before?.kind ?? 'changed',
        step: 'probing',
        presented: before?.presented ?? null,
        pinned: before?.pinned ?? null,
        error: null,
        dismissed: false,
        trusted: null
      })
      try {
        await deps.api.call('server.ping', { name: server.name })
        // It answered with a key Pier trusts (trusted elsewhere meanwhile): nothing to verify.
        if (entryOf(server.id)?.step === 'probing') set(server.id, null)
      } catch (err) {
        const f = failureOf(err, deps.describeError)
        if (noticeHostKeyFailure(server.id, f)) return
        const now = entryOf(server.id)
        if (now?.step !== 'probing') return
        set(server.id, { ...now, step: 'failed', error: { message: f.message, hint: f.hint } })
      } finally {
        probing.delete(server.id)
      }
    })()
    probing.set(server.id, run)
    return run
  }

  function probeForStatus(server: ServerRef, status: { code: string | null; since: string }): void {
    if (!isHostKeyCode(status.code)) return
    const s = useHostKeys.getState()
    if (s.byId[server.id] || s.probedFor[server.id] === status.since) return
    useHostKeys.setState({ probedFor: { ...s.probedFor, [server.id]: status.since } })
    void probe(server, kindOf(status.code))
  }

  async function trust(server: ServerRef): Promise<boolean> {
    const entry = entryOf(server.id)
    if (!entry?.presented) return false
    // The second step is not optional for a changed key.
    const ready = entry.kind === 'changed' ? 'confirming' : 'offered'
    if (entry.step !== ready) return false
    const fingerprint = entry.presented.fingerprint
    set(server.id, { ...entry, step: 'trusting', error: null })
    try {
      const saved = await deps.api.call('server.trustKey', { name: server.name, fingerprint })
      set(server.id, { ...entry, step: 'trusted', error: null, trusted: fingerprint })
      deps.applyServer?.(saved)
    } catch (err) {
      const f = failureOf(err, deps.describeError)
      const seen = f.details.fingerprint
      if (isHostKeyCode(f.code) && seen && seen !== fingerprint) {
        // Yet another key answered: what the user compared is not what is there now.
        set(server.id, {
          ...entry,
          step: 'offered',
          presented: { fingerprint: seen, keyType: f.details.keyType ?? entry.presented.keyType },
          error: {
            message: `${server.name} now shows a different key than the one you compared, so nothing was trusted.`,
            hint: 'Compare this new fingerprint on the server before you go on.'
          }
        })
        return false
      }
      set(server.id, {
        ...entry,
        step: entry.kind === 'changed' ? 'confirming' : 'offered',
        error: { message: f.message, hint: f.hint }
      })
      return false
    }
    await deps.ops.ping(server)
    return true
  }

  return {
    probe,
    probeForStatus,
    trust,

    requestTrust(serverId) {
      const entry = entryOf(serverId)
      if (entry?.kind !== 'changed' || entry.step !== 'offered' || !entry.presented) return
      set(serverId, { ...entry, step: 'confirming', error: null })
    },

    cancelTrust(serverId) {
      const entry = entryOf(serverId)
      if (entry?.step !== 'confirming') return
      set(serverId, { ...entry, step: 'offered' })
    },

    dismiss(serverId) {
      const entry = entryOf(serverId)
      if (!entry || entry.step === 'trusting') return
      if (entry.step === 'trusted') set(serverId, null)
      else
        set(serverId, { ...entry, step: entry.presented ? 'offered' : entry.step, dismissed: true })
    },

    show(serverId) {
      const entry = entryOf(serverId)
      if (entry?.dismissed) set(serverId, { ...entry, dismissed: false })
    }
  }
}
