// A stream's chart from a real store file: scripted events, transitions and viewer samples
// in, one series out — spans clipped to the window, the sample before it, markers, event
// buckets (edges included), the thinning of a week of samples, and the index each read uses.
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import { SERIES_LIFECYCLE_SQL, SERIES_SQL } from '../../src/main/core/store/series-query.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'
import { MAX_VIEWER_POINTS } from '../../src/shared/series.ts'
import { HOLD_KEY, makeEvent, makeTransition, type TempDir, tempDir } from '../support/store-fixtures.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
/** A whole hour, so one-minute buckets start on it. */
const T0 = Date.UTC(2026, 11, 6, 10, 0, 0)
const S = 'stream-a'

let tmp: TempDir
let store: StoreHandle

beforeEach(async () => {
  tmp = tempDir('fpm-series-')
  store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })
})
afterEach(async () => {
  await store.close()
  tmp.remove()
})

let n = 0
function lifecycle(type: string, at: number, status = 'active', streamId = S): MonitorEvent {
  n++
  return makeEvent(`ev-${n}`, {
    type: `video.live_stream.${type}`,
    streamId,
    occurredAt: at,
    receivedAt: at + 50,
    payload: { id: `ev-${n}`, type: `video.live_stream.${type}`, data: { status } },
  })
}
const other = (at: number, streamId = S): MonitorEvent => lifecycle('recording', at, 'active', streamId)

