// The store through its public API, with its real workers on a real file:
// dedupe, counters, queries, history tables, snapshots, reopen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type StoreHandle } from '../../src/main/core/store/open-store.ts'
import type { StreamSnapshot } from '../../src/shared/domain.ts'
import {
  HOLD_KEY,
  makeEvent,
  makeRejected,
  makeTransition,
  type TempDir,
  tempDir,
} from '../support/store-fixtures.ts'

let tmp: TempDir
let store: StoreHandle
const open = (): Promise<StoreHandle> =>
  openStore({ file: tmp.file, holdKey: HOLD_KEY, retentionIntervalMs: 0 })

beforeEach(async () => {
  tmp = tempDir()
  store = await open()
})
afterEach(async () => {
  await store.close()
  tmp.remove()
})

describe('store: events', () => {
  it('stores an event and returns it exactly as committed', async () => {
    const event = makeEvent('ev-1', {
      simulcastId: 'sim-1',
      payload: { id: 'ev-1', nested: { a: [1, 'two', null] } },
    })
    expect(await store.commitEvent(event)).toEqual({ outcome: 'stored', seq: 1, duplicateCount: 0 })
    expect(await store.getEvent('ev-1')).toStrictEqual(event)
    expect(await store.getEvent('missing')).toBeNull()
  })

  it('dedupes by id, sequentially and concurrently, counting every duplicate durably', async () => {
    const event = makeEvent('ev-dup')
    await store.commitEvent(event)
    for (let i = 1; i <= 5; i++) {
      expect(await store.commitEvent({ ...event, receivedAt: event.receivedAt + i })).toEqual({
        outcome: 'duplicate',
        seq: 1,
        duplicateCount: i,
      })
    }
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => store.commitEvent(event)))
    expect(new Set(concurrent.map((o) => o.outcome))).toEqual(new Set(['duplicate']))
    expect(concurrent.map((o) => o.duplicateCount).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 6),
    )
    await store.close()
    store = await open()
    expect((await store.getEvent('ev-dup'))?.duplicateCount).toBe(25)
    expect(await store.counters()).toMatchObject({ accepted: 1, duplicates: 25 })
    expect((await store.stats()).events).toBe(1)
    expect((await store.queryEvents({ duplicate: true })).events.map((e) => e.id)).toEqual(['ev-dup'])
  })

  it('keeps exact receiver counters across kinds of delivery and reopen', async () => {
    await store.commitEvent(makeEvent('a', { receivedAt: 1000 }))
    await store.commitEvent(makeEvent('a', { receivedAt: 1500 }))
    await store.commitEvent(makeEvent('b', { receivedAt: 1200 }), { raw: Buffer.from('{}'), signature: null })
    await store.commitRejected(makeRejected(1800))
    await store.commitProbe({ receivedAt: 2000, size: 2 })
    const expected = {
      accepted: 2,
      duplicates: 1,
      rejected: 1,
      probes: 1,
      unverified: 1,
      holdRefused: 0,
      holdFull: false,
      lastDeliveryAt: 2000,
      lastProbeAt: 2000,
    }
    expect(await store.counters()).toEqual(expected)
    await store.close()
    store = await open()
    expect(await store.counters()).toEqual(expected)
  })

  it('eventsAfter returns verified events only, in seq order, from a seq on', async () => {
    for (let i = 1; i <= 6; i++) {
      const held = i === 3 ? { raw: Buffer.from('{}'), signature: null } : undefined
      await store.commitEvent(makeEvent(`e${i}`), held)
    }
    const after = await store.eventsAfter(1, 3)
    expect(after.map((x) => [x.seq, x.event.id])).toEqual([
      [2, 'e2'],
      [4, 'e4'],
      [5, 'e5'],
    ])
    expect((await store.eventsAfter(5, 100)).map((x) => x.event.id)).toEqual(['e6'])
  })

  it('queries with filters and pages with cursors, newest first', async () => {
    const types = ['video.live_stream.active', 'video.live_stream.idle']
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        store.commitEvent(
          makeEvent(`q${i}`, {
            streamId: i % 2 ? 'odd' : 'even',
            type: types[i % 3 === 0 ? 1 : 0],
            receivedAt: 10_000 + i,
            payload: { label: i % 50 === 0 ? 'Needle' : 'hay' },
          }),
        ),
      ),
    )
    const all: string[] = []
    let cursor: string | undefined
    do {
      const page = await store.queryEvents({ streamId: 'even', limit: 40, ...(cursor ? { cursor } : {}) })
      all.push(...page.events.map((e) => e.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(all).toHaveLength(125)
    const seqs = await Promise.all(all.map(async (id) => (await store.getEvent(id))?.receivedAt ?? 0))
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    const idle = await store.queryEvents({
      types: ['video.live_stream.idle'],
      from: 10_000,
      to: 10_100,
      limit: 1000,
    })
    expect(idle.events.every((e) => e.type === 'video.live_stream.idle' && e.receivedAt < 10_100)).toBe(true)
    expect(idle.events).toHaveLength(34)
    expect((await store.queryEvents({ text: 'NEEDLE' })).events).toHaveLength(5)
    expect((await store.queryEvents({ streamId: 'nobody' })).events).toEqual([])
    await expect(store.queryEvents({ cursor: 'garbage!' })).rejects.toThrow(/invalid cursor/)
  })
})

