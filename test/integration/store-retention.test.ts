// Retention: by age and by count, in small transactions that let writes in
// between; held rows stay within the age limit and are never counted out;
// counters stay cumulative; the timer runs by itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import {
  HOLD_KEY,
  makeEvent,
  makeRejected,
  makeTransition,
  type TempDir,
  tempDir,
} from '../support/store-fixtures.ts'

const DAY = 86_400_000
const NOW = 1_800_000_000_000

let tmp: TempDir
let store: StoreHandle

async function fill(count: number, receivedAt: (i: number) => number, prefix = 'e'): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      store.commitEvent(makeEvent(`${prefix}${i}`, { receivedAt: receivedAt(i) })),
    ),
  )
}

beforeEach(() => {
  tmp = tempDir()
})
afterEach(async () => {
  await store.close()
  tmp.remove()
})

describe('store: retention', () => {
  it("keeps viewer samples for their own days and decisions for the events' days", async () => {
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0, retentionChunk: 50 })
    await store.setRetention({ maxAgeDays: 7, maxEvents: 0, viewerDays: 60 })
    const ages = [90, 30, 1]
    await store.commitViewerSamples(ages.map((d, i) => ({ streamId: 's', at: NOW - d * DAY, count: i })))
    const decision = (id: string, at: number) => ({
      id,
      at,
      rule: 'live' as const,
      streamId: 's',
      targetId: null,
      title: 'live',
      body: '',
      urgency: 'normal' as const,
      sound: false,
      outcome: 'raised' as const,
      why: '',
      transitionAt: at,
      folded: 0,
    })
    await store.commitDecisions([decision('d-old', NOW - 30 * DAY), decision('d-new', NOW - DAY)])
    // The same decision twice is kept once.
    await store.commitDecisions([decision('d-new', NOW - DAY)])
    await store.applyRetention(NOW)
    expect((await store.listViewerSamples({ streamId: 's' })).map((v) => v.count)).toEqual([1, 2])
    expect((await store.listDecisions({})).map((d) => d.id)).toEqual(['d-new'])
    // Without a setting of their own, samples stay 90 days.
    await store.setRetention({ maxAgeDays: 7, maxEvents: 0 })
    await store.commitViewerSamples([{ streamId: 's', at: NOW - 89 * DAY, count: 9 }])
    await store.applyRetention(NOW)
    expect(
      (await store.listViewerSamples({ streamId: 's', from: NOW - 89 * DAY, to: NOW - 29 * DAY })).map(
        (v) => v.count,
      ),
    ).toEqual([9, 1])
  })

  it('deletes by age in chunks, held rows older than the age limit too, and leaves counters cumulative', async () => {
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0, retentionChunk: 50 })
    await store.setRetention({ maxAgeDays: 7, maxEvents: 0 })
    await fill(400, (i) => NOW - 30 * DAY + i, 'old')
    await store.commitEvent(makeEvent('old-held', { receivedAt: NOW - 30 * DAY }), {
      raw: Buffer.from('{}'),
      signature: null,
    })
    await fill(99, (i) => NOW - DAY + i, 'new')
    await store.commitEvent(makeEvent('new-held', { receivedAt: NOW - DAY }), {
      raw: Buffer.from('{}'),
      signature: null,
    })
    await store.commitRejected(makeRejected(NOW - 30 * DAY))
    await store.commitRejected(makeRejected(NOW - DAY))
    await store.commitProbe({ receivedAt: NOW - 30 * DAY, size: 2 })
    await store.commitTransitions([makeTransition('s', NOW - 30 * DAY), makeTransition('s', NOW - DAY)])
    const before = await store.counters()

    // W10: a held delivery older than the age limit goes with the rest (the hold is bounded in time).
    expect(await store.applyRetention(NOW)).toEqual({ deleted: 401 })
    expect((await store.stats()).events).toBe(100)
    expect(await store.getEvent('old0')).toBeNull()
    expect(await store.getEvent('old-held')).toBeNull()
    expect(await store.getEvent('new-held')).not.toBeNull()
    expect((await store.listHeld(10)).map((h) => h.eventId)).toEqual(['new-held'])
    expect((await store.queryEvents({ limit: 1000 })).events).toHaveLength(100)
    expect(await store.counters()).toEqual({ ...before, unverified: before.unverified - 1 })
    expect((await store.listRejected({})).rejected.map((r) => r.receivedAt)).toEqual([NOW - DAY])
    expect((await store.listTransitions({})).map((t) => t.at)).toEqual([NOW - DAY])
    expect(await store.applyRetention(NOW)).toEqual({ deleted: 0 })
  })

  it('keeps the newest maxEvents by arrival, never counting held rows out', async () => {
    store = await openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0, retentionChunk: 30 })
    await store.commitEvent(makeEvent('held-first', { receivedAt: NOW }), {
      raw: Buffer.from('{}'),
      signature: null,
    })
    await fill(300, () => NOW)
    await store.setRetention({ maxAgeDays: 0, maxEvents: 100 })
    // 301 stored, keep 100: the 201 oldest verified go; the held row is older but stays.
    expect(await store.applyRetention(NOW)).toEqual({ deleted: 201 })
    const left = (await store.queryEvents({ limit: 1000 })).events.map((e) => e.id)
    expect(left).toHaveLength(100)
    expect(left.slice(0, 99)).toEqual(Array.from({ length: 99 }, (_, i) => `e${299 - i}`))
    expect(left).toContain('held-first')
    expect(await store.counters()).toMatchObject({ accepted: 301, unverified: 1 })
  })

  it('lets writes commit between chunks of a long pass', async () => {
    store = await openStore({ file: tmp.file, retentionIntervalMs: 0, retentionChunk: 20 })
    await fill(2000, (i) => NOW - 30 * DAY + i)
    await store.setRetention({ maxAgeDays: 1, maxEvents: 0 })
    const order: string[] = []
    const pass = store.applyRetention(NOW).then((r) => {
      order.push('retention')
      return r
    })
    await new Promise((resolve) => setImmediate(resolve))
    const write = store.commitEvent(makeEvent('during', { receivedAt: NOW })).then(() => order.push('write'))
    await Promise.all([pass, write])
    expect(order).toEqual(['write', 'retention'])
    expect(await pass).toEqual({ deleted: 2000 })
    expect((await store.stats()).events).toBe(1)
  })

  it('runs by itself on its timer with the retention it was opened with', async () => {
    store = await openStore({
      file: tmp.file,
      retentionIntervalMs: 50,
      retention: { maxAgeDays: 1, maxEvents: 0 },
    })
    await fill(50, (i) => Date.now() - 3 * DAY + i)
    await store.commitEvent(makeEvent('fresh', { receivedAt: Date.now() }))
    const deadline = Date.now() + 10_000
    while ((await store.stats()).events > 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25))
    expect((await store.stats()).events).toBe(1)
    expect(await store.getEvent('fresh')).not.toBeNull()
  })

  it('rejects retention settings that are not whole numbers ≥ 0', async () => {
    store = await openStore({ file: tmp.file, retentionIntervalMs: 0 })
    await expect(store.setRetention({ maxAgeDays: -1, maxEvents: 0 })).rejects.toThrow(/whole numbers/)
    await expect(store.setRetention({ maxAgeDays: 1.5, maxEvents: 0 })).rejects.toThrow(/whole numbers/)
  })
})
