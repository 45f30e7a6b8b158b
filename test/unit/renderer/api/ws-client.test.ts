import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LinkInfo } from '../../../../src/renderer/src/api/link.ts'
import { createWsMonitorApi } from '../../../../src/renderer/src/api/ws-client.ts'
import { connectState } from '../../../../src/renderer/src/state/connect.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import type { UpdateBatch } from '../../../../src/shared/api.ts'
import { makeBatch, makeEvent, makeSnapshot, makeStream, makeTransition, T0 } from '../fixtures.ts'
import { createFakeServer, type FakeServer, FakeSocket } from './fake-server.ts'

// setImmediate is not faked below, so it lets fetch promises and response bodies resolve.
const { setImmediate: nextTurn } = globalThis as unknown as { setImmediate: (callback: () => void) => void }

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => nextTurn(resolve))
}

let server: FakeServer

function start(token = 'tok') {
  const api = createWsMonitorApi({
    baseUrl: 'http://127.0.0.1:8791',
    token,
    WebSocketImpl: FakeSocket,
    fetchImpl: server.fetch,
    backoff: { initialMs: 1_000, maxMs: 8_000, factor: 2 },
    offlineAfterAttempts: 3,
    random: () => 0,
  })
  const batches: UpdateBatch[] = []
  const statuses: LinkInfo['status'][] = []
  api.onStatus((info) => {
    if (statuses.at(-1) !== info.status) statuses.push(info.status)
  })
  api.onUpdate((batch) => batches.push(batch))
  return { api, batches, statuses }
}

async function goLive(socket = FakeSocket.last()): Promise<void> {
  socket.hello()
  await settle()
}

