// queryEvents: newest first (seq DESC) with keyset paging. With a million rows
// the index matters more than the SQL, so the plan is picked here, not left to
// SQLite (which has no statistics for bound parameters):
//   stream → (stream_id, seq) · held only → held table · narrow time range →
//   received_at index · types → one (type, seq) walk per type, merged ·
//   duplicates → partial index · otherwise a rowid walk from the newest row,
//   in windows with a time budget when it has to read payloads (text search),
//   so other reads get a turn and one search cannot hold the reader for long.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import { setImmediate as yieldToEvents } from 'node:timers/promises'
import type { EventQuery } from '../../../shared/api.ts'
import { clampLimit, decodeCursor, encodeCursor } from './cursor.ts'
import { all, get } from './db.ts'
import type { Names } from './names.ts'
import type { EventRow } from './protocol.ts'
import { EVENT_COLUMNS, type EventRecord, toEventRow } from './queries.ts'

// Relative costs for the time-range choice: an index entry, a row fetched through
// the index to test other filters, a row stepped over by the newest-first walk.
const COST_INDEX_ENTRY = 1
const COST_INDEX_FETCH = 10
const COST_WALK_ROW = 3
/** A range this small always goes through the index, whatever else is asked. */
const SMALL_RANGE = 5000

export type Plan = 'stream' | 'held' | 'time' | 'types' | 'duplicates' | 'walk' | 'text-walk'

export interface QueryOptions {
  /** Rows per window of a text-search walk. */
  window: number
  /** After this long a text walk returns what it has, with a cursor to continue. */
  budgetMs: number
  /** Told which plan each query took (tests check every plan is exercised). */
  onPlan?: (plan: Plan) => void
}

const DEFAULTS: QueryOptions = { window: 50_000, budgetMs: 2000 }

interface Filter {
  where: string[]
  params: SQLInputValue[]
}

type Page = { events: EventRow[]; nextCursor: string | null }

