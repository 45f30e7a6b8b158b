// The newest events, for follow-live views. Bounded; deduplicated by event id (a repeated
// id replaces the stored one, so a grown duplicateCount shows).
import type { MonitorEvent } from '../../../shared/domain.ts'

export const LIVE_EVENT_LIMIT = 2_000

export interface LiveEventsSlice {
  /** Newest first (by receivedAt, then id). */
  liveEvents: MonitorEvent[]
}

export const initialLiveEvents: LiveEventsSlice = { liveEvents: [] }

export function newestFirst(a: MonitorEvent, b: MonitorEvent): number {
  return b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

/** Upserts `incoming` into a newest-first list and keeps the newest `limit`. */
export function mergeEvents(
  current: MonitorEvent[],
  incoming: MonitorEvent[],
  limit: number,
): MonitorEvent[] {
  if (incoming.length === 0) return current
  const byId = new Map<string, MonitorEvent>()
  for (const event of incoming) byId.set(event.id, event)
  const fresh = [...byId.values()].sort(newestFirst)
  const kept = current.filter((event) => !byId.has(event.id))
  // Both lists are newest first: merge them in one pass instead of sorting the whole log.
  const merged: MonitorEvent[] = []
  let i = 0
  let j = 0
  while (merged.length < limit && (i < fresh.length || j < kept.length)) {
    const a = fresh[i]
    const b = kept[j]
    if (b === undefined || (a !== undefined && newestFirst(a, b) <= 0)) {
      merged.push(a as MonitorEvent)
      i++
    } else {
      merged.push(b)
      j++
    }
  }
  return merged
}
