// P5, scale of history: fill a store with N realistic (redacted) FastPix events
// over ~1,000 streams, then measure what a user waits for on the next launch
// (open + counters + snapshots + first page), filtered query p95, text search
// p95 and bytes on disk per event. Progress goes to stderr.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/store/db.ts'
import { createNames } from '../src/main/core/store/names.ts'
import { openStore } from '../src/main/core/store/open-store.ts'
import type { WriteOp } from '../src/main/core/store/protocol.ts'
import { createWriter } from '../src/main/core/store/writes.ts'
import type { EventQuery } from '../src/shared/api.ts'
import type { MonitorEvent, StreamSnapshot } from '../src/shared/domain.ts'

export interface HistoryResult {
  events: number
  bytesPerEvent: number
  openMs: number
  firstDataMs: number
  filteredQueryP95Ms: number
  textQueryP95Ms: number
}

const LIVE = [
  'created',
  'connected',
  'preparing',
  'active',
  'recording',
  'disconnected',
  'connected',
  'active',
]
const LIVE_END = ['disconnected', 'idle', 'updated']
const SIMULCAST = ['created', 'starting', 'broadcasting', 'updated', 'deleted']
const WORKSPACE = { id: '0b6f7a3c-0000-4000-8000-00000000000a', name: 'Production' }
const DAY = 86_400_000
const log = (m: string): void => void process.stderr.write(`[store-history] ${m}\n`)

export const benchStreamId = (n: number): string =>
  `${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}a1ed03fd4e100b807082a1b2`

/**
 * Event `i` of a history: streams take turns; each walks a live lifecycle with
 * simulcast target events mixed in. Payloads are shaped like FastPix's with
 * secrets already redacted, ~600–870 bytes minified (~790 on average).
 */
export function historyEvent(i: number, receivedAt: number, streams = 1000): MonitorEvent {
  const stream = i % streams
  const streamId = benchStreamId(stream)
  const step = Math.floor(i / streams)
  const createdAt = new Date(receivedAt - 40 - (i % 200)).toISOString()
  const simulcast = step % 4 === 3
  const simulcastId = simulcast ? benchStreamId(stream + 50_000) : null
  const name = simulcast
    ? `simulcast_target.${SIMULCAST[step % SIMULCAST.length]}`
    : step % 9 === 8
      ? LIVE_END[step % LIVE_END.length]
      : LIVE[step % LIVE.length]
  const type = `video.live_stream.${name}`
  const status =
    name === 'idle' || name === 'created' ? 'idle' : name === 'preparing' ? 'preparing' : 'active'
  const data = simulcast
    ? {
        simulcastId,
        livestreamId: streamId,
        rtmpUrl: 'rtmp://hyd01.contribute.live-video.net/app/[redacted]',
        streamKey: '[redacted]',
        isEnabled: true,
        metadata: { platform: stream % 2 ? 'twitch' : 'youtube' },
      }
    : {
        streamId,
        streamKey: '[redacted]',
        srtSecret: '[redacted]',
        trial: false,
        status,
        maxResolution: '1080p',
        maxDuration: 0,
        createdAt: '2026-05-20T12:50:15.267974Z',
        reconnectWindow: 60,
        enableRecording: true,
        enableDvrMode: false,
        mediaPolicy: 'public',
        metadata: { name: `Studio camera ${stream}` },
        lowLatency: false,
        closedCaptions: false,
        playbackIds: [{ id: randomUUID(), accessPolicy: 'public' }],
        srtPlaybackResponse: { srtPlaybackStreamId: `play${streamId}`, srtPlaybackSecret: '[redacted]' },
      }
  const id = randomUUID()
  const payload = {
    type,
    object: { type: 'live', id: streamId },
    id,
    workspace: WORKSPACE,
    data,
    createdAt,
    attempts: [],
  }
  return {
    id,
    type,
    streamId,
    simulcastId,
    workspaceId: WORKSPACE.id,
    occurredAt: Date.parse(createdAt),
    receivedAt,
    verification: 'verified',
    duplicateCount: 0,
    payload,
  }
}