describe('WebSocket MonitorApi client', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(T0)
    FakeSocket.all = []
    server = createFakeServer()
    resetMonitorState()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('opens one socket with the token, then syncs from a snapshot after hello', async () => {
    server.snapshot = makeSnapshot([makeStream('a')], { seq: 4 })
    const { api, batches } = start()
    expect(FakeSocket.all).toHaveLength(1)
    expect(FakeSocket.last().url).toBe('ws://127.0.0.1:8791/api/updates?token=tok')
    expect(api.status()).toBe('connecting')
    await goLive()
    expect(api.status()).toBe('live')
    expect(batches).toHaveLength(1)
    expect(batches[0]).toMatchObject({ seq: 4, streams: [{ id: 'a' }], removedStreamIds: [] })
    // The resync carries the whole picture, the workspace connection included.
    expect(batches[0]?.workspace).toEqual(server.snapshot.workspace)
    // HTTP calls carry the token in a header, not in the URL.
    expect(server.requests[0]?.auth).toBe('Bearer tok')
    expect(server.requests[0]?.url.search).toBe('')
  })

  it('queues batches that arrive during the sync and drops those the snapshot already holds', async () => {
    server.snapshot = makeSnapshot([makeStream('a')], { seq: 5 })
    let open = (): void => {}
    server.gate = new Promise((resolve) => {
      open = resolve
    })
    const { batches } = start()
    const socket = FakeSocket.last()
    socket.hello()
    socket.batch(makeBatch(5))
    socket.batch(makeBatch(6))
    await settle()
    expect(batches).toHaveLength(0)
    open()
    await settle()
    expect(batches.map((b) => b.seq)).toEqual([5, 6])
    socket.batch(makeBatch(6))
    socket.batch(makeBatch(7))
    expect(batches.map((b) => b.seq)).toEqual([5, 6, 7])
  })

  it('reconnects with growing backoff and says reconnecting, then offline', async () => {
    const { api, statuses } = start()
    await goLive()
    FakeSocket.last().drop()
    expect(api.info()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: T0 + 500 })
    await vi.advanceTimersByTimeAsync(499)
    expect(FakeSocket.all).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeSocket.all).toHaveLength(2)
    // The server is gone: the new socket closes before hello; an HTTP probe tells it is not the token.
    server.reachable = false
    FakeSocket.last().drop()
    await settle()
    expect(api.info()).toMatchObject({ status: 'reconnecting', attempt: 2 })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(FakeSocket.all).toHaveLength(3)
    FakeSocket.last().drop()
    await settle()
    expect(api.info()).toMatchObject({ status: 'offline', attempt: 3 })
    await vi.advanceTimersByTimeAsync(2_000)
    expect(FakeSocket.all).toHaveLength(4)
    server.reachable = true
    await goLive()
    expect(api.info()).toMatchObject({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
    expect(statuses).toEqual(['live', 'reconnecting', 'offline', 'live'])
  })

  it('resyncs after a reconnect: vanished streams removed, missed events and transitions filled in', async () => {
    server.snapshot = makeSnapshot([makeStream('a'), makeStream('b')], { seq: 1 })
    const { batches } = start()
    await goLive()
    const seen = makeEvent('e1', T0, { streamId: 'a' })
    FakeSocket.last().batch(makeBatch(2, { events: [seen], transitions: [makeTransition('a', T0)] }))
    FakeSocket.last().drop()
    // While away: b is gone, c appeared, two more events and a transition happened.
    const missed = [
      makeEvent('e2', T0 + 1_000, { streamId: 'a' }),
      makeEvent('e3', T0 + 2_000, { streamId: 'c' }),
    ]
    server.events = [seen, ...missed]
    server.transitions = [makeTransition('a', T0), makeTransition('a', T0 + 1_500, { toHealth: 'healthy' })]
    server.snapshot = makeSnapshot([makeStream('a'), makeStream('c')], { seq: 9 })
    await vi.advanceTimersByTimeAsync(500)
    await goLive()
    const resync = batches.at(-1)
    expect(resync?.seq).toBe(9)
    expect(resync?.streams.map((s) => s.id)).toEqual(['a', 'c'])
    expect(resync?.removedStreamIds).toEqual(['b'])
    expect(resync?.events.map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3'])
    expect(resync?.transitions).toHaveLength(2)
    const eventsQuery = server.requests.find((r) => r.url.pathname === '/api/events')
    expect(eventsQuery?.url.searchParams.get('from')).toBe(String(T0 - 5_000))
  })

  it('after a server restart accepts the new, lower sequence numbers', async () => {
    server.snapshot = makeSnapshot([], { seq: 40 })
    const { batches } = start()
    await goLive()
    FakeSocket.last().batch(makeBatch(41))
    FakeSocket.last().drop()
    server.snapshot = makeSnapshot([], { seq: 2 })
    await vi.advanceTimersByTimeAsync(500)
    await goLive()
    FakeSocket.last().batch(makeBatch(3))
    expect(batches.map((b) => b.seq)).toEqual([40, 41, 2, 3])
  })

  it('resyncs when a batch is missing inside one connection', async () => {
    server.snapshot = makeSnapshot([], { seq: 5 })
    const { batches } = start()
    await goLive()
    server.snapshot = makeSnapshot([makeStream('late')], { seq: 7 })
    FakeSocket.last().batch(makeBatch(7, { streams: [makeStream('late')] }))
    FakeSocket.last().batch(makeBatch(8))
    await settle()
    expect(batches.map((b) => b.seq)).toEqual([5, 7, 8])
    expect(server.requests.filter((r) => r.url.pathname === '/api/snapshot')).toHaveLength(2)
  })

  it('stops retrying when the server refuses the token', async () => {
    server.token = 'new-token-after-restart'
    const { api } = start('old')
    FakeSocket.last().drop()
    await settle()
    expect(api.info().status).toBe('offline')
    expect(api.info().error).toMatch(/token/)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('retries at once on request and stops on close', async () => {
    const { api } = start()
    await goLive()
    FakeSocket.last().drop()
    api.retryNow()
    expect(FakeSocket.all).toHaveLength(2)
    api.close()
    expect(FakeSocket.last().closedByClient).toBe(true)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeSocket.all).toHaveLength(2)
    expect(api.status()).toBe('offline')
  })

  it('feeds the stores without duplicates or gaps across a reconnect', async () => {
    server.snapshot = makeSnapshot([makeStream('a')], { seq: 1 })
    const api = createWsMonitorApi({
      baseUrl: 'http://127.0.0.1:8791',
      token: 'tok',
      WebSocketImpl: FakeSocket,
      fetchImpl: server.fetch,
      random: () => 0,
    })
    const stop = connectState(api)
    await goLive()
    const e1 = makeEvent('e1', T0)
    server.events = [e1]
    FakeSocket.last().batch(makeBatch(2, { events: [e1], transitions: [makeTransition('a', T0)] }))
    FakeSocket.last().drop()
    expect(useMonitor.getState().link.status).toBe('reconnecting')
    const e2 = makeEvent('e2', T0 + 10)
    server.events = [e1, e2]
    server.transitions = [makeTransition('a', T0)]
    server.snapshot = makeSnapshot([makeStream('a', { health: 'down' })], { seq: 3 })
    await vi.advanceTimersByTimeAsync(250)
    await goLive()
    FakeSocket.last().batch(makeBatch(4, { events: [e2] }))
    const s = useMonitor.getState()
    expect(s.link.status).toBe('live')
    expect(s.liveEvents.map((e) => e.id)).toEqual(['e2', 'e1'])
    expect(s.transitionsByStream.a).toHaveLength(1)
    expect(s.streams.a?.health).toBe('down')
    stop()
    api.close()
  })
})
