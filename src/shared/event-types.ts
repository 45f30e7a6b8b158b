// FastPix live-stream and simulcast-target event types (SPEC §4.1, §5).
// Shared by the core (routing, facts) and the renderer (the event log's type filter).

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

/** Every documented type, live-stream events first. */
export const ALL_EVENT_TYPES: readonly string[] = [...LIVE_STREAM_EVENTS, ...SIMULCAST_EVENTS]

/**
 * Events the monitor records itself (never delivered by FastPix): a correction the
 * reconciler made after reading FastPix's REST API, for a stream or one of its targets.
 */
export const RECONCILED = 'monitor.reconciled'
export const RECONCILED_TARGET = 'monitor.reconciled.simulcast_target'
export const MONITOR_EVENTS = [RECONCILED, RECONCILED_TARGET] as const

export function isReconciledType(type: string): boolean {
  return type === RECONCILED || type === RECONCILED_TARGET
}
