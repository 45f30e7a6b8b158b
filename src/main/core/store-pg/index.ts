// The store on PostgreSQL (first step, not yet used by serve): the receiver's writes and the
// event log's reads, with the SQLite store's semantics (store/writes.ts, store/event-query.ts).
// Group commit: while one transaction runs, new writes queue; when it has committed they go
// together as the next one (at most maxBatch), each kind as one multi-row statement. Every
// write's promise settles after COMMIT, which waits for the WAL flush (synchronous_commit on).
import postgres, { type Sql } from 'postgres'
import type { EventPage, EventQuery } from '../../../shared/api.ts'
import type { MonitorEvent, ReceiverCounters, RejectedDelivery } from '../../../shared/domain.ts'
import { MAX_BATCH, StoreError } from '../store/client.ts'
import { clampLimit, decodeCursor, encodeCursor } from '../store/cursor.ts'
import { checkHoldKey } from '../store/held-crypto.ts'
import { toEvent, toInput } from '../store/open-store.ts'
import type { EventInput, EventRow } from '../store/protocol.ts'
import type { CommitOutcome, HeldDelivery, Store } from '../store/types.ts'
import { migrate, PG_SCHEMA_VERSION } from './migrations.ts'

/** The part of the store contract both stores have so far (the conformance suite runs it on both). */
export type CoreStore = Pick<
  Store,
  'commitEvent' | 'recordEvent' | 'commitRejected' | 'commitProbe' | 'counters' | 'queryEvents' | 'getEvent'
> & {
  /** Group-commit evidence: write transactions committed by this store and the writes in them. */
  writeCounts(): Promise<{ transactions: number; writes: number }>
  /** Flushes queued writes, then closes; calls after it reject. */
  close(): Promise<void>
}

export interface PgStore extends CoreStore {
  /** What D5 shows of the server: its durability setting and the schema version. */
  serverSettings(): Promise<{ synchronousCommit: string; serverVersion: string; schemaVersion: number }>
}

export interface OpenPgStoreOptions {
  /** `postgres://user@host:port/db`; the schema is created and migrated on open. */
  url: string
  /**
   * 32-byte key of the hold of unverified deliveries (W8). Checked, but the hold is not on
   * PostgreSQL yet: a held commit rejects, in words, with or without it.
   */
  holdKey?: Uint8Array | null
  /** Most writes in one group-committed transaction. Default 500 (as SQLite's). */
  maxBatch?: number
  /** Connections in the pool (one writes at a time; the others read). Default 4. */
  connections?: number
}

type Write =
  | { op: 'event'; event: EventInput; delivery: boolean }
  | { op: 'rejected'; rejected: RejectedDelivery }
  | { op: 'probe'; receivedAt: number; size: number }

