// The stream chart's words: axis ticks (24-hour local times, day names on long ranges,
// counts with separators) and the readout at a moment (the sample in force, the span, the
// bucket whose edges hold it, a marker only when close).
import { describe, expect, it } from 'vitest'
import { countTicks, formatAxisTime, timeTicks } from '../../../../src/renderer/src/components/charts/axes.ts'
import { lastAtOrBefore, readoutAt } from '../../../../src/renderer/src/components/charts/stream-readout.ts'
import type { StreamSeries } from '../../../../src/shared/series.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const FROM = new Date(2026, 11, 7, 9, 0, 0).getTime() // local 09:00, a Monday
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const pad = (n: number): string => String(n).padStart(2, '0')
const hm = (at: number): string => `${pad(new Date(at).getHours())}:${pad(new Date(at).getMinutes())}`

const series = (overrides: Partial<StreamSeries> = {}): StreamSeries => ({
  streamId: 's1',
  from: FROM,
  to: FROM + HOUR,
  viewers: [
    { at: FROM + 5 * MIN, count: 12_345 },
    { at: FROM + 20 * MIN, count: 1 },
  ],
  health: [{ from: FROM + 2 * MIN, to: FROM + HOUR, health: 'degraded' }],
  markers: [{ at: FROM + 20 * MIN, kind: 'target-down', label: 'YouTube stalled' }],
  bucketMs: MIN,
  events: Array.from({ length: 60 }, (_, i) => ({ at: FROM + i * MIN, count: i })),
  ...overrides,
})

describe('chart axes', () => {
  it('label times on the 24-hour clock, with the day on ranges over a day and a half', () => {
    const at = FROM + 14 * HOUR + 5 * MIN // 23:05
    expect(formatAxisTime(at, HOUR)).toBe(hm(at))
    expect(hm(at)).toBe('23:05')
    expect(formatAxisTime(at, 7 * DAY)).toBe(`${DAYS[new Date(at).getDay()]} 23:05`)
    expect(timeTicks(() => 6 * HOUR)({} as never, [FROM / 1000, (FROM + HOUR) / 1000])).toEqual([
      '09:00',
      '10:00',
    ])
  })

  it('label counts as whole numbers with thousands separators', () => {
    expect(countTicks({} as never, [0, 1500, 2.5, 1_000_000])).toEqual([
      '0',
      (1500).toLocaleString(),
      '',
      (1_000_000).toLocaleString(),
    ])
  })
})

describe('readoutAt', () => {
  it('finds the last item at or before a time', () => {
    const items = [{ at: 1 }, { at: 5 }, { at: 9 }]
    expect([0, 1, 4, 5, 8, 9, 100].map((x) => lastAtOrBefore(items, x, (i) => i.at))).toEqual([
      -1, 0, 0, 1, 1, 2, 2,
    ])
  })

  it('before the first sample and span: no sample, not seen; the bucket still counts', () => {
    const r = readoutAt(series(), FROM + MIN + 30_000, 36_000)
    expect(r.viewers).toBe('no viewer sample')
    expect(r.health).toBe('not seen')
    expect(r.healthState).toBeNull()
    expect(r.events).toBe(`1 event in 1 min from ${hm(FROM + MIN)}:00`)
    expect(r.marker).toBeNull()
  })

  it('holds the sample in force, takes a time on a bucket edge into the bucket starting there', () => {
    const r = readoutAt(series(), FROM + 20 * MIN, 36_000)
    expect(r.time).toBe(`${hm(FROM + 20 * MIN)}:00`)
    expect(r.viewers).toBe('1 viewer')
    expect(r.health).toBe('degraded')
    expect(r.events).toBe(`20 events in 1 min from ${hm(FROM + 20 * MIN)}:00`)
    expect(r.marker).toBe(`YouTube stalled at ${hm(FROM + 20 * MIN)}:00`)
    expect(readoutAt(series(), FROM + 19 * MIN, 36_000).viewers).toBe(`${(12_345).toLocaleString()} viewers`)
    // A marker a minute away is not named when "near" is 36 s.
    expect(readoutAt(series(), FROM + 21 * MIN, 36_000).marker).toBeNull()
  })

  it('names the day on a 7-day chart', () => {
    const long = series({ to: FROM + 7 * DAY, bucketMs: 30 * MIN, events: [{ at: FROM, count: 2 }] })
    const r = readoutAt(long, FROM + 10 * MIN, HOUR)
    expect(r.time).toBe(`Mon ${hm(FROM + 10 * MIN)}`)
    expect(r.events).toBe('2 events in 30 min from Mon 09:00')
  })
})
