// The event log's rows: events without their payloads (a detail fetches the payload),
// newest first, unique by id. An id index rides along with each rows array so a live
// batch costs O(batch), not O(rows), even with 100,000 rows loaded.
import type { MonitorEvent } from '../../../shared/domain.ts'

export type LogRow = Omit<MonitorEvent, 'payload'>

export function leanRow(event: MonitorEvent): LogRow {
  const { payload: _payload, ...row } = event
  return row
}

export function newestRowFirst(a: LogRow, b: LogRow): number {
  return b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

// Keyed by the rows array itself: a state reset or a foreign array simply gets a fresh index.
const indexes = new WeakMap<readonly LogRow[], Set<string>>()

export function idsOf(rows: readonly LogRow[]): Set<string> {
  let ids = indexes.get(rows)
  if (!ids) {
    ids = new Set(rows.map((r) => r.id))
    indexes.set(rows, ids)
  }
  return ids
}

/** Moves the index of `from` to `to` (the old array is no longer state). */
function handOver(from: readonly LogRow[], to: readonly LogRow[], ids: Set<string>): void {
  indexes.delete(from)
  indexes.set(to, ids)
}

/**
 * A repeated delivery of a loaded event: only its duplicate count grows (the row keeps
 * the stored event's times; the update carries the repeat's). Same array when none is loaded.
 */
export function countRepeats(rows: LogRow[], counts: ReadonlyMap<string, number>): LogRow[] {
  const ids = idsOf(rows)
  let hit = false
  for (const id of counts.keys()) {
    if (ids.has(id)) {
      hit = true
      break
    }
  }
  if (!hit) return rows
  const next = rows.map((r) => {
    const count = counts.get(r.id)
    return count !== undefined && count > r.duplicateCount ? { ...r, duplicateCount: count } : r
  })
  handOver(rows, next, ids)
  return next
}

/** New rows (newest first, not yet present) on top; keeps at most `keep`. */
export function prependRows(
  rows: LogRow[],
  fresh: LogRow[],
  keep = Number.POSITIVE_INFINITY,
): { rows: LogRow[]; trimmed: boolean } {
  if (fresh.length === 0 && rows.length <= keep) return { rows, trimmed: false }
  const ids = idsOf(rows)
  let next = fresh.concat(rows)
  for (const r of fresh) ids.add(r.id)
  let trimmed = false
  if (next.length > keep) {
    for (let i = keep; i < next.length; i++) ids.delete((next[i] as LogRow).id)
    next = next.slice(0, keep)
    trimmed = true
  }
  handOver(rows, next, ids)
  return { rows: next, trimmed }
}

/** An older page below the loaded rows, skipping ids already shown. */
export function appendRows(rows: LogRow[], older: LogRow[]): LogRow[] {
  const ids = idsOf(rows)
  const added = older.filter((r) => !ids.has(r.id))
  if (added.length === 0) return rows
  const next = rows.concat(added)
  for (const r of added) ids.add(r.id)
  handOver(rows, next, ids)
  return next
}

/** The first page merged with live rows that arrived while it loaded, sorted, unique. */
export function mergeRows(rows: LogRow[], page: LogRow[]): LogRow[] {
  const byId = new Map<string, LogRow>()
  for (const r of page) byId.set(r.id, r)
  for (const r of rows) byId.set(r.id, r) // live rows are the newer copies
  return [...byId.values()].sort(newestRowFirst)
}
