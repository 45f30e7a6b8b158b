// The writer's batch semantics, driven synchronously on a real file: one write
// failing alone, a whole transaction failing together, counters in step.
import type { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { all, openDatabase } from '../../../../../src/main/core/store/db.ts'
import { createNames } from '../../../../../src/main/core/store/names.ts'
import type { WriteOp } from '../../../../../src/main/core/store/protocol.ts'
import { createWriter, type Writer } from '../../../../../src/main/core/store/writes.ts'
import { HOLD_KEY, makeEvent, type TempDir, tempDir } from '../../../../support/store-fixtures.ts'

let tmp: TempDir
let db: DatabaseSync
let writer: Writer

type EventOp = Extract<WriteOp, { op: 'event' }>
const eventOp = (id: string, streamId = 'stream-a'): EventOp => {
  const e = makeEvent(id, { streamId })
  return { op: 'event', event: { ...e, payload: JSON.stringify(e.payload) }, held: null }
}
const count = (sql: string): number => all<{ n: number }>(db.prepare(sql))[0]?.n ?? -1

beforeEach(() => {
  tmp = tempDir()
  db = openDatabase(tmp.file).db
  writer = createWriter(db, createNames(db), HOLD_KEY)
})
afterEach(() => {
  db.close()
  tmp.remove()
})

describe('writer batches', () => {
  it('commits a batch in one transaction and dedupes within it', () => {
    const results = writer.runBatch([eventOp('a'), eventOp('b'), eventOp('a')])
    expect(results.map((r) => r.ok && r.value)).toEqual([
      { outcome: 'stored', seq: 1, duplicateCount: 0 },
      { outcome: 'stored', seq: 2, duplicateCount: 0 },
      { outcome: 'duplicate', seq: 1, duplicateCount: 1 },
    ])
    expect(writer.counts()).toEqual({ transactions: 1, writes: 3 })
    expect(all(db.prepare('SELECT accepted, duplicates, stored FROM counters'))).toEqual([
      { accepted: 2, duplicates: 1, stored: 2 },
    ])
  })

  it('a failing write fails alone; the rest of its batch commits', () => {
    const bad: WriteOp = {
      op: 'event',
      event: { ...eventOp('bad').event, occurredAt: 1.5 } as never,
      held: null,
    }
    const results = writer.runBatch([eventOp('a', 'new-stream'), bad, eventOp('c', 'other-stream')])
    expect(results.map((r) => r.ok)).toEqual([true, false, true])
    expect(results[1]?.ok === false && results[1].error.message).toMatch(
      /commitEvent\("bad"\) failed: .*REAL/,
    )
    expect(count('SELECT count(*) AS n FROM events')).toBe(2)
    // The names cache was reset by the failure; refs of committed rows still resolve.
    expect(
      all(db.prepare('SELECT value FROM names ORDER BY ref')).map((r) => (r as { value: string }).value),
    ).toEqual(['video.live_stream.active', 'new-stream', 'ws-1', 'other-stream'])
    expect(all(db.prepare('SELECT accepted, stored FROM counters'))).toEqual([{ accepted: 2, stored: 2 }])
  })

  it('when the transaction itself fails, every write in it fails and nothing is kept', () => {
    writer.runBatch([eventOp('before')])
    // RAISE(ROLLBACK) ends the whole transaction, as a disk-full or I/O error would.
    db.exec(
      `CREATE TEMP TRIGGER boom BEFORE INSERT ON probes BEGIN SELECT RAISE(ROLLBACK, 'disk on fire'); END`,
    )
    const results = writer.runBatch([
      eventOp('x', 'stream-x'),
      { op: 'probe', receivedAt: 1, size: 2 },
      eventOp('y'),
    ])
    expect(results.every((r) => !r.ok)).toBe(true)
    for (const r of results)
      expect(!r.ok && r.error.message).toMatch(/transaction failed, none of its 3 writes.*disk on fire/)
    expect(count('SELECT count(*) AS n FROM events')).toBe(1)
    expect(count(`SELECT count(*) AS n FROM names WHERE value = 'stream-x'`)).toBe(0)
    db.exec('DROP TRIGGER boom')
    // The writer keeps working afterwards, and re-interns the rolled-back name.
    expect(writer.runBatch([eventOp('x', 'stream-x')]).map((r) => r.ok)).toEqual([true])
    expect(all(db.prepare('SELECT accepted, stored, probes FROM counters'))).toEqual([
      { accepted: 2, stored: 2, probes: 0 },
    ])
  })

  it('holding without a key fails that write with a clear message', () => {
    const keyless = createWriter(db, createNames(db), null)
    const [r] = keyless.runBatch([{ ...eventOp('h'), held: { raw: Buffer.from('x'), signature: null } }])
    expect(r?.ok === false && r.error.message).toMatch(/without a holdKey/)
  })
})

describe('hold limits set at runtime (W10)', () => {
  const heldOp = (id: string): WriteOp => ({
    ...eventOp(id),
    held: { raw: Buffer.from('x'), signature: null },
  })
  const limitsOp = (maxDeliveries: number, maxBytes = 1_000_000): WriteOp => ({
    op: 'holdLimits',
    limits: { maxBytes, maxDeliveries },
  })
  const outcomes = (ops: WriteOp[]) =>
    writer.runBatch(ops).map((r) => (r.ok ? (r.value as { outcome?: string } | null)?.outcome : 'failed'))
  const holdRow = () => all(db.prepare('SELECT unverified, hold_full FROM counters'))[0]

  beforeEach(() => {
    writer = createWriter(db, createNames(db), HOLD_KEY, { maxBytes: 1_000_000, maxDeliveries: 2 })
  })

  it('a new cap applies to the deliveries after it, in the same batch and later ones', () => {
    expect(outcomes([heldOp('a'), heldOp('b'), heldOp('c')])).toEqual(['stored', 'stored', 'refused'])
    expect(holdRow()).toEqual({ unverified: 2, hold_full: 1 })
    expect(outcomes([heldOp('c'), limitsOp(3), heldOp('d'), heldOp('e')])).toEqual([
      'refused',
      undefined,
      'stored',
      'refused',
    ])
    expect(holdRow()).toEqual({ unverified: 3, hold_full: 1 })
    // A byte cap below what one more delivery needs refuses it too.
    expect(outcomes([limitsOp(100, 10), heldOp('f')])).toEqual([undefined, 'refused'])
  })

  it('the full flag follows the cap: raised with room clears it, lowered to what is held sets it', () => {
    outcomes([heldOp('a'), heldOp('b'), heldOp('c')])
    expect(holdRow()).toEqual({ unverified: 2, hold_full: 1 })
    outcomes([limitsOp(10)])
    expect(holdRow()).toEqual({ unverified: 2, hold_full: 0 })
    outcomes([limitsOp(2)])
    expect(holdRow()).toEqual({ unverified: 2, hold_full: 1 })
    outcomes([limitsOp(1)])
    expect(holdRow()).toEqual({ unverified: 2, hold_full: 1 })
    expect(outcomes([heldOp('c')])).toEqual(['refused'])
  })

  it('a cap in a transaction that fails is not taken; impossible caps fail that write in words', () => {
    outcomes([heldOp('a'), heldOp('b')])
    db.exec(
      `CREATE TEMP TRIGGER boom BEFORE INSERT ON probes BEGIN SELECT RAISE(ROLLBACK, 'disk on fire'); END`,
    )
    expect(outcomes([limitsOp(10), { op: 'probe', receivedAt: 1, size: 2 }])).toEqual(['failed', 'failed'])
    db.exec('DROP TRIGGER boom')
    expect(outcomes([heldOp('c')])).toEqual(['refused'])

    const [bad] = writer.runBatch([limitsOp(0)])
    expect(bad?.ok === false && bad.error.message).toMatch(/hold limits need whole numbers ≥ 1/)
    expect(outcomes([heldOp('c')])).toEqual(['refused'])
    expect(outcomes([limitsOp(3), heldOp('c')])).toEqual([undefined, 'stored'])
  })
})
