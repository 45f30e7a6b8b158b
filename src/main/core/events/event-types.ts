// FastPix live-stream and simulcast-target event types (SPEC §4.1, §5): what each implies.
import type { Connection, StreamStatus, TargetState } from '../../../shared/domain.ts'
import { ALL_EVENT_TYPES, MONITOR_EVENTS, RECONCILED_TARGET, SIMULCAST } from '../../../shared/event-types.ts'

export {
  LIVE,
  LIVE_STREAM_EVENTS,
  type LiveStreamEventType,
  SIMULCAST,
  SIMULCAST_EVENTS,
  type SimulcastEventType,
} from '../../../shared/event-types.ts'

export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<string>([...ALL_EVENT_TYPES, ...MONITOR_EVENTS])

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
  return type.startsWith(SIMULCAST) || type === RECONCILED_TARGET
}
