// The arithmetic of the workspace overview's series, pure: which range a request means,
// how it is cut into buckets, nearest-rank percentiles, and streams by health at each
// bucket's end from one ordered walk over the transitions. queries.ts runs the SQL.
import type { Health } from '../../../shared/domain.ts'
import { BUCKET_LADDER_MS, MAX_BUCKETS, seriesWindow } from '../../../shared/series.ts'
import { RequestError } from '../errors.ts'

/** Bucket lengths, shortest first: the shortest that keeps the range within MAX_BUCKETS wins (the stream chart's ladder). */
export const BUCKET_STEPS_MS: readonly number[] = BUCKET_LADDER_MS

const HEALTHS: readonly Health[] = ['healthy', 'degraded', 'down', 'unknown', 'offline']

export interface SeriesRange {
  from: number
  to: number
}

export interface BucketPlan {
  /** Start of the first bucket: `from` moved back to a multiple of bucketMs. */
  from: number
  to: number
  bucketMs: number
  at: number[]
}

/**
 * The range a request means, on the monitor's clock: `to` defaults to now and `from` to
 * an hour before `to`. An empty or backwards range, or one over 8 days, is refused in words.
 */
export function resolveRange(asked: { from?: number; to?: number }, now: number): SeriesRange {
  const checked = seriesWindow(asked, now)
  if (!checked.ok) throw new RequestError(`The overview's range is refused: ${checked.error}.`)
  return { from: checked.from, to: checked.to }
}

/** Buckets of one length covering [from, to), the first starting on a multiple of that length. */
export function planBuckets(range: SeriesRange): BucketPlan {
  const plan = (bucketMs: number): BucketPlan => {
    const from = Math.floor(range.from / bucketMs) * bucketMs
    const n = Math.ceil((range.to - from) / bucketMs)
    return { from, to: range.to, bucketMs, at: Array.from({ length: n }, (_, i) => from + i * bucketMs) }
  }
  for (const step of BUCKET_STEPS_MS) {
    const from = Math.floor(range.from / step) * step
    if (Math.ceil((range.to - from) / step) <= MAX_BUCKETS) return plan(step)
  }
  return plan(BUCKET_STEPS_MS[BUCKET_STEPS_MS.length - 1] as number)
}

/** Where each bucket ends: the next one's start, or `to` for the last. */
export function bucketEnds(plan: BucketPlan): number[] {
  return plan.at.map((start) => Math.min(start + plan.bucketMs, plan.to))
}

/** The 1-based nearest rank of percentile p (an integer 1..100) among n values: ⌈p·n/100⌉. */
export function percentileRank(n: number, p: number): number {
  return Math.floor((n * p + 99) / 100)
}

/** Nearest-rank percentile of values sorted ascending; null when there are none. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[percentileRank(sorted.length, p) - 1] ?? null
}

export interface HealthChange {
  streamId: string
  at: number
  health: Health
}

/**
 * Streams in each health at each end, walking the changes once. `before`: each stream's
 * health before the range (streams first seen later are counted from their first change);
 * `changes`: in time order, each counted at every end after it (`at < end`).
 */
export function healthAtEnds(
  before: ReadonlyMap<string, Health>,
  changes: readonly HealthChange[],
  ends: readonly number[],
): Record<Health, number[]> {
  const current = new Map(before)
  const counts = Object.fromEntries(HEALTHS.map((h) => [h, 0])) as Record<Health, number>
  for (const health of current.values()) counts[health] += 1
  const out = Object.fromEntries(HEALTHS.map((h) => [h, [] as number[]])) as Record<Health, number[]>
  let i = 0
  for (const end of ends) {
    for (; i < changes.length && (changes[i] as HealthChange).at < end; i += 1) {
      const { streamId, health } = changes[i] as HealthChange
      const was = current.get(streamId)
      if (was !== undefined) counts[was] -= 1
      counts[health] += 1
      current.set(streamId, health)
    }
    for (const h of HEALTHS) out[h].push(counts[h])
  }
  return out
}
