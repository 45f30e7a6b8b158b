// Informational (issue 12, "Ingest"): durable commits of signed-size events (~900-byte
// deliveries, bench/support/payload.ts) through the SQLite store and the PostgreSQL store,
// 50 commits in flight each, in short alternating rounds so a shared machine's load hits
// both alike. Prints events/s of each, events per transaction, and PostgreSQL / SQLite.
// Run: `node bench/pg-ingest.ts [seconds]` (Node 24; needs PostgreSQL's server binaries).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { payloadJson } from '../src/main/core/events/redact-json.ts'
import { openStore } from '../src/main/core/store/open-store.ts'
import { type CoreStore, openPgStore } from '../src/main/core/store-pg/index.ts'
import type { MonitorEvent } from '../src/shared/domain.ts'
import { findPostgres, startPostgres } from '../test/support/postgres.ts'
import { eventBody } from './support/payload.ts'

export interface PgIngestResult {
  sqlitePerSec: number
  postgresPerSec: number
  /** PostgreSQL events/s ÷ SQLite events/s. */
  ratio: number
  sqliteEventsPerTx: number
  postgresEventsPerTx: number
  payloadBytes: number
}

const IN_FLIGHT = 50
const ROUNDS = 4

type Tally = { events: number; ms: number; transactions: number }

const log = (m: string): void => void process.stderr.write(`[pg-ingest] ${m}\n`)

function events(count: number): MonitorEvent[] {
  const now = Date.now()
  return Array.from({ length: count }, (_, i) => {
    const payload = JSON.parse(eventBody(i, 1000, now)) as Record<string, unknown> & {
      id: string
      type: string
      object: { id: string }
    }
    return {
      id: payload.id,
      type: payload.type,
      streamId: payload.object.id,
      simulcastId: null,
      workspaceId: '0b6f7a3c-0000-4000-8000-00000000000a',
      occurredAt: now,
      receivedAt: now,
      verification: 'verified',
      duplicateCount: 0,
      payload,
    }
  })
}

/** IN_FLIGHT loops, each awaiting its commit before the next, for `ms`; fresh ids every time. */
async function run(store: CoreStore, ms: number, next: () => MonitorEvent): Promise<Tally> {
  const before = await store.writeCounts()
  const start = performance.now()
  const deadline = start + ms
  let count = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        const outcome = await store.commitEvent(next())
        if (outcome.outcome !== 'stored')
          throw new Error(`pg-ingest: expected stored, got ${outcome.outcome}`)
        count++
      }
    }),
  )
  const elapsed = performance.now() - start
  const after = await store.writeCounts()
  return { events: count, ms: elapsed, transactions: after.transactions - before.transactions }
}

export async function benchPgIngest(opts: { seconds?: number } = {}): Promise<PgIngestResult> {
  const found = findPostgres()
  if ('missing' in found) throw new Error(`pg-ingest: ${found.missing}`)
  const ms = (opts.seconds ?? 4) * 1000
  const templates = events(500)
  let i = 0
  const next = (): MonitorEvent => {
    const t = templates[i % templates.length] as MonitorEvent
    const id = `${t.id}-${i++}`
    return { ...t, id, receivedAt: Date.now(), payload: { ...t.payload, id } }
  }
  const dir = await mkdtemp(join(tmpdir(), 'fpm-pg-ingest-'))
  const server = await startPostgres()
  const sqlite = await openStore({ file: join(dir, 'monitor.sqlite'), retentionIntervalMs: 0 })
  const pg = await openPgStore({ url: server.url })
  try {
    await run(sqlite, 500, next) // warm up: workers, statements, connections, caches
    await run(pg, 500, next)
    const a: Tally = { events: 0, ms: 0, transactions: 0 }
    const b: Tally = { events: 0, ms: 0, transactions: 0 }
    const add = (into: Tally, t: Tally): void => {
      into.events += t.events
      into.ms += t.ms
      into.transactions += t.transactions
    }
    for (let round = 0; round < ROUNDS; round++) {
      add(a, await run(sqlite, ms / ROUNDS, next))
      add(b, await run(pg, ms / ROUNDS, next))
    }
    const result: PgIngestResult = {
      sqlitePerSec: a.events / (a.ms / 1000),
      postgresPerSec: b.events / (b.ms / 1000),
      ratio: b.events / (b.ms / 1000) / (a.events / (a.ms / 1000)),
      sqliteEventsPerTx: a.events / Math.max(1, a.transactions),
      postgresEventsPerTx: b.events / Math.max(1, b.transactions),
      payloadBytes: Buffer.byteLength(payloadJson((templates[0] as MonitorEvent).payload)),
    }
    log(
      `${found.version}; ${IN_FLIGHT} in flight, ${result.payloadBytes}-byte payloads: ` +
        `SQLite ${result.sqlitePerSec.toFixed(0)}/s (${result.sqliteEventsPerTx.toFixed(1)} per transaction), ` +
        `PostgreSQL ${result.postgresPerSec.toFixed(0)}/s (${result.postgresEventsPerTx.toFixed(1)} per transaction), ` +
        `ratio ${result.ratio.toFixed(2)}`,
    )
    return result
  } finally {
    await sqlite.close()
    await pg.close()
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const seconds = Number(process.argv[2] ?? 4)
  const result = await benchPgIngest({ seconds })
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}
