// Derived views of the store. Each is memoized on the state it reads, so a component
// that selects it re-renders only when its inputs change.
import type { Health, StreamSnapshot, Transition } from '../../../shared/domain.ts'
import { HEALTH_ORDER } from '../../../shared/domain.ts'
import type { MonitorState } from './monitor.ts'
import type { BoardFilters } from './ui.ts'

export type HealthCounts = Record<Health, number> & { total: number; deleted: number }

const rank = new Map<Health, number>(HEALTH_ORDER.map((h, i) => [h, i]))

/** Worst health first, then the most recent change, then name and id for a stable order. */
export function compareRows(a: StreamSnapshot, b: StreamSnapshot): number {
  const byHealth = (rank.get(a.health) ?? 99) - (rank.get(b.health) ?? 99)
  if (byHealth !== 0) return byHealth
  const byChange = b.healthSince - a.healthSince
  if (byChange !== 0) return byChange
  const byName = (a.name ?? '').localeCompare(b.name ?? '')
  if (byName !== 0) return byName
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export const isDeleted = (stream: StreamSnapshot): boolean => stream.status === 'deleted'

export function matchesText(stream: StreamSnapshot, text: string): boolean {
  const needle = text.trim().toLowerCase()
  if (needle === '') return true
  const haystack = [stream.name ?? '', stream.id, stream.healthReason, stream.status, stream.health]
    .join('\n')
    .toLowerCase()
  return needle.split(/\s+/).every((word) => haystack.includes(word))
}

export function boardRows(streams: Record<string, StreamSnapshot>, filters: BoardFilters): StreamSnapshot[] {
  const health = new Set(filters.health)
  return Object.values(streams)
    .filter(
      (s) =>
        (filters.showDeleted || !isDeleted(s)) &&
        (health.size === 0 || health.has(s.health)) &&
        matchesText(s, filters.text),
    )
    .sort(compareRows)
}

export function healthCounts(streams: Record<string, StreamSnapshot>): HealthCounts {
  const counts: HealthCounts = {
    down: 0,
    degraded: 0,
    unknown: 0,
    healthy: 0,
    offline: 0,
    total: 0,
    deleted: 0,
  }
  for (const stream of Object.values(streams)) {
    if (isDeleted(stream)) {
      counts.deleted++
      continue
    }
    counts[stream.health]++
    counts.total++
  }
  return counts
}

function memoByRefs<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null
  let lastResult: R
  return (...args: A) => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((v, i) => v === args[i]))
      return lastResult
    lastResult = compute(...args)
    lastArgs = args
    return lastResult
  }
}

const memoRows = memoByRefs(boardRows)
const memoCounts = memoByRefs(healthCounts)

export const selectBoardRows = (s: MonitorState): StreamSnapshot[] => memoRows(s.streams, s.filters)
export const selectHealthCounts = (s: MonitorState): HealthCounts => memoCounts(s.streams)
export const selectStreamCount = (s: MonitorState): number => Object.keys(s.streams).length
export const selectFiltersActive = (s: MonitorState): boolean =>
  s.filters.health.length > 0 || s.filters.text.trim() !== '' || s.filters.showDeleted

const NO_TRANSITIONS: Transition[] = []
export const selectStream =
  (id: string) =>
  (s: MonitorState): StreamSnapshot | undefined =>
    s.streams[id]
export const selectStreamTransitions =
  (id: string) =>
  (s: MonitorState): Transition[] =>
    s.transitionsByStream[id] ?? NO_TRANSITIONS
