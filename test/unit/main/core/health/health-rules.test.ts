// One table per health rule of DESIGN.md "Domain vocabulary", with its boundaries:
// status, preparing stall, reconnect window. Flapping and targets have their own files.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../../../../src/main/core/health/evaluate.ts'
import { newSnapshot } from '../../../../../src/main/core/health/snapshot.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'
import { fold, live, S, STREAM, simulcast, T0, TARGET, unknownType, wentLive } from './factory.ts'
import { checkHealth as check } from './helpers.ts'

describe('offline and unknown by status', () => {
  check([
    {
      name: 'created → idle',
      events: () => [live('created', T0)],
      at: T0 + S,
      health: 'offline',
      reason: 'idle',
    },
    {
      name: 'ended (idle)',
      events: () => [...wentLive(T0), live('idle', T0 + 90 * S)],
      at: T0 + 100 * S,
      health: 'offline',
      reason: 'idle',
    },
    {
      name: 'disabled',
      events: () => [live('created', T0), live('disabled', T0 + S)],
      at: T0 + 2 * S,
      health: 'offline',
      reason: 'disabled',
    },
    {
      name: 'deleted stream',
      events: () => [...wentLive(T0), live('deleted', T0 + S)],
      at: T0 + 2 * S,
      health: 'offline',
      reason: 'deleted',
    },
    {
      name: 'only a simulcast event heard',
      events: () => [simulcast('created', TARGET, T0)],
      at: T0 + S,
      health: 'unknown',
      reason: 'no status reported yet',
    },
    {
      name: 'live and connected',
      events: () => wentLive(T0),
      at: T0 + 3600 * S,
      health: 'healthy',
      reason: 'live',
    },
  ])

  it('a stream we never heard from is unknown', () => {
    const s = evaluate(newSnapshot(STREAM, T0, 60), DEFAULT_THRESHOLDS, T0)
    expect([s.health, s.healthReason]).toEqual(['unknown', 'never heard from this stream'])
  })
})

describe('preparing stall (60 s, strictly more is degraded)', () => {
  // `connected` still reports data.status idle here, so preparing starts at T0.
  const preparing = () => [
    live('created', T0 - 100 * S),
    live('connected', T0 - S, { status: 'idle' }),
    live('preparing', T0),
  ]
  check([
    { name: '59 s', events: preparing, at: T0 + 59 * S, health: 'healthy', reason: 'preparing' },
    { name: 'exactly 60 s', events: preparing, at: T0 + 60 * S, health: 'healthy', reason: 'preparing' },
    { name: '61 s', events: preparing, at: T0 + 61 * S, health: 'degraded', reason: 'preparing for 61 s' },
    { name: '75 s', events: preparing, at: T0 + 75 * S, health: 'degraded', reason: 'preparing for 75 s' },
    {
      name: '61 s with a 120 s threshold',
      events: preparing,
      at: T0 + 61 * S,
      health: 'healthy',
      reason: 'preparing',
      thresholds: { preparingStallSec: 120 },
    },
    {
      name: 'measured from the start of preparing, not the newest preparing event',
      events: () => [...preparing(), live('updated', T0 + 30 * S, { status: 'preparing' })],
      at: T0 + 61 * S,
      health: 'degraded',
      reason: 'preparing for 61 s',
    },
    {
      name: 'encoder dropped while preparing',
      events: () => [...preparing(), live('disconnected', T0 + 5 * S, { status: 'preparing' })],
      at: T0 + 30 * S,
      health: 'degraded',
      reason: 'encoder disconnected while preparing',
    },
  ])
})

