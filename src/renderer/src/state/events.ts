// The event log: every stored event, newest first, loaded page by page through
// MonitorApi as the user scrolls, kept live by the update batches. While following,
// new events go on top (and the tail beyond FOLLOW_KEEP is dropped, to be paged in
// again if scrolled to); while paused they wait in `pending` behind "N new events".
import type { EventQuery } from '../../../shared/api.ts'
import type { MonitorEvent } from '../../../shared/domain.ts'
import { storeApi } from './api-ref.ts'
import {
  createEventDetailSlice,
  detailOnEvents,
  type EventDetail,
  type EventDetailSlice,
} from './events-detail.ts'
import { EMPTY_EVENT_FILTERS, type EventFilters, matcherOf, queryOf } from './events-filters.ts'
import {
  appendRows,
  countRepeats,
  idsOf,
  type LogRow,
  leanRow,
  mergeRows,
  newestRowFirst,
  prependRows,
} from './events-rows.ts'

/** Rows per page (the API allows up to 1,000). */
export const FIRST_PAGE = 300
export const PAGE = 1_000
/** Rows kept while following live; older ones are paged in again when scrolled to. */
export const FOLLOW_KEEP = 5_000
/** New events held while paused; past this, jumping up reloads the first page. */
export const PENDING_KEEP = 5_000

/** Where the next (older) page starts: the API's cursor, or just below a dropped tail. */
export type Continuation = { cursor: string } | { before: number } | null

export interface EventLog {
  /** The view is open: pages load and batches apply. */
  active: boolean
  filters: EventFilters
  /** The query the rows answer (filters resolved against the clock at load). */
  query: EventQuery
  rows: LogRow[]
  next: Continuation
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
  following: boolean
  /** Matching events that arrived while paused, newest first. */
  pending: LogRow[]
  pendingCount: number
  /** More arrived while paused than `pending` holds. */
  pendingOverflow: boolean
  selectedId: string | null
  /** Bumped on every reload; answers to older requests are dropped. */
  generation: number
}

export interface EventLogSlice extends EventDetailSlice {
  eventLog: EventLog
  openEventLog(): void
  closeEventLog(): void
  setEventFilters(patch: Partial<EventFilters>): void
  clearEventFilters(): void
  loadMoreEvents(): Promise<void>
  setFollowing(on: boolean): void
  selectEvent(id: string | null): void
}

export const initialEventLog: EventLog = {
  active: false,
  filters: EMPTY_EVENT_FILTERS,
  query: {},
  rows: [],
  next: null,
  status: 'idle',
  error: null,
  following: true,
  pending: [],
  pendingCount: 0,
  pendingOverflow: false,
  selectedId: null,
  generation: 0,
}

interface Deps {
  eventLog: EventLog
  eventDetail: EventDetail | null
  clockOffset: number
}
type Part = Partial<Pick<Deps, 'eventLog' | 'eventDetail'>>
type Set = (partial: Part | ((s: Deps) => Part)) => void
type Get = () => Deps

const matchers = new WeakMap<EventQuery, (e: MonitorEvent) => boolean>()
function matcherFor(q: EventQuery): (e: MonitorEvent) => boolean {
  let m = matchers.get(q)
  if (!m) {
    m = matcherOf(q)
    matchers.set(q, m)
  }
  return m
}

function pageQuery(log: EventLog, limit: number): EventQuery {
  const q: EventQuery = { ...log.query, limit }
  if (log.next && 'cursor' in log.next) q.cursor = log.next.cursor
  else if (log.next && 'before' in log.next)
    q.to = Math.min(q.to ?? Number.POSITIVE_INFINITY, log.next.before + 1)
  return q
}

/** The tail was dropped: continue below the last kept row (same-millisecond rows come back and dedupe). */
function afterTrim(rows: LogRow[], trimmed: boolean, next: Continuation): Continuation {
  const last = rows[rows.length - 1]
  return trimmed && last ? { before: last.receivedAt } : next
}

