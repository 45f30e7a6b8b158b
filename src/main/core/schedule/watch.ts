// The watchdog's verdict on a scheduled stream at a point in time: late, ended early or
// overrunning (or nothing to say), in words with clock times in the schedule's zone.
// Pure: the health evaluation calls it with its own `now`.
import type { Millis, StreamStatus } from '../../../shared/domain.ts'
import {
  LATE_WITHOUT_END_MS,
  type Schedule,
  type StreamSchedule,
  type WatchState,
} from '../../../shared/schedule.ts'
import type { FoldedSnapshot } from '../health/fold-state.ts'
import { currentSlot, nextSlot, type Slot } from './slots.ts'

export interface WatchVerdict {
  state: WatchState
  reason: string
}

const ENDED: ReadonlySet<StreamStatus> = new Set(['idle', 'disabled', 'deleted'])
const formats = new Map<string, Intl.DateTimeFormat>()

/** "10:00" in `timeZone`. */
export function zoneClock(at: Millis, timeZone: string): string {
  let f = formats.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formats.set(timeZone, f)
  }
  return f.format(at)
}

type StatusView = Pick<FoldedSnapshot, 'status' | 'statusSince' | 'fold'>

/**
 * Went live for this slot: active now, or ended at or after the slot's time after another
 * status (a stream that was idle all along has no status before its run). A session that
 * ended before the slot's time did not broadcast it.
 */
function wentLive(slot: Slot, s: StatusView): boolean {
  if (s.status === 'active') return true
  return (
    ENDED.has(s.status) &&
    s.statusSince !== null &&
    s.statusSince >= slot.startsAt &&
    (s.fold?.statusBoundary ?? null) !== null
  )
}

/** Until when a stream that has not gone live is late: the expected end, or a bounded while. */
function lateUntil(slot: Slot): Millis {
  return slot.endsAt ?? slot.startsAt + LATE_WITHOUT_END_MS
}

export function watchVerdict(schedule: Schedule, s: StatusView, now: Millis): WatchVerdict | null {
  const slot = currentSlot(schedule, now)
  if (slot === null) return null
  const zone = schedule.timeZone
  if (!wentLive(slot, s)) {
    if (now < slot.startsAt + slot.graceMs || now >= lateUntil(slot)) return null
    return { state: 'late', reason: `expected live at ${zoneClock(slot.startsAt, zone)}, not live` }
  }
  const end = slot.endsAt
  if (end === null) return null
  if (s.status === 'active') {
    return now > end + slot.endGraceMs
      ? { state: 'overrunning', reason: `overrunning (expected to end at ${zoneClock(end, zone)})` }
      : null
  }
  // Ended inside the watch: early when before the end minus grace, until the end passes.
  if (s.statusSince !== null && s.statusSince < end - slot.endGraceMs && now < end) {
    return { state: 'ended-early', reason: `ended early (expected until ${zoneClock(end, zone)})` }
  }
  return null
}

/** The snapshot's view of its schedule at `now` (`previous` is kept when nothing changed). */
export function streamSchedule(
  schedule: Schedule,
  verdict: WatchVerdict | null,
  now: Millis,
  previous: StreamSchedule | undefined,
): StreamSchedule {
  const slot = nextSlot(schedule, now)
  const next = slot === null ? null : { startsAt: slot.startsAt, endsAt: slot.endsAt }
  const watch = verdict?.state ?? null
  if (
    previous !== undefined &&
    previous.schedule === schedule &&
    previous.watch === watch &&
    previous.next?.startsAt === next?.startsAt &&
    previous.next?.endsAt === next?.endsAt
  ) {
    return previous
  }
  return { schedule, next, watch }
}

/** Earliest time after `now` at which the clock alone can change the verdict or the next slot. */
export function watchWakeAt(schedule: Schedule, now: Millis): Millis | null {
  const candidates: Millis[] = []
  const slot = currentSlot(schedule, now)
  if (slot !== null) {
    candidates.push(slot.startsAt + slot.graceMs, lateUntil(slot))
    if (slot.endsAt !== null) candidates.push(slot.endsAt, slot.endsAt + slot.endGraceMs + 1)
  }
  const next = nextSlot(schedule, now)
  if (next !== null) candidates.push(next.startsAt - next.graceMs, next.startsAt)
  let best: Millis | null = null
  for (const at of candidates) if (at > now && (best === null || at < best)) best = at
  return best
}
