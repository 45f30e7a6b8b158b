// The workspace overview's series: what the whole workspace did over a time range, in
// buckets of equal length. Computed by the store from what it keeps (transitions,
// events, rejected deliveries); the renderer draws it. Types and constants only.
import type { Health } from './domain.ts'

export interface WorkspaceSeries {
  /** Start of the first bucket (the asked start, moved back to a bucket edge). */
  from: number
  /** End of the range as asked (the last bucket may end after it). */
  to: number
  bucketMs: number
  /** Bucket starts, oldest first: at most MAX_SERIES_BUCKETS. */
  at: number[]
  /** Streams in each health at each bucket's end (or at `to` for the last), offline included. */
  streamsByHealth: Record<Health, number[]>
  /** Stored deliveries received in each bucket (the monitor's own corrections are not deliveries). */
  deliveries: number[]
  /** Rejected deliveries in each bucket. */
  rejections: number[]
  /** p50 / p95 of receivedAt − occurredAt (ms) of verified deliveries received in the bucket; null when none. */
  lagP50: (number | null)[]
  lagP95: (number | null)[]
}

// The overview's windows and buckets follow the same rules as a stream's chart.
export { DEFAULT_SERIES_SPAN_MS, MAX_BUCKETS as MAX_SERIES_BUCKETS, MAX_SERIES_SPAN_MS } from './series.ts'