interface Queued {
  write: Write
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

// BIGINT columns as numbers: seqs and epoch ms stay far below 2^53.
const int8AsNumber = {
  to: 20,
  from: [20],
  serialize: (x: number) => String(x),
  parse: (x: string) => Number(x),
}

export async function openPgStore(options: OpenPgStoreOptions): Promise<PgStore> {
  if (options.holdKey) checkHoldKey(options.holdKey)
  const sql = postgres(options.url, {
    max: Math.max(2, options.connections ?? 4),
    onnotice: () => {},
    types: { bigint: int8AsNumber },
    connection: { application_name: 'fastpix-live-monitor' },
  })
  try {
    await migrate(sql)
  } catch (error) {
    await sql.end({ timeout: 5 })
    throw new StoreError(`store: could not prepare the PostgreSQL schema: ${message(error)}`)
  }
  return createPgStore(sql, Math.max(1, options.maxBatch ?? MAX_BATCH))
}

function createPgStore(sql: Sql, maxBatch: number): PgStore {
  const queue: Queued[] = []
  const drainers: (() => void)[] = []
  let running = false
  let scheduled = false
  let closing: Promise<void> | null = null
  let transactions = 0
  let writes = 0

  const guard = (): void => {
    if (closing) throw new StoreError('store: the store is closed')
  }

  function enqueue<T>(write: Write): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ write, resolve: resolve as (value: unknown) => void, reject })
      if (!running && !scheduled) {
        // After this turn of the event loop: every write that arrived with this one (all the
        // requests one poll read) goes in the first group too, not just the next.
        scheduled = true
        setImmediate(() => {
          scheduled = false
          void flush()
        })
      }
    })
  }

  /** One transaction at a time; what queued meanwhile is the next group. */
  async function flush(): Promise<void> {
    running = true
    while (queue.length > 0) {
      const group = queue.splice(0, maxBatch)
      await commitGroup(group)
    }
    running = false
    for (const resolve of drainers.splice(0)) resolve()
  }

  async function commitGroup(group: Queued[]): Promise<void> {
    try {
      const results = await retried(() => runGroup(group.map((q) => q.write)))
      group.forEach((q, i) => {
        q.resolve(results[i])
      })
      return
    } catch (error) {
      // A statement the server refused rolled the whole group back: run each write alone, so
      // one bad write fails alone (as SQLite's savepoints do). A lost connection fails them all.
      if (group.length === 1 || !refusedByServer(error)) {
        const why = `store: transaction failed, none of its ${group.length} writes were saved: ${message(error)}`
        for (const q of group) q.reject(new StoreError(why, codeOf(error)))
        return
      }
    }
    for (const q of group) {
      try {
        const [result] = await retried(() => runGroup([q.write]))
        q.resolve(result)
      } catch (error) {
        q.reject(new StoreError(`store: ${describe(q.write)} failed: ${message(error)}`, codeOf(error)))
      }
    }
  }

  /** The writes of one group in one transaction; results in their order. */
  async function runGroup(group: readonly Write[]): Promise<unknown[]> {
    const results: unknown[] = new Array(group.length).fill(null)
    await sql.begin(async (tx) => {
      const delta = { accepted: 0, duplicates: 0, rejected: 0, probes: 0, stored: 0 }
      let lastDeliveryAt: number | null = null
      let lastProbeAt: number | null = null
      const delivered = (at: number): void => {
        lastDeliveryAt = lastDeliveryAt === null ? at : Math.max(lastDeliveryAt, at)
      }

      // Events: the first write of each id is offered for insert; the others of that id in
      // this group, and the offered one if the id exists already, are its duplicates, counted
      // in write order (duplicateCount 1, 2, … as SQLite's one-by-one writes give). Rows are
      // inserted and locked in id order, so two replicas' groups cannot deadlock on each other's
      // ids (seqs within one group follow ids: its writes were concurrent, none came first).
      const firstOf = new Map<string, number>()
      const events: number[] = []
      group.forEach((w, i) => {
        if (w.op !== 'event') return
        events.push(i)
        if (!firstOf.has(w.event.id)) firstOf.set(w.event.id, i)
      })
      const stored = new Map<string, number>()
      if (firstOf.size > 0) {
        const rows = [...firstOf.values()].map((i) => {
          const e = (group[i] as Extract<Write, { op: 'event' }>).event
          return {
            id: e.id,
            type: e.type,
            stream_id: e.streamId,
            simulcast_id: e.simulcastId,
            workspace_id: e.workspaceId,
            occurred_at: e.occurredAt,
            received_at: e.receivedAt,
            payload: e.payload,
          }
        })
        const inserted = await tx<{ id: string; seq: number }[]>`
          INSERT INTO events (id, type, stream_id, simulcast_id, workspace_id, occurred_at, received_at,
            verification, payload)
          SELECT id, type, stream_id, simulcast_id, workspace_id, occurred_at, received_at, 'verified', payload
          FROM json_to_recordset(${tx.json(rows as never)}::json) AS t(id text, type text,
            stream_id text, simulcast_id text, workspace_id text, occurred_at bigint, received_at bigint,
            payload text)
          ORDER BY id
          ON CONFLICT (id) DO NOTHING
          RETURNING id, seq`
        for (const r of inserted) stored.set(r.id, r.seq)
      }
      const dups = new Map<string, { writes: number[]; at: number }>()
      for (const i of events) {
        const w = group[i] as Extract<Write, { op: 'event' }>
        const e = w.event
        if (w.delivery) delivered(e.receivedAt)
        const seq = stored.get(e.id)
        if (seq !== undefined && firstOf.get(e.id) === i) {
          results[i] = { outcome: 'stored', seq, duplicateCount: 0 } satisfies CommitOutcome
          if (w.delivery) delta.accepted++
          delta.stored++
          continue
        }
        delta.duplicates++
        const d = dups.get(e.id)
        if (d) {
          d.writes.push(i)
          d.at = Math.max(d.at, e.receivedAt)
        } else dups.set(e.id, { writes: [i], at: e.receivedAt })
      }
      if (dups.size > 0) {
        const rows = [...dups].map(([id, d]) => ({ id, n: d.writes.length, at: d.at }))
        const bumped = await tx<{ id: string; seq: number; duplicate_count: number }[]>`
          WITH t AS (
            SELECT * FROM json_to_recordset(${tx.json(rows as never)}::json) AS t(id text, n integer, at bigint)
          ), locked AS (
            SELECT events.seq, t.n, t.at FROM events JOIN t ON events.id = t.id ORDER BY events.id FOR UPDATE OF events
          )
          UPDATE events SET duplicate_count = events.duplicate_count + locked.n,
            last_duplicate_at = greatest(events.last_duplicate_at, locked.at)
          FROM locked WHERE events.seq = locked.seq
          RETURNING events.id, events.seq, events.duplicate_count`
        const byId = new Map(bumped.map((r) => [r.id, r]))
        for (const [id, d] of dups) {
          const row = byId.get(id)
          d.writes.forEach((i, k) => {
            // No row: deleted between the insert and here; only its id is known (as a pruned id).
            results[i] = row
              ? {
                  outcome: 'duplicate',
                  seq: row.seq,
                  duplicateCount: row.duplicate_count - d.writes.length + k + 1,
                }
              : { outcome: 'duplicate', seq: null, duplicateCount: 1 }
          })
        }
      }

      const rejected = group.flatMap((w) => (w.op === 'rejected' ? [w.rejected] : []))
      if (rejected.length > 0) {
        const rows = rejected.map((r) => ({
          received_at: r.receivedAt,
          reason: r.reason,
          status: r.status,
          size: r.size,
          preview: r.preview,
          headers: r.headers.map((h) => ({ name: h.name, value: h.value })),
        }))
        await tx`INSERT INTO rejected (received_at, reason, status, size, preview, headers)
          SELECT received_at, reason, status, size, preview, headers
          FROM json_to_recordset(${tx.json(rows as never)}::json) AS t(received_at bigint, reason text,
            status integer, size integer, preview text, headers jsonb)`
        delta.rejected += rejected.length
        for (const r of rejected) delivered(r.receivedAt)
      }

      const probes = group.flatMap((w) => (w.op === 'probe' ? [w] : []))
      if (probes.length > 0) {
        const rows = probes.map((p) => ({ received_at: p.receivedAt, size: p.size }))
        await tx`INSERT INTO probes (received_at, size)
          SELECT received_at, size FROM json_to_recordset(${tx.json(rows as never)}::json)
            AS t(received_at bigint, size integer)`
        delta.probes += probes.length
        for (const p of probes) {
          delivered(p.receivedAt)
          lastProbeAt = lastProbeAt === null ? p.receivedAt : Math.max(lastProbeAt, p.receivedAt)
        }
      }

      await tx`UPDATE counters SET accepted = accepted + ${delta.accepted},
        duplicates = duplicates + ${delta.duplicates}, rejected = rejected + ${delta.rejected},
        probes = probes + ${delta.probes}, stored = stored + ${delta.stored},
        last_delivery_at = greatest(last_delivery_at, ${lastDeliveryAt}::bigint),
        last_probe_at = greatest(last_probe_at, ${lastProbeAt}::bigint)
        WHERE id = 1`
    })
    transactions++
    writes += group.length
    return results
  }

  function drain(): Promise<void> {
    if (!running && !scheduled && queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => drainers.push(resolve))
  }

  return {
    commitEvent(event: MonitorEvent, held?: HeldDelivery) {
      try {
        guard()
        if (held) throw new StoreError('store: the PostgreSQL store cannot hold unverified deliveries yet')
        return enqueue<CommitOutcome>({ op: 'event', event: toInput(event), delivery: true })
      } catch (error) {
        return Promise.reject(error)
      }
    },
    async recordEvent(event) {
      guard()
      return enqueue<CommitOutcome>({ op: 'event', event: toInput(event), delivery: false })
    },
    async commitRejected(rejected) {
      guard()
      await enqueue({ op: 'rejected', rejected })
    },
    async commitProbe(probe) {
      guard()
      await enqueue({ op: 'probe', receivedAt: probe.receivedAt, size: probe.size })
    },
    async counters(): Promise<ReceiverCounters> {
      guard()
      const [c] = await sql<ReceiverCounters[]>`SELECT accepted, duplicates, rejected, probes, unverified,
        hold_refused AS "holdRefused", hold_full AS "holdFull", last_delivery_at AS "lastDeliveryAt",
        last_probe_at AS "lastProbeAt" FROM counters WHERE id = 1`
      if (!c) throw new StoreError('store: counters row is missing')
      return { ...c }
    },
    async queryEvents(query) {
      guard()
      return queryEvents(sql, query)
    },
    async getEvent(id) {
      guard()
      const [row] = await sql.unsafe<EventRecord[]>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id])
      return row ? toEvent(toRow(row)) : null
    },
    async writeCounts() {
      guard()
      return { transactions, writes }
    },
    async serverSettings() {
      guard()
      const [row] = await sql<{ sync: string; version: string }[]>`
        SELECT current_setting('synchronous_commit') AS sync, current_setting('server_version') AS version`
      const [v] = await sql<
        { version: number | null }[]
      >`SELECT max(version) AS version FROM schema_migrations`
      return {
        synchronousCommit: row?.sync ?? '',
        serverVersion: row?.version ?? '',
        schemaVersion: v?.version ?? PG_SCHEMA_VERSION,
      }
    },
    close() {
      closing ??= drain().then(() => sql.end({ timeout: 5 }))
      return closing
    },
  }
}

