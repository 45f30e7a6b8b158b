// One store contract, two stores: the same cases against the SQLite store (a temp file) and
// the PostgreSQL store (a fresh database per case on one throwaway cluster). What the receiver
// and the event log rely on: stored/duplicate outcomes and counts, one winner among concurrent
// commits of an id, group commit, the event log's filters and paging, byte-exact payloads,
// rejected and probe counters, and close draining what is in flight. The PostgreSQL half is
// skipped, with the reason printed, where no PostgreSQL server exists.
import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { payloadJson } from '../../src/main/core/events/redact-json.ts'
import { openStore } from '../../src/main/core/store/open-store.ts'
import { type CoreStore, openPgStore, type PgStore } from '../../src/main/core/store-pg/index.ts'
import type { MonitorEvent } from '../../src/shared/domain.ts'
import { findPostgres, type Postgres, startPostgres } from '../support/postgres.ts'
import { makeEvent, makeRejected, type TempDir, tempDir } from '../support/store-fixtures.ts'

const found = findPostgres()
if ('missing' in found) console.warn(`PostgreSQL store conformance skipped: ${found.missing}`)

let cluster: Postgres | null = null
let admin: postgres.Sql | null = null
let databases = 0

beforeAll(async () => {
  if ('missing' in found) return
  cluster = await startPostgres()
  admin = postgres(cluster.url, { max: 1, onnotice: () => {} })
}, 60_000)

afterAll(async () => {
  await admin?.end({ timeout: 5 })
  await cluster?.stop()
})

/** A fresh, empty database on the cluster; its URL. */
async function freshDatabase(): Promise<string> {
  if (!cluster || !admin) throw new Error('no PostgreSQL cluster')
  const name = `conformance_${++databases}`
  await admin.unsafe(`CREATE DATABASE ${name}`)
  return cluster.url.replace(/\/monitor$/, `/${name}`)
}

interface Kind {
  name: string
  skip: boolean
  open(options?: { maxBatch?: number }): Promise<CoreStore>
}

const temps: TempDir[] = []
const opened: CoreStore[] = []

const kinds: Kind[] = [
  {
    name: 'SQLite',
    skip: false,
    async open(options = {}) {
      const tmp = tempDir('fpm-conformance-')
      temps.push(tmp)
      return openStore({ file: tmp.file, retentionIntervalMs: 0, ...options })
    },
  },
  {
    name: 'PostgreSQL',
    skip: 'missing' in found,
    async open(options = {}) {
      return openPgStore({ url: await freshDatabase(), ...options })
    },
  },
]

afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => {})
  for (const t of temps.splice(0)) t.remove()
})

const at = (k: number): number => 1_700_000_000_000 + k * 1000

/** A small log: 3 streams, 2 types, one a second, a few with searchable words. */
function logEvents(): MonitorEvent[] {
  return Array.from({ length: 30 }, (_, k) => {
    const type = k % 3 === 0 ? 'video.live_stream.idle' : 'video.live_stream.active'
    const e = makeEvent(`log-${k}`, { streamId: `stream-${k % 3}`, type, receivedAt: at(k) })
    return k % 7 === 0 ? { ...e, payload: { ...e.payload, note: `Encoder_Restart 100% #${k}` } } : e
  })
}

const ids = (page: { events: MonitorEvent[] }): string[] => page.events.map((e) => e.id)

