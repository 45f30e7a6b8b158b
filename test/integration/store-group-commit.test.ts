// Group commit and failure behaviour of the worker-backed store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import { HOLD_KEY, makeEvent, type TempDir, tempDir } from '../support/store-fixtures.ts'

let tmp: TempDir
let store: StoreHandle | null

beforeEach(() => {
  tmp = tempDir()
  store = null
})
afterEach(async () => {
  await store?.close()
  tmp.remove()
})

async function opened(options: { maxBatch?: number } = {}): Promise<StoreHandle> {
  store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0, ...options })
  return store
}

describe('store: group commit', () => {
  it('commits many concurrent writes in far fewer transactions, each promise after its commit', async () => {
    const s = await opened()
    const before = await s.writeCounts()
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => s.commitEvent(makeEvent(`g${i}`))),
    )
    const after = await s.writeCounts()
    expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true)
    expect(new Set(outcomes.map((o) => o.seq)).size).toBe(1000)
    expect(after.writes - before.writes).toBe(1000)
    expect(after.transactions - before.transactions).toBeLessThan(20)
    expect((await s.stats()).events).toBe(1000)
  })

  it('keeps concurrent senders in order and batches while one is in flight', async () => {
    const s = await opened({ maxBatch: 100 })
    const senders = Array.from({ length: 10 }, async (_, k) => {
      const seqs: number[] = []
      for (let i = 0; i < 50; i++) seqs.push((await s.commitEvent(makeEvent(`s${k}-${i}`))).seq ?? -1)
      return seqs
    })
    const perSender = await Promise.all(senders)
    for (const seqs of perSender) expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    const counts = await s.writeCounts()
    expect(counts.writes).toBe(500)
    expect(counts.transactions).toBeLessThan(500 / 2)
  })

  it('caps a batch at maxBatch writes', async () => {
    const s = await opened({ maxBatch: 100 })
    await Promise.all(Array.from({ length: 1000 }, (_, i) => s.commitEvent(makeEvent(`c${i}`))))
    expect((await s.writeCounts()).transactions).toBeGreaterThanOrEqual(10)
  })
})

describe('store: failures', () => {
  it('a bad write rejects alone; its batch-mates commit and the worker keeps serving', async () => {
    const s = await opened()
    const results = await Promise.allSettled([
      s.commitEvent(makeEvent('fine-1')),
      s.commitEvent(makeEvent('bad', { occurredAt: 0.5 })),
      s.commitEvent(makeEvent('fine-2')),
      s.commitEvent(makeEvent('', {})),
      s.commitEvent(makeEvent('bigint', { payload: { n: 1n } as unknown as Record<string, unknown> })),
    ])
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
    ])
    const reason = (r: PromiseSettledResult<unknown>): string =>
      r.status === 'rejected' ? String(r.reason) : ''
    expect(reason(results[1] as PromiseSettledResult<unknown>)).toMatch(/commitEvent\("bad"\) failed/)
    expect(reason(results[3] as PromiseSettledResult<unknown>)).toMatch(/non-empty string id/)
    expect(reason(results[4] as PromiseSettledResult<unknown>)).toMatch(/BigInt/)
    expect(await s.commitEvent(makeEvent('after'))).toMatchObject({ outcome: 'stored' })
    expect((await s.stats()).events).toBe(3)
    expect(await s.counters()).toMatchObject({ accepted: 3 })
  })

  it('close flushes queued writes; later calls reject with a clear error', async () => {
    const s = await opened()
    const pending = Array.from({ length: 300 }, (_, i) => s.commitEvent(makeEvent(`p${i}`)))
    const closing = s.close()
    await expect(s.commitEvent(makeEvent('late'))).rejects.toThrow(/store is closed/)
    await expect(s.queryEvents({})).rejects.toThrow(/store is closed/)
    expect((await Promise.all(pending)).every((o) => o.outcome === 'stored')).toBe(true)
    await closing
    await s.close() // twice is fine
    const again = await opened()
    expect((await again.stats()).events).toBe(300)
  })

  it('fails to open with a clear error', async () => {
    await expect(openStore({ file: `${tmp.dir}/missing/dir/monitor.sqlite` })).rejects.toThrow(
      /unable to open/i,
    )
    await expect(
      openStore({ file: tmp.file, workerUrl: new URL('./no-such-worker.ts', import.meta.url) }),
    ).rejects.toThrow()
  })
})
