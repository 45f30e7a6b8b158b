// The overview's arithmetic: ranges (defaults and refusals in words), buckets (edges,
// lengths, the 400 cap), nearest-rank percentiles, and the walk of streams by health.
import { describe, expect, it } from 'vitest'
import { RequestError } from '../../../../../src/main/core/errors.ts'
import {
  BUCKET_STEPS_MS,
  bucketEnds,
  healthAtEnds,
  nearestRank,
  percentileRank,
  planBuckets,
  resolveRange,
} from '../../../../../src/main/core/store/workspace-series.ts'
import { MAX_SERIES_BUCKETS } from '../../../../../src/shared/workspace-series.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const NOW = 1_800_000_000_000 // a multiple of a minute

describe('resolveRange', () => {
  it('is the last hour on the monitor clock when nothing is asked', () => {
    expect(resolveRange({}, NOW)).toEqual({ from: NOW - HOUR, to: NOW })
  })

  it('fills in the end with now, and the start with an hour before the end', () => {
    expect(resolveRange({ from: NOW - 6 * HOUR }, NOW)).toEqual({ from: NOW - 6 * HOUR, to: NOW })
    expect(resolveRange({ to: NOW - DAY }, NOW)).toEqual({ from: NOW - DAY - HOUR, to: NOW - DAY })
  })

  it('refuses an empty or backwards range in words', () => {
    expect(() => resolveRange({ from: NOW, to: NOW }, NOW)).toThrow(RequestError)
    expect(() => resolveRange({ from: NOW + 1, to: NOW }, NOW)).toThrow(
      /^The overview's range is refused: from \(.+\) must be before to \(.+\)\.$/,
    )
    // A start in the future with the end left to now is backwards too.
    expect(() => resolveRange({ from: NOW + MIN }, NOW)).toThrow(/must be before/)
  })

  it('takes 8 days and refuses more, saying how long it was', () => {
    expect(resolveRange({ from: NOW - 8 * DAY, to: NOW }, NOW)).toEqual({ from: NOW - 8 * DAY, to: NOW })
    expect(() => resolveRange({ from: NOW - 8 * DAY - 1, to: NOW }, NOW)).toThrow(
      "The overview's range is refused: the window is just over 8 days long; a chart covers at most 8 days.",
    )
    expect(() => resolveRange({ from: NOW - 9.5 * DAY, to: NOW }, NOW)).toThrow(
      "The overview's range is refused: the window is 9.5 days long; a chart covers at most 8 days.",
    )
  })
})

describe('planBuckets', () => {
  it('cuts an hour ending on a minute edge into 60 one-minute buckets', () => {
    const plan = planBuckets({ from: NOW - HOUR, to: NOW })
    expect(plan.bucketMs).toBe(MIN)
    expect(plan.at).toHaveLength(60)
    expect(plan.at[0]).toBe(NOW - HOUR)
    expect(plan.at.at(-1)).toBe(NOW - MIN)
    expect(plan.from).toBe(NOW - HOUR)
  })

  it('moves a start between edges back to the edge and keeps the end as asked', () => {
    const plan = planBuckets({ from: NOW - HOUR + 25_000, to: NOW + 25_000 })
    expect(plan.from).toBe(NOW - HOUR)
    expect(plan.to).toBe(NOW + 25_000)
    // 60 whole minutes and the one under way.
    expect(plan.at).toHaveLength(61)
    expect(bucketEnds(plan).at(-1)).toBe(NOW + 25_000)
    expect(bucketEnds(plan)[0]).toBe(NOW - HOUR + MIN)
  })

  it.each([
    ['1 h', HOUR, MIN, 60],
    ['6 h', 6 * HOUR, MIN, 360],
    ['24 h', DAY, 5 * MIN, 288],
    ['7 d', 7 * DAY, 30 * MIN, 336],
    ['8 d', 8 * DAY, 30 * MIN, 384],
    ['a minute', MIN, MIN, 1],
    ['a second', 1_000, MIN, 1],
  ])('%s: the shortest step that stays within 400 buckets', (_label, span, step, count) => {
    const plan = planBuckets({ from: NOW - span, to: NOW })
    expect(plan.bucketMs).toBe(step)
    expect(plan.at).toHaveLength(count)
    expect(plan.at.length).toBeLessThanOrEqual(MAX_SERIES_BUCKETS)
  })

  it('never gives more than 400 buckets, whatever the offsets, and covers the whole range', () => {
    for (let span = MIN; span <= 8 * DAY; span = Math.ceil(span * 1.37) + 7_919) {
      for (const offset of [0, 1, 29_999, 59_999]) {
        const range = { from: NOW - span + offset, to: NOW + offset }
        const plan = planBuckets(range)
        expect(plan.at.length).toBeLessThanOrEqual(MAX_SERIES_BUCKETS)
        expect(BUCKET_STEPS_MS).toContain(plan.bucketMs)
        expect(plan.from).toBeLessThanOrEqual(range.from)
        expect(plan.from + plan.at.length * plan.bucketMs).toBeGreaterThanOrEqual(range.to)
        expect(plan.from % plan.bucketMs).toBe(0)
      }
    }
  })
})

