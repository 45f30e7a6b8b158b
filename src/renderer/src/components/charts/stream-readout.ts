// What the stream chart's hover readout says about one moment: pure, from the series.
import type { Health } from '../../../../shared/domain.ts'
import type { SeriesMarker, StreamSeries } from '../../../../shared/series.ts'
import { formatCount, formatDuration } from '../../lib/format.ts'
import { formatClock24, formatDayTime } from './axes.ts'

export const HEALTH_WORD: Record<Health, string> = {
  healthy: 'healthy',
  degraded: 'degraded',
  down: 'down',
  unknown: 'unknown',
  offline: 'offline',
}

export interface Readout {
  time: string
  viewers: string
  health: string
  healthState: Health | null
  events: string
  marker: string | null
}

/** Index of the last item with `at(item) ≤ x`, or -1. */
export function lastAtOrBefore<T>(items: readonly T[], x: number, at: (item: T) => number): number {
  let lo = 0
  let hi = items.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (at(items[mid] as T) <= x) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

const LONG_RANGE_MS = 36 * 3_600_000

/** The readout at time `x` (ms); `near` (ms) is how close a marker must be to be named. */
export function readoutAt(series: StreamSeries, x: number, near: number): Readout {
  const span = series.to - series.from
  const v = series.viewers[lastAtOrBefore(series.viewers, x, (s) => s.at)]
  const h = series.health.find((s) => s.from <= x && x < s.to) ?? null
  const b = series.events[lastAtOrBefore(series.events, x, (e) => e.at)]
  const inBucket = b !== undefined && x < b.at + series.bucketMs ? b : undefined
  let marker: SeriesMarker | null = null
  for (const m of series.markers) {
    if (Math.abs(m.at - x) <= near && (!marker || Math.abs(m.at - x) < Math.abs(marker.at - x))) marker = m
  }
  const bucketWords = formatDuration(series.bucketMs)
  return {
    time: span > LONG_RANGE_MS ? formatDayTime(x) : formatClock24(x),
    viewers:
      v === undefined ? 'no viewer sample' : `${formatCount(v.count)} viewer${v.count === 1 ? '' : 's'}`,
    health: h ? HEALTH_WORD[h.health] : 'not seen',
    healthState: h?.health ?? null,
    events:
      inBucket === undefined
        ? '—'
        : `${formatCount(inBucket.count)} event${inBucket.count === 1 ? '' : 's'} in ${bucketWords} from ${
            span > LONG_RANGE_MS ? formatDayTime(inBucket.at) : formatClock24(inBucket.at)
          }`,
    marker: marker ? `${marker.label} at ${formatClock24(marker.at)}` : null,
  }
}
