// The stateful engine: transitions (reasons, causes, times), change tracking and restore.
import { describe, expect, it } from 'vitest'
import { createHealthEngine, type HealthEngine } from '../../../../../src/main/core/health/engine.ts'
import { live, OTHER_STREAM, S, STREAM, simulcast, T0, TARGET, wentLive } from './factory.ts'
import { brief, feed } from './helpers.ts'

describe('transitions', () => {
  it('follow a stream from creation through a drop to the end of the window', () => {
    const engine = createHealthEngine()
    const created = live('created', T0 - 60 * S)
    const connected = live('connected', T0 - 10 * S)
    const preparing = live('preparing', T0 - 9 * S)
    const active = live('active', T0)
    const dropped = live('disconnected', T0 + 100 * S)
    const out = feed(engine, [created, connected, preparing, active, dropped])
    expect(out.map(brief)).toEqual([
      {
        target: null,
        health: 'null→offline',
        status: 'null→idle',
        reason: 'idle',
        cause: 'event',
        at: T0 - 60 * S,
      },
      {
        target: null,
        health: 'offline→healthy',
        status: 'idle→preparing',
        reason: 'preparing',
        cause: 'event',
        at: T0 - 10 * S,
      },
      {
        target: null,
        health: 'healthy→healthy',
        status: 'preparing→active',
        reason: 'live',
        cause: 'event',
        at: T0,
      },
      {
        target: null,
        health: 'healthy→down',
        status: 'active→active',
        reason: 'encoder disconnected',
        cause: 'event',
        at: T0 + 100 * S,
      },
    ])
    expect(out.map((t) => t.eventId)).toEqual([created.id, connected.id, active.id, dropped.id])
    expect(out[3]).toMatchObject({ fromConnection: 'connected', toConnection: 'disconnected' })

    // The deadline passing changes the reason only; 15 s later the picture is stale.
    engine.drainChanged()
    expect(engine.tick(T0 + 161 * S)).toEqual([])
    expect(engine.drainChanged().map((s) => s.healthReason)).toEqual([
      'reconnect window expired, waiting for idle',
    ])
    const stale = engine.tick(T0 + 176 * S)
    expect(stale.map(brief)).toEqual([
      {
        target: null,
        health: 'down→unknown',
        status: 'active→active',
        reason: 'reconnect window expired without idle',
        cause: 'clock',
        at: T0 + 176 * S,
      },
    ])
    expect(stale[0]?.eventId).toBeNull()
    expect(engine.get(STREAM)).toMatchObject({ health: 'unknown', healthSince: T0 + 176 * S })

    const idle = feed(engine, [live('idle', T0 + 180 * S)])
    expect(idle.map(brief)).toEqual([
      {
        target: null,
        health: 'unknown→offline',
        status: 'active→idle',
        reason: 'idle',
        cause: 'event',
        at: T0 + 180 * S,
      },
    ])
  })

  it('none for duplicates or older events that change nothing', () => {
    const engine = createHealthEngine()
    const events = wentLive(T0)
    feed(engine, events)
    engine.drainChanged()
    for (const e of events) expect(engine.apply(e, T0 + 5 * S)).toEqual([])
    expect(engine.apply(live('created', T0 - 600 * S), T0 + 5 * S)).toEqual([])
    expect(engine.drainChanged()).toEqual([])
  })

  it('for targets: event-caused starting, clock-caused stalled, with the stream turning degraded', () => {
    const engine = createHealthEngine()
    feed(engine, wentLive(T0))
    const starting = simulcast('starting', TARGET, T0 + S)
    expect(engine.apply(starting, T0 + S).map(brief)).toEqual([
      {
        target: TARGET,
        health: 'null→healthy',
        status: 'null→starting',
        reason: 'starting',
        cause: 'event',
        at: T0 + S,
      },
    ])
    expect(engine.nextWakeAt()).toBe(T0 + 31 * S + 1)
    expect(engine.tick(T0 + 31 * S)).toEqual([])
    expect(engine.tick(T0 + 32 * S).map(brief)).toEqual([
      {
        target: null,
        health: 'healthy→degraded',
        status: 'active→active',
        reason: 'simulcast target Twitch stalled (starting for 31 s without broadcasting)',
        cause: 'clock',
        at: T0 + 32 * S,
      },
      {
        target: TARGET,
        health: 'healthy→degraded',
        status: 'starting→stalled',
        reason: 'stalled (starting for 31 s without broadcasting)',
        cause: 'clock',
        at: T0 + 32 * S,
      },
    ])
    const broadcasting = simulcast('broadcasting', TARGET, T0 + 40 * S)
    expect(engine.apply(broadcasting, T0 + 40 * S).map(brief)).toEqual([
      {
        target: null,
        health: 'degraded→healthy',
        status: 'active→active',
        reason: 'live',
        cause: 'event',
        at: T0 + 40 * S,
      },
      {
        target: TARGET,
        health: 'degraded→healthy',
        status: 'stalled→broadcasting',
        reason: 'broadcasting',
        cause: 'event',
        at: T0 + 40 * S,
      },
    ])
    expect(
      engine.apply(live('idle', T0 + 50 * S), T0 + 50 * S).map((t) => [t.targetId, t.toStatus, t.reason]),
    ).toEqual([
      [null, 'idle', 'idle'],
      [TARGET, 'idle', 'parent ended'],
    ])
  })

  it('an event on an overdue stream first emits what the clock caused', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), live('disconnected', T0 + 10 * S)])
    const idle = live('idle', T0 + 70 * S)
    const out = engine.apply(idle, T0 + 100 * S)
    expect(out.map((t) => [t.toHealth, t.cause, t.at])).toEqual([
      ['unknown', 'clock', T0 + 100 * S],
      ['offline', 'event', T0 + 70 * S],
    ])
  })

  it('flapping ends by the clock', () => {
    const engine = createHealthEngine()
    feed(engine, wentLive(T0))
    for (const at of [10, 20, 30]) {
      feed(engine, [
        live('disconnected', T0 + at * S),
        live('connected', T0 + (at + 1) * S, { status: 'active' }),
      ])
    }
    expect(engine.get(STREAM)?.healthReason).toBe('flapping: 3 disconnects in 5 min')
    expect(engine.nextWakeAt()).toBe(T0 + 310 * S)
    expect(engine.tick(T0 + 310 * S).map(brief)).toEqual([
      {
        target: null,
        health: 'degraded→healthy',
        status: 'active→active',
        reason: 'live',
        cause: 'clock',
        at: T0 + 310 * S,
      },
    ])
  })

  it('ignores unverified events and events without a stream', () => {
    const engine = createHealthEngine()
    expect(engine.apply(live('active', T0, { verification: 'unverified' }), T0)).toEqual([])
    expect(engine.apply({ ...live('active', T0), streamId: null }, T0)).toEqual([])
    expect(engine.snapshots()).toEqual([])
  })
})

