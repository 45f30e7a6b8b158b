// A stream's chart over a time window: viewer samples, health spans, markers and events per
// bucket, as the stream detail and the broadcast report draw them. Types and pure rules only:
// the renderer compiles this file too.
import type { Health, TargetState } from './domain.ts'

export type SeriesMarkerKind = 'disconnect' | 'reconnect' | 'target-down' | 'target-up'

export interface SeriesMarker {
  at: number
  kind: SeriesMarkerKind
  label: string
  /** Set on target markers: the simulcast target concerned, and its state from then on. */
  targetId?: string
  state?: TargetState
}

export interface StreamSeries {
  streamId: string
  from: number
  to: number
  /** viewer-count samples in range, oldest first, plus the last one before `from` if any (so the line starts at the left edge) */
  viewers: { at: number; count: number }[]
  /** health spans covering [from, to] (clipped), from the stored transitions of the stream (targetId null) */
  health: { from: number; to: number; health: Health }[]
  /** encoder disconnects/reconnects and target outages (start+end) in range */
  markers: SeriesMarker[]
  /** stored events of the stream per bucket; bucketMs chosen so there are ≤ ~400 buckets (1 min for 1 h/6 h, 5 min 24 h, 30 min 7 d ...) */
  bucketMs: number
  events: { at: number; count: number }[]
}

/** The window a series is asked for: both ends optional (ms since the epoch). */
export interface SeriesWindow {
  from?: number
  to?: number
}

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** The longest window a series is answered for. */
export const MAX_SERIES_SPAN_MS = 8 * DAY
/** The window when none is given: the hour before `to`. */
export const DEFAULT_SERIES_SPAN_MS = HOUR
/** Most event buckets in one series. */
export const MAX_BUCKETS = 400
/** Most viewer points in one series: past it, samples are thinned to the peak of each slice. */
export const MAX_VIEWER_POINTS = 2000

/** Bucket sizes a series may use, smallest first (each a whole number of minutes). */
export const BUCKET_LADDER_MS: readonly number[] = [
  MIN,
  5 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
]

/** The smallest bucket of the ladder that gives at most MAX_BUCKETS buckets over `spanMs`. */
export function bucketMsFor(spanMs: number): number {
  for (const size of BUCKET_LADDER_MS) if (Math.ceil(spanMs / size) <= MAX_BUCKETS) return size
  return BUCKET_LADDER_MS[BUCKET_LADDER_MS.length - 1] as number
}

/** Start of the bucket holding `at`: buckets are aligned on multiples of their size since the epoch. */
export const bucketStart = (at: number, bucketMs: number): number => Math.floor(at / bucketMs) * bucketMs

function spanWords(ms: number): string {
  const days = Number((ms / DAY).toFixed(1))
  // Eight days and a minute rounds to "8 days": say it is over the limit, not equal to it.
  return ms > MAX_SERIES_SPAN_MS && days * DAY <= MAX_SERIES_SPAN_MS
    ? `just over ${days} days`
    : `${days} days`
}

/**
 * The window a series covers: `to` defaults to `now`, `from` to an hour before `to`.
 * Refused in words: `from` not before `to`, or longer than eight days.
 */
export function seriesWindow(
  window: SeriesWindow,
  now: number,
): { ok: true; from: number; to: number } | { ok: false; error: string } {
  const to = window.to ?? now
  const from = window.from ?? to - DEFAULT_SERIES_SPAN_MS
  if (from >= to) {
    return {
      ok: false,
      error: `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
    }
  }
  if (to - from > MAX_SERIES_SPAN_MS) {
    return {
      ok: false,
      error: `the window is ${spanWords(to - from)} long; a chart covers at most ${spanWords(MAX_SERIES_SPAN_MS)}`,
    }
  }
  return { ok: true, from, to }
}

const TARGET_STATE_WORDS: Partial<Record<TargetState, string>> = {
  stalled: 'stalled',
  waiting: 'waiting for the encoder',
  disabled: 'disabled',
  broadcasting: 'broadcasting again',
  starting: 'starting again',
  idle: 'idle',
  deleted: 'deleted',
}

/** A target marker's words: "YouTube stalled", "YouTube broadcasting again", "Twitch outage over (idle)". */
export function targetMarkerLabel(
  kind: 'target-down' | 'target-up',
  target: string,
  state: TargetState,
): string {
  const word = TARGET_STATE_WORDS[state] ?? state
  if (kind === 'target-down') return `${target} ${word}`
  return state === 'broadcasting' || state === 'starting'
    ? `${target} ${word}`
    : `${target} outage over (${word})`
}
