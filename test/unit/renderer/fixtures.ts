// Small builders for renderer tests: streams, snapshots, batches, events, transitions.
import type { MonitorSnapshot, ReceiverStatus, UpdateBatch } from '../../../src/shared/api.ts'
import type {
  MonitorEvent,
  SimulcastTargetSnapshot,
  StreamSnapshot,
  Transition,
} from '../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../src/shared/domain.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../src/shared/notify.ts'

export const T0 = 1_800_000_000_000

export function makeStream(id: string, patch: Partial<StreamSnapshot> = {}): StreamSnapshot {
  return {
    id,
    name: `Stream ${id}`,
    status: 'active',
    connection: 'connected',
    health: 'healthy',
    healthReason: 'live',
    statusSince: T0 - 60_000,
    healthSince: T0 - 60_000,
    reconnectDeadline: null,
    reconnectWindowSec: 60,
    recording: false,
    recentDisconnects: [],
    lastEventAt: T0 - 60_000,
    lastEventType: 'video.live_stream.active',
    lastEventId: `ev-${id}`,
    viewerCount: null,
    simulcastTargets: [],
    evaluatedAt: T0,
    ...patch,
  }
}

export function makeTarget(
  id: string,
  patch: Partial<SimulcastTargetSnapshot> = {},
): SimulcastTargetSnapshot {
  return {
    id,
    state: 'broadcasting',
    reportedState: 'broadcasting',
    enabled: true,
    stateSince: T0 - 30_000,
    lastEventAt: T0 - 30_000,
    lastEventType: 'video.live_stream.simulcast_target.broadcasting',
    destination: 'rtmp://a.rtmp.youtube.com/live2',
    reason: null,
    ...patch,
  }
}

export function makeReceiver(patch: Partial<ReceiverStatus> = {}): ReceiverStatus {
  return {
    accepted: 10,
    duplicates: 1,
    rejected: 0,
    probes: 1,
    unverified: 0,
    lastDeliveryAt: T0 - 5_000,
    webhookUrl: 'http://127.0.0.1:8790/webhooks/fastpix',
    signingSecretSet: true,
    recentSignatureRejections: 0,
    demo: false,
    ...patch,
  }
}

export function makeSnapshot(
  streams: StreamSnapshot[],
  patch: Partial<MonitorSnapshot> = {},
): MonitorSnapshot {
  return {
    seq: 1,
    streams,
    workspaceHealth: streams.length === 0 ? 'empty' : 'healthy',
    receiver: makeReceiver(),
    settings: {
      thresholds: { ...DEFAULT_THRESHOLDS },
      retention: { maxAgeDays: 30, maxEvents: 1_000_000 },
    },
    notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} },
    serverTime: T0,
    ...patch,
  }
}

export function makeBatch(seq: number, patch: Partial<UpdateBatch> = {}): UpdateBatch {
  return {
    seq,
    streams: [],
    removedStreamIds: [],
    events: [],
    transitions: [],
    receiver: null,
    workspaceHealth: null,
    settings: null,
    decisions: [],
    notifications: null,
    ...patch,
  }
}

export function makeEvent(id: string, receivedAt: number, patch: Partial<MonitorEvent> = {}): MonitorEvent {
  return {
    id,
    type: 'video.live_stream.active',
    streamId: 's1',
    simulcastId: null,
    workspaceId: 'w1',
    occurredAt: receivedAt,
    receivedAt,
    verification: 'verified',
    duplicateCount: 0,
    payload: { id, type: 'video.live_stream.active' },
    ...patch,
  }
}

export function makeTransition(streamId: string, at: number, patch: Partial<Transition> = {}): Transition {
  return {
    streamId,
    targetId: null,
    at,
    fromHealth: 'healthy',
    toHealth: 'down',
    fromStatus: 'active',
    toStatus: 'active',
    reason: 'encoder disconnected',
    eventId: `ev-${streamId}-${at}`,
    cause: 'event',
    ...patch,
  }
}
