import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { FIRST_PAGE, FOLLOW_KEEP, PAGE } from '../../../../src/renderer/src/state/events.ts'
import { previousIn } from '../../../../src/renderer/src/state/events-detail.ts'
import { matcherOf } from '../../../../src/renderer/src/state/events-filters.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import type { EventPage, EventQuery, MonitorApi } from '../../../../src/shared/api.ts'
import type { MonitorEvent } from '../../../../src/shared/domain.ts'
import { makeBatch, makeEvent, T0 } from '../fixtures.ts'

/** A fake listEvents that answers from a scripted function and records every query. */
function fakeApi(answer: (q: EventQuery) => EventPage | Promise<EventPage>, events: MonitorEvent[] = []) {
  const queries: EventQuery[] = []
  setStateApi({
    async listEvents(q: EventQuery) {
      queries.push(q)
      return answer(q)
    },
    async getEvent(id: string) {
      return events.find((e) => e.id === id) ?? null
    },
  } as Partial<MonitorApi> as MonitorApi)
  return queries
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))
const log = () => useMonitor.getState().eventLog
const ids = () => log().rows.map((r) => r.id)

describe('event log store', () => {
  beforeEach(() => resetMonitorState())
  afterEach(() => setStateApi(null))

  it('loads the first page for the filters, keeps rows without payloads, pages on with the cursor', async () => {
    const queries = fakeApi((q) =>
      q.cursor
        ? { events: [makeEvent('e2', T0 - 2), makeEvent('e1', T0 - 1)], nextCursor: null }
        : { events: [makeEvent('e3', T0), makeEvent('e2', T0 - 2)], nextCursor: 'c1' },
    )
    useMonitor.getState().setEventFilters({ streamId: 's1', types: ['video.live_stream.active'] })
    useMonitor.getState().openEventLog()
    await settle()
    expect(queries[0]).toEqual({ streamId: 's1', types: ['video.live_stream.active'], limit: FIRST_PAGE })
    expect(ids()).toEqual(['e3', 'e2'])
    expect(log().rows[0]).not.toHaveProperty('payload')
    await useMonitor.getState().loadMoreEvents()
    expect(queries[1]).toMatchObject({ cursor: 'c1', limit: PAGE })
    expect(ids()).toEqual(['e3', 'e2', 'e1'])
    expect(log().next).toBeNull()
    await useMonitor.getState().loadMoreEvents()
    expect(queries).toHaveLength(2)
  })

  it('keeps paging a text search that answered short or empty pages with a cursor', async () => {
    let n = 0
    const queries = fakeApi(() => {
      n++
      if (n === 1) return { events: [], nextCursor: 'scan-1' }
      if (n === 2) return { events: [makeEvent('hit', T0 - 10)], nextCursor: 'scan-2' }
      return { events: [], nextCursor: null }
    })
    useMonitor.getState().setEventFilters({ text: '  Studio ' })
    useMonitor.getState().openEventLog()
    await settle()
    expect(queries[0]?.text).toBe('Studio')
    expect(log().next).toEqual({ cursor: 'scan-1' })
    await useMonitor.getState().loadMoreEvents()
    await useMonitor.getState().loadMoreEvents()
    expect(queries.map((q) => q.cursor)).toEqual([undefined, 'scan-1', 'scan-2'])
    expect(ids()).toEqual(['hit'])
    expect(log().next).toBeNull()
  })

  it('puts matching live events on top while following, updates duplicates in place', async () => {
    fakeApi(() => ({ events: [makeEvent('old', T0 - 100, { streamId: 's1' })], nextCursor: null }))
    useMonitor.getState().setEventFilters({ streamId: 's1' })
    useMonitor.getState().openEventLog()
    await settle()
    useMonitor.getState().applyBatch(
      makeBatch(2, {
        events: [
          makeEvent('other-stream', T0, { streamId: 's2' }),
          makeEvent('new', T0 + 1, { streamId: 's1' }),
          // A repeat carries its own receive time; the row keeps the stored one.
          makeEvent('old', T0 + 50, { streamId: 's1', duplicateCount: 2 }),
        ],
      }),
    )
    expect(ids()).toEqual(['new', 'old'])
    expect(log().rows[1]).toMatchObject({ duplicateCount: 2, receivedAt: T0 - 100 })
  })

  it('holds new events while paused and shows them when following again', async () => {
    fakeApi(() => ({ events: [makeEvent('a', T0)], nextCursor: null }))
    useMonitor.getState().openEventLog()
    await settle()
    useMonitor.getState().setFollowing(false)
    useMonitor
      .getState()
      .applyBatch(makeBatch(2, { events: [makeEvent('b', T0 + 1), makeEvent('c', T0 + 2)] }))
    useMonitor
      .getState()
      .applyBatch(makeBatch(3, { events: [makeEvent('b', T0 + 1, { duplicateCount: 1 })] }))
    expect(ids()).toEqual(['a'])
    expect(log().pendingCount).toBe(2)
    useMonitor.getState().setFollowing(true)
    expect(ids()).toEqual(['c', 'b', 'a'])
    expect(log().rows[1]?.duplicateCount).toBe(1)
    expect(log().pendingCount).toBe(0)
    expect(log().following).toBe(true)
  })

  it('drops the tail beyond FOLLOW_KEEP while following and pages it in again by time', async () => {
    const queries = fakeApi(() => ({ events: [], nextCursor: null }))
    useMonitor.getState().openEventLog()
    await settle()
    const burst = Array.from({ length: FOLLOW_KEEP + 10 }, (_, i) => makeEvent(`e${i}`, T0 + i))
    for (let i = 0; i < burst.length; i += 500)
      useMonitor.getState().applyBatch(makeBatch(2 + i, { events: burst.slice(i, i + 500) }))
    expect(log().rows).toHaveLength(FOLLOW_KEEP)
    expect(log().rows[0]?.id).toBe(`e${FOLLOW_KEEP + 9}`)
    const last = log().rows.at(-1)
    expect(log().next).toEqual({ before: last?.receivedAt })
    await useMonitor.getState().loadMoreEvents()
    expect(queries.at(-1)).toMatchObject({ to: (last?.receivedAt ?? 0) + 1, limit: PAGE })
  })

  it('drops the answer to a query the filters have replaced', async () => {
    let release: (page: EventPage) => void = () => {}
    let first = true
    fakeApi((q) => {
      if (first) {
        first = false
        return new Promise<EventPage>((r) => {
          release = r
        })
      }
      return { events: [makeEvent(`for-${q.streamId}`, T0)], nextCursor: null }
    })
    useMonitor.getState().openEventLog()
    useMonitor.getState().setEventFilters({ streamId: 's9' })
    await settle()
    release({ events: [makeEvent('stale', T0)], nextCursor: null })
    await settle()
    expect(ids()).toEqual(['for-s9'])
  })

  it('ignores batches while the view is closed', async () => {
    fakeApi(() => ({ events: [], nextCursor: null }))
    useMonitor.getState().openEventLog()
    await settle()
    useMonitor.getState().closeEventLog()
    useMonitor.getState().applyBatch(makeBatch(2, { events: [makeEvent('x', T0)] }))
    expect(log().rows).toEqual([])
    expect(log().status).toBe('idle')
  })

  it('opens the detail with the previous event of the same stream', async () => {
    const current = makeEvent('e3', T0, { payload: { data: { status: 'active' } } })
    const previous = makeEvent('e2', T0 - 5_000, { payload: { data: { status: 'preparing' } } })
    const queries = fakeApi(() => ({ events: [current, previous], nextCursor: 'more' }), [current])
    await useMonitor.getState().openEventDetail('e3')
    const detail = useMonitor.getState().eventDetail
    expect(detail?.event?.id).toBe('e3')
    expect(detail?.previous).toEqual({ state: 'ready', event: previous })
    expect(queries[0]).toMatchObject({ streamId: 's1', to: T0 + 1 })
    expect(queries[0]?.types).toContain('video.live_stream.preparing')
    expect(queries[0]?.types).not.toContain('video.live_stream.simulcast_target.starting')
    useMonitor
      .getState()
      .applyBatch(makeBatch(2, { events: [{ ...current, receivedAt: T0 + 9, duplicateCount: 3 }] }))
    expect(useMonitor.getState().eventDetail?.event).toMatchObject({ duplicateCount: 3, receivedAt: T0 })
    useMonitor.getState().closeEventDetail()
    expect(useMonitor.getState().eventDetail).toBeNull()
  })

  it('says when an event is gone or has nothing before it', async () => {
    const lonely = makeEvent('only', T0, { streamId: null })
    fakeApi(() => ({ events: [], nextCursor: null }), [lonely])
    await useMonitor.getState().openEventDetail('missing')
    expect(useMonitor.getState().eventDetail?.state).toBe('missing')
    await useMonitor.getState().openEventDetail('only')
    expect(useMonitor.getState().eventDetail?.previous.state).toBe('none')
  })
})

