// The one contract the renderer talks to (window.monitor): implemented by the
// WebSocket/HTTP client in browser mode and by the preload over IPC on desktop.

import type {
  ConnectInput,
  ConnectionStatus,
  CredentialsInput,
  FastPixCheck,
  ReconcileStatus,
  SigningSecretResult,
  StreamAction,
} from './connection.ts'
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
import type {
  Decision,
  DecisionQuery,
  MuteChoice,
  NotificationSettingsPatch,
  NotificationStatus,
  PauseChoice,
} from './notify.ts'

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
  connection: ConnectionStatus
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
  connection: ConnectionStatus | null
}

export type Unsubscribe = () => void

/** Connecting a real workspace: answered by the host's workspace controller, not the monitor core. */
export interface ConnectionApi {
  getConnection(): Promise<ConnectionStatus>
  /** Checks an Access Token ID + Secret Key with a real FastPix call; bad ones answer `state: 'error'` in words. */
  testCredentials(input: CredentialsInput): Promise<FastPixCheck>
  /** Checks the credentials, keeps them, and switches to the real workspace (the page then reloads). */
  connectWorkspace(input: ConnectInput): Promise<ConnectionStatus>
  /** Sets the webhook signing secret and verifies and releases the deliveries held until now. */
  setSigningSecret(secret: string): Promise<SigningSecretResult>
  /** Switches to the built-in demo workspace (the real workspace's data is kept apart). */
  useDemo(): Promise<ConnectionStatus>
  /** Reads FastPix now and corrects what missed webhooks left wrong. */
  reconcileNow(): Promise<ReconcileStatus>
  /** Retries the tunnel now (after an error or while offline). */
  reconnectTunnel(): Promise<ConnectionStatus>
  /** Changes a stream or simulcast target in FastPix (needs write permission); the new state follows. */
  runStreamAction(action: StreamAction): Promise<ConnectionStatus>
}

/** What the monitor core answers by itself (one workspace, no host operations). */
export type MonitorCoreApi = Omit<MonitorApi, keyof ConnectionApi>

export interface MonitorApi extends ConnectionApi {
  getSnapshot(): Promise<MonitorSnapshot>
  getStream(id: string): Promise<StreamSnapshot | null>
  listEvents(query: EventQuery): Promise<EventPage>
  getEvent(id: string): Promise<MonitorEvent | null>
  listTransitions(query: TransitionQuery): Promise<Transition[]>
  listRejected(query: RejectedQuery): Promise<RejectedPage>
  getReceiver(): Promise<ReceiverStatus>
  updateSettings(patch: SettingsPatch): Promise<MonitorSettings>
  /** The notification log, newest first: what was raised or suppressed, and why. */
  listNotifications(query: DecisionQuery): Promise<Decision[]>
  updateNotificationSettings(patch: NotificationSettingsPatch): Promise<NotificationStatus>
  /** Mutes one stream's notifications for a while; null unmutes. */
  muteStream(streamId: string, choice: MuteChoice | null): Promise<NotificationStatus>
  /** Pauses every notification for a while (or until resumed); null resumes. */
  pauseNotifications(choice: PauseChoice | null): Promise<NotificationStatus>
  onUpdate(listener: (batch: UpdateBatch) => void): Unsubscribe
}
