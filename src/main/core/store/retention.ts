// Retention runs in the writer worker in small transactions, yielding to the
// event loop between them so queued write batches commit in between: ingestion
// waits for one chunk at most, never for a whole pass. Held (unverified) events
// are kept for the age limit only (never counted out by maxEvents); receiver
// counters stay cumulative. The ids of deleted events are remembered (W12).
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import type { RetentionSettings } from '../../../shared/api.ts'
import { all, get } from './db.ts'
import { PRUNED_IDS } from './limits.ts'
import type { PrunedIdBounds } from './types.ts'

const DAY_MS = 86_400_000
/** Caps for the side tables, which have no setting of their own. */
export const SIDE_CAPS = {
  rejected: 50_000,
  probes: 10_000,
  transitions: 200_000,
  decisions: 100_000,
  // 30 s polls: a week of one stream live around the clock is ~20,000 samples.
  viewerSamples: 2_000_000,
} as const
/** Days viewer samples are kept when the retention settings do not say. */
export const DEFAULT_VIEWER_DAYS = 90

interface SideTable {
  cap: number
  byAge: StatementSync
  count: StatementSync
  oldest: StatementSync
}

export interface Retention {
  /** One full pass; resolves with the number of events deleted. */
  pass(now: number): Promise<{ deleted: number }>
  /** Stops a running pass at its next chunk boundary. */
  stop(): void
}

