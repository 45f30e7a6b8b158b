// The link to the monitor as the user sees it, the first load, and the server's clock.

import type { UpdateBatch } from '../../../shared/api.ts'
import type { LinkInfo } from '../api/link.ts'

export type LoadState = 'loading' | 'ready' | 'error'

export interface LinkSlice {
  link: LinkInfo
  load: LoadState
  loadError: string | null
  /**
   * Server clock minus local clock (ms). The demo can run on an accelerated clock, so
   * relative times and countdowns use the server's time, not the browser's.
   */
  clockOffset: number
  /** Local time the live connection was lost (the picture is stale since then); null while live. */
  lostAt: number | null
}

export const initialLink: LinkSlice = {
  link: { status: 'connecting', attempt: 0, nextRetryAt: null, error: null },
  load: 'loading',
  loadError: null,
  clockOffset: 0,
  lostAt: null,
}

/** The newest server time a batch proves (evaluation and delivery stamps are taken on the server's clock). */
export function serverTimeSeen(batch: UpdateBatch): number | null {
  let latest: number | null = batch.receiver?.lastDeliveryAt ?? null
  for (const stream of batch.streams) {
    if (latest === null || stream.evaluatedAt > latest) latest = stream.evaluatedAt
  }
  return latest
}

/** Moves the offset forward only: stamps lag the server's "now", never lead it. */
export function offsetAfter(offset: number, seen: number | null, localNow: number): number {
  if (seen === null) return offset
  return seen > localNow + offset ? seen - localNow : offset
}