describe('store: history tables', () => {
  it('lists transitions by stream and time range, newest first, with a limit', async () => {
    await store.commitTransitions([
      makeTransition('s1', 100),
      makeTransition('s1', 300, { targetId: 'sim-1', toHealth: 'degraded', cause: 'clock', eventId: null }),
      makeTransition('s2', 200),
      makeTransition('s1', 200, { cause: 'reconcile', fromHealth: null, fromStatus: null }),
    ])
    await store.commitTransitions([])
    const s1 = await store.listTransitions({ streamId: 's1' })
    expect(s1.map((t) => t.at)).toEqual([300, 200, 100])
    expect(s1[0]).toEqual(
      makeTransition('s1', 300, { targetId: 'sim-1', toHealth: 'degraded', cause: 'clock', eventId: null }),
    )
    // Same time: the one stored later comes first.
    expect((await store.listTransitions({ from: 150, to: 300 })).map((t) => [t.streamId, t.at])).toEqual([
      ['s1', 200],
      ['s2', 200],
    ])
    expect(await store.listTransitions({ limit: 1 })).toHaveLength(1)
  })

  it('pages rejected deliveries newest first and counts recent signature rejections', async () => {
    for (let i = 0; i < 25; i++) await store.commitRejected(makeRejected(1000 + i, i % 5 === 0 ? 400 : 401))
    const first = await store.listRejected({ limit: 10 })
    expect(first.rejected.map((r) => r.receivedAt)).toEqual(Array.from({ length: 10 }, (_, i) => 1024 - i))
    const second = await store.listRejected({ limit: 10, cursor: first.nextCursor ?? '' })
    expect(second.rejected[0]?.receivedAt).toBe(1014)
    const third = await store.listRejected({ limit: 10, cursor: second.nextCursor ?? '' })
    expect(third.rejected).toHaveLength(5)
    expect(third.nextCursor).toBeNull()
    expect(first.rejected[0]).toEqual({ ...makeRejected(1024, 401), seq: 25 })
    // 1010–1024 is 15 deliveries, of which 1010, 1015, 1020 were 400s.
    expect(await store.countRejectedSince(1010)).toBe(12)
  })

  it('round-trips stream snapshots (upserted) and the seq they are current through', async () => {
    expect(await store.loadSnapshots()).toEqual({ snapshots: [], throughSeq: 0 })
    const snap = (id: string, health: StreamSnapshot['health']): StreamSnapshot => ({
      id,
      name: `Stream ${id}`,
      status: 'active',
      connection: 'connected',
      health,
      healthReason: 'ok',
      statusSince: 1,
      healthSince: 2,
      reconnectDeadline: null,
      reconnectWindowSec: 60,
      recording: false,
      recentDisconnects: [5, 6],
      lastEventAt: 7,
      lastEventType: 'video.live_stream.active',
      lastEventId: 'e',
      viewerCount: null,
      simulcastTargets: [],
      evaluatedAt: 8,
    })
    await store.saveSnapshots([snap('a', 'healthy'), snap('b', 'down')], 10)
    await store.saveSnapshots([snap('b', 'healthy')], 12)
    await store.close()
    store = await open()
    expect(await store.loadSnapshots()).toEqual({
      snapshots: [snap('a', 'healthy'), snap('b', 'healthy')],
      throughSeq: 12,
    })
  })

  it('reports stats from the file', async () => {
    await store.commitEvent(makeEvent('s'))
    const stats = await store.stats()
    expect(stats).toMatchObject({ events: 1, pageSize: 16_384 })
    expect(stats.fileBytes).toBeGreaterThanOrEqual(stats.pageCount * stats.pageSize)
  })
})
