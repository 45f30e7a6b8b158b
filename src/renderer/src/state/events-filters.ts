// The event log's filters as the user sets them, and how they become an EventQuery
// (for pages) and a predicate (for live events arriving in update batches).

import type { EventQuery } from '../../../shared/api.ts'
import type { MonitorEvent } from '../../../shared/domain.ts'
import { ALL_EVENT_TYPES, MONITOR_EVENTS } from '../../../shared/event-types.ts'

export type TimeRange = 'any' | '15m' | '1h' | '24h' | '7d' | 'custom'
export type DeliveryFilter = 'all' | 'verified' | 'unverified' | 'duplicate'

export interface EventFilters {
  /** Empty = every type. */
  types: string[]
  streamId: string | null
  range: TimeRange
  /** Bounds of a custom range (epoch ms, server clock); null = open. */
  from: number | null
  to: number | null
  delivery: DeliveryFilter
  /** Case-insensitive text inside the redacted payload. */
  text: string
}

export const EMPTY_EVENT_FILTERS: EventFilters = {
  types: [],
  streamId: null,
  range: 'any',
  from: null,
  to: null,
  delivery: 'all',
  text: '',
}

export const RANGE_MS: Record<Exclude<TimeRange, 'any' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
}

export const RANGE_WORD: Record<TimeRange, string> = {
  any: 'Any time',
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  custom: 'Between…',
}

export const DELIVERY_WORD: Record<DeliveryFilter, string> = {
  all: 'All deliveries',
  verified: 'Signature verified',
  unverified: 'Unverified (held)',
  duplicate: 'Delivered more than once',
}

/** The FastPix live-stream event types (SPEC §4.1, §5) and the monitor's own corrections, for the type filter. */
export const KNOWN_EVENT_TYPES: readonly string[] = [...ALL_EVENT_TYPES, ...MONITOR_EVENTS]

export function eventFiltersActive(f: EventFilters): boolean {
  return (
    f.types.length > 0 ||
    f.streamId !== null ||
    f.range !== 'any' ||
    f.delivery !== 'all' ||
    f.text.trim() !== ''
  )
}

/** The query for these filters at `serverNow` (relative ranges start from it). */
export function queryOf(f: EventFilters, serverNow: number): EventQuery {
  const q: EventQuery = {}
  if (f.types.length > 0) q.types = [...f.types]
  if (f.streamId) q.streamId = f.streamId
  if (f.range === 'custom') {
    if (f.from !== null) q.from = f.from
    if (f.to !== null) q.to = f.to
  } else if (f.range !== 'any') q.from = serverNow - RANGE_MS[f.range]
  if (f.delivery === 'verified' || f.delivery === 'unverified') q.verification = f.delivery
  if (f.delivery === 'duplicate') q.duplicate = true
  const text = f.text.trim()
  if (text !== '') q.text = text
  return q
}

/**
 * Whether a live event belongs to the rows of `q`. Text matches the payload as JSON,
 * case-insensitively, like the store's search over the stored (redacted) JSON.
 */
export function matcherOf(q: EventQuery): (e: MonitorEvent) => boolean {
  const types = q.types && q.types.length > 0 ? new Set(q.types) : null
  const needle = q.text ? q.text.toLowerCase() : null
  return (e) => {
    if (types && !types.has(e.type)) return false
    if (q.streamId !== undefined && e.streamId !== q.streamId) return false
    if (q.from !== undefined && e.receivedAt < q.from) return false
    if (q.to !== undefined && e.receivedAt >= q.to) return false
    if (q.verification !== undefined && e.verification !== q.verification) return false
    if (q.duplicate === true && e.duplicateCount <= 0) return false
    if (needle !== null && !JSON.stringify(e.payload).toLowerCase().includes(needle)) return false
    return true
  }
}
