// The reconciler's scheduling with a fake FastPix client and a fake monitor (a real health
// engine behind the monitor's small surface): rounds join, start() reads then polls viewers,
// timers follow the intervals, stop() ends everything quietly, `unknown` streams are looked up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FastPixError } from '../../../../../src/main/core/fastpix/errors.ts'
import type { FastPixStream } from '../../../../../src/main/core/fastpix/schemas.ts'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { Logger } from '../../../../../src/main/core/logger.ts'
import {
  createReconciler,
  type Reconciler,
  type ReconcilerOptions,
} from '../../../../../src/main/core/reconcile/reconciler.ts'
import type { UpdateBatch } from '../../../../../src/shared/api.ts'
import type { MonitorEvent, Transition } from '../../../../../src/shared/domain.ts'
import { RECONCILED } from '../../../../../src/shared/event-types.ts'
import { live, OTHER_STREAM, S, STREAM, T0, wentLive } from '../health/factory.ts'

const NOW = T0 + 10 * 60 * S

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** A REST stream; `simulcastResponses` present (none), so a round needs no detail read for it. */
const rest = (streamId: string, status: string): FastPixStream =>
  ({
    streamId,
    status,
    createdAt: '2026-05-20T10:00:00.000Z',
    reconnectWindow: 60,
    simulcastResponses: [],
  }) as FastPixStream

/** The monitor surface the reconciler uses, over a real health engine. */
function fakeMonitor(events: MonitorEvent[] = []) {
  const engine = createHealthEngine()
  for (const e of events) engine.apply(e, NOW)
  const recorded: MonitorEvent[] = []
  const viewers: [string, number | null][] = []
  const listeners = new Set<(batch: UpdateBatch) => void>()
  const monitor: ReconcilerOptions['monitor'] = {
    snapshots: () => engine.snapshots(),
    async record(event) {
      recorded.push(event)
      engine.apply(event, NOW)
      return { outcome: 'stored', seq: recorded.length, duplicateCount: 0 }
    },
    setViewerCount(id, count) {
      viewers.push([id, count])
      engine.setViewerCount(id, count)
    },
    api: {
      onUpdate(listener: (batch: UpdateBatch) => void) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    } as unknown as ReconcilerOptions['monitor']['api'],
  }
  const emit = (transitions: Transition[]): void => {
    const batch = { transitions } as unknown as UpdateBatch
    for (const listener of listeners) listener(batch)
  }
  return { monitor, engine, recorded, viewers, emit, listeners }
}

/** A client over a small FastPix truth (stream id → REST status); every call is logged. */
function fakeClient(truth: Record<string, string> = { [STREAM]: 'active', [OTHER_STREAM]: 'active' }) {
  const calls: string[] = []
  const notFound = () =>
    new FastPixError({
      kind: 'not-found',
      status: 404,
      message: 'FastPix has no such stream or simulcast in this workspace (404).',
    })
  const client = {
    listAllStreams: vi.fn(async (): Promise<FastPixStream[]> => {
      calls.push('list')
      return Object.entries(truth).map(([id, status]) => rest(id, status))
    }),
    getStream: vi.fn(async (id: string): Promise<FastPixStream> => {
      calls.push(`get ${id}`)
      const status = truth[id]
      if (status === undefined) throw notFound()
      return rest(id, status)
    }),
    viewerCount: vi.fn(async (id: string): Promise<number> => {
      calls.push(`viewers ${id}`)
      return 42
    }),
  }
  return { client, calls, truth }
}

function unknownTransition(streamId: string, patch: Partial<Transition> = {}): Transition {
  return {
    streamId,
    targetId: null,
    at: NOW,
    fromHealth: 'down',
    toHealth: 'unknown',
    fromStatus: 'active',
    toStatus: 'active',
    reason: 'reconnect window expired without idle',
    eventId: null,
    cause: 'clock',
    ...patch,
  }
}

const live1 = (): MonitorEvent[] => wentLive(NOW - 5 * 60 * S)
const live2 = (): MonitorEvent[] => wentLive(NOW - 5 * 60 * S, { stream: OTHER_STREAM })

const made: Reconciler[] = []
function reconciler(options: Partial<ReconcilerOptions> & Pick<ReconcilerOptions, 'client' | 'monitor'>) {
  const r = createReconciler({ now: () => NOW, ...options })
  made.push(r)
  return r
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
})
afterEach(() => {
  for (const r of made.splice(0)) r.stop()
  vi.useRealTimers()
})

