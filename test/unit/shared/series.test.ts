// The stream chart's pure rules: bucket sizes per window, bucket edges, the window's
// defaults and refusals, and the words of target markers.
import { describe, expect, it } from 'vitest'
import {
  BUCKET_LADDER_MS,
  bucketMsFor,
  bucketStart,
  MAX_BUCKETS,
  MAX_SERIES_SPAN_MS,
  seriesWindow,
  targetMarkerLabel,
} from '../../../src/shared/series.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('bucketMsFor', () => {
  it.each([
    ['1 h', HOUR, MIN],
    ['6 h', 6 * HOUR, MIN],
    ['24 h', DAY, 5 * MIN],
    ['7 d', 7 * DAY, 30 * MIN],
    ['8 d', 8 * DAY, 30 * MIN],
    ['a broadcast of 90 min', 90 * MIN, MIN],
    ['a broadcast of 10 h', 10 * HOUR, 5 * MIN],
  ])('%s → %d ms buckets', (_, span, bucket) => {
    expect(bucketMsFor(span)).toBe(bucket)
  })

  it('never gives more than MAX_BUCKETS buckets, and the next smaller size would', () => {
    for (let span = 1000; span <= MAX_SERIES_SPAN_MS; span = Math.ceil(span * 1.37)) {
      const size = bucketMsFor(span)
      expect(Math.ceil(span / size), `span ${span}`).toBeLessThanOrEqual(MAX_BUCKETS)
      const smaller = BUCKET_LADDER_MS[BUCKET_LADDER_MS.indexOf(size) - 1]
      if (smaller !== undefined) expect(Math.ceil(span / smaller)).toBeGreaterThan(MAX_BUCKETS)
    }
  })

  it('a tiny span still gets one-minute buckets; a huge one the largest size', () => {
    expect(bucketMsFor(1)).toBe(MIN)
    expect(bucketMsFor(1000 * DAY)).toBe(DAY)
  })
})

describe('bucketStart', () => {
  it('puts a time exactly on an edge in the bucket that starts there', () => {
    expect(bucketStart(10 * MIN, 5 * MIN)).toBe(10 * MIN)
    expect(bucketStart(10 * MIN - 1, 5 * MIN)).toBe(5 * MIN)
    expect(bucketStart(10 * MIN + 1, 5 * MIN)).toBe(10 * MIN)
  })
})

describe('seriesWindow', () => {
  const now = 1_700_000_000_000
  it('defaults to the hour before now', () => {
    expect(seriesWindow({}, now)).toEqual({ ok: true, from: now - HOUR, to: now })
  })
  it('defaults from to an hour before a given to, and to to now', () => {
    expect(seriesWindow({ to: now - DAY }, now)).toEqual({ ok: true, from: now - DAY - HOUR, to: now - DAY })
    expect(seriesWindow({ from: now - 6 * HOUR }, now)).toEqual({ ok: true, from: now - 6 * HOUR, to: now })
  })
  it('takes exactly eight days, refuses longer in words', () => {
    expect(seriesWindow({ from: now - 8 * DAY, to: now }, now)).toMatchObject({ ok: true })
    expect(seriesWindow({ from: now - 9 * DAY, to: now }, now)).toEqual({
      ok: false,
      error: 'the window is 9 days long; a chart covers at most 8 days',
    })
  })
  it('refuses from at or after to, naming both times', () => {
    const r = seriesWindow({ from: now, to: now }, now)
    expect(r).toEqual({
      ok: false,
      error: `from (${new Date(now).toISOString()}) must be before to (${new Date(now).toISOString()})`,
    })
    expect(seriesWindow({ from: now + 1 }, now)).toMatchObject({ ok: false })
  })
})

describe('targetMarkerLabel', () => {
  it('says what happened to the target', () => {
    expect(targetMarkerLabel('target-down', 'YouTube', 'stalled')).toBe('YouTube stalled')
    expect(targetMarkerLabel('target-down', 'YouTube', 'waiting')).toBe('YouTube waiting for the encoder')
    expect(targetMarkerLabel('target-up', 'YouTube', 'broadcasting')).toBe('YouTube broadcasting again')
    expect(targetMarkerLabel('target-up', 'Twitch', 'idle')).toBe('Twitch outage over (idle)')
  })
})
