// Reads, served by the reader worker (any worker can answer them). Rows leave
// here with names resolved; the client turns payload JSON back into objects.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { RejectedPage, RejectedQuery, TransitionQuery } from '../../../shared/api.ts'
import type { Health, ReceiverCounters, Transition, Verification } from '../../../shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../../shared/event-types.ts'
import type { WorkspaceSeries } from '../../../shared/workspace-series.ts'
import { clampLimit, decodeCursor, encodeCursor } from './cursor.ts'
import { all, get } from './db.ts'
import { createEventQuery } from './event-query.ts'
import { openHeld } from './held-crypto.ts'
import type { Names } from './names.ts'
import type { EventRow, ReadCalls, WireHeldRow } from './protocol.ts'
import { createSeriesQuery } from './series-query.ts'
import type { SeriesQuery, StoredViewerSample } from './types.ts'
import {
  bucketEnds,
  type HealthChange,
  healthAtEnds,
  percentileRank,
  planBuckets,
  type SeriesRange,
} from './workspace-series.ts'

type Handlers = { [K in keyof ReadCalls]: (args: ReadCalls[K]['args']) => Promise<ReadCalls[K]['result']> }

export const EVENT_COLUMNS = `seq, id, type, stream_id, simulcast_id, workspace_id, occurred_at,
  received_at, verification, duplicate_count, payload`

export interface EventRecord {
  seq: number
  id: string
  type: number
  stream_id: number | null
  simulcast_id: number | null
  workspace_id: number | null
  occurred_at: number
  received_at: number
  verification: Verification
  duplicate_count: number
  payload: string
}

export function toEventRow(names: Names, r: EventRecord): EventRow {
  const name = (ref: number | null): string | null => (ref === null ? null : names.value(ref))
  return {
    seq: r.seq,
    id: r.id,
    type: names.value(r.type),
    streamId: name(r.stream_id),
    simulcastId: name(r.simulcast_id),
    workspaceId: name(r.workspace_id),
    occurredAt: r.occurred_at,
    receivedAt: r.received_at,
    verification: r.verification,
    duplicateCount: r.duplicate_count,
    payload: r.payload,
  }
}

interface TransitionRecord {
  stream_id: string
  target_id: string | null
  at: number
  from_health: Health | null
  to_health: Health
  from_status: string | null
  to_status: string
  reason: string
  event_id: string | null
  cause: Transition['cause']
}

const toTransition = (r: TransitionRecord): Transition => ({
  streamId: r.stream_id,
  targetId: r.target_id,
  at: r.at,
  fromHealth: r.from_health,
  toHealth: r.to_health,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  reason: r.reason,
  eventId: r.event_id,
  cause: r.cause,
})

type RejectedRecord = RejectedPage['rejected'][number]
type RejectedRow = Omit<RejectedRecord, 'headers'> & { headers: string }
type HeaderLine = RejectedRecord['headers'][number]

function toRejected(r: RejectedRow): RejectedRecord {
  return { ...r, headers: headerLines(r.headers) }
}

/** The stored JSON, or nothing when it is not what the store writes. */
function headerLines(json: string): HeaderLine[] {
  try {
    const value: unknown = JSON.parse(json)
    if (!Array.isArray(value)) return []
    return value.filter(
      (h): h is HeaderLine =>
        typeof h === 'object' && h !== null && typeof h.name === 'string' && typeof h.value === 'string',
    )
  } catch {
    return []
  }
}

