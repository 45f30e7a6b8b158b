// Small builders for renderer tests: streams, snapshots, batches, events, transitions, the workspace.
import type { MonitorSnapshot, ReceiverStatus, UpdateBatch } from '../../../src/shared/api.ts'
import type {
  MonitorEvent,
  SimulcastTargetSnapshot,
  StreamSnapshot,
  Transition,
} from '../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../src/shared/domain.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../src/shared/notify.ts'
import { targetBaseName } from '../../../src/shared/target-name.ts'
import type { WorkspaceStatus } from '../../../src/shared/workspace.ts'

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

/** A target as the core sends it; `displayName` follows the core's rule unless given. */
export function makeTarget(
  id: string,
  patch: Partial<SimulcastTargetSnapshot> = {},
): SimulcastTargetSnapshot {
  const target: Omit<SimulcastTargetSnapshot, 'displayName'> & { displayName?: string } = {
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
  return { ...target, displayName: patch.displayName ?? targetBaseName(target) }
}

export function makeReceiver(patch: Partial<ReceiverStatus> = {}): ReceiverStatus {
  return {
    accepted: 10,
    duplicates: 1,
    rejected: 0,
    probes: 1,
    unverified: 0,
    holdRefused: 0,
    holdFull: false,
    lastDeliveryAt: T0 - 5_000,
    lastProbeAt: null,
    webhookUrl: 'http://127.0.0.1:8790/webhooks/fastpix',
    signingSecretSet: true,
    recentSignatureRejections: 0,
    demo: false,
    ...patch,
  }
}

type ConnectionPatch = Partial<Omit<WorkspaceStatus, 'fastpix' | 'publicUrl' | 'reconcile'>> & {
  fastpix?: Partial<WorkspaceStatus['fastpix']>
  publicUrl?: Partial<WorkspaceStatus['publicUrl']>
  reconcile?: Partial<WorkspaceStatus['reconcile']>
}

/** The demo workspace, chosen, by default; nested parts merge with their defaults. */
export function makeConnection(patch: ConnectionPatch = {}): WorkspaceStatus {
  const { fastpix, publicUrl, reconcile, ...rest } = patch
  return {
    mode: 'demo',
    generation: 1,
    firstRun: false,
    persistent: true,
    keyring: { secretsPersisted: true, reason: null },
    signingSecretSet: true,
    tunnel: null,
    probeReceivedAt: null,
    heldDeliveries: 0,
    urlWarning: null,
    actions: { available: false, denied: null },
    ...rest,
    fastpix: {
      state: 'unset',
      error: null,
      streams: null,
      checkedAt: null,
      credentialsSet: false,
      idHint: null,
      rejected: null,
      ...fastpix,
    },
    publicUrl: {
      mode: null,
      url: null,
      webhookUrl: null,
      ngrokAuthtokenSet: false,
      ngrokDomain: null,
      receiverUrl: null,
      ...publicUrl,
    },
    reconcile: { state: 'off', lastAt: null, lastError: null, corrections: 0, ...reconcile },
  }
}

/** A real workspace reached through an online ngrok tunnel, secret not set yet. */
export function makeLiveConnection(patch: ConnectionPatch = {}): WorkspaceStatus {
  const url = 'https://calm-otter.ngrok-free.app'
  return makeConnection({
    mode: 'live',
    signingSecretSet: false,
    tunnel: { state: 'online', url, error: null, since: T0 - 60_000, attempt: 0, nextRetryAt: null },
    reconcile: { state: 'idle', lastAt: T0 - 120_000 },
    ...patch,
    fastpix: {
      state: 'ok',
      streams: 3,
      checkedAt: T0 - 60_000,
      credentialsSet: true,
      idHint: 'a1b2',
      ...patch.fastpix,
    },
    publicUrl: {
      mode: 'ngrok',
      url,
      webhookUrl: `${url}/webhooks/fastpix`,
      ngrokAuthtokenSet: true,
      ...patch.publicUrl,
    },
  })
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
      hold: { maxMiB: 50, maxDeliveries: 10_000 },
    },
    notifications: { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} },
    workspace: makeConnection(),
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
    workspace: null,
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
