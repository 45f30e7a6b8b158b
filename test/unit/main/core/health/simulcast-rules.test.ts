// DESIGN.md: simulcast target states — stalled, parent ended, disabled, re-enabled, deleted.
import { describe, expect, it } from 'vitest'
import type { Health, MonitorEvent } from '../../../../../src/shared/domain.ts'
import { fold, live, S, simulcast, T0, TARGET, wentLive, withThresholds } from './factory.ts'

describe('simulcast targets', () => {
  const targetState = (events: MonitorEvent[], at: number, th = {}) =>
    fold(events, at, withThresholds(th)).simulcastTargets[0]?.state
  const rows: { name: string; events: () => MonitorEvent[]; at: number; state: string; health: Health }[] = [
    {
      name: 'starting 29 s',
      events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 + S)],
      at: T0 + 30 * S,
      state: 'starting',
      health: 'healthy',
    },
    {
      name: 'starting exactly 30 s',
      events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 + S)],
      at: T0 + 31 * S,
      state: 'starting',
      health: 'healthy',
    },
    {
      name: 'starting 31 s',
      events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 + S)],
      at: T0 + 32 * S,
      state: 'stalled',
      health: 'degraded',
    },
    {
      name: 'broadcasting never stalls',
      events: () => [
        ...wentLive(T0),
        simulcast('starting', TARGET, T0 + S),
        simulcast('broadcasting', TARGET, T0 + 3 * S),
      ],
      at: T0 + 3600 * S,
      state: 'broadcasting',
      health: 'healthy',
    },
    {
      name: 'never got starting after the parent went live',
      events: () => [simulcast('created', TARGET, T0 - 120 * S), ...wentLive(T0)],
      at: T0 + 31 * S,
      state: 'stalled',
      health: 'degraded',
    },
    {
      name: 'starting before the parent went live counts from active',
      events: () => [...wentLive(T0), simulcast('starting', TARGET, T0 - 5 * S)],
      at: T0 + 29 * S,
      state: 'starting',
      health: 'healthy',
    },
    {
      name: 'no stall while the parent is preparing',
      events: () => [live('preparing', T0), simulcast('starting', TARGET, T0 + S)],
      at: T0 + 59 * S,
      state: 'starting',
      health: 'healthy',
    },
    {
      name: 'parent idle resets a broadcasting target',
      events: () => [
        ...wentLive(T0),
        simulcast('broadcasting', TARGET, T0 + 5 * S),
        live('idle', T0 + 100 * S),
      ],
      at: T0 + 200 * S,
      state: 'idle',
      health: 'offline',
    },
    {
      name: 'parent deleted resets a starting target',
      events: () => [
        ...wentLive(T0),
        simulcast('starting', TARGET, T0 + 5 * S),
        live('deleted', T0 + 10 * S),
      ],
      at: T0 + 200 * S,
      state: 'idle',
      health: 'offline',
    },
    {
      name: 'a new session after the reset stalls again',
      events: () => [
        ...wentLive(T0),
        simulcast('broadcasting', TARGET, T0 + 5 * S),
        live('idle', T0 + 100 * S),
        live('active', T0 + 200 * S),
      ],
      at: T0 + 231 * S,
      state: 'stalled',
      health: 'degraded',
    },
    {
      name: 'disabled target never stalls',
      events: () => [
        simulcast('created', TARGET, T0 - 100 * S),
        simulcast('updated', TARGET, T0 - 50 * S, { isEnabled: false }),
        ...wentLive(T0),
      ],
      at: T0 + 3600 * S,
      state: 'disabled',
      health: 'healthy',
    },
    {
      name: 'disabled while broadcasting',
      events: () => [
        ...wentLive(T0),
        simulcast('broadcasting', TARGET, T0 + 5 * S),
        simulcast('updated', TARGET, T0 + 10 * S, { isEnabled: false }),
      ],
      at: T0 + 20 * S,
      state: 'disabled',
      health: 'healthy',
    },
    {
      name: 'isEnabled=true re-enables as idle',
      events: () => [
        ...wentLive(T0),
        simulcast('broadcasting', TARGET, T0 + 5 * S),
        simulcast('updated', TARGET, T0 + 10 * S, { isEnabled: false }),
        simulcast('updated', TARGET, T0 + 20 * S, { isEnabled: true }),
      ],
      at: T0 + 21 * S,
      state: 'idle',
      health: 'healthy',
    },
    {
      name: 're-enabled and not broadcasting 31 s later stalls',
      events: () => [
        ...wentLive(T0),
        simulcast('updated', TARGET, T0 + 10 * S, { isEnabled: false }),
        simulcast('updated', TARGET, T0 + 20 * S, { isEnabled: true }),
      ],
      at: T0 + 51 * S,
      state: 'stalled',
      health: 'degraded',
    },
    {
      name: 'metadata update while broadcasting keeps broadcasting',
      events: () => [
        ...wentLive(T0),
        simulcast('broadcasting', TARGET, T0 + 5 * S),
        simulcast('updated', TARGET, T0 + 10 * S, { isEnabled: true }),
      ],
      at: T0 + 100 * S,
      state: 'broadcasting',
      health: 'healthy',
    },
    {
      name: 'deleted target',
      events: () => [
        ...wentLive(T0),
        simulcast('starting', TARGET, T0 + S),
        simulcast('deleted', TARGET, T0 + 2 * S),
      ],
      at: T0 + 100 * S,
      state: 'deleted',
      health: 'healthy',
    },
  ]
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const s = fold(r.events(), r.at)
    expect({ state: targetState(r.events(), r.at), health: s.health }).toEqual({
      state: r.state,
      health: r.health,
    })
  })

  it('says which target stalled and for how long', () => {
    const s = fold([...wentLive(T0), simulcast('starting', TARGET, T0 + S)], T0 + 46 * S)
    expect(s.healthReason).toBe('simulcast target Twitch stalled (starting for 45 s without broadcasting)')
    const idle = fold([simulcast('created', TARGET, T0 - 120 * S), ...wentLive(T0)], T0 + 40 * S)
    expect(idle.healthReason).toBe(
      'simulcast target Twitch stalled (not broadcasting 40 s after the stream went live)',
    )
    expect(
      fold(
        [...wentLive(T0), simulcast('starting', TARGET, T0 + S)],
        T0 + 46 * S,
        withThresholds({ simulcastStallSec: 60 }),
      ).health,
    ).toBe('healthy')
    const ended = fold(
      [...wentLive(T0), simulcast('broadcasting', TARGET, T0 + 5 * S), live('idle', T0 + 100 * S)],
      T0 + 200 * S,
    )
    expect(ended.simulcastTargets[0]).toMatchObject({
      state: 'idle',
      reportedState: 'broadcasting',
      reason: 'parent ended',
    })
  })
})
