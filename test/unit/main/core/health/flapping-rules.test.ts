// DESIGN.md: flapping (3 or more disconnects within 5 min) is degraded.
import { describe } from 'vitest'
import { live, S, T0, wentLive } from './factory.ts'
import { checkHealth as check } from './helpers.ts'

describe('flapping: 3 disconnects within 5 min', () => {
  const bounce = (at: number) => [
    live('disconnected', at),
    live('connected', at + 2 * S, { status: 'active' }),
  ]
  const flaps =
    (...offsets: number[]) =>
    () => [...wentLive(T0), ...offsets.flatMap((o) => bounce(T0 + o * S))]
  check([
    { name: '2 disconnects', events: flaps(10, 60), at: T0 + 130 * S, health: 'healthy', reason: 'live' },
    {
      name: '3 disconnects',
      events: flaps(10, 60, 120),
      at: T0 + 130 * S,
      health: 'degraded',
      reason: 'flapping: 3 disconnects in 5 min',
    },
    {
      name: '3 spread over more than 5 min',
      events: flaps(10, 200, 320),
      at: T0 + 330 * S,
      health: 'healthy',
      reason: 'live',
    },
    {
      name: 'oldest leaves the window exactly at +5 min',
      events: flaps(10, 60, 120),
      at: T0 + 310 * S,
      health: 'healthy',
      reason: 'live',
    },
    {
      name: 'just before it leaves',
      events: flaps(10, 60, 120),
      at: T0 + 310 * S - 1,
      health: 'degraded',
      reason: 'flapping: 3 disconnects in 5 min',
    },
    {
      name: '2 with flapCount 2',
      events: flaps(10, 60),
      at: T0 + 130 * S,
      health: 'degraded',
      reason: 'flapping: 2 disconnects in 5 min',
      thresholds: { flapCount: 2 },
    },
    {
      name: '3 in 10 min with a 600 s window',
      events: flaps(10, 200, 320),
      at: T0 + 330 * S,
      health: 'degraded',
      reason: 'flapping: 3 disconnects in 10 min',
      thresholds: { flapWindowSec: 600 },
    },
    {
      name: 'a disconnect still running is down, not flapping',
      events: () => [...flaps(10, 60)(), live('disconnected', T0 + 120 * S)],
      at: T0 + 130 * S,
      health: 'down',
      reason: 'encoder disconnected',
    },
  ])
})
