// Folding one event into a stream snapshot. Every field is a last-writer-wins
// register ordered by event time (stampOf), or a set keyed by event id, so the
// result does not depend on arrival order and a repeated event changes nothing.
import type { HealthThresholds, MonitorEvent, StreamStatus } from '../../../shared/domain.ts'
import { factsOf } from '../events/facts.ts'
import type { EventStamp, FoldedSnapshot, FoldedTarget, StreamFoldState } from './fold-state.ts'
import { foldOf, lastEventStamp, newSnapshot } from './snapshot.ts'
import { compareStamps, insertSorted, isNewer, stampOf } from './stamp.ts'
import { foldTarget } from './targets.ts'

/** At most this many status events are kept for the current run (the run's first is always kept). */
export const STATUS_RUN_CAP = 16
/** At least this many newest disconnects are kept (more when `flapCount` is higher). */
export const DISCONNECT_CAP = 16

const ENDED: ReadonlySet<StreamStatus> = new Set(['idle', 'disabled', 'deleted'])
const DISCONNECTED = 'video.live_stream.disconnected'

/** The events of the newest run of one value (a stream status, an encoder link state). */
export interface Run<T extends string> {
  status: T
  run: EventStamp[]
  boundary: EventStamp | null
}

export type StatusRun = Run<StreamStatus>

/**
 * Keeps the run of the newest value (all its events after the newest event of another
 * value, the boundary), so a late event can still split the run in the right place.
 */
export function foldRun<T extends string>(current: Run<T>, status: T, stamp: EventStamp): Run<T> | null {
  const head = current.run[current.run.length - 1]
  if (head === undefined) return { status, run: [stamp], boundary: null }
  if (current.boundary !== null && compareStamps(stamp, current.boundary) <= 0) return null
  if (status === current.status) {
    const run = insertSorted(current.run, stamp)
    if (run === null) return null
    const capped = run.length > STATUS_RUN_CAP ? [run[0]!, ...run.slice(-(STATUS_RUN_CAP - 1))] : run
    if (capped.length === current.run.length && capped.every((s, i) => s === current.run[i])) return null
    return { status, run: capped, boundary: current.boundary }
  }
  if (compareStamps(stamp, head) > 0) return { status, run: [stamp], boundary: head }
  if (current.run.some((s) => compareStamps(s, stamp) === 0)) return null
  // An older event of another status inside the run: the run restarts after it.
  return {
    status: current.status,
    run: current.run.filter((s) => compareStamps(s, stamp) > 0),
    boundary: stamp,
  }
}

function foldDisconnect(list: readonly EventStamp[], stamp: EventStamp, cap: number): EventStamp[] | null {
  const next = insertSorted(list, stamp)
  if (next === null) return null
  if (next.length <= cap) return next
  const capped = next.slice(-cap)
  // An event older than every kept disconnect falls off at once: nothing changed.
  return capped.includes(stamp) ? capped : null
}

function foldTargets(
  s: FoldedSnapshot,
  event: MonitorEvent,
  facts: ReturnType<typeof factsOf>,
  stamp: EventStamp,
): FoldedTarget[] | null {
  const id = event.simulcastId
  if (id === null || id === '') return null
  const list = s.simulcastTargets
  const index = list.findIndex((t) => t.id === id)
  const before = index < 0 ? undefined : list[index]
  const after = foldTarget(before, id, event, facts, stamp)
  if (after === before) return null
  if (index >= 0) return list.map((t, i) => (i === index ? after : t))
  // Sorted by id so every arrival order lists targets the same way.
  return [...list, after].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Folds one event into the stream's state without evaluating health.
 * Returns the input object itself when the event changes nothing (duplicate, or older
 * than everything it would set). Unknown event types only count as the last event.
 */
export function foldEvent(
  snapshot: FoldedSnapshot | undefined,
  event: MonitorEvent,
  thresholds: HealthThresholds,
): FoldedSnapshot {
  const streamId = event.streamId
  if (streamId === null) throw new Error(`event ${event.id} has no stream id`)
  if (snapshot !== undefined && snapshot.id !== streamId) {
    throw new Error(`event ${event.id} is for stream ${streamId}, not ${snapshot.id}`)
  }
  const base = snapshot ?? newSnapshot(streamId, event.occurredAt, thresholds.reconnectWindowSec)
  const old = foldOf(base)
  const fold: StreamFoldState = { ...old }
  const patch: Partial<FoldedSnapshot> = {}
  let changed = snapshot === undefined
  const stamp = stampOf(event)

  if (isNewer(stamp, lastEventStamp(base))) {
    Object.assign(patch, { lastEventAt: stamp.at, lastEventType: event.type, lastEventId: stamp.id })
    changed = true
  }
  const facts = factsOf(event)
  if (facts.known) {
    if (facts.status !== null) {
      const run = foldRun(
        { status: base.status, run: old.statusRun, boundary: old.statusBoundary },
        facts.status,
        stamp,
      )
      if (run !== null) {
        fold.statusRun = run.run
        fold.statusBoundary = run.boundary
        Object.assign(patch, { status: run.status, statusSince: run.run[0]?.at ?? null })
        changed = true
      }
      if (ENDED.has(facts.status) && isNewer(stamp, old.ended)) {
        fold.ended = stamp
        changed = true
      }
    }
    if (facts.connection !== null) {
      // A fold saved before runs were kept: its newest connection event stands for the run.
      const runSoFar = old.connectionRun ?? (old.connection === null ? [] : [old.connection])
      const run = foldRun(
        { status: base.connection, run: runSoFar, boundary: old.connectionBoundary ?? null },
        facts.connection,
        stamp,
      )
      if (run !== null) {
        fold.connectionRun = run.run
        fold.connectionBoundary = run.boundary
        changed = true
      }
      if (isNewer(stamp, old.connection)) {
        fold.connection = stamp
        Object.assign(patch, { connection: facts.connection, connectionSince: stamp.at })
        changed = true
      }
    }
    if (event.type === DISCONNECTED) {
      const list = foldDisconnect(old.disconnects, stamp, Math.max(DISCONNECT_CAP, thresholds.flapCount))
      if (list !== null) {
        fold.disconnects = list
        changed = true
      }
    }
    if (facts.name !== null && isNewer(stamp, old.name)) {
      fold.name = stamp
      patch.name = facts.name
      changed = true
    }
    if (facts.reconnectWindowSec !== null && isNewer(stamp, old.reconnectWindow)) {
      fold.reconnectWindow = stamp
      fold.reconnectWindowSec = facts.reconnectWindowSec
      changed = true
    }
    if (facts.recording === true && isNewer(stamp, old.recording)) {
      fold.recording = stamp
      changed = true
    }
    const targets = foldTargets(base, event, facts, stamp)
    if (targets !== null) {
      patch.simulcastTargets = targets
      changed = true
    }
  }
  return changed ? { ...base, ...patch, fold } : base
}