const EVENT_COLUMNS = `seq, id, type, stream_id, simulcast_id, workspace_id, occurred_at, received_at,
  verification, duplicate_count, payload`

interface EventRecord {
  seq: number
  id: string
  type: string
  stream_id: string | null
  simulcast_id: string | null
  workspace_id: string | null
  occurred_at: number
  received_at: number
  verification: EventRow['verification']
  duplicate_count: number
  payload: string
}

const toRow = (r: EventRecord): EventRow => ({
  seq: r.seq,
  id: r.id,
  type: r.type,
  streamId: r.stream_id,
  simulcastId: r.simulcast_id,
  workspaceId: r.workspace_id,
  occurredAt: r.occurred_at,
  receivedAt: r.received_at,
  verification: r.verification,
  duplicateCount: r.duplicate_count,
  payload: r.payload,
})

/**
 * The event log, newest first (seq DESC) with the same keyset cursors as SQLite's. The
 * planner picks the index here (it has statistics), so one statement covers every filter.
 */
async function queryEvents(sql: Sql, q: EventQuery): Promise<EventPage> {
  const limit = clampLimit(q.limit)
  const before = decodeCursor('e', q.cursor)
  const where: string[] = []
  const params: (string | number | string[])[] = []
  const add = (clause: (n: string) => string, value?: string | number | string[]): void => {
    if (value === undefined) {
      where.push(clause(''))
      return
    }
    params.push(value)
    where.push(clause(`$${params.length}`))
  }
  if (q.streamId !== undefined) add((n) => `stream_id = ${n}`, q.streamId)
  if (q.types && q.types.length > 0) add((n) => `type = ANY(${n}::text[])`, [...new Set(q.types)])
  if (before !== null) add((n) => `seq < ${n}`, before)
  if (q.from !== undefined) add((n) => `received_at >= ${n}`, q.from)
  if (q.to !== undefined) add((n) => `received_at < ${n}`, q.to)
  if (q.verification !== undefined) add((n) => `verification = ${n}`, q.verification)
  if (q.duplicate === true) add(() => 'duplicate_count > 0')
  // ILIKE folds ASCII letters only under the C collation, as SQLite's LIKE does.
  if (q.text !== undefined && q.text !== '') add((n) => `payload ILIKE ${n}`, `%${escapeLike(q.text)}%`)
  params.push(limit + 1)
  const text = `SELECT ${EVENT_COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY seq DESC LIMIT $${params.length}`
  const rows = await sql.unsafe<EventRecord[]>(text, params as never[])
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : [...rows]
  const last = page[page.length - 1]
  return {
    events: page.map((r) => toEvent(toRow(r))),
    nextCursor: more && last ? encodeCursor('e', last.seq) : null,
  }
}

// PostgreSQL's LIKE escapes with a backslash by default.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Deadlock (40P01) or serialization failure (40001): nothing was saved, the same group may simply run again. */
async function retried<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = codeOf(error)
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** A SQLSTATE from the server about a statement (not a lost connection, class 08, or a shutdown, 57P). */
function refusedByServer(error: unknown): boolean {
  const code = codeOf(error)
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P')
}

function describe(w: Write): string {
  return w.op === 'event' ? `commitEvent(${JSON.stringify(w.event.id)})` : w.op
}