describe('store: a stream series', () => {
  it('is empty, with zero buckets, for a stream nothing is kept of', async () => {
    const series = await store.streamSeries({ streamId: 'nobody', from: T0, to: T0 + HOUR })
    expect(series).toMatchObject({ streamId: 'nobody', from: T0, to: T0 + HOUR, bucketMs: MIN })
    expect(series.viewers).toEqual([])
    expect(series.health).toEqual([])
    expect(series.markers).toEqual([])
    expect(series.events).toHaveLength(60)
    expect(series.events.every((b) => b.count === 0)).toBe(true)
    expect(series.events[0]?.at).toBe(T0)
  })

  it('tells one scripted hour: viewers, health spans, disconnect, reconnect, target outage, events', async () => {
    const from = T0
    const to = T0 + HOUR
    // Before the window: live and healthy since 09:50, 40 viewers at 09:59.
    await store.commitTransitions([
      makeTransition(S, T0 - 10 * MIN, { fromHealth: null, toHealth: 'healthy', reason: 'live' }),
      makeTransition(S, T0 + 10 * MIN, { fromHealth: 'healthy', toHealth: 'down' }),
      makeTransition(S, T0 + 10 * MIN + 30_000, { fromHealth: 'down', toHealth: 'healthy' }),
      // A status change with the same health does not split the span.
      makeTransition(S, T0 + 20 * MIN, { fromHealth: 'healthy', toHealth: 'healthy', toStatus: 'active' }),
      makeTransition(S, T0 + 40 * MIN, { fromHealth: 'healthy', toHealth: 'offline', toStatus: 'idle' }),
      makeTransition(S, T0 + 2 * HOUR, { fromHealth: 'offline', toHealth: 'healthy' }),
      makeTransition(S, T0 + 25 * MIN, {
        targetId: 'tgt-1',
        fromHealth: 'healthy',
        toHealth: 'degraded',
        fromStatus: 'broadcasting',
        toStatus: 'stalled',
      }),
      makeTransition(S, T0 + 27 * MIN, {
        targetId: 'tgt-1',
        fromHealth: 'degraded',
        toHealth: 'down',
        fromStatus: 'stalled',
        toStatus: 'waiting',
      }),
      makeTransition(S, T0 + 30 * MIN, {
        targetId: 'tgt-1',
        fromHealth: 'down',
        toHealth: 'healthy',
        fromStatus: 'waiting',
        toStatus: 'broadcasting',
      }),
      // Another stream's transition is not this stream's.
      makeTransition('stream-b', T0 + 5 * MIN, { fromHealth: 'healthy', toHealth: 'down' }),
    ])
    await store.commitViewerSamples([
      { streamId: S, at: T0 - 5 * MIN, count: 30 },
      { streamId: S, at: T0 - MIN, count: 40 },
      { streamId: S, at: T0, count: 41 },
      { streamId: S, at: T0 + 30 * MIN, count: 1200 },
      { streamId: S, at: to, count: 9 },
      { streamId: 'stream-b', at: T0 + MIN, count: 5 },
    ])
    const events = [
      lifecycle('active', T0 - 10 * MIN),
      lifecycle('disconnected', T0 + 10 * MIN),
      // A second "disconnected" while away is no new disconnect.
      lifecycle('disconnected', T0 + 10 * MIN + 5000),
      lifecycle('connected', T0 + 10 * MIN + 30_000),
      other(T0 + 10 * MIN + 30_000),
      other(T0 + MIN - 1),
      other(T0 + MIN),
      lifecycle('idle', T0 + 40 * MIN, 'idle'),
      // After the broadcast ended, a connect is not a reconnect.
      lifecycle('connected', T0 + 50 * MIN, 'preparing'),
      other(to),
      other(T0 + 5 * MIN, 'stream-b'),
    ]
    for (const e of events) await store.commitEvent(e)

    const series = await store.streamSeries({ streamId: S, from, to })
    expect(series.viewers).toEqual([
      { at: T0 - MIN, count: 40 },
      { at: T0, count: 41 },
      { at: T0 + 30 * MIN, count: 1200 },
    ])
    expect(series.health).toEqual([
      { from, to: T0 + 10 * MIN, health: 'healthy' },
      { from: T0 + 10 * MIN, to: T0 + 10 * MIN + 30_000, health: 'down' },
      { from: T0 + 10 * MIN + 30_000, to: T0 + 40 * MIN, health: 'healthy' },
      { from: T0 + 40 * MIN, to, health: 'offline' },
    ])
    expect(series.markers).toEqual([
      { at: T0 + 10 * MIN, kind: 'disconnect', label: 'Encoder disconnected' },
      { at: T0 + 10 * MIN + 30_000, kind: 'reconnect', label: 'Encoder reconnected after 30 s' },
      {
        at: T0 + 25 * MIN,
        kind: 'target-down',
        label: 'tgt-1 stalled',
        targetId: 'tgt-1',
        state: 'stalled',
      },
      {
        at: T0 + 30 * MIN,
        kind: 'target-up',
        label: 'tgt-1 broadcasting again',
        targetId: 'tgt-1',
        state: 'broadcasting',
      },
    ])
    expect(series.bucketMs).toBe(MIN)
    expect(series.events).toHaveLength(60)
    const count = (at: number): number | undefined => series.events.find((b) => b.at === at)?.count
    // 10:00:59.999 in the first bucket; 10:01:00 exactly in the second; `to` itself left out.
    expect(count(T0)).toBe(1)
    expect(count(T0 + MIN)).toBe(1)
    expect(count(T0 + 10 * MIN)).toBe(4)
    expect(count(T0 + 40 * MIN)).toBe(1)
    expect(count(T0 + 50 * MIN)).toBe(1)
    expect(series.events.reduce((sum, b) => sum + b.count, 0)).toBe(8)
  })

  it('starts where a stream first seen inside the window begins, and carries a disconnect from before it', async () => {
    await store.commitTransitions([
      makeTransition(S, T0 + 20 * MIN, { fromHealth: null, toHealth: 'unknown' }),
      makeTransition(S, T0 + 21 * MIN, { fromHealth: 'unknown', toHealth: 'down' }),
    ])
    await store.commitEvent(lifecycle('active', T0 + 20 * MIN))
    await store.commitEvent(lifecycle('disconnected', T0 + 21 * MIN))
    await store.commitEvent(lifecycle('connected', T0 + 70 * MIN))
    const first = await store.streamSeries({ streamId: S, from: T0, to: T0 + HOUR })
    expect(first.health).toEqual([
      { from: T0 + 20 * MIN, to: T0 + 21 * MIN, health: 'unknown' },
      { from: T0 + 21 * MIN, to: T0 + HOUR, health: 'down' },
    ])
    // The next hour: down from its start, and the reconnect knows when the encoder left.
    const next = await store.streamSeries({ streamId: S, from: T0 + HOUR, to: T0 + 2 * HOUR })
    expect(next.health).toEqual([{ from: T0 + HOUR, to: T0 + 2 * HOUR, health: 'down' }])
    expect(next.markers).toEqual([
      { at: T0 + 70 * MIN, kind: 'reconnect', label: 'Encoder reconnected after 49 min' },
    ])
  })

  it('answers 7 days of samples every 30 s in at most 2,000 points that keep the peaks, 30-min event buckets', async () => {
    const from = T0
    const to = T0 + 7 * DAY
    const samples = []
    for (let at = from; at < to; at += 30_000)
      samples.push({ streamId: S, at, count: 100 + ((at / 30_000) % 7) })
    const peakAt = from + 3 * DAY + 30_000 * 17
    samples[(peakAt - from) / 30_000] = { streamId: S, at: peakAt, count: 99_999 }
    for (let i = 0; i < samples.length; i += 5000) await store.commitViewerSamples(samples.slice(i, i + 5000))
    expect(samples.length).toBe(20_160)
    for (let i = 0; i < 50; i++) await store.commitEvent(other(from + i * 3 * HOUR))

    const series = await store.streamSeries({ streamId: S, from, to })
    expect(series.viewers.length).toBeLessThanOrEqual(MAX_VIEWER_POINTS)
    expect(series.viewers.length).toBeGreaterThan(MAX_VIEWER_POINTS * 0.9)
    expect(series.viewers).toContainEqual({ at: peakAt, count: 99_999 })
    const times = series.viewers.map((v) => v.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(series.bucketMs).toBe(30 * MIN)
    expect(series.events).toHaveLength(336)
    expect(series.events.reduce((sum, b) => sum + b.count, 0)).toBe(50)
  })

  it('places late deliveries by event time: counted in their bucket, and the window opens in the state they set', async () => {
    const late = (e: MonitorEvent, receivedAt: number): MonitorEvent => ({ ...e, receivedAt })
    const from = T0
    const to = T0 + HOUR
    // Other traffic on time, so the window's first seq is not the first one ever.
    await store.commitEvent(other(T0 - 3 * HOUR, 'stream-b'))
    await store.commitEvent(other(T0 + 5 * MIN, 'stream-b'))
    // The encoder dropped at 09:58 (before the window); that webhook came at 10:20.
    await store.commitEvent(late(lifecycle('disconnected', T0 - 2 * MIN), T0 + 20 * MIN))
    // Two events of 10:07 that arrived two hours later (after the window too).
    await store.commitEvent(late(other(T0 + 7 * MIN), T0 + 3 * HOUR))
    await store.commitEvent(late(lifecycle('connected', T0 + 7 * MIN + 5_000), T0 + 3 * HOUR))
    const series = await store.streamSeries({ streamId: S, from, to })
    const bucket = series.events.find((b) => b.at === T0 + 7 * MIN)
    expect(bucket?.count).toBe(2)
    expect(series.events.reduce((sum, b) => sum + b.count, 0)).toBe(2)
    // Away since before the window: the reconnect (the recording event says the encoder is
    // back) is a marker, after 9 min; no disconnect inside the window.
    expect(series.markers.map((m) => [m.kind, m.at, m.label])).toEqual([
      ['reconnect', T0 + 7 * MIN, 'Encoder reconnected after 9 min'],
    ])
  })

  it('reads every part through an index (EXPLAIN QUERY PLAN)', async () => {
    await store.commitEvent(other(T0))
    const db = new DatabaseSync(tmp.file, { readOnly: true })
    try {
      const plan = (sql: string, params: (number | string)[]): string =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join(' | ')
      const checks: [string, (number | string)[], RegExp][] = [
        [SERIES_SQL.viewerCount, [S, 0, 1], /USING COVERING INDEX viewer_samples_stream_at/],
        [SERIES_SQL.viewers, [S, 0, 1], /USING INDEX viewer_samples_stream_at/],
        [SERIES_SQL.viewerPeaks, [S, 0, 1, 0, 10], /USING INDEX viewer_samples_stream_at/],
        [SERIES_SQL.viewerBefore, [S, 1], /USING INDEX viewer_samples_stream_at/],
        [SERIES_SQL.health, [S, 0, 1], /USING INDEX transitions_stream_at/],
        [SERIES_SQL.healthBefore, [S, 1], /USING INDEX transitions_stream_at/],
        [SERIES_SQL.targets, [S, 0, 1], /USING INDEX transitions_stream_at/],
        [
          SERIES_SQL.eventBuckets,
          [MIN, 1, 0, 0, 1],
          /USING INDEX events_stream_seq \(stream_id=\? AND seq>\?\)/,
        ],
        [
          SERIES_LIFECYCLE_SQL.since,
          [1, 0, 1, '[1]'],
          /USING INDEX events_stream_seq \(stream_id=\? AND seq>\?\)/,
        ],
        [
          SERIES_LIFECYCLE_SQL.before,
          [1, 1, '[1]'],
          /USING INDEX events_stream_seq \(stream_id=\? AND seq<\?\)/,
        ],
      ]
      for (const [sql, params, expected] of checks) {
        const detail = plan(sql, params)
        expect(detail, sql).toMatch(expected)
        expect(detail, sql).toMatch(/\(stream_id=\? AND /)
      }
      expect(plan(SERIES_SQL.firstSeq, [0])).toMatch(
        /USING COVERING INDEX events_received_at \(received_at>\?\)/,
      )
    } finally {
      db.close()
    }
  })
})