export function createReads(db: DatabaseSync, names: Names, holdKey: Uint8Array | null): Handlers {
  const s = {
    eventById: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`),
    eventsAfter: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events
      WHERE seq > ? AND verification = 'verified' ORDER BY seq LIMIT ?`),
    rejected: db.prepare(`SELECT seq, received_at AS receivedAt, reason, status, size, preview, headers
      FROM rejected WHERE seq < ? ORDER BY seq DESC LIMIT ?`),
    signatureRejections: db.prepare(
      'SELECT count(*) AS n FROM rejected WHERE status = 401 AND received_at >= ?',
    ),
    counters: db.prepare(`SELECT accepted, duplicates, rejected, probes, unverified,
      hold_refused AS holdRefused, hold_full AS holdFull, last_delivery_at AS lastDeliveryAt,
      (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_probe_at') AS lastProbeAt
      FROM counters WHERE id = 1`),
    held: db.prepare(`SELECT seq, event_id AS eventId, received_at AS receivedAt, signature, sealed
      FROM held ORDER BY seq LIMIT ?`),
    snapshots: db.prepare('SELECT json FROM snapshots ORDER BY id'),
    throughSeq: db.prepare(`SELECT value FROM meta WHERE key = 'snapshot_through_seq'`),
    ...seriesStatements(db),
  }
  const row = (r: EventRecord): EventRow => toEventRow(names, r)

  return {
    queryEvents: createEventQuery(db, names),
    streamSeries: createSeriesQuery(db, names),

    async getEvent(id) {
      const r = get<EventRecord>(s.eventById, id)
      return r ? row(r) : null
    },

    async eventsAfter({ afterSeq, limit }) {
      return all<EventRecord>(s.eventsAfter, afterSeq, clampLimit(limit, 1000, 10_000)).map(row)
    },

    async listTransitions(query: TransitionQuery) {
      const where: string[] = []
      const params: SQLInputValue[] = []
      if (query.streamId !== undefined) {
        where.push('stream_id = ?')
        params.push(query.streamId)
      }
      if (query.from !== undefined) {
        where.push('at >= ?')
        params.push(query.from)
      }
      if (query.to !== undefined) {
        where.push('at < ?')
        params.push(query.to)
      }
      const sql = `SELECT * FROM transitions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY at DESC, seq DESC LIMIT ?`
      return all<TransitionRecord>(db.prepare(sql), ...params, clampLimit(query.limit)).map(toTransition)
    },

    async listRejected(query: RejectedQuery): Promise<RejectedPage> {
      const limit = clampLimit(query.limit)
      const before = decodeCursor('r', query.cursor) ?? Number.MAX_SAFE_INTEGER
      const rows = all<RejectedRow>(s.rejected, before, limit + 1).map(toRejected)
      const more = rows.length > limit
      const page = more ? rows.slice(0, limit) : rows
      const last = page[page.length - 1]
      return { rejected: page, nextCursor: more && last ? encodeCursor('r', last.seq) : null }
    },

    async countRejectedSince(since) {
      return get<{ n: number }>(s.signatureRejections, since)?.n ?? 0
    },

    async counters(): Promise<ReceiverCounters> {
      const c = get<Omit<ReceiverCounters, 'holdFull'> & { holdFull: number }>(s.counters)
      if (!c) throw new Error('store: counters row is missing')
      return { ...c, holdFull: c.holdFull === 1 }
    },

    async listHeld(limit) {
      const rows = all<Omit<WireHeldRow, 'raw'> & { sealed: Uint8Array }>(
        s.held,
        clampLimit(limit, 100, 10_000),
      )
      return rows.map(({ sealed, ...rest }) => ({ ...rest, raw: unseal(holdKey, rest.eventId, sealed) }))
    },

    async listViewerSamples(query) {
      const { where, params } = series(query)
      const rows = all<StoredViewerSample>(
        db.prepare(`SELECT stream_id AS streamId, at, count FROM viewer_samples ${where}
          ORDER BY at, seq LIMIT ?`),
        ...params,
        clampLimit(query.limit, 10_000, 100_000),
      )
      return rows.map((r) => ({ ...r }))
    },

    async listDecisions(query) {
      const { where, params } = series(query)
      return all<{ json: string }>(
        db.prepare(`SELECT json FROM decisions ${where} ORDER BY at, seq LIMIT ?`),
        ...params,
        clampLimit(query.limit, 10_000, 100_000),
      ).map((r) => r.json)
    },

    async workspaceSeries(range) {
      return workspaceSeries(s, names, range)
    },

    async loadSnapshots() {
      const json = all<{ json: string }>(s.snapshots).map((r) => r.json)
      const through = get<{ value: string }>(s.throughSeq)
      return { json, throughSeq: through ? Number(through.value) : 0 }
    },
  }
}