const HOLD_KEY = Buffer.alloc(32, 9)
const TRANSITION = {
  fromHealth: 'healthy',
  toHealth: 'down',
  fromStatus: 'active',
  toStatus: 'active',
  reason: 'encoder disconnected',
  cause: 'event',
} as const
const FILL_BATCH = 5000

/**
 * Fills `file` through the store's own db module and writer (big transactions,
 * synchronous=OFF for the fill only): events over the last 20 days, 1% of them
 * delivered twice, a few held, one snapshot per stream, a transition per 10 events.
 */
export function fillHistory(file: string, events: number, streams = 1000): void {
  const { db } = openDatabase(file)
  db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -262144')
  const writer = createWriter(db, createNames(db), HOLD_KEY)
  const end = Date.now()
  const start = end - 20 * DAY
  const step = (end - start) / events
  const started = performance.now()
  let ops: WriteOp[] = []
  const flush = (): void => {
    const failed = writer.runBatch(ops).find((r) => !r.ok)
    if (failed && !failed.ok) throw new Error(failed.error.message)
    ops = []
  }
  for (let i = 0; i < events; i++) {
    // A little arrival jitter: received_at is only roughly in seq order, as in life.
    const at = Math.round(start + i * step + ((i * 7919) % 50))
    const e = historyEvent(i, at, streams)
    const held = i > events - 20 ? { raw: Buffer.from(JSON.stringify(e.payload)), signature: 'sig' } : null
    ops.push({ op: 'event', event: { ...e, payload: JSON.stringify(e.payload) }, held })
    if (i % 100 === 99)
      ops.push({ op: 'event', event: { ...e, receivedAt: at + 900, payload: '{}' }, held: null })
    if (i % 10 === 0) {
      const t = { streamId: e.streamId ?? '', targetId: e.simulcastId, at: e.occurredAt, eventId: e.id }
      ops.push({ op: 'transitions', transitions: [{ ...TRANSITION, ...t }] })
    }
    if (ops.length >= FILL_BATCH) flush()
    if (i % 100_000 === 99_999) {
      const s = (performance.now() - started) / 1000
      log(`filled ${(i + 1).toLocaleString()} events in ${s.toFixed(1)} s`)
    }
  }
  for (let n = 0; n < streams; n += 100) {
    const snapshots = Array.from({ length: Math.min(100, streams - n) }, (_, k) => snapshot(n + k, end))
    ops.push({
      op: 'snapshots',
      snapshots: snapshots.map((x) => ({ id: x.id, json: JSON.stringify(x) })),
      throughSeq: events,
    })
  }
  flush()
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  const parts = db
    .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
    .all()
  log(
    `bytes per event by table/index: ${parts.map((p) => `${p.name} ${(Number(p.bytes) / events).toFixed(1)}`).join(', ')}`,
  )
  db.close()
  log(
    `fill done: ${events.toLocaleString()} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
}

function snapshot(n: number, at: number): StreamSnapshot {
  return {
    id: benchStreamId(n),
    name: `Studio camera ${n}`,
    status: 'active',
    connection: 'connected',
    health: 'healthy',
    healthReason: 'live and connected',
    statusSince: at - 3_600_000,
    healthSince: at - 3_600_000,
    reconnectDeadline: null,
    reconnectWindowSec: 60,
    recording: true,
    recentDisconnects: [at - 600_000],
    lastEventAt: at - 1000,
    lastEventType: 'video.live_stream.active',
    lastEventId: randomUUID(),
    viewerCount: 42,
    simulcastTargets: [
      {
        id: benchStreamId(n + 50_000),
        state: 'broadcasting',
        reportedState: 'broadcasting',
        enabled: true,
        stateSince: at - 3_000_000,
        lastEventAt: at - 3_000_000,
        lastEventType: 'video.live_stream.simulcast_target.broadcasting',
        destination: 'rtmp://hyd01.contribute.live-video.net/app',
        displayName: 'Twitch',
        reason: null,
      },
    ],
    evaluatedAt: at,
  }
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

const summary = (name: string, ms: number[]): string =>
  `${name}: ${ms.length} queries, p95 ${p95(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

export async function benchHistory(opts: { events?: number; streams?: number } = {}): Promise<HistoryResult> {
  const events = opts.events ?? 1_000_000
  const streams = opts.streams ?? 1000
  const dir = await mkdtemp(join(tmpdir(), 'fpm-store-history-'))
  const file = join(dir, 'monitor.sqlite')
  try {
    fillHistory(file, events, streams)
    const bytes = (await stat(file)).size
    const bytesPerEvent = bytes / events
    log(`file ${(bytes / 1048576).toFixed(0)} MiB = ${bytesPerEvent.toFixed(0)} bytes per event`)

    // What the app does at launch, timed from the call to openStore.
    const t0 = performance.now()
    const store = await openStore({ file, holdKey: HOLD_KEY })
    const openMs = performance.now() - t0
    await store.counters()
    const restored = await store.loadSnapshots()
    const first = await store.queryEvents({ limit: 100 })
    const firstDataMs = performance.now() - t0
    log(
      `open ${openMs.toFixed(0)} ms, first data ${firstDataMs.toFixed(0)} ms (${restored.snapshots.length} snapshots, ${first.events.length} events)`,
    )

    try {
      const groups = filteredQueries(first.events[0]?.receivedAt ?? Date.now(), streams)
      const all: number[] = []
      for (const [name, queries] of Object.entries(groups)) {
        const samples: number[] = []
        for (const q of queries) samples.push(await timed(() => store.queryEvents(q)))
        all.push(...samples)
        log(summary(name, samples))
      }
      const text: number[] = []
      for (const q of textQueries(streams)) text.push(await timed(() => store.queryEvents(q)))
      log(summary('text', text))
      const filteredQueryP95Ms = p95(all)
      return { events, bytesPerEvent, openMs, firstDataMs, filteredQueryP95Ms, textQueryP95Ms: p95(text) }
    } finally {
      await store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Deterministic picks, so runs compare. */
function filteredQueries(newest: number, streams: number): Record<string, EventQuery[]> {
  const verifications = ['verified', 'unverified'] as const
  let seed = 42
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const types = [...LIVE, ...LIVE_END].map((t) => `video.live_stream.${t}`)
  const n = 60
  const span = 20 * DAY
  return {
    'by stream': Array.from({ length: n }, () => ({ streamId: benchStreamId(Math.floor(rand() * streams)) })),
    'by type': Array.from({ length: n }, (_, i) => ({
      types: i % 4 === 0 ? [pick(types), pick(types)] : [pick(types)],
    })),
    'by time range': Array.from({ length: n }, (_, i) => {
      const width = [3_600_000, 6 * 3_600_000, DAY][i % 3] as number
      const to = i % 4 === 0 ? undefined : newest - rand() * (span - width)
      return { from: (to ?? newest) - width, ...(to === undefined ? {} : { to }) }
    }),
    verification: Array.from({ length: n }, (_, i) => ({ verification: verifications[i % 2] })),
    'stream + types': Array.from({ length: n / 2 }, () => ({
      streamId: benchStreamId(Math.floor(rand() * streams)),
      types: ['video.live_stream.active', 'video.live_stream.disconnected'],
      limit: 20,
    })),
    duplicates: Array.from({ length: n / 2 }, () => ({ duplicate: true })),
  }
}

function textQueries(streams: number): EventQuery[] {
  return [
    ...Array.from({ length: 10 }, (_, i) => ({ text: `studio camera ${(i * 97) % streams}"` })),
    ...Array.from({ length: 6 }, () => ({ text: 'youtube' })),
    ...Array.from({ length: 4 }, (_, i) => ({ text: `no-such-thing-${i}` })),
  ]
}
