import { beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { LIVE_EVENT_LIMIT } from '../../../../src/renderer/src/state/live-events.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import {
  makeBatch,
  makeEvent,
  makeReceiver,
  makeSnapshot,
  makeStream,
  makeTransition,
  T0,
} from '../fixtures.ts'

const state = () => useMonitor.getState()

describe('monitor store', () => {
  beforeEach(() => {
    resetMonitorState()
    setStateApi(null)
  })

  it('starts empty and loading, and resets to that', () => {
    state().applySnapshot(makeSnapshot([makeStream('a')]))
    state().setSearchText('x')
    resetMonitorState()
    expect(state().streams).toEqual({})
    expect(state().load).toBe('loading')
    expect(state().filters.text).toBe('')
  })

  it('loads a snapshot: streams by id, workspace, receiver, settings, server clock', () => {
    state().applySnapshot(makeSnapshot([makeStream('a'), makeStream('b')], { serverTime: T0 + 7_000 }), T0)
    expect(Object.keys(state().streams)).toEqual(['a', 'b'])
    expect(state().workspaceHealth).toBe('healthy')
    expect(state().receiver?.accepted).toBe(10)
    expect(state().settings?.thresholds.reconnectWindowSec).toBe(60)
    expect(state().load).toBe('ready')
    expect(state().clockOffset).toBe(7_000)
  })

  it('applies a batch with one store notification', () => {
    state().applySnapshot(makeSnapshot([makeStream('a')]))
    let notifications = 0
    const unsubscribe = useMonitor.subscribe(() => notifications++)
    state().applyBatch(
      makeBatch(2, {
        streams: [makeStream('a', { health: 'down' }), makeStream('b')],
        events: [makeEvent('e1', T0), makeEvent('e2', T0 + 1)],
        transitions: [makeTransition('a', T0)],
        receiver: makeReceiver({ accepted: 12 }),
        workspaceHealth: 'down',
      }),
    )
    unsubscribe()
    expect(notifications).toBe(1)
    expect(state().streams.a?.health).toBe('down')
    expect(state().workspaceHealth).toBe('down')
    expect(state().receiver?.accepted).toBe(12)
  })

  it('is idempotent: the same batch twice leaves the same picture', () => {
    const batch = makeBatch(2, {
      streams: [makeStream('a', { health: 'down' })],
      events: [makeEvent('e1', T0), makeEvent('e2', T0 + 1)],
      transitions: [
        makeTransition('a', T0),
        makeTransition('a', T0, { targetId: 't1', toStatus: 'stalled' }),
      ],
    })
    state().applyBatch(batch)
    const once = {
      streams: state().streams,
      events: state().liveEvents,
      transitions: state().transitionsByStream,
    }
    state().applyBatch(batch)
    expect(state().streams).toEqual(once.streams)
    expect(state().liveEvents).toEqual(once.events)
    expect(state().transitionsByStream).toEqual(once.transitions)
    expect(state().liveEvents.map((e) => e.id)).toEqual(['e2', 'e1'])
    expect(state().transitionsByStream.a).toHaveLength(2)
  })

  it('keeps untouched streams as the same objects', () => {
    state().applySnapshot(makeSnapshot([makeStream('a'), makeStream('b')]))
    const b = state().streams.b
    state().applyBatch(makeBatch(2, { streams: [makeStream('a', { health: 'down' })] }))
    expect(state().streams.b).toBe(b)
  })

  it('removes streams the batch says are gone', () => {
    state().applySnapshot(makeSnapshot([makeStream('a'), makeStream('b')]))
    state().applyBatch(makeBatch(2, { removedStreamIds: ['a'] }))
    expect(Object.keys(state().streams)).toEqual(['b'])
  })

  it('keeps the newest events only, deduplicated, a repeated id replacing the old copy', () => {
    const many = Array.from({ length: LIVE_EVENT_LIMIT + 300 }, (_, i) => makeEvent(`e${i}`, T0 + i))
    state().applyBatch(makeBatch(1, { events: many.slice(0, 1_000) }))
    state().applyBatch(makeBatch(2, { events: many.slice(1_000) }))
    expect(state().liveEvents).toHaveLength(LIVE_EVENT_LIMIT)
    expect(state().liveEvents[0]?.id).toBe(`e${LIVE_EVENT_LIMIT + 299}`)
    expect(state().liveEvents.at(-1)?.id).toBe('e300')
    const again = makeEvent('e2000', T0 + 2000, { duplicateCount: 2 })
    state().applyBatch(makeBatch(3, { events: [again] }))
    expect(state().liveEvents.filter((e) => e.id === 'e2000')).toEqual([again])
    expect(state().liveEvents).toHaveLength(LIVE_EVENT_LIMIT)
  })

  it('moves the server clock forward only, from stamps the batch proves', () => {
    state().applySnapshot(makeSnapshot([], { serverTime: T0 }), T0)
    state().applyBatch(makeBatch(2, { streams: [makeStream('a', { evaluatedAt: T0 + 30_000 })] }), T0 + 1_000)
    expect(state().clockOffset).toBe(29_000)
    state().applyBatch(makeBatch(3, { streams: [makeStream('a', { evaluatedAt: T0 + 2_000 })] }), T0 + 2_000)
    expect(state().clockOffset).toBe(29_000)
  })

  it('loads a stream history and keeps it live with later batches', async () => {
    const transitions = [makeTransition('a', T0 - 1_000)]
    const api = {
      listTransitions: async () => transitions,
      listEvents: async () => ({
        events: [makeEvent('old', T0 - 2_000, { streamId: 'a' })],
        nextCursor: null,
      }),
    } as Partial<MonitorApi> as MonitorApi
    setStateApi(api)
    useMonitor.setState({ clockOffset: T0 - Date.now() })
    await state().loadHistory('a', '1h')
    expect(state().history?.state).toBe('ready')
    expect(state().history?.transitions).toHaveLength(1)
    state().applyBatch(
      makeBatch(2, {
        transitions: [makeTransition('a', T0 + 1_000, { toHealth: 'healthy' }), makeTransition('other', T0)],
        events: [makeEvent('new', T0 + 1_000, { streamId: 'a' }), makeEvent('x', T0, { streamId: 'other' })],
      }),
    )
    expect(state().history?.transitions.map((t) => t.at)).toEqual([T0 - 1_000, T0 + 1_000])
    expect(state().history?.events.map((e) => e.id)).toEqual(['new', 'old'])
  })

  it('reports a failed history load', async () => {
    setStateApi({
      listTransitions: async () => {
        throw new Error('boom')
      },
      listEvents: async () => ({ events: [], nextCursor: null }),
    } as Partial<MonitorApi> as MonitorApi)
    await state().loadHistory('a', '6h')
    expect(state().history).toMatchObject({ state: 'error', error: 'boom', range: '6h' })
  })
})