describe.each(kinds)('store contract: $name', (kind) => {
  const open = async (options?: { maxBatch?: number }): Promise<CoreStore> => {
    const s = await kind.open(options)
    opened.push(s)
    return s
  }

  describe.skipIf(kind.skip)('', () => {
    it('stores a new event, counts each later delivery of its id as a duplicate (1, 2, …)', async () => {
      const s = await open()
      const first = await s.commitEvent(makeEvent('e1'))
      expect(first).toEqual({ outcome: 'stored', seq: expect.any(Number), duplicateCount: 0 })
      const second = await s.commitEvent(makeEvent('e1', { receivedAt: at(5) }))
      const third = await s.commitEvent(makeEvent('e1', { receivedAt: at(6) }))
      expect(second).toEqual({ outcome: 'duplicate', seq: first.seq, duplicateCount: 1 })
      expect(third).toEqual({ outcome: 'duplicate', seq: first.seq, duplicateCount: 2 })
      const other = await s.commitEvent(makeEvent('e2'))
      expect(other.outcome).toBe('stored')
      expect(other.seq).toBeGreaterThan(first.seq ?? Infinity)
      expect(await s.getEvent('e1')).toMatchObject({ id: 'e1', duplicateCount: 2, verification: 'verified' })
      expect(await s.counters()).toMatchObject({ accepted: 2, duplicates: 2, rejected: 0, probes: 0 })
      expect((await s.counters()).lastDeliveryAt).toBe(at(6))
    })

    it('a recorded event (the monitor’s own) is stored but not counted as a delivery', async () => {
      const s = await open()
      expect((await s.recordEvent(makeEvent('r1', { receivedAt: at(3) }))).outcome).toBe('stored')
      expect(await s.counters()).toMatchObject({ accepted: 0, duplicates: 0, lastDeliveryAt: null })
      expect((await s.recordEvent(makeEvent('r1'))).outcome).toBe('duplicate')
      expect((await s.counters()).duplicates).toBe(1)
    })

    it('of 50 concurrent commits of one id exactly one is stored; the others count 1…49', async () => {
      const s = await open()
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, k) => s.commitEvent(makeEvent('same', { receivedAt: at(k) }))),
      )
      const stored = outcomes.filter((o) => o.outcome === 'stored')
      expect(stored).toHaveLength(1)
      const counts = outcomes.filter((o) => o.outcome === 'duplicate').map((o) => o.duplicateCount)
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 49 }, (_, k) => k + 1))
      expect(outcomes.every((o) => o.seq === stored[0]?.seq)).toBe(true)
      expect(await s.counters()).toMatchObject({ accepted: 1, duplicates: 49 })
      expect((await s.queryEvents({})).events).toHaveLength(1)
    })

    it('1,000 concurrent commits land in far fewer transactions than writes, each after its commit', async () => {
      const s = await open()
      const before = await s.writeCounts()
      const outcomes = await Promise.all(
        Array.from({ length: 1000 }, (_, k) => s.commitEvent(makeEvent(`g${k}`))),
      )
      const after = await s.writeCounts()
      expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true)
      expect(new Set(outcomes.map((o) => o.seq)).size).toBe(1000)
      expect(after.writes - before.writes).toBe(1000)
      expect(after.transactions - before.transactions).toBeLessThan(50)
      // Resolved only after commit: every one is readable at once.
      expect(await s.getEvent('g999')).not.toBeNull()
      expect((await s.counters()).accepted).toBe(1000)
    })

    it('caps a group at maxBatch writes', async () => {
      const s = await open({ maxBatch: 100 })
      await Promise.all(Array.from({ length: 1000 }, (_, k) => s.commitEvent(makeEvent(`c${k}`))))
      expect((await s.writeCounts()).transactions).toBeGreaterThanOrEqual(10)
    })

    it('keeps each sender’s commits in order', async () => {
      const s = await open({ maxBatch: 50 })
      const perSender = await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          const seqs: number[] = []
          for (let i = 0; i < 25; i++) seqs.push((await s.commitEvent(makeEvent(`s${k}-${i}`))).seq ?? -1)
          return seqs
        }),
      )
      for (const seqs of perSender) expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    })

    it('answers the event log’s filters and pages newest first, with cursors', async () => {
      const s = await open()
      for (const e of logEvents()) await s.commitEvent(e)
      await s.commitEvent(makeEvent('log-4', { receivedAt: at(40) })) // a duplicate of log-4

      const all = await s.queryEvents({})
      expect(ids(all)).toEqual(Array.from({ length: 30 }, (_, k) => `log-${29 - k}`))
      expect(all.nextCursor).toBeNull()

      expect(ids(await s.queryEvents({ streamId: 'stream-1', limit: 3 }))).toEqual([
        'log-28',
        'log-25',
        'log-22',
      ])
      expect(ids(await s.queryEvents({ streamId: 'nowhere' }))).toEqual([])
      const idle = await s.queryEvents({ types: ['video.live_stream.idle', 'no.such.type'] })
      expect(ids(idle)).toEqual([27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((k) => `log-${k}`))
      expect(ids(await s.queryEvents({ from: at(10), to: at(13) }))).toEqual(['log-12', 'log-11', 'log-10'])
      expect(ids(await s.queryEvents({ from: at(100) }))).toEqual([])
      expect(ids(await s.queryEvents({ duplicate: true }))).toEqual(['log-4'])
      expect(ids(await s.queryEvents({ verification: 'verified', limit: 2 }))).toEqual(['log-29', 'log-28'])
      // Case-insensitive; % and _ are literal characters, not wildcards.
      expect(ids(await s.queryEvents({ text: 'encoder_restart 100%' }))).toEqual(
        [28, 21, 14, 7, 0].map((k) => `log-${k}`),
      )
      expect(ids(await s.queryEvents({ text: 'encoderXrestart' }))).toEqual([])
      expect(
        ids(await s.queryEvents({ text: '#2', streamId: 'stream-1', types: ['video.live_stream.active'] })),
      ).toEqual(['log-28'])

      // Paging: 30 events by 7, every one once, in order, the last page without a cursor.
      const paged: string[] = []
      let cursor: string | undefined
      for (let n = 0; n < 10; n++) {
        const page = await s.queryEvents({ limit: 7, ...(cursor ? { cursor } : {}) })
        paged.push(...ids(page))
        if (!page.nextCursor) break
        cursor = page.nextCursor
      }
      expect(paged).toEqual(ids(all))
      const typedPage = await s.queryEvents({ types: ['video.live_stream.active'], limit: 5 })
      const next = await s.queryEvents({
        types: ['video.live_stream.active'],
        limit: 5,
        cursor: typedPage.nextCursor ?? '',
      })
      expect([...ids(typedPage), ...ids(next)]).toEqual(
        [29, 28, 26, 25, 23, 22, 20, 19, 17, 16].map((k) => `log-${k}`),
      )
      await expect(s.queryEvents({ cursor: 'not-a-cursor' })).rejects.toThrow(/invalid cursor/)
    })

    it('gives an event back as stored: fields and the payload text byte for byte', async () => {
      const s = await open()
      const payload = {
        z: 1,
        a: 'ünïcødé ✓ 🎥 "quoted" \\ back\nslash',
        nested: { list: [3, 2, 1], empty: {}, nil: null },
        big: 12345678901234,
        float: 0.1,
      }
      const e = makeEvent('exact', {
        streamId: null,
        simulcastId: 'sim-1',
        workspaceId: null,
        occurredAt: at(1),
        receivedAt: at(2),
        payload,
      })
      await s.commitEvent(e)
      const back = await s.getEvent('exact')
      expect(back).toEqual({ ...e, verification: 'verified', duplicateCount: 0 })
      expect(JSON.stringify(back?.payload)).toBe(payloadJson(payload))
      expect(Object.keys(back?.payload ?? {})).toEqual(['z', 'a', 'nested', 'big', 'float'])
      expect(await s.getEvent('missing')).toBeNull()
    })

    it('counts rejected deliveries and probes, with the latest delivery and probe times', async () => {
      const s = await open()
      await s.commitRejected(makeRejected(at(1)))
      await Promise.all([
        s.commitRejected(makeRejected(at(3), 400, 'not JSON')),
        s.commitProbe({ receivedAt: at(2), size: 2 }),
      ])
      await s.commitProbe({ receivedAt: at(4), size: 0 })
      expect(await s.counters()).toEqual({
        accepted: 0,
        duplicates: 0,
        rejected: 2,
        probes: 2,
        unverified: 0,
        holdRefused: 0,
        holdFull: false,
        lastDeliveryAt: at(4),
        lastProbeAt: at(4),
      })
    })

    it('refuses an event without an id, alone: the others of its group commit', async () => {
      const s = await open()
      const results = await Promise.allSettled([
        s.commitEvent(makeEvent('ok-1')),
        s.commitEvent(makeEvent('')),
        s.commitEvent(makeEvent('ok-2')),
      ])
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/non-empty string id/)
      expect(ids(await s.queryEvents({}))).toEqual(['ok-2', 'ok-1'])
    })

    it('close drains what is in flight, then refuses new work', async () => {
      const s = await open()
      const pending = Array.from({ length: 300 }, (_, k) => s.commitEvent(makeEvent(`d${k}`)))
      const closed = s.close()
      const outcomes = await Promise.all(pending)
      await closed
      expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true)
      await expect(s.commitEvent(makeEvent('late'))).rejects.toThrow(/closed/)
      const again = await open()
      expect(again).toBeDefined()
    })
  })
})

