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
})

describe('axis ticks', () => {
  const HOUR = 3_600_000
  const RANGES = [HOUR, 6 * HOUR, 24 * HOUR]
  const WIDTHS = [160, 240, 320, 480, 640, 900, 1200, 1800]
  // "02:00 PM" in a 12-hour locale is about this wide; "now" at the right end.
  const room = (width: number) => ({ width, labelWidth: 56, nowWidth: 24 })
  const x = (t: number, from: number, width: number, span: number) => ((t - from) / span) * width

  it('never puts two labels closer than their width, or onto the track ends and "now"', () => {
    for (const span of RANGES) {
      for (const width of WIDTHS) {
        const from = T0 - span
        const ticks = axisTicks(from, T0, room(width))
        const xs = ticks.map((t) => x(t, from, width, span))
        for (let i = 1; i < xs.length; i++) {
          expect(xs[i]! - xs[i - 1]!, `${span / HOUR} h at ${width} px`).toBeGreaterThanOrEqual(56 + 8)
        }
        for (const at of xs) {
          expect(at - 28).toBeGreaterThanOrEqual(0)
          expect(at + 28, `${span / HOUR} h at ${width} px`).toBeLessThanOrEqual(width - 24 - 8)
        }
      }
    }
  })

  it('uses the room it has: more labels when wider, a few even when narrow', () => {
    for (const span of RANGES) {
      const from = T0 - span
      const counts = WIDTHS.map((w) => axisTicks(from, T0, room(w)).length)
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!)
      expect(counts[WIDTHS.indexOf(320)]).toBeGreaterThanOrEqual(2)
      expect(counts[WIDTHS.indexOf(900)]).toBeGreaterThanOrEqual(5)
      expect(counts.at(-1)).toBeLessThanOrEqual(Math.floor(1800 / (56 + 8)))
    }
  })

  it('falls on round times and tolerates no room at all', () => {
    const from = T0 - 6 * HOUR
    const ticks = axisTicks(from, T0, room(900))
    const step = ticks[1]! - ticks[0]!
    expect([15, 30, 60, 120].map((m) => m * 60_000)).toContain(step)
    for (const t of ticks) expect(new Date(t).getMinutes() % Math.min(step / 60_000, 60)).toBe(0)
    expect(axisTicks(from, T0, room(0))).toEqual([])
    expect(axisTicks(T0, T0, room(900))).toEqual([])
  })
})
