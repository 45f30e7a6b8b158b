// The overview's drawing arithmetic and words: stacking, rates per minute (a short last
// bucket), the readout, lags in ms / s / min, and local axis times with day names over 7 d.
import { describe, expect, it } from 'vitest'
import {
  isEmptySeries,
  perMinute,
  readoutAt,
  stackedHealth,
} from '../../../../src/renderer/src/components/charts/overview-data.ts'
import {
  formatAxisTime,
  formatCountTick,
  formatLag,
  formatReadoutTime,
} from '../../../../src/renderer/src/components/charts/overview-format.ts'
import { withAlpha } from '../../../../src/renderer/src/components/charts/overview-theme.ts'
import type { WorkspaceSeries } from '../../../../src/shared/workspace-series.ts'

const MIN = 60_000
const DAY = 86_400_000
const T = new Date(2026, 11, 6, 14, 0).getTime() // a Sunday, 14:00 local

const base = (patch: Partial<WorkspaceSeries> = {}): WorkspaceSeries => ({
  from: T,
  to: T + 10 * MIN + 30_000,
  bucketMs: 5 * MIN,
  at: [T, T + 5 * MIN, T + 10 * MIN],
  streamsByHealth: {
    healthy: [1, 2, 3],
    degraded: [0, 1, 0],
    down: [2, 0, 0],
    unknown: [0, 0, 1],
    offline: [5, 5, 5],
  },
  deliveries: [50, 0, 3],
  rejections: [5, 0, 1],
  lagP50: [100, null, 2_000],
  lagP95: [400, null, 75_000],
  ...patch,
})

describe('overview data', () => {
  it('stacks healthy, offline, unknown, degraded, down as running sums', () => {
    const [at, ...columns] = stackedHealth(base())
    expect(at).toEqual(base().at)
    expect(columns).toEqual([
      [1, 2, 3],
      [6, 7, 8],
      [6, 7, 9],
      [6, 8, 9],
      [8, 8, 9],
    ])
  })

  it('turns counts into counts per minute, the last (short) bucket by its own length', () => {
    expect(perMinute(base(), [50, 0, 3])).toEqual([10, 0, 6])
  })

  it('knows an empty range', () => {
    expect(isEmptySeries(base())).toBe(false)
    const zeros = [0, 0, 0]
    expect(
      isEmptySeries(
        base({
          streamsByHealth: { healthy: zeros, degraded: zeros, down: zeros, unknown: zeros, offline: zeros },
          deliveries: zeros,
          rejections: zeros,
        }),
      ),
    ).toBe(true)
  })

  it('reads out one bucket, worst health first, then rates and lags', () => {
    const r = readoutAt(base(), 0, 3_600_000)
    expect(r?.time).toBe('14:00–14:05')
    expect(r?.items.map((i) => `${i.label} ${i.value}`)).toEqual([
      'down 2',
      'degraded 0',
      'unknown 0',
      'offline 5',
      'healthy 1',
      'deliveries 10/min',
      'rejections 1/min',
      'lag p50 100 ms',
      'lag p95 400 ms',
    ])
    expect(readoutAt(base(), 1, 3_600_000)?.items.at(-1)?.value).toBe('–')
    expect(readoutAt(base(), 3, 3_600_000)).toBeNull()
  })
})

describe('overview words', () => {
  it('says lags in ms, s and min', () => {
    expect(formatLag(0)).toBe('0 ms')
    expect(formatLag(850)).toBe('850 ms')
    expect(formatLag(2_430)).toBe(`${(2.4).toLocaleString()} s`)
    expect(formatLag(12_400)).toBe('12 s')
    expect(formatLag(75_000)).toBe(`${(1.3).toLocaleString()} min`)
  })

  it('ticks whole counts with separators only', () => {
    expect(formatCountTick(1_200)).toBe((1_200).toLocaleString())
    expect(formatCountTick(0.5)).toBe('')
  })

  it('puts local HH:mm on short ranges and day names over several days', () => {
    expect(formatAxisTime(T + 5 * MIN, 3_600_000)).toBe('14:05')
    const midnight = new Date(2026, 11, 8, 0, 0).getTime()
    const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(midnight)
    expect(formatAxisTime(midnight, 7 * DAY)).toBe(weekday)
    expect(formatAxisTime(T, 7 * DAY)).toContain('14:00')
    expect(formatAxisTime(T, 7 * DAY)).toContain(
      new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(T),
    )
    expect(formatReadoutTime(T, 30 * MIN, 7 * DAY)).toMatch(/14:00–14:30$/)
  })

  it('adds alpha to a #rrggbb colour and leaves others alone', () => {
    expect(withAlpha('#1a7f37', 0.5)).toBe('rgba(26, 127, 55, 0.5)')
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgb(1, 2, 3)')
  })
})
