// streamSeries: one stream's chart over a window, in a handful of index range reads
// (the plans are pinned with INDEXED BY, as in event-query.ts; the integration test checks
// them with EXPLAIN QUERY PLAN). Bounded for the longest window (8 days):
//   viewers  — (stream_id, at) range; past MAX_VIEWER_POINTS samples (7 days every 30 s is
//              ~20,000) they are thinned in SQL to the largest sample of each equal slice, so
//              peaks survive and at most MAX_VIEWER_POINTS points leave the worker;
//   health   — (stream_id, at) range of the stream's own transitions, plus the one before;
//   markers  — the encoder's lifecycle events of the window and the target transitions in it;
//   events   — count(*) per bucket, ≤ MAX_BUCKETS buckets.
// Events are placed by event time (occurredAt), like the health they explain. No index on
// event time is kept (P5: each event stays under 1 KiB on disk with its indexes): an event
// is never received before it happened, give or take the skew the intake allows (it places
// anything further ahead at its arrival), so every event of the window was stored after the
// first one received at `from − EARLY_MS`. The stream's events from that seq on are read
// through (stream_id, seq), late deliveries included.
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { Health, TargetState } from '../../../shared/domain.ts'
import { RECONCILED } from '../../../shared/event-types.ts'
import {
  bucketMsFor,
  bucketStart,
  MAX_VIEWER_POINTS,
  type SeriesMarker,
  type StreamSeries,
  targetMarkerLabel,
} from '../../../shared/series.ts'
import { CONNECTION_BY_TYPE } from '../events/event-types.ts'
import { factsOf } from '../events/facts.ts'
import { all, get } from './db.ts'
import type { Names } from './names.ts'

export interface SeriesArgs {
  streamId: string
  from: number
  to: number
}

/** The statements streamSeries runs, by name (exported for the EXPLAIN QUERY PLAN test). */
export const SERIES_SQL = {
  viewerCount: `SELECT count(*) AS n FROM viewer_samples INDEXED BY viewer_samples_stream_at
    WHERE stream_id = ? AND at >= ? AND at < ?`,
  viewers: `SELECT at, count FROM viewer_samples INDEXED BY viewer_samples_stream_at
    WHERE stream_id = ? AND at >= ? AND at < ? ORDER BY at, seq`,
  // SQLite gives the bare column `at` of the row holding max(count): the peak keeps its time.
  viewerPeaks: `SELECT at, max(count) AS count FROM viewer_samples INDEXED BY viewer_samples_stream_at
    WHERE stream_id = ? AND at >= ? AND at < ? GROUP BY CAST((at - ?) / ? AS INTEGER) ORDER BY at`,
  viewerBefore: `SELECT at, count FROM viewer_samples INDEXED BY viewer_samples_stream_at
    WHERE stream_id = ? AND at < ? ORDER BY at DESC, seq DESC LIMIT 1`,
  health: `SELECT at, to_health AS health FROM transitions INDEXED BY transitions_stream_at
    WHERE stream_id = ? AND target_id IS NULL AND at >= ? AND at < ? ORDER BY at, seq`,
  healthBefore: `SELECT at, to_health AS health FROM transitions INDEXED BY transitions_stream_at
    WHERE stream_id = ? AND target_id IS NULL AND at < ? ORDER BY at DESC, seq DESC LIMIT 1`,
  targets: `SELECT target_id AS targetId, at, from_status AS fromStatus, to_status AS toStatus, reason
    FROM transitions INDEXED BY transitions_stream_at
    WHERE stream_id = ? AND target_id IS NOT NULL AND at >= ? AND at < ? ORDER BY at, seq`,
  // The lowest seq among the first deliveries received at or after a moment (commits may
  // reorder deliveries that arrived within a few ms of each other).
  firstSeq: `SELECT min(seq) AS seq FROM (SELECT seq FROM events INDEXED BY events_received_at
    WHERE received_at >= ? ORDER BY received_at LIMIT 1000)`,
  // `%` works on integers (a bound JS number arrives as a REAL; `/` would not truncate).
  eventBuckets: `SELECT occurred_at - occurred_at % ? AS at, count(*) AS count
    FROM events INDEXED BY events_stream_seq
    WHERE stream_id = ? AND seq >= ? AND occurred_at >= ? AND occurred_at < ? GROUP BY 1`,
} as const

