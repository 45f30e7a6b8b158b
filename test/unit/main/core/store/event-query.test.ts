// queryEvents against a reference filter: every filter, alone and combined, paged
// to the end through cursors, over enough rows that each query plan is taken.
import type { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../../../src/main/core/store/db.ts'
import { createEventQuery, type Plan } from '../../../../../src/main/core/store/event-query.ts'
import { createNames } from '../../../../../src/main/core/store/names.ts'
import type { WriteOp } from '../../../../../src/main/core/store/protocol.ts'
import type { CommitOutcome } from '../../../../../src/main/core/store/types.ts'
import { createWriter } from '../../../../../src/main/core/store/writes.ts'
import type { EventQuery } from '../../../../../src/shared/api.ts'
import { HOLD_KEY, makeEvent, seeded, type TempDir, tempDir } from '../../../../support/store-fixtures.ts'

interface Model {
  seq: number
  id: string
  type: string
  streamId: string | null
  receivedAt: number
  verification: 'verified' | 'unverified'
  duplicateCount: number
  payload: string
}

const ROWS = 12_000
const TYPES = [
  'video.live_stream.active',
  'video.live_stream.idle',
  'video.live_stream.disconnected',
  'x.one',
  'x.two',
]
const STREAMS = ['s0', 's1', 's2', 's3', 's4', 's5', null]
const LABELS = ['Camera North', 'camera south', 'STAGE left', '50%_off', 'back\\slash']
const T0 = 1_700_000_000_000

let tmp: TempDir
let db: DatabaseSync
let query: ReturnType<typeof createEventQuery>
const model: Model[] = []
const plans = new Map<Plan, number>()

beforeAll(() => {
  tmp = tempDir()
  db = openDatabase(tmp.file).db
  const names = createNames(db)
  const writer = createWriter(db, names, HOLD_KEY)
  const rand = seeded(7)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  let ops: WriteOp[] = []
  const pending: Omit<Model, 'seq'>[] = []
  const flush = (): void => {
    const results = writer.runBatch(ops)
    results.forEach((r, i) => {
      const m = pending[i]
      if (!r.ok || !m) throw new Error('fixture write failed')
      const outcome = r.value as CommitOutcome
      if (outcome.outcome === 'stored') model.push({ ...m, seq: outcome.seq })
      else {
        const row = model.find((x) => x.seq === outcome.seq)
        if (row) row.duplicateCount = outcome.duplicateCount
      }
    })
    ops = []
    pending.length = 0
  }
  for (let i = 0; i < ROWS; i++) {
    // Mostly in arrival order with jitter, and now and then a clock step back.
    const receivedAt = T0 + i * 1000 + Math.floor(rand() * 3000) - (i % 997 === 0 ? 60_000 : 0)
    const held = rand() < 0.01
    const e = makeEvent(`ev-${i}`, { type: pick(TYPES), streamId: pick(STREAMS), receivedAt })
    e.payload = { ...e.payload, label: pick(LABELS) }
    const payload = JSON.stringify(e.payload)
    ops.push({
      op: 'event',
      event: { ...e, payload },
      held: held ? { raw: Buffer.from(payload), signature: null } : null,
    })
    pending.push({ ...e, payload, verification: held ? 'unverified' : 'verified', duplicateCount: 0 })
    if (rand() < 0.02 && i > 0) {
      const again = makeEvent(`ev-${Math.floor(rand() * i)}`, { receivedAt: receivedAt + 5 })
      ops.push({ op: 'event', event: { ...again, payload: '{}' }, held: null })
      pending.push({ ...again, payload: '{}', verification: 'verified', duplicateCount: 0 })
    }
    if (ops.length >= 1000) flush()
  }
  flush()
  query = createEventQuery(db, names, {
    window: 1000,
    budgetMs: 10_000,
    onPlan: (plan) => plans.set(plan, (plans.get(plan) ?? 0) + 1),
  })
})
afterAll(() => {
  db.close()
  tmp.remove()
})

function reference(q: EventQuery): string[] {
  const text = q.text?.toLowerCase()
  return model
    .filter(
      (m) =>
        (q.streamId === undefined || m.streamId === q.streamId) &&
        (!q.types?.length || q.types.includes(m.type)) &&
        (q.from === undefined || m.receivedAt >= q.from) &&
        (q.to === undefined || m.receivedAt < q.to) &&
        (q.verification === undefined || m.verification === q.verification) &&
        (q.duplicate !== true || m.duplicateCount > 0) &&
        (!text || m.payload.toLowerCase().includes(text)),
    )
    .sort((a, b) => b.seq - a.seq)
    .map((m) => m.id)
}

/** Follows cursors for up to `maxPages`; `done` says whether the last page had no cursor. */
async function everyPage(
  q: EventQuery,
  run = query,
  maxPages = 10_000,
): Promise<{ ids: string[]; pages: number; done: boolean }> {
  const ids: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await run({ ...q, ...(cursor ? { cursor } : {}) })
    expect(page.events.length).toBeLessThanOrEqual(q.limit ?? 100)
    ids.push(...page.events.map((e) => e.id))
    cursor = page.nextCursor ?? undefined
    pages++
  } while (cursor && pages < maxPages)
  return { ids, pages, done: cursor === undefined }
}