export function createEventQuery(
  db: DatabaseSync,
  names: Names,
  options: QueryOptions = DEFAULTS,
): (query: EventQuery) => Promise<Page> {
  const firstAtOrAfter = db.prepare(
    'SELECT seq FROM events INDEXED BY events_received_at WHERE received_at >= ? ORDER BY received_at LIMIT 1',
  )
  const maxSeq = db.prepare('SELECT max(seq) AS seq FROM events')
  const minSeq = db.prepare('SELECT min(seq) AS seq FROM events')
  const statements = new Map<string, StatementSync>()
  const bySeq = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ?`)

  function prepared(sql: string): StatementSync {
    let stmt = statements.get(sql)
    if (!stmt) {
      if (statements.size > 200) statements.clear()
      stmt = db.prepare(sql)
      statements.set(sql, stmt)
    }
    return stmt
  }

  function run(from: string, filter: Filter, limit: number, columns = EVENT_COLUMNS): EventRecord[] {
    const where = filter.where.length ? `WHERE ${filter.where.join(' AND ')}` : ''
    return all<EventRecord>(
      prepared(`SELECT ${columns} FROM ${from} ${where} ORDER BY seq DESC LIMIT ?`),
      ...filter.params,
      limit,
    )
  }

  /**
   * Rows that come out of an index in another order than seq get sorted; sort
   * only their seqs (the index covers them), then fetch the few rows kept,
   * instead of dragging every payload in the range through the sorter.
   */
  function runSorted(from: string, filter: Filter, limit: number): EventRecord[] {
    return run(from, filter, limit, 'seq')
      .map((r) => get<EventRecord>(bySeq, r.seq))
      .filter((r): r is EventRecord => r !== undefined)
  }

  /**
   * Whether to read a received_at range through its index rather than walking
   * from the newest row. Sizes come from two index probes (seq ≈ arrival order).
   */
  function timeIndexPays(q: EventQuery, typed: boolean, want: number): boolean {
    if (q.from === undefined && q.to === undefined) return false
    const top = get<{ seq: number | null }>(maxSeq)?.seq ?? 0
    const seqAt = (at: number | undefined, fallback: number): number =>
      at === undefined ? fallback : (get<{ seq: number }>(firstAtOrAfter, at)?.seq ?? top + 1)
    const low = seqAt(q.from, get<{ seq: number | null }>(minSeq)?.seq ?? 0)
    const high = seqAt(q.to, top + 1)
    const inRange = Math.max(0, high - low)
    const newer = Math.max(0, top + 1 - high)
    const fetches = typed || q.verification !== undefined || q.duplicate === true || !!q.text
    const indexCost = inRange * (fetches ? COST_INDEX_FETCH : COST_INDEX_ENTRY)
    return inRange <= SMALL_RANGE || indexCost <= (newer + want) * COST_WALK_ROW
  }

  return async function queryEvents(q: EventQuery): Promise<Page> {
    const limit = clampLimit(q.limit)
    const before = decodeCursor('e', q.cursor)
    const want = limit + 1
    const base: Filter = { where: [], params: [] }
    const add = (clause: string, ...params: SQLInputValue[]): void => {
      base.where.push(clause)
      base.params.push(...params)
    }

    let streamRef: number | null = null
    if (q.streamId !== undefined) {
      streamRef = names.find(q.streamId)
      if (streamRef === null) return { events: [], nextCursor: null }
    }
    let typeRefs: number[] | null = null
    if (q.types && q.types.length > 0) {
      typeRefs = [...new Set(q.types)].map((t) => names.find(t)).filter((r): r is number => r !== null)
      if (typeRefs.length === 0) return { events: [], nextCursor: null }
    }
    if (before !== null) add('seq < ?', before)
    if (q.from !== undefined) add('received_at >= ?', q.from)
    if (q.to !== undefined) add('received_at < ?', q.to)
    if (q.verification === 'verified') add(`verification = 'verified'`)
    if (q.verification === 'unverified') add('seq IN (SELECT seq FROM held)')
    if (q.duplicate === true) add('duplicate_count > 0')
    if (q.text !== undefined && q.text !== '') add(`payload LIKE ? ESCAPE '\\'`, `%${escapeLike(q.text)}%`)
    const typed = (filter: Filter): Filter =>
      typeRefs ? prepend(filter, `type IN (${typeRefs.map(() => '?').join(', ')})`, ...typeRefs) : filter

    const plan: Plan =
      streamRef !== null
        ? 'stream'
        : q.verification === 'unverified'
          ? 'held'
          : timeIndexPays(q, typeRefs !== null, want)
            ? 'time'
            : typeRefs
              ? 'types'
              : q.duplicate === true
                ? 'duplicates'
                : q.text
                  ? 'text-walk'
                  : 'walk'
    options.onPlan?.(plan)

    let rows: EventRecord[]
    let scanCursor: number | null = null
    switch (plan) {
      case 'stream':
        rows = run(
          'events INDEXED BY events_stream_seq',
          typed(prepend(base, 'stream_id = ?', streamRef)),
          want,
        )
        break
      case 'held':
        rows = runSorted('events', typed(base), want)
        break
      case 'time':
        rows = runSorted('events INDEXED BY events_received_at', typed(base), want)
        break
      case 'types':
        // One ordered walk per type, merged: an IN list over (type, seq) would sort every match.
        rows = (typeRefs ?? [])
          .flatMap((ref) => run('events INDEXED BY events_type_seq', prepend(base, 'type = ?', ref), want))
          .sort((a, b) => b.seq - a.seq)
          .slice(0, want)
        break
      case 'duplicates':
        rows = run('events INDEXED BY events_duplicates', base, want)
        break
      case 'walk':
        rows = run('events NOT INDEXED', base, want)
        break
      case 'text-walk': {
        const walked = await textWalk(base, want, before)
        rows = walked.rows
        scanCursor = walked.stoppedAt
      }
    }

    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    const last = page[page.length - 1]
    let nextCursor: string | null = null
    if (more && last) nextCursor = encodeCursor('e', last.seq)
    else if (scanCursor !== null) nextCursor = encodeCursor('e', scanCursor)
    return { events: page.map((r) => toEventRow(names, r)), nextCursor }
  }

  /**
   * Rowid walk from the newest row, reading payloads: window by window,
   * yielding between windows, stopping at the budget with a cursor where it
   * stopped (that page may be short, even empty).
   */
  async function textWalk(
    base: Filter,
    want: number,
    before: number | null,
  ): Promise<{ rows: EventRecord[]; stoppedAt: number | null }> {
    const floor = get<{ seq: number | null }>(minSeq)?.seq ?? 0
    let high = before ?? (get<{ seq: number | null }>(maxSeq)?.seq ?? 0) + 1
    const deadline = Date.now() + options.budgetMs
    const rows: EventRecord[] = []
    while (rows.length < want && high > floor) {
      const low = Math.max(floor, high - options.window)
      const window = prepend(prepend(base, 'seq < ?', high), 'seq >= ?', low)
      rows.push(...run('events NOT INDEXED', window, want - rows.length))
      high = low
      if (rows.length >= want || high <= floor) break
      if (Date.now() >= deadline) return { rows, stoppedAt: high }
      await yieldToEvents()
    }
    return { rows, stoppedAt: null }
  }
}

function prepend(filter: Filter, clause: string, ...params: SQLInputValue[]): Filter {
  return { where: [clause, ...filter.where], params: [...params, ...filter.params] }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
