// The health engine: one snapshot per stream, folded from verified events and
// re-evaluated by the clock only when something can change (no timers inside).
import type { HealthThresholds, MonitorEvent, Transition, WorkspaceHealth } from '../../../shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../shared/domain.ts'
import { isReconciledType } from '../../../shared/event-types.ts'
import type { Schedule } from '../../../shared/schedule.ts'
import { derivedDiffers, evaluate, nextChangeAt } from './evaluate.ts'
import { foldEvent } from './fold.ts'
import type { FoldedSnapshot } from './fold-state.ts'
import { withDisplayNames } from './snapshot.ts'
import { transitionsBetween } from './transitions.ts'
import { workspaceHealth } from './workspace.ts'

/** How a correction read from FastPix's REST API is marked on the timeline. */
export const RECONCILED_REASON = 'reconciled (missed events)'

export interface HealthEngineOptions {
  thresholds?: HealthThresholds
  /** Snapshots saved earlier (see `restore`). */
  snapshots?: readonly FoldedSnapshot[]
  /** Stream id → broadcast schedule the watchdog checks (see `setSchedule`). */
  schedules?: Readonly<Record<string, Schedule>>
}

export interface HealthEngine {
  /** Folds one verified event (unverified ones and events without a stream are ignored). */
  apply(event: MonitorEvent, now: number): Transition[]
  /** Re-evaluates the streams whose health can have changed by `now`. */
  tick(now: number): Transition[]
  /** When `tick` next has something to do; in the past right after `restore`; null when only events can change anything. */
  nextWakeAt(): number | null
  setThresholds(thresholds: HealthThresholds, now: number): Transition[]
  thresholds(): HealthThresholds
  snapshots(): FoldedSnapshot[]
  get(id: string): FoldedSnapshot | undefined
  /** Approximate viewers of a known stream (null: unknown); true when it changed. Not an event. */
  setViewerCount(id: string, count: number | null): boolean
  /** Streams whose snapshot changed since the last call (for update batches and persistence). */
  drainChanged(): FoldedSnapshot[]
  workspaceHealth(): WorkspaceHealth
  /** Replaces all state with saved snapshots; the next `tick` catches up with the clock. */
  restore(snapshots: readonly FoldedSnapshot[]): void
  /**
   * Sets (or with null clears) when a stream is expected live; the watchdog's verdict
   * (late, ended early, overrunning) is then part of its health.
   */
  setSchedule(id: string, schedule: Schedule | null, now: number): Transition[]
  schedules(): Record<string, Schedule>
}

export function createHealthEngine(options: HealthEngineOptions = {}): HealthEngine {
  let th: HealthThresholds = { ...(options.thresholds ?? DEFAULT_THRESHOLDS) }
  const streams = new Map<string, FoldedSnapshot>()
  /** Per stream: when the clock alone next changes it (null: never). */
  const wakes = new Map<string, number | null>()
  const changed = new Set<string>()
  const schedules = new Map<string, Schedule>(Object.entries(options.schedules ?? {}))

  function put(next: FoldedSnapshot, dirty: boolean): void {
    streams.set(next.id, next)
    wakes.set(next.id, nextChangeAt(next, th, schedules.get(next.id)))
    if (dirty) changed.add(next.id)
  }

  function reevaluate(id: string, now: number): Transition[] {
    const before = streams.get(id)
    if (before === undefined) return []
    const after = evaluate(before, th, now, now, schedules.get(id))
    put(after, derivedDiffers(before, after))
    return transitionsBetween(before, after, { at: now, eventId: null, cause: 'clock' })
  }

  function isDue(id: string, now: number): boolean {
    const at = wakes.get(id)
    return at !== undefined && at !== null && at <= now
  }

  function restore(list: readonly FoldedSnapshot[]): void {
    streams.clear()
    wakes.clear()
    changed.clear()
    for (const s of list) {
      // Saved before display names existed: named at once, so no surface shows an unnamed target.
      const targets = withDisplayNames(s.simulcastTargets)
      streams.set(s.id, targets === s.simulcastTargets ? s : { ...s, simulcastTargets: targets })
      // Saved with other thresholds or long ago: due at once.
      wakes.set(s.id, s.evaluatedAt)
    }
  }

  if (options.snapshots) restore(options.snapshots)

  return {
    apply(event, now) {
      const id = event.streamId
      if (event.verification !== 'verified' || id === null || id === '') return []
      // Changes the clock already caused are the clock's, not this event's.
      const out = isDue(id, now) ? reevaluate(id, now) : []
      const before = streams.get(id)
      const folded = foldEvent(before, event, th)
      if (folded === before) return out
      const after = evaluate(folded, th, now, event.occurredAt, schedules.get(id))
      put(after, true)
      // A reconciler correction is the reconciler's doing, and the timeline says so.
      const reconciled = isReconciledType(event.type)
      const cause = {
        at: event.occurredAt,
        eventId: event.id,
        cause: reconciled ? 'reconcile' : 'event',
      } as const
      const changes = transitionsBetween(before, after, cause)
      out.push(
        ...(reconciled
          ? changes.map((t) => ({ ...t, reason: `${RECONCILED_REASON}: ${t.reason}` }))
          : changes),
      )
      return out
    },
    tick(now) {
      const out: Transition[] = []
      for (const [id, at] of wakes) {
        if (at !== null && at <= now) out.push(...reevaluate(id, now))
      }
      return out
    },
    nextWakeAt() {
      let best: number | null = null
      for (const at of wakes.values()) if (at !== null && (best === null || at < best)) best = at
      return best
    },
    setThresholds(thresholds, now) {
      th = { ...thresholds }
      const out: Transition[] = []
      for (const id of streams.keys()) out.push(...reevaluate(id, now))
      return out
    },
    thresholds: () => ({ ...th }),
    snapshots: () => [...streams.values()],
    get: (id) => streams.get(id),
    setViewerCount(id, count) {
      const s = streams.get(id)
      if (s === undefined || s.viewerCount === count) return false
      streams.set(id, { ...s, viewerCount: count })
      changed.add(id)
      return true
    },
    drainChanged() {
      const out: FoldedSnapshot[] = []
      for (const id of changed) {
        const s = streams.get(id)
        if (s !== undefined) out.push(s)
      }
      changed.clear()
      return out
    },
    workspaceHealth: () => workspaceHealth(streams.values()),
    restore,
    setSchedule(id, schedule, now) {
      if (schedule === null) schedules.delete(id)
      else schedules.set(id, schedule)
      return reevaluate(id, now)
    },
    schedules: () => Object.fromEntries(schedules),
  }
}