function randomQuery(rand: () => number): EventQuery {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T
  const q: EventQuery = { limit: pick([1, 7, 100, 333, 1000]) }
  if (rand() < 0.3) q.streamId = pick(['s0', 's3', 's5', 'nope'])
  if (rand() < 0.3) q.types = rand() < 0.5 ? [pick(TYPES)] : [pick(TYPES), pick(TYPES), 'x.unknown']
  if (rand() < 0.4) {
    const a = T0 + Math.floor(rand() * ROWS * 1000)
    const width = pick([5_000, 600_000, 3_000_000, 9_000_000, 12_000_000])
    if (rand() < 0.8) q.from = a
    if (rand() < 0.7) q.to = a + width
  }
  if (rand() < 0.2) q.verification = pick(['verified', 'unverified'] as const)
  if (rand() < 0.15) q.duplicate = true
  if (rand() < 0.2) q.text = pick(['camera', 'CAMERA N', '50%_', '%', '_off', 'back\\s', 'stage LEFT', 'zzz'])
  return q
}

describe('queryEvents', () => {
  it('matches the reference for 120 random filter combinations, paged to the end', async () => {
    const rand = seeded(2024)
    for (let i = 0; i < 120; i++) {
      const q = randomQuery(rand)
      // Small pages over big results stop after 40 pages: then the prefix must match.
      const { ids, done } = await everyPage(q, query, 40)
      const expected = reference(q)
      expect({ q, ids }).toEqual({ q, ids: done ? expected : expected.slice(0, ids.length) })
      if (!done) expect(ids.length).toBe(40 * (q.limit ?? 100))
    }
    // Every plan, including both sides of the time-range choice, was exercised.
    const taken: Plan[] = ['stream', 'held', 'time', 'types', 'duplicates', 'walk', 'text-walk']
    for (const plan of taken) expect({ plan, used: (plans.get(plan) ?? 0) > 0 }).toEqual({ plan, used: true })
  })

  it('reads a wide recent time range by walking and a narrow old one through the index', async () => {
    const seen: Plan[] = []
    const q = createEventQuery(db, createNames(db), {
      window: 1000,
      budgetMs: 1000,
      onPlan: (p) => seen.push(p),
    })
    const newest = T0 + ROWS * 1000
    await q({ from: newest - 9_000_000 })
    await q({ from: T0 + 1_000_000, to: T0 + 1_600_000 })
    expect(seen).toEqual(['walk', 'time'])
  })

  it('returns complete MonitorEvent-shaped rows, newest first, default limit 100', async () => {
    const page = await query({})
    expect(page.events).toHaveLength(100)
    expect(page.nextCursor).toBeTypeOf('string')
    const top = model.reduce((a, b) => (a.seq > b.seq ? a : b))
    expect(page.events[0]).toMatchObject({ id: top.id, seq: top.seq, type: top.type, streamId: top.streamId })
    expect((await query({ limit: 5000 })).events).toHaveLength(1000)
    expect((await query({ limit: 0 })).events).toHaveLength(1)
  })

  it('a text walk out of budget returns what it has with a cursor that continues exactly', async () => {
    const hurried = createEventQuery(db, createNames(db), { window: 500, budgetMs: 0 })
    const q: EventQuery = { text: 'stage left', limit: 1000 }
    const { ids, pages } = await everyPage(q, hurried)
    expect(ids).toEqual(reference(q))
    // Budget 0: one window per call, so one page per 500 rows walked.
    expect(pages).toBeGreaterThanOrEqual(ROWS / 500 - 1)
  })

  it('rejects a cursor it did not make', async () => {
    await expect(query({ cursor: 'bm9wZQ' })).rejects.toThrow(/invalid cursor/)
  })
})
