// FastPix live-stream and simulcast-target event types (SPEC §4.1, §5).
import type { Connection, StreamStatus, TargetState } from '../../../shared/domain.ts'

export const LIVE = 'video.live_stream.'
export const SIMULCAST = 'video.live_stream.simulcast_target.'

export const LIVE_STREAM_EVENTS = [
  'video.live_stream.created',
  'video.live_stream.connected',
  'video.live_stream.preparing',
  'video.live_stream.active',
  'video.live_stream.recording',
  'video.live_stream.disconnected',
  'video.live_stream.idle',
  'video.live_stream.updated',
  'video.live_stream.deleted',
  'video.live_stream.disabled',
  'video.live_stream.enabled',
] as const

export const SIMULCAST_EVENTS = [
  'video.live_stream.simulcast_target.created',
  'video.live_stream.simulcast_target.starting',
  'video.live_stream.simulcast_target.broadcasting',
  'video.live_stream.simulcast_target.updated',
  'video.live_stream.simulcast_target.deleted',
] as const

export type LiveStreamEventType = (typeof LIVE_STREAM_EVENTS)[number]
export type SimulcastEventType = (typeof SIMULCAST_EVENTS)[number]

export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...LIVE_STREAM_EVENTS,
  ...SIMULCAST_EVENTS,
])

/** Status implied by the type alone (lifecycle events); others read `data.status`. */
export const STATUS_BY_TYPE: Readonly<Record<string, StreamStatus>> = {
  'video.live_stream.created': 'idle',
  'video.live_stream.preparing': 'preparing',
  'video.live_stream.active': 'active',
  'video.live_stream.idle': 'idle',
  'video.live_stream.disabled': 'disabled',
  'video.live_stream.deleted': 'deleted',
  'video.live_stream.enabled': 'idle',
}

export const CONNECTION_BY_TYPE: Readonly<Record<string, Connection>> = {
  'video.live_stream.connected': 'connected',
  'video.live_stream.preparing': 'connected',
  'video.live_stream.active': 'connected',
  'video.live_stream.recording': 'connected',
  'video.live_stream.disconnected': 'disconnected',
  'video.live_stream.idle': 'disconnected',
  'video.live_stream.disabled': 'disconnected',
  'video.live_stream.deleted': 'disconnected',
}

export const TARGET_STATE_BY_TYPE: Readonly<Record<string, TargetState>> = {
  'video.live_stream.simulcast_target.created': 'idle',
  'video.live_stream.simulcast_target.starting': 'starting',
  'video.live_stream.simulcast_target.broadcasting': 'broadcasting',
  'video.live_stream.simulcast_target.deleted': 'deleted',
}

export const STREAM_STATUSES: ReadonlySet<string> = new Set([
  'idle',
  'preparing',
  'active',
  'disabled',
  'deleted',
])

export function isSimulcastType(type: string): boolean {
  return type.startsWith(SIMULCAST)
}