// The overview's statements. Stream health comes from stream transitions only
// (target_id IS NULL; the walk from migration 5's covering index); bucket numbers are
// integer divisions in SQL, so deliveries, rejections and lags come back per bucket.
export function seriesStatements(db: DatabaseSync) {
  const bucket = '(received_at - CAST(?1 AS INTEGER)) / CAST(?2 AS INTEGER)'
  const changes = db.prepare(`SELECT stream_id, at, to_health FROM transitions
    INDEXED BY transitions_streams_at WHERE target_id IS NULL AND at >= ? AND at < ? ORDER BY at, seq`)
  // Up to one row per change (168,000 for 1,000 streams changing hourly for a week): arrays, not objects.
  changes.setReturnArrays(true)
  return {
    // Each stream's last health before the range: one index probe per stream.
    healthBefore: db.prepare(`SELECT s.stream_id AS streamId,
        (SELECT t.to_health FROM transitions t INDEXED BY transitions_stream_at
          WHERE t.target_id IS NULL AND t.stream_id = s.stream_id AND t.at < ?
          ORDER BY t.at DESC, t.seq DESC LIMIT 1) AS health
      FROM (SELECT DISTINCT stream_id FROM transitions INDEXED BY transitions_stream_at) s`),
    healthChanges: changes,
    // Deliveries still held unverified (verified ones are counted with their lags).
    heldPerBucket: db.prepare(`SELECT ${bucket} AS b, count(*) AS n FROM held
      WHERE received_at >= ?1 AND received_at < ?3 GROUP BY b`),
    rejections: db.prepare(`SELECT ${bucket} AS b, count(*) AS n FROM rejected
      WHERE received_at >= ?1 AND received_at < ?3 GROUP BY b`),
    // Verified deliveries (not our corrections: ?4, ?5): per bucket their count n and the
    // lags at the nearest ranks ⌈p·n/100⌉ of p50 and p95 (as percentileRank), sorted in SQLite.
    // The rows are read in arrival order (a covering index would cost P5's bytes per event).
    lags: db.prepare(`WITH d AS (
        SELECT ${bucket} AS b, max(0, received_at - occurred_at) AS lag FROM events INDEXED BY events_received_at
        WHERE verification = 'verified' AND received_at >= ?1 AND received_at < ?3 AND type NOT IN (?4, ?5)
      ), r AS (
        SELECT b, lag, row_number() OVER (PARTITION BY b ORDER BY lag) AS k,
          count(*) OVER (PARTITION BY b) AS n FROM d
      )
      SELECT b, n, k, lag FROM r WHERE k = (n * 50 + 99) / 100 OR k = (n * 95 + 99) / 100`),
  }
}

type SeriesStatements = ReturnType<typeof seriesStatements>

function workspaceSeries(s: SeriesStatements, names: Names, range: SeriesRange): WorkspaceSeries {
  const plan = planBuckets(range)
  const { from, to, bucketMs, at } = plan
  const before = new Map<string, Health>()
  for (const r of all<{ streamId: string; health: Health | null }>(s.healthBefore, range.from)) {
    if (r.health !== null) before.set(r.streamId, r.health)
  }
  const changes = (s.healthChanges.all(range.from, to) as unknown as [string, number, Health][]).map(
    ([streamId, when, health]): HealthChange => ({ streamId, at: when, health }),
  )
  const perBucket = (rows: { b: number; n: number }[]): number[] => {
    const out = at.map(() => 0)
    for (const r of rows) if (r.b >= 0 && r.b < out.length) out[r.b] = r.n
    return out
  }
  const deliveries = perBucket(all(s.heldPerBucket, from, bucketMs, to))
  const lagP50: (number | null)[] = at.map(() => null)
  const lagP95: (number | null)[] = at.map(() => null)
  // Our own corrections are not deliveries; a type never stored matches no row (-1).
  const own = [names.find(RECONCILED) ?? -1, names.find(RECONCILED_TARGET) ?? -1]
  for (const r of all<{ b: number; n: number; k: number; lag: number }>(s.lags, from, bucketMs, to, ...own)) {
    if (r.b < 0 || r.b >= at.length) continue
    // Both ranks are the same row when n is 1.
    if (r.k === percentileRank(r.n, 50)) {
      lagP50[r.b] = r.lag
      deliveries[r.b] = (deliveries[r.b] ?? 0) + r.n
    }
    if (r.k === percentileRank(r.n, 95)) lagP95[r.b] = r.lag
  }
  return {
    from,
    to,
    bucketMs,
    at,
    streamsByHealth: healthAtEnds(before, changes, bucketEnds(plan)),
    deliveries,
    rejections: perBucket(all(s.rejections, from, bucketMs, to)),
    lagP50,
    lagP95,
  }
}

/** WHERE clause of a series query: one stream (or all), `from ≤ at < to`. */
function series(query: SeriesQuery): { where: string; params: SQLInputValue[] } {
  const where: string[] = []
  const params: SQLInputValue[] = []
  if (query.streamId !== undefined) {
    where.push('stream_id = ?')
    params.push(query.streamId)
  }
  if (query.from !== undefined) {
    where.push('at >= ?')
    params.push(query.from)
  }
  if (query.to !== undefined) {
    where.push('at < ?')
    params.push(query.to)
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params }
}

// A body that cannot be opened (the hold key was lost or replaced) comes back
// empty: its signature then fails and the release flow rejects it, instead of
// the held queue getting stuck forever.
function unseal(key: Uint8Array | null, eventId: string, sealed: Uint8Array): Uint8Array {
  if (!key) return new Uint8Array(0)
  try {
    return openHeld(key, eventId, sealed)
  } catch {
    return new Uint8Array(0)
  }
}
