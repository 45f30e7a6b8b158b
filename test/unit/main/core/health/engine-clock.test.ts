// The engine and the clock: when it must wake up, and threshold changes.
import { describe, expect, it } from 'vitest'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'
import { live, OTHER_STREAM, S, STREAM, simulcast, T0, TARGET, wentLive, withThresholds } from './factory.ts'
import { brief, feed } from './helpers.ts'

describe('nextWakeAt', () => {
  const D = T0 + 100 * S
  it.each([
    ['nothing known', [], null],
    ['idle stream', [live('created', T0)], null],
    ['live and connected', wentLive(T0), null],
    ['disconnected: the deadline', [...wentLive(T0), live('disconnected', D)], D + 60 * S + 1],
    [
      'preparing: the stall',
      [live('created', T0 - S, { status: 'idle' }), live('preparing', T0)],
      T0 + 60 * S + 1,
    ],
    [
      'target starting: its stall',
      [...wentLive(T0), simulcast('starting', TARGET, T0 + 5 * S)],
      T0 + 35 * S + 1,
    ],
    ['broadcasting target: nothing', [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + 5 * S)], null],
    [
      'recent disconnect: when it leaves the flap window',
      [...wentLive(T0), live('disconnected', D), live('connected', D + S, { status: 'active' })],
      D + 300 * S,
    ],
  ] as const)('%s', (_, events, expected) => {
    const engine = createHealthEngine()
    feed(engine, events)
    expect(engine.nextWakeAt()).toBe(expected)
  })

  it('moves from the deadline to deadline + 15 s, then to nothing', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), live('disconnected', D)])
    engine.tick(D + 60 * S + 1)
    expect(engine.nextWakeAt()).toBe(D + 75 * S + 1)
    engine.tick(D + 75 * S + 1)
    expect(engine.nextWakeAt()).toBe(D + 300 * S)
  })

  it('is the earliest over all streams', () => {
    const engine = createHealthEngine()
    feed(engine, [...wentLive(T0), live('disconnected', D)])
    feed(engine, [live('preparing', T0 + 5 * S, { stream: OTHER_STREAM })])
    expect(engine.nextWakeAt()).toBe(T0 + 65 * S + 1)
  })
})

describe('thresholds', () => {
  it('changing them re-evaluates every stream', () => {
    const engine = createHealthEngine({ thresholds: withThresholds({ preparingStallSec: 120 }) })
    feed(engine, [live('created', T0 - S, { status: 'idle' }), live('preparing', T0)])
    engine.tick(T0 + 90 * S)
    expect(engine.get(STREAM)?.health).toBe('healthy')
    const out = engine.setThresholds(DEFAULT_THRESHOLDS, T0 + 90 * S)
    expect(out.map(brief)).toEqual([
      {
        target: null,
        health: 'healthy→degraded',
        status: 'preparing→preparing',
        reason: 'preparing for 90 s',
        cause: 'clock',
        at: T0 + 90 * S,
      },
    ])
    expect(engine.thresholds()).toEqual(DEFAULT_THRESHOLDS)
  })

  it('the default reconnect window applies only to streams that do not report their own', () => {
    const engine = createHealthEngine()
    feed(engine, [
      ...wentLive(T0, { reconnectWindow: null }),
      live('disconnected', T0 + 10 * S, { reconnectWindow: null }),
    ])
    feed(engine, [
      ...wentLive(T0, { stream: OTHER_STREAM }),
      live('disconnected', T0 + 10 * S, { stream: OTHER_STREAM }),
    ])
    engine.setThresholds(withThresholds({ reconnectWindowSec: 600 }), T0 + 20 * S)
    expect(engine.get(STREAM)?.reconnectDeadline).toBe(T0 + 610 * S)
    expect(engine.get(OTHER_STREAM)?.reconnectDeadline).toBe(T0 + 70 * S)
  })
})