describe('rounds', () => {
  it('concurrent run() calls join one round; the next call after it starts a new one', async () => {
    const { monitor, recorded } = fakeMonitor(live1())
    const { client } = fakeClient()
    const answer = deferred<FastPixStream[]>()
    client.listAllStreams.mockImplementationOnce(() => answer.promise)
    const r = reconciler({ client, monitor })
    const first = r.run('asked')
    const second = r.run('resume')
    const third = r.run('tunnel back')
    expect(second).toBe(first)
    expect(third).toBe(first)
    expect(r.status().state).toBe('running')
    expect(client.listAllStreams).toHaveBeenCalledTimes(1)

    answer.resolve([rest(STREAM, 'idle')])
    const [a, b] = await Promise.all([first, second])
    expect(a).toEqual(b)
    expect(a).toMatchObject({ state: 'idle', lastAt: NOW, lastError: null, corrections: 1 })
    expect(recorded).toHaveLength(1)

    const next = r.run('asked')
    expect(next).not.toBe(first)
    await next
    expect(client.listAllStreams).toHaveBeenCalledTimes(2)
  })

  it('a failed round reports the error in words and the next round clears it', async () => {
    const { monitor } = fakeMonitor(live1())
    const { client } = fakeClient()
    const seen: string[] = []
    client.listAllStreams.mockRejectedValueOnce(
      new FastPixError({ kind: 'server', status: 503, message: 'FastPix had a problem on its side (503).' }),
    )
    const r = reconciler({ client, monitor, onStatus: (s) => seen.push(`${s.state}:${s.lastError}`) })
    expect(await r.run('asked')).toMatchObject({
      state: 'error',
      lastError: 'FastPix had a problem on its side (503).',
      corrections: 0,
    })
    expect(await r.run('asked')).toMatchObject({ state: 'idle', lastError: null })
    expect(seen).toEqual([
      'running:null',
      'error:FastPix had a problem on its side (503).',
      'running:FastPix had a problem on its side (503).',
      'idle:null',
    ])
  })
})

describe('start and timers', () => {
  it('start() runs a round first, then polls viewer counts of the active streams', async () => {
    const { monitor, viewers, engine } = fakeMonitor([
      ...live1(),
      ...wentLive(NOW - 5 * 60 * S, { stream: OTHER_STREAM }),
      live('idle', NOW - 60 * S, { stream: OTHER_STREAM }),
    ])
    // The idle one still shows an old count: it is cleared, not asked for.
    engine.setViewerCount(OTHER_STREAM, 7)
    const { client, calls } = fakeClient()
    const answer = deferred<FastPixStream[]>()
    client.listAllStreams.mockImplementationOnce(async () => {
      calls.push('list')
      return answer.promise
    })
    const r = reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 })
    expect(r.status().state).toBe('off')
    r.start()
    expect(r.status().state).toBe('running')
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toEqual(['list'])
    expect(client.viewerCount).not.toHaveBeenCalled()

    answer.resolve([rest(STREAM, 'active'), rest(OTHER_STREAM, 'idle')])
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toEqual(['list', `viewers ${STREAM}`])
    expect(new Map(viewers)).toEqual(
      new Map<string, number | null>([
        [OTHER_STREAM, null],
        [STREAM, 42],
      ]),
    )
    expect(viewers).toHaveLength(2)
    expect(engine.get(STREAM)?.viewerCount).toBe(42)
    expect(engine.get(OTHER_STREAM)?.viewerCount).toBeNull()
    expect(r.status()).toMatchObject({ state: 'idle', corrections: 0 })
  })

  it('a second start() does nothing', async () => {
    const { monitor, listeners } = fakeMonitor(live1())
    const { client } = fakeClient()
    const r = reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 })
    r.start()
    r.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.listAllStreams).toHaveBeenCalledTimes(1)
    expect(listeners.size).toBe(1)
  })

  it('by default: a full round every 5 minutes and viewer counts every 30 seconds', async () => {
    const { monitor } = fakeMonitor(live1())
    const { client } = fakeClient()
    client.listAllStreams.mockResolvedValue([rest(STREAM, 'active')])
    reconciler({ client, monitor }).start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.listAllStreams).toHaveBeenCalledTimes(1)
    expect(client.viewerCount).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(client.listAllStreams).toHaveBeenCalledTimes(2)
    expect(client.viewerCount).toHaveBeenCalledTimes(1 + 10)
  })

  it('intervals of 0 disable the timers: only the start round and its one viewer poll', async () => {
    const { monitor } = fakeMonitor(live1())
    const { client } = fakeClient()
    client.listAllStreams.mockResolvedValue([rest(STREAM, 'active')])
    reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 }).start()
    await vi.advanceTimersByTimeAsync(60 * 60_000)
    expect(client.listAllStreams).toHaveBeenCalledTimes(1)
    expect(client.viewerCount).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a failing viewer count keeps the others and leaves that stream’s count alone', async () => {
    const { monitor, engine } = fakeMonitor([...live1(), ...live2()])
    engine.setViewerCount(OTHER_STREAM, 5)
    const { client } = fakeClient()
    client.listAllStreams.mockResolvedValue([rest(STREAM, 'active'), rest(OTHER_STREAM, 'active')])
    client.viewerCount.mockImplementation(async (id: string) => {
      if (id === OTHER_STREAM) throw new FastPixError({ kind: 'timeout', status: null, message: 'slow' })
      return 9
    })
    reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 }).start()
    await vi.advanceTimersByTimeAsync(0)
    expect(engine.get(STREAM)?.viewerCount).toBe(9)
    expect(engine.get(OTHER_STREAM)?.viewerCount).toBe(5)
  })

  it('a refused token (401) stops this poll: the remaining streams are not asked again', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `${'0'.repeat(30)}${String(i).padStart(2, '0')}`)
    const { monitor } = fakeMonitor(ids.flatMap((id) => wentLive(NOW - 5 * 60 * S, { stream: id })))
    const { client } = fakeClient(Object.fromEntries(ids.map((id) => [id, 'active'])))
    client.viewerCount.mockRejectedValue(
      new FastPixError({ kind: 'unauthorized', status: 401, message: 'FastPix rejected the token (401).' }),
    )
    reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 }).start()
    await vi.advanceTimersByTimeAsync(0)
    // One batch of concurrent reads went out before the first refusal came back.
    expect(client.viewerCount).toHaveBeenCalledTimes(4)
  })
})

