// What the health model needs to know about one (already redacted) event.
// Derived from the stored payload so replay after a restart sees the same facts.
import type { Connection, EventFacts, MonitorEvent, StreamStatus } from '../../../shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../../shared/event-types.ts'
import {
  CONNECTION_BY_TYPE,
  isSimulcastType,
  KNOWN_EVENT_TYPES,
  STATUS_BY_TYPE,
  STREAM_STATUSES,
  TARGET_STATE_BY_TYPE,
} from './event-types.ts'

const CONNECTIONS: ReadonlySet<string> = new Set(['connected', 'disconnected'])

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

function metadataName(data: Record<string, unknown>): string | null {
  const meta = record(data.metadata)
  if (!meta) return null
  for (const key of ['name', 'livestream_name', 'title']) {
    const v = meta[key]
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 200)
  }
  return null
}

export function factsOf(event: Pick<MonitorEvent, 'type' | 'payload'>): EventFacts {
  const data = record(event.payload.data) ?? {}
  const simulcast = isSimulcastType(event.type)

  let status: StreamStatus | null = null
  if (!simulcast) {
    status = STATUS_BY_TYPE[event.type] ?? null
    if (status === null && typeof data.status === 'string' && STREAM_STATUSES.has(data.status)) {
      status = data.status as StreamStatus
    }
  }

  const enabled = typeof data.isEnabled === 'boolean' ? data.isEnabled : null
  let targetState = simulcast ? (TARGET_STATE_BY_TYPE[event.type] ?? null) : null
  // A reconciler correction says a target FastPix no longer lists is gone.
  if (event.type === RECONCILED_TARGET && data.deleted === true) targetState = 'deleted'
  if (simulcast && targetState === null && enabled === false) targetState = 'disabled'
  // Only a reconciler correction states the encoder link in `data` (inferred from FastPix's status).
  const stated = event.type === RECONCILED && CONNECTIONS.has(data.connection as string)

  const window = data.reconnectWindow
  return {
    status,
    connection: simulcast
      ? null
      : stated
        ? (data.connection as Connection)
        : (CONNECTION_BY_TYPE[event.type] ?? null),
    targetState,
    targetEnabled: enabled,
    reconnectWindowSec: typeof window === 'number' && Number.isFinite(window) && window > 0 ? window : null,
    name: simulcast ? null : metadataName(data),
    recording: event.type === 'video.live_stream.recording' ? true : null,
    known: KNOWN_EVENT_TYPES.has(event.type),
  }
}