export function createRetention(
  db: DatabaseSync,
  fallback: RetentionSettings,
  chunk: number,
  prunedIds: PrunedIdBounds = PRUNED_IDS,
): Retention {
  const settingsRow = db.prepare(`SELECT value FROM meta WHERE key = 'retention'`)
  const stored = db.prepare('SELECT stored FROM counters WHERE id = 1')
  const uncount = db.prepare('UPDATE counters SET stored = stored - ? WHERE id = 1')
  const eventsByAge = db.prepare(`DELETE FROM events WHERE seq IN (SELECT seq FROM events INDEXED BY
    events_received_at WHERE received_at < ? AND verification = 'verified' ORDER BY received_at LIMIT ?)
    RETURNING seq, id`)
  const oldestEvents = db.prepare(`DELETE FROM events WHERE seq IN (SELECT seq FROM events
    WHERE verification = 'verified' ORDER BY seq LIMIT ?) RETURNING seq, id`)
  // Held deliveries older than the age limit go too (W10: the hold is bounded in time as well).
  const heldByAge = db.prepare(`DELETE FROM held WHERE seq IN (SELECT seq FROM held
    WHERE received_at < ? ORDER BY received_at LIMIT ?) RETURNING seq, bytes`)
  const deleteEvent = db.prepare('DELETE FROM events WHERE seq = ? RETURNING seq, id')
  const unhold = db.prepare(`UPDATE counters SET unverified = unverified - ?, held_bytes = held_bytes - ?,
    hold_full = 0 WHERE id = 1`)
  const remember = db.prepare('INSERT OR IGNORE INTO pruned_ids (id, pruned_at) VALUES (?, ?)')
  const prunedByAge = db.prepare(`DELETE FROM pruned_ids WHERE seq IN (SELECT seq FROM pruned_ids
    ORDER BY seq LIMIT ?) AND pruned_at < ?`)
  // seq only grows and rows only leave from its low end, so max - min + 1 is the count
  // without a COUNT(*) walk over up to a million rows (an upper bound if the clock went back).
  const prunedSpan = db.prepare('SELECT max(seq) - min(seq) + 1 AS n FROM pruned_ids')
  const oldestPruned = db.prepare(`DELETE FROM pruned_ids WHERE seq IN (SELECT seq FROM pruned_ids
    ORDER BY seq LIMIT ?)`)
  const side = (table: string, timeColumn: string, cap: number, counted = 'count(*)'): SideTable => ({
    cap,
    byAge: db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table}
      WHERE ${timeColumn} < ? ORDER BY ${timeColumn} LIMIT ?)`),
    count: db.prepare(`SELECT ${counted} AS n FROM ${table}`),
    oldest: db.prepare(`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} ORDER BY seq LIMIT ?)`),
  })
  const sides = [
    side('rejected', 'received_at', SIDE_CAPS.rejected),
    side('probes', 'received_at', SIDE_CAPS.probes),
    side('transitions', 'at', SIDE_CAPS.transitions),
    side('decisions', 'at', SIDE_CAPS.decisions),
  ]
  // Samples arrive in time order and leave from the old end: the seq span counts them
  // (an upper bound) without a COUNT(*) walk over millions of rows.
  const viewers = side(
    'viewer_samples',
    'at',
    SIDE_CAPS.viewerSamples,
    'coalesce(max(seq) - min(seq) + 1, 0)',
  )
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

  /** Deleted event rows: uncounted, and their ids remembered in the order they were stored. */
  const pruned = (rows: { seq: number; id: string }[], now: number): number => {
    rows.sort((a, b) => a.seq - b.seq)
    for (const r of rows) remember.run(r.id, now)
    if (rows.length > 0) uncount.run(rows.length)
    return rows.length
  }
  const deleteEvents = (now: number, statement: typeof oldestEvents, ...params: number[]): number =>
    pruned(all<{ seq: number; id: string }>(statement, ...params), now)

  function dropHeld(now: number, cutoff: number, size: number): number {
    const rows = all<{ seq: number; bytes: number }>(heldByAge, cutoff, size)
    if (rows.length === 0) return 0
    unhold.run(
      rows.length,
      rows.reduce((sum, r) => sum + r.bytes, 0),
    )
    return pruned(
      rows.flatMap((r) => all<{ seq: number; id: string }>(deleteEvent, r.seq)),
      now,
    )
  }

  async function forgetPrunedIds(now: number): Promise<void> {
    const cutoff = now - prunedIds.maxAgeDays * DAY_MS
    await drain((size) => Number(prunedByAge.run(size, cutoff).changes))
    await drain((size) => {
      const excess = (get<{ n: number | null }>(prunedSpan)?.n ?? 0) - prunedIds.maxIds
      return excess > 0 ? Number(oldestPruned.run(Math.min(size, excess)).changes) : 0
    })
  }

  async function run(now: number): Promise<{ deleted: number }> {
    const { maxAgeDays, maxEvents } = settings()
    const cutoff = maxAgeDays > 0 ? now - maxAgeDays * DAY_MS : null
    let deleted = 0
    if (cutoff !== null) {
      deleted += await drain((size) => deleteEvents(now, eventsByAge, cutoff, size))
      deleted += await drain((size) => dropHeld(now, cutoff, size))
    }
    if (maxEvents > 0) {
      deleted += await drain((size) => {
        const excess = (get<{ stored: number }>(stored)?.stored ?? 0) - maxEvents
        if (excess <= 0) return 0
        // Fewer than asked means only held rows are left (or we are done): drain stops.
        return deleteEvents(now, oldestEvents, Math.min(size, excess))
      })
    }
    await forgetPrunedIds(now)
    const trim = async (t: SideTable, before: number | null): Promise<void> => {
      if (before !== null) await drain((size) => Number(t.byAge.run(before, size).changes))
      await drain((size) => {
        const excess = (get<{ n: number }>(t.count)?.n ?? 0) - t.cap
        return excess > 0 ? Number(t.oldest.run(Math.min(size, excess)).changes) : 0
      })
    }
    for (const t of sides) await trim(t, cutoff)
    // Viewer samples have a retention of their own (charts reach back further than raw events need to).
    const viewerDays = settings().viewerDays ?? DEFAULT_VIEWER_DAYS
    await trim(viewers, viewerDays > 0 ? now - viewerDays * DAY_MS : null)
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