describe('reconnect window: down, then unknown 15 s after the deadline', () => {
  const D = T0 + 100 * S
  const dropped = () => [...wentLive(T0), live('disconnected', D)]
  check([
    {
      name: 'window running',
      events: dropped,
      at: D + 30 * S,
      health: 'down',
      reason: 'encoder disconnected',
    },
    {
      name: 'deadline exactly',
      events: dropped,
      at: D + 60 * S,
      health: 'down',
      reason: 'encoder disconnected',
    },
    {
      name: 'deadline + 1 ms',
      events: dropped,
      at: D + 60 * S + 1,
      health: 'down',
      reason: 'reconnect window expired, waiting for idle',
    },
    {
      name: 'deadline + 15 s exactly',
      events: dropped,
      at: D + 75 * S,
      health: 'down',
      reason: 'reconnect window expired, waiting for idle',
    },
    {
      name: 'deadline + 15 s + 1 ms',
      events: dropped,
      at: D + 75 * S + 1,
      health: 'unknown',
      reason: 'reconnect window expired without idle',
    },
    {
      name: 'deadline + 10 min',
      events: dropped,
      at: D + 660 * S,
      health: 'unknown',
      reason: 'reconnect window expired without idle',
    },
    {
      name: 'reconnect inside the window',
      events: () => [...dropped(), live('connected', D + 20 * S, { status: 'active' })],
      at: D + 200 * S,
      health: 'healthy',
      reason: 'live',
    },
    {
      name: 'idle when the window expired',
      events: () => [...dropped(), live('idle', D + 60 * S)],
      at: D + 200 * S,
      health: 'offline',
      reason: 'idle',
    },
    {
      name: "stream's own reconnectWindow (300 s) at 200 s",
      events: () => [
        ...wentLive(T0, { reconnectWindow: 300 }),
        live('disconnected', D, { reconnectWindow: 300 }),
      ],
      at: D + 200 * S,
      health: 'down',
      reason: 'encoder disconnected',
    },
    {
      name: "stream's own reconnectWindow (300 s) at 316 s",
      events: () => [
        ...wentLive(T0, { reconnectWindow: 300 }),
        live('disconnected', D, { reconnectWindow: 300 }),
      ],
      at: D + 316 * S,
      health: 'unknown',
      reason: 'reconnect window expired without idle',
    },
    {
      name: 'no window in the payload: the threshold (120 s) applies',
      events: () => [
        ...wentLive(T0, { reconnectWindow: null }),
        live('disconnected', D, { reconnectWindow: null }),
      ],
      at: D + 100 * S,
      health: 'down',
      reason: 'encoder disconnected',
      thresholds: { reconnectWindowSec: 120 },
    },
  ])

  it('reports the deadline while disconnected and clears it after reconnect', () => {
    expect(fold(dropped(), D + S).reconnectDeadline).toBe(D + 60 * S)
    expect(
      fold([...dropped(), live('connected', D + 5 * S, { status: 'active' })], D + 6 * S).reconnectDeadline,
    ).toBeNull()
    expect(
      fold([...wentLive(T0, { reconnectWindow: 300 }), live('disconnected', D, { reconnectWindow: 300 })], D)
        .reconnectDeadline,
    ).toBe(D + 300 * S)
  })
})

describe('unknown event types', () => {
  it('are ignored for state but still counted as the last event', () => {
    const s = fold(
      [...wentLive(T0), unknownType('video.live_stream.srt_detected', T0 + 5 * S, { status: 'idle' })],
      T0 + 6 * S,
    )
    expect(s).toMatchObject({
      status: 'active',
      health: 'healthy',
      lastEventType: 'video.live_stream.srt_detected',
      lastEventAt: T0 + 5 * S,
    })
  })
})

describe('recording', () => {
  it('holds for the session it started in', () => {
    const rec = [...wentLive(T0), live('recording', T0 + S)]
    expect(fold(rec, T0 + 2 * S).recording).toBe(true)
    expect(fold([...rec, live('idle', T0 + 100 * S)], T0 + 101 * S).recording).toBe(false)
    expect(
      fold([...rec, live('idle', T0 + 100 * S), live('recording', T0 + 200 * S)], T0 + 201 * S).recording,
    ).toBe(true)
  })
})