describe('stop()', () => {
  it('stops every timer and the update subscription; nothing is called afterwards', async () => {
    const { monitor, emit, listeners } = fakeMonitor(live1())
    const { client, calls } = fakeClient()
    const r = reconciler({ client, monitor, intervalMs: 1000, viewersIntervalMs: 500, unknownDelayMs: 100 })
    r.start()
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.listAllStreams).toHaveBeenCalledTimes(2)
    // A lookup is pending when we stop.
    emit([unknownTransition(STREAM)])
    r.stop()
    expect(r.status().state).toBe('off')
    expect(listeners.size).toBe(0)
    const before = calls.length
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(before)
    expect(vi.getTimerCount()).toBe(0)
    // Asked after stop: answers with the status, calls nothing, rejects nothing.
    await expect(r.run('asked')).resolves.toMatchObject({ state: 'off' })
    expect(calls).toHaveLength(before)
  })

  it('a round in flight at stop() settles without rejecting, records nothing and stays off', async () => {
    const { monitor, recorded } = fakeMonitor(live1())
    const { client } = fakeClient()
    const answer = deferred<FastPixStream[]>()
    client.listAllStreams.mockImplementationOnce(() => answer.promise)
    const seen: string[] = []
    const r = reconciler({
      client,
      monitor,
      intervalMs: 0,
      viewersIntervalMs: 0,
      onStatus: (s) => seen.push(s.state),
    })
    r.start()
    const inFlight = r.run('asked')
    r.stop()
    answer.resolve([rest(STREAM, 'idle')])
    await expect(inFlight).resolves.toMatchObject({ state: 'off' })
    await vi.advanceTimersByTimeAsync(0)
    // The monitor may be closing: a stopped reconciler writes nothing into it and polls nothing.
    expect(recorded).toEqual([])
    expect(client.viewerCount).not.toHaveBeenCalled()
    expect(r.status().state).toBe('off')
    // start() said idle, the round said running; after stop() nobody hears of it again.
    expect(seen).toEqual(['idle', 'running'])
  })
})

