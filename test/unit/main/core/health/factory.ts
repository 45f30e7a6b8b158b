// Realistic FastPix events for health tests, shaped like
// shared/fastpix/examples/webhooks/*.json (newer envelope, REST-DTO `data`).

import { applyEvent, evaluate } from '../../../../../src/main/core/health/evaluate.ts'
import type { FoldedSnapshot } from '../../../../../src/main/core/health/fold-state.ts'
import type { HealthThresholds, MonitorEvent } from '../../../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'

export const STREAM = '91b8484250e5a1ed03fd4e100b807082'
export const OTHER_STREAM = 'a0ba2bf6fe6b441cbf910d2232180001'
export const TARGET = '314a486a3dc74cf59fcc1708a4683f21'
export const TARGET_B = '7f1c2d3e4a5b4c6d8e9f0a1b2c3d4e5f'
/** 2026-05-20T12:55:00Z */
export const T0 = Date.parse('2026-05-20T12:55:00.000Z')
export const S = 1000

export type LiveKind =
  | 'created'
  | 'connected'
  | 'preparing'
  | 'active'
  | 'recording'
  | 'disconnected'
  | 'idle'
  | 'updated'
  | 'deleted'
  | 'disabled'
  | 'enabled'

export type SimulcastKind = 'created' | 'starting' | 'broadcasting' | 'updated' | 'deleted'

/** `data.status` FastPix would report at the moment of each event (REST status). */
const STATUS_IN_DATA: Record<LiveKind, string> = {
  created: 'idle',
  connected: 'preparing',
  preparing: 'preparing',
  active: 'active',
  recording: 'active',
  disconnected: 'active',
  idle: 'idle',
  updated: 'idle',
  deleted: 'idle',
  disabled: 'disabled',
  enabled: 'idle',
}

let counter = 0
export function eventId(): string {
  counter++
  return `5d0c3a1e-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`
}

export interface EventOptions {
  id?: string
  stream?: string
  /** Overrides `data.status`; null removes it. */
  status?: string | null
  /** `data.reconnectWindow` (s); null leaves it out. */
  reconnectWindow?: number | null
  name?: string
  verification?: MonitorEvent['verification']
  receivedAt?: number
}

function envelope(type: string, at: number, stream: string, data: Record<string, unknown>, o: EventOptions) {
  const id = o.id ?? eventId()
  const payload: Record<string, unknown> = {
    type,
    object: { type: 'live', id: stream },
    id,
    workspace: { id: '0b6f7a3c-0000-4000-8000-00000000000a', name: 'Development' },
    data,
    createdAt: new Date(at).toISOString(),
    attempts: [],
  }
  return { id, payload }
}

export function live(kind: LiveKind, at: number, o: EventOptions = {}): MonitorEvent {
  const stream = o.stream ?? STREAM
  const type = `video.live_stream.${kind}`
  const data: Record<string, unknown> = {
    streamId: stream,
    streamKey: '<redacted>',
    srtSecret: '<redacted>',
    trial: false,
    maxResolution: '1080p',
    maxDuration: 0,
    createdAt: '2026-05-20T12:50:15.267974Z',
    enableRecording: true,
    mediaPolicy: 'public',
    metadata: { name: o.name ?? 'sdk-validate' },
    playbackIds: [{ id: 'b957a4c3-094e-4986-b89c-2bec49b01266', accessPolicy: 'public' }],
  }
  if (o.reconnectWindow !== null) data.reconnectWindow = o.reconnectWindow ?? 60
  const status = o.status === undefined ? STATUS_IN_DATA[kind] : o.status
  if (status !== null) data.status = status
  const { id, payload } = envelope(type, at, stream, data, o)
  return event(id, type, stream, null, at, payload, o)
}

export interface SimulcastOptions extends EventOptions {
  isEnabled?: boolean
  /** null leaves `rtmpUrl` out. */
  rtmpUrl?: string | null
  /** null leaves `metadata` out. */
  metadata?: Record<string, unknown> | null
}

export function simulcast(
  kind: SimulcastKind,
  target: string,
  at: number,
  o: SimulcastOptions = {},
): MonitorEvent {
  const stream = o.stream ?? STREAM
  const type = `video.live_stream.simulcast_target.${kind}`
  const data: Record<string, unknown> = {
    simulcastId: target,
    livestreamId: stream,
    rtmpUrl: o.rtmpUrl === undefined ? 'rtmp://hyd01.contribute.live-video.net/app/<redacted>' : o.rtmpUrl,
    streamKey: '<redacted>',
    metadata: o.metadata === undefined ? { key1: 'value1' } : o.metadata,
  }
  if (data.rtmpUrl === null) delete data.rtmpUrl
  if (data.metadata === null) delete data.metadata
  if (o.isEnabled !== undefined) data.isEnabled = o.isEnabled
  const { id, payload } = envelope(type, at, stream, data, o)
  return event(id, type, stream, target, at, payload, o)
}

/** An event type FastPix may send that we do not model (e.g. "SRT detected"). */
export function unknownType(type: string, at: number, o: EventOptions = {}): MonitorEvent {
  const stream = o.stream ?? STREAM
  const { id, payload } = envelope(type, at, stream, { streamId: stream, status: 'active' }, o)
  return event(id, type, stream, null, at, payload, o)
}

function event(
  id: string,
  type: string,
  stream: string,
  simulcastId: string | null,
  at: number,
  payload: Record<string, unknown>,
  o: EventOptions,
): MonitorEvent {
  return {
    id,
    type,
    streamId: stream,
    simulcastId,
    workspaceId: '0b6f7a3c-0000-4000-8000-00000000000a',
    occurredAt: at,
    receivedAt: o.receivedAt ?? at + 150,
    verification: o.verification ?? 'verified',
    duplicateCount: 0,
    payload,
  }
}

/** Folds events in the given order and evaluates at `now`. */
export function fold(
  events: readonly MonitorEvent[],
  now: number,
  thresholds: HealthThresholds = DEFAULT_THRESHOLDS,
): FoldedSnapshot {
  let s: FoldedSnapshot | undefined
  for (const e of events) s = applyEvent(s, e, thresholds, e.occurredAt)
  if (s === undefined) throw new Error('no events')
  return evaluate(s, thresholds, now)
}

/** A stream that went live at `at`: created, connected, preparing, active. */
export function wentLive(at: number, o: EventOptions = {}): MonitorEvent[] {
  return [
    live('created', at - 60 * S, o),
    live('connected', at - 10 * S, o),
    live('preparing', at - 9 * S, o),
    live('active', at, o),
  ]
}

export function withThresholds(patch: Partial<HealthThresholds>): HealthThresholds {
  return { ...DEFAULT_THRESHOLDS, ...patch }
}