/** The lifecycle reads take the type refs as a JSON array (one statement whatever their number). */
export const SERIES_LIFECYCLE_SQL = {
  // From the window's first seq: the window's own, and any that happened before it but came late.
  since: `SELECT occurred_at AS at, type, payload FROM events INDEXED BY events_stream_seq
    WHERE stream_id = ? AND seq >= ? AND occurred_at < ?
      AND type IN (SELECT value FROM json_each(?)) ORDER BY occurred_at, seq`,
  // Stored before the window's first seq, so happened before it: the newest few by arrival.
  before: `SELECT occurred_at AS at, type, payload FROM events INDEXED BY events_stream_seq
    WHERE stream_id = ? AND seq < ?
      AND type IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT 50`,
} as const

/** How far before `from` the window's first delivery is looked for: the intake's 5 min skew, and a minute more. */
export const EARLY_MS = 6 * 60_000

/** Target states that are an outage on the chart (as in the broadcast report). */
const OUTAGE: ReadonlySet<string> = new Set(['stalled', 'waiting', 'disabled'])
const ENDS: ReadonlySet<string> = new Set(['idle', 'disabled', 'deleted'])
const LIFECYCLE_TYPES = [...Object.keys(CONNECTION_BY_TYPE), RECONCILED]

interface LifecycleRow {
  at: number
  type: number
  payload: string
}