describe('streams turning unknown', () => {
  it('a lookup and a round never overlap, so one missed change is one correction', async () => {
    const { monitor, emit, recorded, engine } = fakeMonitor(live1())
    const { client, truth } = fakeClient({ [STREAM]: 'active' })
    const r = reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0, unknownDelayMs: 100 })
    r.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(recorded).toEqual([])
    // The idle webhook was missed: the stream turned unknown; FastPix is slow to answer its lookup.
    truth[STREAM] = 'idle'
    const answer = deferred<FastPixStream>()
    client.getStream.mockImplementationOnce(() => answer.promise)
    emit([unknownTransition(STREAM)])
    await vi.advanceTimersByTimeAsync(100)
    expect(client.getStream).toHaveBeenCalledTimes(1)
    // Meanwhile a round is asked for (back from sleep): it waits for the lookup.
    const round = r.run('resume')
    await vi.advanceTimersByTimeAsync(0)
    answer.resolve(rest(STREAM, 'idle'))
    await round
    expect(engine.get(STREAM)?.status).toBe('idle')
    expect(recorded.map((e) => e.streamId)).toEqual([STREAM])
    expect(r.status().corrections).toBe(1)
  })

  it('a viewer count that answers after stop() is not written into the (closing) monitor', async () => {
    const { monitor, viewers } = fakeMonitor(live1())
    const { client } = fakeClient({ [STREAM]: 'active' })
    const count = deferred<number>()
    client.viewerCount.mockImplementationOnce(() => count.promise)
    const r = reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0 })
    r.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.viewerCount).toHaveBeenCalledTimes(1)
    r.stop()
    count.resolve(12)
    await vi.advanceTimersByTimeAsync(0)
    expect(viewers).toEqual([])
  })

  it('are looked up together after the pause; a 404 records a deleted correction', async () => {
    const { monitor, emit, recorded, engine } = fakeMonitor([...live1(), ...live2()])
    const { client, calls } = fakeClient()
    client.getStream.mockImplementation(async (id: string) => {
      calls.push(`get ${id}`)
      if (id === STREAM)
        throw new FastPixError({
          kind: 'not-found',
          status: 404,
          message: 'FastPix has no such stream or simulcast in this workspace (404).',
        })
      return rest(id, 'active')
    })
    const r = reconciler({ client, monitor, intervalMs: 0, viewersIntervalMs: 0, unknownDelayMs: 200 })
    r.start()
    await vi.advanceTimersByTimeAsync(0)
    calls.length = 0

    emit([unknownTransition(STREAM)])
    await vi.advanceTimersByTimeAsync(100)
    emit([unknownTransition(OTHER_STREAM)])
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    // One batch, both streams, no full round.
    expect(calls.sort()).toEqual([`get ${OTHER_STREAM}`, `get ${STREAM}`].sort())
    expect(client.listAllStreams).toHaveBeenCalledTimes(1)

    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({ type: RECONCILED, streamId: STREAM, occurredAt: NOW })
    expect(recorded[0]?.payload).toMatchObject({
      data: { status: 'deleted', previousStatus: 'active', missed: ['stream deleted'] },
    })
    expect(engine.get(STREAM)).toMatchObject({ status: 'deleted', health: 'offline' })
    expect(r.status()).toMatchObject({ corrections: 1, lastAt: NOW })
  })

  it('ignores target transitions and the reconciler’s own; other failures are only logged', async () => {
    const { monitor, emit, recorded } = fakeMonitor(live1())
    const { client, calls } = fakeClient({ [STREAM]: 'active' })
    const warnings: string[] = []
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (m) => warnings.push(m) }
    client.getStream.mockRejectedValue(
      new FastPixError({ kind: 'server', status: 500, message: 'FastPix had a problem on its side (500).' }),
    )
    const r = reconciler({ client, monitor, logger, intervalMs: 0, viewersIntervalMs: 0, unknownDelayMs: 10 })
    r.start()
    await vi.advanceTimersByTimeAsync(0)
    calls.length = 0
    emit([
      unknownTransition(STREAM, { targetId: 'c0ffee00c0ffee00c0ffee00c0ffee00' }),
      unknownTransition(STREAM, { cause: 'reconcile' }),
      unknownTransition(STREAM, { toHealth: 'down' }),
    ])
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toEqual([])
    expect(vi.getTimerCount()).toBe(0)

    emit([unknownTransition(STREAM)])
    await vi.advanceTimersByTimeAsync(10)
    expect(client.getStream).toHaveBeenCalledTimes(1)
    expect(recorded).toEqual([])
    expect(warnings).toEqual([
      `reconcile: could not read stream ${STREAM}: FastPix had a problem on its side (500).`,
    ])
    expect(r.status().corrections).toBe(0)
  })
})