describe('percentiles (nearest rank)', () => {
  it('ranks ⌈p·n/100⌉', () => {
    expect(percentileRank(1, 50)).toBe(1)
    expect(percentileRank(1, 95)).toBe(1)
    expect(percentileRank(2, 50)).toBe(1)
    expect(percentileRank(3, 50)).toBe(2)
    expect(percentileRank(20, 95)).toBe(19)
    expect(percentileRank(21, 95)).toBe(20)
    expect(percentileRank(100, 95)).toBe(95)
    for (let n = 1; n <= 1000; n += 1) {
      for (const p of [50, 95]) expect(percentileRank(n, p)).toBe(Math.ceil((p * n) / 100))
    }
  })

  it('reads the value at that rank, or null for none', () => {
    expect(nearestRank([], 50)).toBeNull()
    expect(nearestRank([7], 95)).toBe(7)
    const ten = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(nearestRank(ten, 50)).toBe(50)
    expect(nearestRank(ten, 95)).toBe(100)
  })
})

describe('healthAtEnds', () => {
  const ends = [1_000, 2_000, 3_000]

  it('counts the state before the range at every end when nothing changes', () => {
    const before = new Map([
      ['a', 'healthy' as const],
      ['b', 'healthy' as const],
      ['c', 'offline' as const],
    ])
    expect(healthAtEnds(before, [], ends)).toEqual({
      healthy: [2, 2, 2],
      degraded: [0, 0, 0],
      down: [0, 0, 0],
      unknown: [0, 0, 0],
      offline: [1, 1, 1],
    })
  })

  it('moves a stream at its change, counts one first seen inside the range from then on, and puts a change on an edge in the next bucket', () => {
    const before = new Map([['a', 'healthy' as const]])
    const series = healthAtEnds(
      before,
      [
        { streamId: 'a', at: 500, health: 'down' },
        { streamId: 'new', at: 1_200, health: 'unknown' },
        // Exactly on the second bucket's end: belongs to the third.
        { streamId: 'a', at: 2_000, health: 'healthy' },
        { streamId: 'new', at: 2_999, health: 'healthy' },
      ],
      ends,
    )
    expect(series).toEqual({
      healthy: [0, 0, 2],
      degraded: [0, 0, 0],
      down: [1, 1, 0],
      unknown: [0, 1, 0],
      offline: [0, 0, 0],
    })
  })

  it('keeps the total at the number of streams seen so far', () => {
    const changes = Array.from({ length: 500 }, (_, i) => ({
      streamId: `s${i % 37}`,
      at: i * 6,
      health: (['healthy', 'degraded', 'down', 'unknown', 'offline'] as const)[(i * 7) % 5] ?? 'healthy',
    }))
    const series = healthAtEnds(new Map(), changes, ends)
    for (let b = 0; b < ends.length; b += 1) {
      const seen = new Set(changes.filter((c) => c.at < (ends[b] ?? 0)).map((c) => c.streamId)).size
      const total = Object.values(series).reduce((n, counts) => n + (counts[b] ?? 0), 0)
      expect(total).toBe(seen)
    }
  })
})