describe('event log helpers', () => {
  it('finds the previous event after this one, or the newest older one', () => {
    const a = makeEvent('a', T0)
    const b = makeEvent('b', T0)
    const c = makeEvent('c', T0 - 1)
    expect(previousIn(a, [b, a, c])?.id).toBe('c')
    expect(previousIn(a, [b, c])?.id).toBe('b')
    expect(previousIn(c, [c])).toBeNull()
  })

  it("compares a simulcast target's event with that target's previous one only", () => {
    const target = (id: string, at: number, simulcastId: string) =>
      makeEvent(id, at, { type: 'video.live_stream.simulcast_target.starting', simulcastId })
    const now = target('now', T0, 't1')
    const page = [
      now,
      target('other', T0 - 1, 't2'),
      makeEvent('stream', T0 - 2),
      target('mine', T0 - 3, 't1'),
    ]
    expect(previousIn(now, page)?.id).toBe('mine')
    expect(previousIn(makeEvent('s', T0 + 1), [...page])?.id).toBe('stream')
  })

  it('matches live events like the store query does', () => {
    const match = matcherOf({
      types: ['video.live_stream.active'],
      from: T0 - 10,
      verification: 'verified',
      text: 'studio b',
    })
    const ev = makeEvent('x', T0, { payload: { data: { metadata: { name: 'Studio B' } } } })
    expect(match(ev)).toBe(true)
    expect(match({ ...ev, receivedAt: T0 - 11 })).toBe(false)
    expect(match({ ...ev, type: 'video.live_stream.idle' })).toBe(false)
    expect(match({ ...ev, verification: 'unverified' })).toBe(false)
    expect(match({ ...ev, payload: { data: { metadata: { name: 'Main' } } } })).toBe(false)
    expect(matcherOf({ duplicate: true })(ev)).toBe(false)
  })
})
