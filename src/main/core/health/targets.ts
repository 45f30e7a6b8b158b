// Simulcast targets: folding their events (last-writer-wins registers) and the
// states derived at evaluation (parent ended, waiting for the encoder, stalled).
import type { EventFacts, MonitorEvent, StreamStatus, TargetState } from '../../../shared/domain.ts'
import type { EventStamp, FoldedTarget, TargetFoldState } from './fold-state.ts'
import { destinationOf, labelOf, seconds } from './format.ts'
import { newTarget, targetFoldOf } from './snapshot.ts'
import { isNewer } from './stamp.ts'

export interface Reported {
  state: TargetState
  enabled: boolean
  /** The event that decided `state` (null when nothing but a metadata update was seen). */
  stamp: EventStamp | null
}

/** State as reported by events, before parent-end and stall derivation. Uses only maxima, so it is order-free. */
export function reportedOf(fold: TargetFoldState): Reported {
  const enabled =
    fold.disabledAt === null || (fold.enabledAt !== null && isNewer(fold.enabledAt, fold.disabledAt))
  if (fold.reported === 'deleted') return { state: 'deleted', enabled, stamp: fold.reportedAt }
  if (!enabled) return { state: 'disabled', enabled, stamp: fold.disabledAt }
  // Re-enabled after a disable that came after the last report: not pushing yet.
  if (fold.disabledAt !== null && (fold.reportedAt === null || isNewer(fold.disabledAt, fold.reportedAt))) {
    return { state: 'idle', enabled, stamp: fold.enabledAt }
  }
  return { state: fold.reported ?? 'idle', enabled, stamp: fold.reportedAt }
}

function withReported(t: FoldedTarget, fold: TargetFoldState): FoldedTarget {
  const r = reportedOf(fold)
  const stateSince = (r.stamp ?? fold.lastEvent).at
  return { ...t, fold, reportedState: r.state, enabled: r.enabled, stateSince }
}

/** Folds one simulcast event into its target; returns the same object when nothing changed. */
export function foldTarget(
  target: FoldedTarget | undefined,
  targetId: string,
  event: MonitorEvent,
  facts: EventFacts,
  stamp: EventStamp,
): FoldedTarget {
  const t = target ?? newTarget(targetId, stamp, event.type)
  const old = targetFoldOf(t)
  const fold: TargetFoldState = { ...old }
  let changed = target === undefined
  let next = t

  if (isNewer(stamp, old.lastEvent)) {
    fold.lastEvent = stamp
    next = { ...next, lastEventAt: stamp.at, lastEventType: event.type }
    changed = true
  }
  const reported = facts.targetState === 'disabled' ? null : facts.targetState
  if (reported !== null && isNewer(stamp, old.reportedAt)) {
    fold.reported = reported
    fold.reportedAt = stamp
    changed = true
  }
  if (facts.targetEnabled === true && isNewer(stamp, old.enabledAt)) {
    fold.enabledAt = stamp
    changed = true
  }
  if (facts.targetEnabled === false && isNewer(stamp, old.disabledAt)) {
    fold.disabledAt = stamp
    changed = true
  }
  const destination = destinationOf(event.payload.data)
  if (destination !== null && isNewer(stamp, old.destinationAt)) {
    fold.destinationAt = stamp
    next = { ...next, destination }
    changed = true
  }
  const label = labelOf(event.payload.data)
  if (label !== undefined && isNewer(stamp, old.labelAt ?? null)) {
    fold.labelAt = stamp
    next = { ...next, label }
    changed = true
  }
  return changed ? withReported(next, fold) : t
}

export interface ParentView {
  status: StreamStatus
  /** Start of the current `active` run, when active. */
  activeSince: number | null
  /** Newest event that ended the parent (idle/disabled/deleted). */
  ended: EventStamp | null
  /** Live (active or preparing) with the encoder disconnected: FastPix has nothing to push. */
  encoderLost: boolean
  /** Start of the current connected run of the encoder, when connected. */
  connectedSince: number | null
}

const WAITING_REASON = 'encoder disconnected'

export interface StallRule {
  stallMs: number
  now: number
}

/**
 * Derived state: `idle` after the parent ended; `waiting` while the parent is live but its
 * encoder is disconnected (whatever the target last reported, nothing reaches it now);
 * `stalled` when not broadcasting too long while the parent is active and connected.
 */
export function deriveTarget(t: FoldedTarget, parent: ParentView, rule: StallRule): FoldedTarget {
  const r = reportedOf(targetFoldOf(t))
  let state = r.state
  let since = t.stateSince
  let reason: string | null = null
  const pushing = state === 'starting' || state === 'broadcasting'
  if (pushing && parent.ended !== null && (r.stamp === null || isNewer(parent.ended, r.stamp))) {
    state = 'idle'
    since = parent.ended.at
    reason = 'parent ended'
  }
  if (parent.encoderLost && r.enabled && (state === 'idle' || pushing)) {
    state = 'waiting'
    reason = WAITING_REASON
  }
  const base = stallBase(state, since, r.enabled, parent)
  if (base !== null && rule.now - base > rule.stallMs) {
    const s = seconds(rule.now - base)
    reason =
      state === 'starting'
        ? `starting for ${s} s without broadcasting`
        : `not broadcasting ${s} s after the stream went live`
    state = 'stalled'
  }
  if (state === t.state && reason === t.reason) return t
  return { ...t, state, reason }
}

/**
 * When an enabled, not-broadcasting target starts counting towards `stalled`: the latest of
 * its own state, the parent going active and the encoder (re)connecting. Null when it cannot
 * stall — a target cannot push while the encoder is gone.
 */
function stallBase(state: TargetState, since: number, enabled: boolean, parent: ParentView): number | null {
  if (parent.status !== 'active' || parent.activeSince === null || !enabled || parent.encoderLost) return null
  if (state !== 'idle' && state !== 'starting') return null
  return Math.max(since, parent.activeSince, parent.connectedSince ?? Number.NEGATIVE_INFINITY)
}

/** Earliest time after `after` at which this target turns stalled by the clock alone. */
export function targetWakeAt(t: FoldedTarget, parent: ParentView, rule: StallRule): number | null {
  if (t.state !== 'idle' && t.state !== 'starting') return null
  const since = t.reason === 'parent ended' && parent.ended !== null ? parent.ended.at : t.stateSince
  const base = stallBase(t.state, since, t.enabled, parent)
  if (base === null) return null
  const at = base + rule.stallMs + 1
  return at > rule.now ? at : null
}