describe('change tracking and restore', () => {
  it('drainChanged returns each changed stream once', () => {
    const engine = createHealthEngine()
    feed(engine, [live('created', T0), live('active', T0 + S), live('created', T0, { stream: OTHER_STREAM })])
    expect(
      engine
        .drainChanged()
        .map((s) => s.id)
        .sort(),
    ).toEqual([STREAM, OTHER_STREAM].sort())
    expect(engine.drainChanged()).toEqual([])
    engine.tick(T0 + 3600 * S)
    expect(engine.drainChanged()).toEqual([])
  })

  it('restore shows the saved picture at once and catches up on the next tick', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), live('disconnected', T0 + 10 * S), simulcast('starting', TARGET, T0 + S)])
    const saved: unknown = JSON.parse(JSON.stringify(engine.snapshots()))
    const restarted = createHealthEngine({ snapshots: saved as ReturnType<HealthEngine['snapshots']> })
    expect(restarted.snapshots()).toEqual(engine.snapshots())
    expect(restarted.workspaceHealth()).toBe('down')
    expect(restarted.nextWakeAt()).toBeLessThanOrEqual(T0 + 10 * S)
    const out = restarted.tick(T0 + 3600 * S)
    // The target waits for the encoder (it cannot stall while the encoder is gone).
    expect(out.map((t) => [t.targetId, t.toHealth, t.cause])).toEqual([[null, 'unknown', 'clock']])
    expect(restarted.get(STREAM)?.simulcastTargets[0]?.state).toBe('waiting')
    // Folding continues from the restored state exactly as from the events.
    const idle = live('idle', T0 + 70 * S)
    restarted.apply(idle, T0 + 3600 * S)
    engine.apply(idle, T0 + 3600 * S)
    expect(restarted.get(STREAM)).toEqual(engine.get(STREAM))
  })

  it('workspace health over the engine’s streams', () => {
    const engine = createHealthEngine()
    expect(engine.workspaceHealth()).toBe('empty')
    feed(engine, [live('created', T0)])
    expect(engine.workspaceHealth()).toBe('offline')
    feed(engine, [
      ...wentLive(T0, { stream: OTHER_STREAM }),
      live('disconnected', T0 + S, { stream: OTHER_STREAM }),
    ])
    expect(engine.workspaceHealth()).toBe('down')
  })
})
