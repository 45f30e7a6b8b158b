// The one contract the renderer talks to (window.monitor): implemented by the
// WebSocket/HTTP client in browser mode and by the preload over IPC on desktop.
// Its operations are declared in src/shared/operations.ts; these are their types.

import type {
  HealthThresholds,
  MonitorEvent,
  ReceiverCounters,
  RejectedDelivery,
  StreamSnapshot,
  Transition,
  Verification,
  WorkspaceHealth,
} from './domain.ts'
import type { Decision, NotificationStatus } from './notify.ts'
import type { OperationsApi, WorkspaceOperation } from './operations.ts'
import type { WorkspaceStatus } from './workspace.ts'

export interface EventQuery {
  streamId?: string
  /** Exact event types (any of). */
  types?: string[]
  /** Received at or after (epoch ms). */
  from?: number
  /** Received before (epoch ms). */
  to?: number
  verification?: Verification
  /** true: only events delivered more than once. */
  duplicate?: boolean
  /** Case-insensitive text inside the redacted payload. */
  text?: string
  /** 1–1000, default 100. */
  limit?: number
  /** Opaque cursor from a previous page (`nextCursor`). */
  cursor?: string
}

export interface EventPage {
  events: MonitorEvent[]
  /** Present when older events match the same query. */
  nextCursor: string | null
}

export interface RejectedRecord extends RejectedDelivery {
  seq: number
}

export interface RejectedQuery {
  limit?: number
  cursor?: string
}

export interface RejectedPage {
  rejected: RejectedRecord[]
  nextCursor: string | null
}

export interface TransitionQuery {
  streamId?: string
  from?: number
  to?: number
  limit?: number
}

export interface RetentionSettings {
  /** Delete events received more than this many days ago (0 = keep forever). */
  maxAgeDays: number
  /** Keep at most this many events (0 = unlimited). */
  maxEvents: number
  /** Delete viewer-count samples older than this many days (0 = keep forever); absent: 90. */
  viewerDays?: number
}

/**
 * The hold of unsigned deliveries, per workspace (W10): while no signing secret is set,
 * deliveries are held (encrypted) until one can verify them, up to both limits; past
 * them the receiver answers 503 with Retry-After, so FastPix sends them again later.
 */
export interface HoldSettings {
  /** Raw bodies plus their stored JSON, in MiB (1–4096, default 50). */
  maxMiB: number
  /** Held deliveries (1–1,000,000, default 10,000). */
  maxDeliveries: number
}

export interface MonitorSettings {
  thresholds: HealthThresholds
  retention: RetentionSettings
  hold: HoldSettings
}

/** Any subset of the settings; omitted fields keep their value. */
export interface SettingsPatch {
  thresholds?: Partial<HealthThresholds>
  retention?: Partial<RetentionSettings>
  hold?: Partial<HoldSettings>
}

export interface ReceiverStatus extends ReceiverCounters {
  webhookUrl: string
  signingSecretSet: boolean
  /** Deliveries rejected for a bad/missing signature in the last 5 minutes. */
  recentSignatureRejections: number
  demo: boolean
}

export interface MonitorSnapshot {
  /** Sequence number of the last update batch folded into this snapshot. */
  seq: number
  streams: StreamSnapshot[]
  workspaceHealth: WorkspaceHealth
  receiver: ReceiverStatus
  settings: MonitorSettings
  notifications: NotificationStatus
  workspace: WorkspaceStatus
  serverTime: number
}

/** One pushed update: everything that changed since the previous batch. */
export interface UpdateBatch {
  seq: number
  streams: StreamSnapshot[]
  removedStreamIds: string[]
  events: MonitorEvent[]
  transitions: Transition[]
  receiver: ReceiverStatus | null
  workspaceHealth: WorkspaceHealth | null
  settings: MonitorSettings | null
  /** Notification decisions made since the previous batch (raised and suppressed). */
  decisions: Decision[]
  /** Present when the notification settings, pause or mutes changed. */
  notifications: NotificationStatus | null
  /** Present when the connection (workspace, tunnel, probe, reconcile) changed. */
  workspace: WorkspaceStatus | null
}

export type Unsubscribe = () => void

/** Connecting a real workspace: answered by the host's workspace controller, not the monitor core. */
export type WorkspaceApi = Pick<OperationsApi, WorkspaceOperation>

/** Every operation of the table (src/shared/operations.ts) plus the one push. */
export type MonitorApi = OperationsApi & {
  onUpdate(listener: (batch: UpdateBatch) => void): Unsubscribe
}

/** What the monitor core answers by itself (one workspace, no host operations). */
export type MonitorCoreApi = Omit<MonitorApi, WorkspaceOperation>
