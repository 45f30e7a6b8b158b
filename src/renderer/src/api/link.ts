// What a renderer needs to know about the link to the monitor besides MonitorApi itself.
import type { MonitorApi, Unsubscribe } from '../../../shared/api.ts'

/** connecting: first contact; live: synced and receiving; reconnecting: lost, retrying; offline: given up for now. */
export type LinkStatus = 'connecting' | 'live' | 'reconnecting' | 'offline'

export interface LinkInfo {
  status: LinkStatus
  /** Consecutive failed attempts since the last live connection. */
  attempt: number
  /** Local epoch ms of the next automatic attempt, when one is scheduled. */
  nextRetryAt: number | null
  /** Plain-words reason of the last failure ("the server refused the token", …). */
  error: string | null
}

/** A MonitorApi with a visible connection (the browser's WebSocket client). */
export interface LinkedMonitorApi extends MonitorApi {
  status(): LinkStatus
  info(): LinkInfo
  onStatus(listener: (info: LinkInfo) => void): Unsubscribe
  /** Try again now instead of waiting for the backoff timer. */
  retryNow(): void
  close(): void
}

export function hasConnection(api: MonitorApi): api is LinkedMonitorApi {
  const candidate = api as Partial<LinkedMonitorApi>
  return typeof candidate.onStatus === 'function' && typeof candidate.info === 'function'
}

/** Thrown by the HTTP calls; `status` is the HTTP status (0 when the server could not be reached). */
export class MonitorApiError extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'MonitorApiError'
    this.status = status
    this.code = code
  }
}
