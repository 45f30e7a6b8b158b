import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createUpdateBus,
  type MonitorView,
  sourceOf,
  type UpdateSource,
} from '../../../../../src/main/core/updates/bus.ts'
import type { UpdateBatch } from '../../../../../src/shared/api.ts'
import type { MonitorEvent, StreamSnapshot } from '../../../../../src/shared/domain.ts'

function source(known: Record<string, Partial<StreamSnapshot>>): UpdateSource {
  return {
    streams(ids) {
      const streams: StreamSnapshot[] = []
      const removed: string[] = []
      for (const id of ids) {
        if (known[id]) streams.push({ id, ...known[id] } as StreamSnapshot)
        else removed.push(id)
      }
      return { streams, removed }
    },
    receiver: () => ({ accepted: 1 }) as never,
    workspaceHealth: () => 'healthy',
    settings: () => ({}) as never,
    notifications: () => ({ settings: {}, pausedUntil: null, mutes: {} }) as never,
    workspaceStatus: () => ({ mode: 'live' }) as never,
  }
}

const event = (id: string): MonitorEvent => ({ id, type: 't', payload: {} }) as unknown as MonitorEvent

describe('update bus', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('coalesces a burst into one batch per interval', () => {
    vi.useFakeTimers()
    const bus = createUpdateBus(source({ a: { health: 'healthy' } }), 50)
    const batches: UpdateBatch[] = []
    bus.subscribe((b) => batches.push(b))
    for (let i = 0; i < 200; i++) {
      bus.event(event(`e${i}`))
      bus.streamChanged('a')
    }
    expect(batches).toHaveLength(0)
    vi.advanceTimersByTime(50)
    expect(batches).toHaveLength(1)
    expect(batches[0]?.events).toHaveLength(200)
    expect(batches[0]?.streams.map((s) => s.id)).toEqual(['a'])
    expect(batches[0]?.workspaceHealth).toBe('healthy')
    expect(batches[0]?.receiver).not.toBeNull()
  })

  it('sends the first change after a quiet interval at once, then coalesces the rest (P3)', async () => {
    const bus = createUpdateBus(source({}), 40)
    const batches: { at: number; events: number }[] = []
    const start = performance.now()
    bus.subscribe((b) => batches.push({ at: performance.now() - start, events: b.events.length }))
    bus.event(event('first'))
    expect(batches).toHaveLength(0) // never inside the fold that caused it
    await new Promise((resolve) => setImmediate(resolve))
    expect(batches).toEqual([{ at: expect.any(Number), events: 1 }])
    bus.event(event('second'))
    bus.event(event('third'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(batches).toHaveLength(1) // within the interval: coalesced, not sent yet
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(batches.map((b) => b.events)).toEqual([1, 2])
    expect((batches[1]?.at ?? 0) - (batches[0]?.at ?? 0)).toBeGreaterThanOrEqual(39)
    bus.close()
  })

  it('never sends two batches closer than the interval', () => {
    vi.useFakeTimers()
    const bus = createUpdateBus(source({}), 50)
    const times: number[] = []
    bus.subscribe(() => times.push(Date.now()))
    for (let t = 0; t < 1000; t += 5) {
      bus.receiverChanged()
      vi.advanceTimersByTime(5)
    }
    expect(times.length).toBeGreaterThan(10)
    for (let i = 1; i < times.length; i++)
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(50)
  })

  it('numbers batches, reports removed streams, dedupes events by id, sends nothing when idle', () => {
    vi.useFakeTimers()
    const bus = createUpdateBus(source({}), 50)
    const batches: UpdateBatch[] = []
    const unsubscribe = bus.subscribe((b) => batches.push(b))
    bus.streamChanged('gone')
    bus.event(event('x'))
    bus.event(event('x'))
    bus.flush()
    bus.flush()
    vi.advanceTimersByTime(500)
    expect(batches).toHaveLength(1)
    expect(batches[0]?.seq).toBe(1)
    expect(bus.seq()).toBe(1)
    expect(batches[0]?.removedStreamIds).toEqual(['gone'])
    expect(batches[0]?.events).toHaveLength(1)
    unsubscribe()
    bus.receiverChanged()
    bus.flush()
    expect(batches).toHaveLength(1)
  })

  it('keeps delivering to other subscribers when one throws', () => {
    vi.useFakeTimers()
    const bus = createUpdateBus(source({}), 50)
    const seen: number[] = []
    bus.subscribe(() => {
      throw new Error('boom')
    })
    bus.subscribe((b) => seen.push(b.seq))
    bus.receiverChanged()
    bus.flush()
    expect(seen).toEqual([1])
  })

  it('keeps batches back while holding (nothing read, changes collected), sends them after', async () => {
    vi.useFakeTimers()
    let view: MonitorView | null = null
    const bus = createUpdateBus(
      sourceOf(
        () => {
          if (!view) throw new Error('read before the monitor exists')
          return view
        },
        () => ({ mode: 'live' }) as never,
      ),
      50,
    )
    const batches: UpdateBatch[] = []
    bus.subscribe((b) => batches.push(b))
    const opened = bus.holding(async () => {
      bus.streamChanged('a')
      bus.flush()
      await vi.advanceTimersByTimeAsync(500)
      view = source({ a: { health: 'down' } })
      return 'opened'
    })
    await expect(opened).resolves.toBe('opened')
    expect(batches).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(0)
    expect(batches).toHaveLength(1)
    expect(batches[0]).toMatchObject({ seq: 1, streams: [{ id: 'a', health: 'down' }] })
  })

  it('ends a hold when the work fails', async () => {
    vi.useFakeTimers()
    const bus = createUpdateBus(source({}), 50)
    const batches: UpdateBatch[] = []
    bus.subscribe((b) => batches.push(b))
    await expect(
      bus.holding(async () => {
        bus.receiverChanged()
        throw new Error('could not open')
      }),
    ).rejects.toThrow('could not open')
    bus.flush()
    expect(batches).toHaveLength(1)
  })

  it('logs a subscriber that throws', () => {
    const errors: string[] = []
    const bus = createUpdateBus(source({}), 50, { error: (m) => errors.push(m) })
    bus.subscribe(() => {
      throw new Error('boom')
    })
    bus.receiverChanged()
    bus.flush()
    expect(errors).toEqual(['update listener failed: boom'])
  })
})
