// A target cannot look healthy while its stream's encoder is gone: `waiting` (for the
// encoder) is derived while the stream is live and disconnected, and `stalled` never fires then.
import { describe, expect, it } from 'vitest'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { Health, MonitorEvent } from '../../../../../src/shared/domain.ts'
import { fold, live, S, STREAM, simulcast, T0, TARGET, TARGET_B, wentLive } from './factory.ts'
import { brief, feed } from './helpers.ts'

const dropped = (at: number) => live('disconnected', at)
// The stream stays `active` through an in-window reconnect (inferred, SPEC §8).
const back = (at: number) => [live('connected', at, { status: 'active' })]

interface Row {
  name: string
  events: () => MonitorEvent[]
  at: number
  state: string
  health: Health
}

const rows: Row[] = [
  {
    name: 'broadcasting, encoder drops: waiting, not broadcasting',
    events: () => [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + 5 * S), dropped(T0 + 100 * S)],
    at: T0 + 101 * S,
    state: 'waiting',
    health: 'down',
  },
  {
    name: 'starting, encoder gone 45 s: waiting, never stalled',
    events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 + S), dropped(T0 + 10 * S)],
    at: T0 + 55 * S,
    state: 'waiting',
    health: 'down',
  },
  {
    name: 'never started, encoder gone past the stall threshold: waiting, not stalled',
    events: () => [simulcast('created', TARGET, T0 - 120 * S), ...wentLive(T0), dropped(T0 + 5 * S)],
    at: T0 + 50 * S,
    state: 'waiting',
    health: 'down',
  },
  {
    name: 'a stalled target waits too once the encoder drops (the stream is down, not degraded)',
    events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 + S), dropped(T0 + 40 * S)],
    at: T0 + 41 * S,
    state: 'waiting',
    health: 'down',
  },
  {
    name: 'reconnect window expired, no idle yet: still waiting',
    events: () => [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + 5 * S), dropped(T0 + 10 * S)],
    at: T0 + 80 * S,
    state: 'waiting',
    health: 'down',
  },
  {
    name: 'disconnected while preparing: waiting',
    events: () => [
      simulcast('created', TARGET, T0 - 120 * S),
      live('connected', T0),
      live('preparing', T0 + S),
      live('disconnected', T0 + 5 * S, { status: 'preparing' }),
    ],
    at: T0 + 6 * S,
    state: 'waiting',
    health: 'degraded',
  },
  {
    name: 'reconnect inside the window: broadcasting again',
    events: () => [
      ...wentLive(T0),
      simulcast('broadcasting', TARGET, T0 + 5 * S),
      dropped(T0 + 100 * S),
      ...back(T0 + 120 * S),
    ],
    at: T0 + 130 * S,
    state: 'broadcasting',
    health: 'healthy',
  },
  {
    name: 'FastPix said otherwise meanwhile: disabled during the drop stays disabled',
    events: () => [
      ...wentLive(T0),
      simulcast('broadcasting', TARGET, T0 + 5 * S),
      dropped(T0 + 100 * S),
      simulcast('updated', TARGET, T0 + 105 * S, { isEnabled: false }),
      ...back(T0 + 120 * S),
    ],
    at: T0 + 130 * S,
    state: 'disabled',
    health: 'healthy',
  },
  {
    name: 'FastPix said otherwise meanwhile: starting again after the drop shows starting',
    events: () => [
      ...wentLive(T0),
      simulcast('broadcasting', TARGET, T0 + 5 * S),
      dropped(T0 + 100 * S),
      simulcast('starting', TARGET, T0 + 110 * S),
      ...back(T0 + 120 * S),
    ],
    at: T0 + 130 * S,
    state: 'starting',
    health: 'healthy',
  },
  {
    name: 'a disabled target stays disabled while the encoder is gone',
    events: () => [
      simulcast('created', TARGET, T0 - 100 * S),
      simulcast('updated', TARGET, T0 - 50 * S, { isEnabled: false }),
      ...wentLive(T0),
      dropped(T0 + 10 * S),
    ],
    at: T0 + 20 * S,
    state: 'disabled',
    health: 'down',
  },
  {
    name: 'the stream ends after the drop: idle, as before',
    events: () => [
      ...wentLive(T0),
      simulcast('broadcasting', TARGET, T0 + 5 * S),
      dropped(T0 + 100 * S),
      live('idle', T0 + 160 * S),
    ],
    at: T0 + 170 * S,
    state: 'idle',
    health: 'offline',
  },
  {
    name: 'after a reconnect the stall counts from the reconnect, not from before the drop',
    events: () => [
      ...wentLive(T0),
      simulcast('starting', TARGET, T0 + S),
      dropped(T0 + 20 * S),
      ...back(T0 + 50 * S),
    ],
    at: T0 + 75 * S,
    state: 'starting',
    health: 'healthy',
  },
  {
    name: 'still starting 31 s after the reconnect: stalled',
    events: () => [
      ...wentLive(T0),
      simulcast('starting', TARGET, T0 + S),
      dropped(T0 + 20 * S),
      ...back(T0 + 50 * S),
    ],
    at: T0 + 82 * S,
    state: 'stalled',
    health: 'degraded',
  },
]

describe('simulcast targets while the encoder is disconnected', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const s = fold(r.events(), r.at)
    expect({ state: s.simulcastTargets[0]?.state, health: s.health }).toEqual({
      state: r.state,
      health: r.health,
    })
  })

  it('says why, and the stream reason stays the encoder', () => {
    const s = fold(
      [...wentLive(T0), simulcast('starting', TARGET, T0 + S), dropped(T0 + 10 * S)],
      T0 + 55 * S,
    )
    expect(s.simulcastTargets[0]).toMatchObject({ state: 'waiting', reason: 'encoder disconnected' })
    expect(s.healthReason).toBe('encoder disconnected')
  })

  it('transitions: broadcasting → waiting on the drop, waiting → broadcasting on the reconnect', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + 5 * S)])
    const drop = feed(engine, [dropped(T0 + 100 * S)]).filter((t) => t.targetId !== null)
    expect(drop.map(brief)).toEqual([
      {
        target: TARGET,
        health: 'healthy→down',
        status: 'broadcasting→waiting',
        reason: 'encoder disconnected',
        cause: 'event',
        at: T0 + 100 * S,
      },
    ])
    const again = feed(engine, back(T0 + 120 * S)).filter((t) => t.targetId !== null)
    expect(again.map(brief)).toEqual([
      {
        target: TARGET,
        health: 'down→healthy',
        status: 'waiting→broadcasting',
        reason: 'broadcasting',
        cause: 'event',
        at: T0 + 120 * S,
      },
    ])
  })

  it('the clock does not wake for a stall while the encoder is gone (only for the deadline)', () => {
    const engine = createHealthEngine()
    feed(engine, [
      ...wentLive(T0),
      simulcast('starting', TARGET, T0 + S),
      simulcast('created', TARGET_B, T0 + 2 * S),
      dropped(T0 + 10 * S),
    ])
    // Deadline at T0 + 70 s (60 s window); a stall would have woken at T0 + 31 s.
    expect(engine.nextWakeAt()).toBe(T0 + 70 * S + 1)
    expect(engine.tick(T0 + 69 * S)).toEqual([])
    expect(engine.get(STREAM)?.simulcastTargets.map((t) => t.state)).toEqual(['waiting', 'waiting'])
  })
})
