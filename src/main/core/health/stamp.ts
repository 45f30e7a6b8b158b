// Event-time order of last-writer-wins fields: occurredAt first, event id breaks ties,
// so every permutation of the same events picks the same winner.
import type { MonitorEvent } from '../../../shared/domain.ts'
import type { EventStamp } from './fold-state.ts'

export function stampOf(event: Pick<MonitorEvent, 'id' | 'occurredAt'>): EventStamp {
  return { at: event.occurredAt, id: event.id }
}

/** Negative when a is older than b, 0 for the same event, positive when newer. */
export function compareStamps(a: EventStamp, b: EventStamp): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** True when `candidate` should replace `current` (strictly newer; null is oldest). */
export function isNewer(candidate: EventStamp, current: EventStamp | null): boolean {
  return current === null || compareStamps(candidate, current) > 0
}

/** Inserts into an oldest-first list keyed by event id; returns null when already present. */
export function insertSorted(list: readonly EventStamp[], stamp: EventStamp): EventStamp[] | null {
  let i = list.length
  while (i > 0) {
    const c = compareStamps(list[i - 1]!, stamp)
    if (c === 0) return null
    if (c < 0) break
    i--
  }
  return [...list.slice(0, i), stamp, ...list.slice(i)]
}
