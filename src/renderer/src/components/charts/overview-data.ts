// The workspace overview's series shaped for drawing, pure: stacked health areas,
// rates per minute, and the words of the hover readout at one bucket.
import type { Health } from '../../../../shared/domain.ts'
import type { WorkspaceSeries } from '../../../../shared/workspace-series.ts'
import { formatCount } from '../../lib/format.ts'
import { HEALTH_WORD } from '../../lib/words.ts'
import { formatLag, formatReadoutTime } from './overview-format.ts'

/** Bottom to top of the stack: the healthy mass first, trouble on top where the eye lands. */
export const STACK_ORDER: readonly Health[] = ['healthy', 'offline', 'unknown', 'degraded', 'down']

/** uPlot's time axis in ms (the options set `ms: 1`). */
export type Columns = [number[], ...(number | null)[][]]

/** The stack as running sums, bottom first: column i is the top edge of STACK_ORDER[i]. */
export function stackedHealth(series: WorkspaceSeries): Columns {
  const sums = series.at.map(() => 0)
  const columns = STACK_ORDER.map((health) =>
    series.streamsByHealth[health].map((n, i) => {
      sums[i] = (sums[i] ?? 0) + n
      return sums[i] as number
    }),
  )
  return [series.at, ...columns]
}

/** A count per bucket as a count per minute (the last bucket may be shorter: its own length). */
export function perMinute(series: WorkspaceSeries, counts: readonly number[]): number[] {
  return counts.map((n, i) => {
    const start = series.at[i] ?? 0
    const length = Math.min(series.bucketMs, series.to - start)
    return length > 0 ? (n * 60_000) / length : 0
  })
}

export function rateColumns(series: WorkspaceSeries): Columns {
  return [series.at, perMinute(series, series.deliveries), perMinute(series, series.rejections)]
}

export function lagColumns(series: WorkspaceSeries): Columns {
  return [series.at, series.lagP50, series.lagP95]
}

/** Nothing stored in the range: no stream known, no delivery, no rejection. */
export function isEmptySeries(series: WorkspaceSeries): boolean {
  const none = (list: readonly number[]): boolean => list.every((n) => n === 0)
  return (
    none(series.deliveries) &&
    none(series.rejections) &&
    Object.values(series.streamsByHealth).every((counts) => none(counts))
  )
}

export interface ReadoutItem {
  key: string
  label: string
  value: string
}

const rate = (n: number): string => `${formatCount(Math.round(n * 10) / 10)}/min`

/** What the readout says at bucket `index`: its time, then every figure of that bucket. */
export function readoutAt(
  series: WorkspaceSeries,
  index: number,
  spanMs: number,
): { time: string; items: ReadoutItem[] } | null {
  const at = series.at[index]
  if (at === undefined) return null
  const healthItems = [...STACK_ORDER].reverse().map((health) => ({
    key: health,
    label: HEALTH_WORD[health].toLowerCase(),
    value: formatCount(series.streamsByHealth[health][index] ?? 0),
  }))
  const deliveries = perMinute(series, series.deliveries)[index] ?? 0
  const rejections = perMinute(series, series.rejections)[index] ?? 0
  const lag = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : formatLag(v))
  return {
    time: formatReadoutTime(at, series.bucketMs, spanMs),
    items: [
      ...healthItems,
      { key: 'deliveries', label: 'deliveries', value: rate(deliveries) },
      { key: 'rejections', label: 'rejections', value: rate(rejections) },
      { key: 'p50', label: 'lag p50', value: lag(series.lagP50[index]) },
      { key: 'p95', label: 'lag p95', value: lag(series.lagP95[index]) },
    ],
  }
}
