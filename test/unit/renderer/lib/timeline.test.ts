import { describe, expect, it } from 'vitest'
import { axisTicks, streamBand, targetBand } from '../../../../src/renderer/src/lib/timeline.ts'
import { makeTransition, T0 } from '../fixtures.ts'

const from = T0 - 60_000
const to = T0

describe('timeline bands', () => {
  it('is one band of the current state when nothing changed', () => {
    expect(streamBand([], from, to, { health: 'healthy', status: 'active', reason: 'live' })).toEqual([
      { start: from, end: to, key: 'healthy', label: 'healthy · active', reason: 'live' },
    ])
  })

  it('cuts the band at each stream transition and starts from the first one\'s "from" side', () => {
    const transitions = [
      makeTransition('s', T0 - 40_000, {
        fromHealth: 'healthy',
        toHealth: 'down',
        reason: 'encoder disconnected',
      }),
      makeTransition('s', T0 - 35_000, { targetId: 't1', fromStatus: 'starting', toStatus: 'stalled' }),
      makeTransition('s', T0 - 10_000, {
        fromHealth: 'down',
        toHealth: 'healthy',
        reason: 'encoder reconnected',
      }),
    ]
    const band = streamBand(transitions, from, to, { health: 'healthy', status: 'active', reason: 'live' })
    expect(band.map((s) => [s.start, s.end, s.key])).toEqual([
      [from, T0 - 40_000, 'healthy'],
      [T0 - 40_000, T0 - 10_000, 'down'],
      [T0 - 10_000, to, 'healthy'],
    ])
    expect(band[1]?.reason).toBe('encoder disconnected')
  })

  it('marks the time before a stream was first seen', () => {
    const band = streamBand(
      [makeTransition('s', T0 - 30_000, { fromHealth: null, fromStatus: null, toHealth: 'healthy' })],
      from,
      to,
      { health: 'healthy', status: 'active', reason: 'live' },
    )
    expect(band.map((s) => s.key)).toEqual(['none', 'healthy'])
  })

  it('bands a simulcast target by its own transitions', () => {
    const transitions = [
      makeTransition('s', T0 - 50_000, { targetId: 't1', fromStatus: 'idle', toStatus: 'starting' }),
      makeTransition('s', T0 - 20_000, { targetId: 't1', fromStatus: 'starting', toStatus: 'stalled' }),
      makeTransition('s', T0 - 20_000, { targetId: 't2', fromStatus: 'idle', toStatus: 'starting' }),
    ]
    const band = targetBand(transitions, 't1', from, to, { state: 'stalled', reason: 'starting for 30 s' })
    expect(band.map((s) => s.key)).toEqual(['idle', 'starting', 'stalled'])
  })

  it('spaces axis ticks to at most about eight', () => {
    expect(axisTicks(T0 - 3_600_000, T0).length).toBeLessThanOrEqual(8)
    expect(axisTicks(T0 - 86_400_000, T0).length).toBeLessThanOrEqual(8)
    expect(axisTicks(T0 - 86_400_000, T0).length).toBeGreaterThan(2)
  })
})