describe.skipIf('missing' in found)('the PostgreSQL store only', () => {
  let stores: PgStore[] = []
  afterEach(async () => {
    for (const s of stores) await s.close().catch(() => {})
    stores = []
  })

  it('durable settings, versioned migrations applied once (a second open changes nothing)', async () => {
    const url = await freshDatabase()
    const a = await openPgStore({ url })
    stores.push(a)
    expect(await a.serverSettings()).toMatchObject({ synchronousCommit: 'on', schemaVersion: 1 })
    await a.commitEvent(makeEvent('kept'))
    const b = await openPgStore({ url })
    stores.push(b)
    expect((await b.getEvent('kept'))?.id).toBe('kept')
    const sql = postgres(url, { max: 1, onnotice: () => {} })
    try {
      expect(await sql`SELECT version, name FROM schema_migrations ORDER BY version`).toEqual([
        { version: 1, name: 'initial schema' },
      ])
      // The payload column is text: what was stored, not a reformatted JSON value.
      const [row] = await sql<{ payload: string; kind: string }[]>`
        SELECT payload, pg_typeof(payload)::text AS kind FROM events WHERE id = 'kept'`
      expect(row).toEqual({ payload: payloadJson(makeEvent('kept').payload), kind: 'text' })
    } finally {
      await sql.end({ timeout: 5 })
    }
  })

  it('two stores on one database (two replicas): one id committed by both is stored exactly once', async () => {
    const url = await freshDatabase()
    const [a, b] = await Promise.all([openPgStore({ url }), openPgStore({ url })])
    stores.push(a, b)
    // Both commit all 100 ids at once, in opposite orders (the lock order a deadlock would need).
    const idsUp = Array.from({ length: 100 }, (_, k) => `r${k}`)
    const send = (s: PgStore, order: string[]) =>
      Promise.all(order.map((id, k) => s.commitEvent(makeEvent(id, { receivedAt: at(k) }))))
    const [fromA, fromB] = await Promise.all([send(a, idsUp), send(b, [...idsUp].reverse())])
    const outcomes = [...fromA, ...fromB]
    expect(outcomes.filter((o) => o.outcome === 'stored')).toHaveLength(100)
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(100)
    // Counters are one row both update: the sums are exact.
    expect(await a.counters()).toMatchObject({ accepted: 100, duplicates: 100 })
    const stored = (await b.queryEvents({ limit: 1000 })).events
    expect(stored).toHaveLength(100)
    expect(stored.every((e) => e.duplicateCount === 1)).toBe(true)
  })

  it('a write the server refuses fails alone; its group-mates are retried one by one and commit', async () => {
    const s = await openPgStore({ url: await freshDatabase() })
    stores.push(s)
    const results = await Promise.allSettled([
      s.commitEvent(makeEvent('mate-1')),
      // size is an INTEGER column: 2^40 is out of its range, so PostgreSQL refuses the statement.
      s.commitRejected({ ...makeRejected(at(1)), size: 2 ** 40 }),
      s.commitEvent(makeEvent('mate-2')),
      s.commitEvent(makeEvent('mate-1')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/rejected failed: .*out of range/)
    expect((results[3] as PromiseFulfilledResult<unknown>).value).toMatchObject({
      outcome: 'duplicate',
      duplicateCount: 1,
    })
    expect(await s.counters()).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 })
  })

  it('refuses in words a delivery to hold (the hold is not on PostgreSQL yet) and a hold key of the wrong size', async () => {
    const s = await openPgStore({ url: await freshDatabase(), holdKey: Buffer.alloc(32, 1) })
    stores.push(s)
    await expect(
      s.commitEvent(makeEvent('held'), { raw: Buffer.from('{}'), signature: null }),
    ).rejects.toThrow(/cannot hold unverified deliveries/)
    expect(await s.getEvent('held')).toBeNull()
    await expect(
      openPgStore({ url: 'postgres://nobody@127.0.0.1:1/x', holdKey: Buffer.alloc(8) }),
    ).rejects.toThrow(/holdKey must be 32 bytes/)
  })
})