export function createEventLogSlice(set: Set, get: Get): EventLogSlice {
  const patch = (fn: (log: EventLog) => Partial<EventLog>): void =>
    set((s) => ({ eventLog: { ...s.eventLog, ...fn(s.eventLog) } }))

  async function load(first: boolean): Promise<void> {
    const log = get().eventLog
    if (!log.active || (!first && (log.status === 'loading' || log.next === null))) return
    const { generation, next } = log
    const query = pageQuery(log, first ? FIRST_PAGE : PAGE)
    patch(() => ({ status: 'loading', error: null }))
    try {
      const page = await storeApi().listEvents(query)
      const now = get().eventLog
      if (now.generation !== generation) return
      // The tail moved under us (following trimmed it): this page continues an old tail.
      if (!first && now.next !== next) return patch(() => ({ status: 'ready' }))
      const older = page.events.map(leanRow)
      patch((l) => ({
        rows: first ? mergeRows(l.rows, older) : appendRows(l.rows, older),
        next: page.nextCursor ? { cursor: page.nextCursor } : null,
        status: 'ready',
      }))
    } catch (error) {
      if (get().eventLog.generation !== generation) return
      patch(() => ({ status: 'error', error: (error as Error).message || 'could not load events' }))
    }
  }

  function reload(): void {
    const { eventLog: log, clockOffset } = get()
    if (!log.active) return
    set({
      eventLog: {
        ...log,
        query: queryOf(log.filters, Date.now() + clockOffset),
        rows: [],
        next: null,
        status: 'loading',
        error: null,
        following: true,
        pending: [],
        pendingCount: 0,
        pendingOverflow: false,
        generation: log.generation + 1,
      },
    })
    void load(true)
  }

  return {
    eventLog: initialEventLog,
    ...createEventDetailSlice(set),
    openEventLog() {
      patch(() => ({ active: true }))
      reload()
    },
    closeEventLog() {
      set((s) => ({
        eventLog: {
          ...s.eventLog,
          active: false,
          rows: [],
          pending: [],
          pendingCount: 0,
          pendingOverflow: false,
          next: null,
          status: 'idle',
          generation: s.eventLog.generation + 1,
        },
        eventDetail: null,
      }))
    },
    setEventFilters(changes) {
      patch((l) => ({ filters: { ...l.filters, ...changes } }))
      reload()
    },
    clearEventFilters() {
      patch(() => ({ filters: EMPTY_EVENT_FILTERS }))
      reload()
    },
    loadMoreEvents: () => load(false),
    setFollowing(on) {
      const log = get().eventLog
      if (!on) {
        if (log.following) patch(() => ({ following: false }))
        return
      }
      if (log.pendingOverflow) {
        reload()
        return
      }
      patch((l) => {
        const { rows, trimmed } = prependRows(l.rows, l.pending, FOLLOW_KEEP)
        return {
          rows,
          next: afterTrim(rows, trimmed, l.next),
          following: true,
          pending: [],
          pendingCount: 0,
        }
      })
    },
    selectEvent(id) {
      if (get().eventLog.selectedId !== id) patch(() => ({ selectedId: id }))
    },
  }
}

/** Applies the events of one update batch (one setState with the rest of the batch). */
export function eventLogOnBatch(
  s: { eventLog: EventLog; eventDetail: EventDetail | null },
  events: MonitorEvent[],
): Part {
  if (events.length === 0) return {}
  const out: Part = {}
  const detail = detailOnEvents(s.eventDetail, events)
  if (detail !== s.eventDetail) out.eventDetail = detail
  const log = s.eventLog
  if (!log.active || log.status === 'idle') return out

  const matches = matcherFor(log.query)
  const rowIds = idsOf(log.rows)
  const pendingIds = idsOf(log.pending)
  const repeats = new Map<string, number>()
  const freshById = new Map<string, LogRow>()
  for (const event of events) {
    if (rowIds.has(event.id) || pendingIds.has(event.id)) repeats.set(event.id, event.duplicateCount)
    else if (matches(event)) freshById.set(event.id, leanRow(event))
  }
  if (repeats.size === 0 && freshById.size === 0) return out
  const fresh = [...freshById.values()].sort(newestRowFirst)
  let rows = countRepeats(log.rows, repeats)
  let pending = countRepeats(log.pending, repeats)
  let next = log.next
  let { pendingCount, pendingOverflow } = log
  if (log.following) {
    const added = prependRows(rows, fresh, FOLLOW_KEEP)
    rows = added.rows
    next = afterTrim(rows, added.trimmed, next)
  } else if (fresh.length > 0) {
    const held = prependRows(pending, fresh, PENDING_KEEP)
    pending = held.rows
    pendingCount += fresh.length
    pendingOverflow ||= held.trimmed
  }
  out.eventLog = { ...log, rows, pending, next, pendingCount, pendingOverflow }
  return out
}
