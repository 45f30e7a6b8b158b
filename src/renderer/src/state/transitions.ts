// Recent transitions per stream (the board and the detail header read them). Transitions
// carry no id: the same change arriving twice (live and again in a resync) has the same key.
import type { Transition } from '../../../shared/domain.ts'

export const TRANSITIONS_PER_STREAM = 200

export interface TransitionsSlice {
  /** Per stream, oldest first. */
  transitionsByStream: Record<string, Transition[]>
}

export const initialTransitions: TransitionsSlice = { transitionsByStream: {} }

export function transitionKey(t: Transition): string {
  return [
    t.streamId,
    t.targetId ?? '',
    t.at,
    t.fromStatus ?? '',
    t.toStatus,
    t.toHealth,
    t.eventId ?? t.cause,
  ].join('|')
}

function oldestFirst(a: Transition, b: Transition): number {
  return a.at - b.at
}

function inOrder(list: Transition[]): boolean {
  for (let i = 1; i < list.length; i++)
    if ((list[i] as Transition).at < (list[i - 1] as Transition).at) return false
  return true
}

/** Adds transitions to an oldest-first list without duplicates, keeping the newest `limit`. */
export function mergeTransitions(current: Transition[], incoming: Transition[], limit: number): Transition[] {
  if (incoming.length === 0) return current
  // A double has the same time as its original: only the tail at or after the earliest
  // incoming one can hold it (live, that is a handful of the list, not all of it).
  let earliest = Number.POSITIVE_INFINITY
  for (const t of incoming) if (t.at < earliest) earliest = t.at
  let from = current.length
  while (from > 0 && (current[from - 1] as Transition).at >= earliest) from--
  const seen = new Set<string>()
  for (let i = from; i < current.length; i++) seen.add(transitionKey(current[i] as Transition))
  const added: Transition[] = []
  for (const t of incoming) {
    const key = transitionKey(t)
    if (seen.has(key)) continue
    seen.add(key)
    added.push(t)
  }
  if (added.length === 0) return current
  const merged = current.concat(added)
  // Live transitions come in order after the last one: sort only when they don't.
  if (from < current.length || !inOrder(added)) merged.sort(oldestFirst)
  return merged.length > limit ? merged.slice(merged.length - limit) : merged
}

export function transitionsOnBatch(
  state: TransitionsSlice,
  incoming: Transition[],
): Partial<TransitionsSlice> {
  if (incoming.length === 0) return {}
  const grouped = new Map<string, Transition[]>()
  for (const t of incoming) {
    const list = grouped.get(t.streamId)
    if (list) list.push(t)
    else grouped.set(t.streamId, [t])
  }
  const byStream = { ...state.transitionsByStream }
  for (const [streamId, list] of grouped) {
    byStream[streamId] = mergeTransitions(byStream[streamId] ?? [], list, TRANSITIONS_PER_STREAM)
  }
  return { transitionsByStream: byStream }
}