export function createSeriesQuery(
  db: DatabaseSync,
  names: Names,
): (args: SeriesArgs) => Promise<StreamSeries> {
  const s = Object.fromEntries(Object.entries(SERIES_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<
    keyof typeof SERIES_SQL,
    StatementSync
  >
  const lifecycle = {
    since: db.prepare(SERIES_LIFECYCLE_SQL.since),
    before: db.prepare(SERIES_LIFECYCLE_SQL.before),
  }
  /** The first seq a delivery of the window can have (past every stored one when none came since). */
  const firstSeqOf = (from: number): number =>
    get<{ seq: number | null }>(s.firstSeq, from - EARLY_MS)?.seq ?? Number.MAX_SAFE_INTEGER

  function viewers({ streamId, from, to }: SeriesArgs): StreamSeries['viewers'] {
    const before = get<{ at: number; count: number }>(s.viewerBefore, streamId, from)
    const n = get<{ n: number }>(s.viewerCount, streamId, from, to)?.n ?? 0
    const slice = Math.ceil((to - from) / MAX_VIEWER_POINTS)
    const rows =
      n <= MAX_VIEWER_POINTS
        ? all<{ at: number; count: number }>(s.viewers, streamId, from, to)
        : all<{ at: number; count: number }>(s.viewerPeaks, streamId, from, to, from, slice)
    const out = rows.map((r) => ({ at: r.at, count: r.count }))
    return before ? [{ at: before.at, count: before.count }, ...out] : out
  }

  function health({ streamId, from, to }: SeriesArgs): StreamSeries['health'] {
    const spans: StreamSeries['health'] = []
    const before = get<{ health: Health }>(s.healthBefore, streamId, from)
    let current: Health | null = before?.health ?? null
    let since = from
    const close = (at: number): void => {
      if (current === null || at <= since) return
      const last = spans[spans.length - 1]
      if (last && last.health === current && last.to === since) last.to = at
      else spans.push({ from: since, to: at, health: current })
    }
    for (const t of all<{ at: number; health: Health }>(s.health, streamId, from, to)) {
      close(t.at)
      current = t.health
      since = t.at
    }
    close(to)
    return spans
  }

  function encoderMarkers(streamRef: number, { from, to }: SeriesArgs, firstSeq: number): SeriesMarker[] {
    const refs = LIFECYCLE_TYPES.map((t) => names.find(t)).filter((r): r is number => r !== null)
    if (refs.length === 0) return []
    const json = JSON.stringify(refs)
    const fact = (r: LifecycleRow) => {
      const type = names.value(r.type)
      let payload: Record<string, unknown> = {}
      try {
        payload = JSON.parse(r.payload) as Record<string, unknown>
      } catch {}
      return { at: r.at, ...factsOf({ type, payload }) }
    }
    const out: SeriesMarker[] = []
    // Away: the encoder left a live stream (a disconnect, not the end of the broadcast).
    let away: number | null = null
    const rows = all<LifecycleRow>(lifecycle.since, streamRef, firstSeq, to, json)
    const early = all<LifecycleRow>(lifecycle.before, streamRef, firstSeq, json)
    // The state the window opens in: the last lifecycle event (by event time) before it.
    let previous: LifecycleRow | undefined
    for (const r of [...early, ...rows]) {
      if (r.at < from && (previous === undefined || r.at >= previous.at)) previous = r
    }
    if (previous) {
      const f = fact(previous)
      if (f.connection === 'disconnected' && !(f.status && ENDS.has(f.status))) away = f.at
    }
    for (const row of rows) {
      if (row.at < from) continue
      const f = fact(row)
      if (f.status && ENDS.has(f.status)) away = null
      else if (f.connection === 'disconnected' && away === null) {
        away = f.at
        out.push({ at: f.at, kind: 'disconnect', label: 'Encoder disconnected' })
      } else if (f.connection === 'connected' && away !== null) {
        out.push({
          at: f.at,
          kind: 'reconnect',
          label: `Encoder reconnected after ${gapWords(f.at - away)}`,
        })
        away = null
      }
    }
    return out
  }

  function targetMarkers({ streamId, from, to }: SeriesArgs): SeriesMarker[] {
    const rows = all<{
      targetId: string
      at: number
      fromStatus: string | null
      toStatus: string
      reason: string
    }>(s.targets, streamId, from, to)
    const out: SeriesMarker[] = []
    for (const r of rows) {
      const wasDown = r.fromStatus !== null && OUTAGE.has(r.fromStatus)
      const isDown = OUTAGE.has(r.toStatus)
      if (isDown === wasDown) continue
      const kind = isDown ? 'target-down' : 'target-up'
      const state = r.toStatus as TargetState
      out.push({
        at: r.at,
        kind,
        label: targetMarkerLabel(kind, r.targetId, state),
        targetId: r.targetId,
        state,
      })
    }
    return out
  }

  function events(streamRef: number | null, { from, to }: SeriesArgs, bucketMs: number, firstSeq: number) {
    const counts = new Map<number, number>()
    if (streamRef !== null) {
      for (const r of all<{ at: number; count: number }>(
        s.eventBuckets,
        bucketMs,
        streamRef,
        firstSeq,
        from,
        to,
      )) {
        counts.set(r.at, r.count)
      }
    }
    const out: StreamSeries['events'] = []
    for (let at = bucketStart(from, bucketMs); at < to; at += bucketMs)
      out.push({ at, count: counts.get(at) ?? 0 })
    return out
  }

  return async (args) => {
    const bucketMs = bucketMsFor(args.to - args.from)
    const streamRef = names.find(args.streamId)
    const firstSeq = streamRef === null ? 0 : firstSeqOf(args.from)
    const markers = [
      ...(streamRef === null ? [] : encoderMarkers(streamRef, args, firstSeq)),
      ...targetMarkers(args),
    ].sort((a, b) => a.at - b.at)
    return {
      streamId: args.streamId,
      from: args.from,
      to: args.to,
      viewers: viewers(args),
      health: health(args),
      markers,
      bucketMs,
      events: events(streamRef, args, bucketMs, firstSeq),
    }
  }
}

function gapWords(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return s % 60 === 0 || m >= 10 ? `${m} min` : `${m} min ${s % 60} s`
}
