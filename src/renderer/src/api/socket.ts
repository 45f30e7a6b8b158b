// The WebSocket side of the browser client: the socket shape it needs and the message checks.
import type { UpdateBatch } from '../../../shared/api.ts'

/** The part of the DOM WebSocket the client uses (so tests can pass a fake). */
export interface SocketLike {
  onopen: ((ev: Event) => unknown) | null
  onmessage: ((ev: MessageEvent) => unknown) | null
  onclose: ((ev: CloseEvent) => unknown) | null
  onerror: ((ev: Event) => unknown) | null
  close(code?: number, reason?: string): void
}
export type SocketFactory = new (url: string) => SocketLike

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

export function isBatch(value: unknown): value is UpdateBatch {
  return (
    isRecord(value) &&
    typeof value.seq === 'number' &&
    Array.isArray(value.streams) &&
    Array.isArray(value.events) &&
    Array.isArray(value.transitions)
  )
}

export function wsUrlOf(baseUrl: string, token: string): string {
  const url = new URL('/api/updates', baseUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.searchParams.set('token', token)
  return url.toString()
}

export function describeClose(ev: CloseEvent): string {
  if (ev.code === 1013) return 'the connection fell behind; resynchronising'
  if (ev.code === 1008 && ev.reason === 'token revoked')
    return 'your access to this monitor was revoked; ask an admin for a new token'
  if (ev.code === 1000 || ev.code === 1001) return 'the server closed the connection'
  return 'the connection to the monitor was lost'
}
