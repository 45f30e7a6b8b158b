// Retention runs in the writer worker in small transactions, yielding to the
// event loop between them so queued write batches commit in between: ingestion
// waits for one chunk at most, never for a whole pass. Held (unverified) events
// are never deleted; receiver counters stay cumulative.
import type { DatabaseSync } from 'node:sqlite'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import type { RetentionSettings } from '../../../shared/api.ts'
import { get } from './db.ts'

const DAY_MS = 86_400_000
/** Caps for the side tables, which have no setting of their own. */
export const SIDE_CAPS = { rejected: 50_000, probes: 10_000, transitions: 200_000 } as const

export interface Retention {
  /** One full pass; resolves with the number of events deleted. */
  pass(now: number): Promise<{ deleted: number }>
  /** Stops a running pass at its next chunk boundary. */
  stop(): void
}

export function createRetention(db: DatabaseSync, fallback: RetentionSettings, chunk: number): Retention {
  const settingsRow = db.prepare(`SELECT value FROM meta WHERE key = 'retention'`)
  const stored = db.prepare('SELECT stored FROM counters WHERE id = 1')
  const uncount = db.prepare('UPDATE counters SET stored = stored - ? WHERE id = 1')
  const eventsByAge = db.prepare(`DELETE FROM events WHERE seq IN (SELECT seq FROM events INDEXED BY
    events_received_at WHERE received_at < ? AND verification = 'verified' ORDER BY received_at LIMIT ?)`)
  const oldestEvents = db.prepare(`DELETE FROM events WHERE seq IN (SELECT seq FROM events
    WHERE verification = 'verified' ORDER BY seq LIMIT ?)`)
  const side = (table: string, timeColumn: string) => ({
    byAge: db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table}
      WHERE ${timeColumn} < ? ORDER BY ${timeColumn} LIMIT ?)`),
    count: db.prepare(`SELECT count(*) AS n FROM ${table}`),
    oldest: db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} ORDER BY seq LIMIT ?)`),
  })
  const sides = [
    { cap: SIDE_CAPS.rejected, ...side('rejected', 'received_at') },
    { cap: SIDE_CAPS.probes, ...side('probes', 'received_at') },
    { cap: SIDE_CAPS.transitions, ...side('transitions', 'at') },
  ]
  let stopped = false
  let running: Promise<{ deleted: number }> | null = null

  function settings(): RetentionSettings {
    const row = get<{ value: string }>(settingsRow)
    return row ? (JSON.parse(row.value) as RetentionSettings) : fallback
  }

  /** Deletes one chunk in its own transaction; returns rows deleted. */
  function inTransaction(work: () => number): number {
    db.exec('BEGIN IMMEDIATE')
    try {
      const n = work()
      db.exec('COMMIT')
      return n
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
  }

  /** Repeats `step` (one chunk each) until it deletes less than a chunk or the pass is stopped. */
  async function drain(step: (size: number) => number): Promise<number> {
    let total = 0
    while (!stopped) {
      const n = inTransaction(() => step(chunk))
      total += n
      if (n < chunk) break
      await yieldToEvents()
    }
    return total
  }

  const deleteEvents = (statement: typeof oldestEvents, ...params: number[]): number => {
    const n = Number(statement.run(...params).changes)
    if (n > 0) uncount.run(n)
    return n
  }

  async function run(now: number): Promise<{ deleted: number }> {
    const { maxAgeDays, maxEvents } = settings()
    const cutoff = maxAgeDays > 0 ? now - maxAgeDays * DAY_MS : null
    let deleted = 0
    if (cutoff !== null) deleted += await drain((size) => deleteEvents(eventsByAge, cutoff, size))
    if (maxEvents > 0) {
      deleted += await drain((size) => {
        const excess = (get<{ stored: number }>(stored)?.stored ?? 0) - maxEvents
        if (excess <= 0) return 0
        // Fewer than asked means only held rows are left (or we are done): drain stops.
        return deleteEvents(oldestEvents, Math.min(size, excess))
      })
    }
    for (const t of sides) {
      if (cutoff !== null) await drain((size) => Number(t.byAge.run(cutoff, size).changes))
      await drain((size) => {
        const excess = (get<{ n: number }>(t.count)?.n ?? 0) - t.cap
        return excess > 0 ? Number(t.oldest.run(Math.min(size, excess)).changes) : 0
      })
    }
    return { deleted }
  }

  return {
    // One pass at a time: a timer tick during an explicit call waits for it.
    pass(now) {
      stopped = false
      const previous = running ?? Promise.resolve({ deleted: 0 })
      const next = previous.catch(() => ({ deleted: 0 })).then(() => run(now))
      running = next
      void next
        .finally(() => {
          if (running === next) running = null
        })
        .catch(() => {})
      return next
    },
    stop() {
      stopped = true
    },
  }
}
