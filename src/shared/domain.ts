// Domain vocabulary shared by the core, the hosts and the renderer.
// Types only: no Node or Electron imports (the renderer compiles this file too).
import type { StreamSchedule, WatchState } from './schedule.ts'

/** Epoch milliseconds. */
export type Millis = number

export type StreamStatus = 'idle' | 'preparing' | 'active' | 'disabled' | 'deleted' | 'unknown'
export type Connection = 'connected' | 'disconnected' | 'unknown'
export type Health = 'healthy' | 'degraded' | 'down' | 'unknown' | 'offline'
export type WorkspaceHealth = Health | 'empty'

/**
 * Stored/derived state of one simulcast target. `stalled` and `waiting` are derived, never
 * reported by FastPix: `waiting` (for the encoder) while the stream is live but its encoder is
 * disconnected, so FastPix has nothing to push.
 */
export type TargetState =
  | 'idle'
  | 'starting'
  | 'broadcasting'
  | 'stalled'
  | 'waiting'
  | 'disabled'
  | 'deleted'

/** How much we trust an event: checked signature, or held until a signing secret exists. */
export type Verification = 'verified' | 'unverified'

/**
 * One FastPix webhook delivery after normalization (either envelope dialect).
 * `payload` is the whole delivered JSON object with secrets redacted.
 */
export interface MonitorEvent {
  id: string
  type: string
  streamId: string | null
  simulcastId: string | null
  workspaceId: string | null
  /** `createdAt` / `created_at` of the envelope; receive time when absent or unparsable. */
  occurredAt: Millis
  receivedAt: Millis
  verification: Verification
  duplicateCount: number
  /** Redacted delivered object (envelope + data). */
  payload: Record<string, unknown>
}

/** Fields the health model reads from an event, extracted by the normalizer. */
export interface EventFacts {
  /** Stream status implied by the event (by type, else by `data.status`), if any. */
  status: StreamStatus | null
  /** Encoder link implied by the event, if any. */
  connection: Connection | null
  /** Simulcast target state implied by the event, if any. */
  targetState: TargetState | null
  /** `data.isEnabled` of simulcast events, when present. */
  targetEnabled: boolean | null
  /** `data.reconnectWindow` in seconds when present. */
  reconnectWindowSec: number | null
  /** Human name: `data.metadata.name` or `livestream_name`, when present. */
  name: string | null
  recording: boolean | null
  known: boolean
}

export interface SimulcastTargetSnapshot {
  id: string
  /** Derived state at `evaluatedAt` (includes `stalled` and parent-end resets). */
  state: TargetState
  /** Last state reported by events (before derivation). */
  reportedState: TargetState
  enabled: boolean
  /** occurredAt of the event that set `reportedState`. */
  stateSince: Millis
  lastEventAt: Millis
  lastEventType: string
  /** Redacted destination (scheme + host + path without key), when known. */
  destination: string | null
  /** `metadata.name`/`title`/`label` of the newest event that carried metadata. */
  label?: string | null
  /** The one name every surface shows (shared/target-name.ts), derived by the health model. */
  displayName: string
  reason: string | null
}

export interface StreamSnapshot {
  id: string
  name: string | null
  status: StreamStatus
  connection: Connection
  health: Health
  /** Plain-words reason for the current health ("encoder disconnected", …). */
  healthReason: string
  /** occurredAt of the event that set the current status. */
  statusSince: Millis | null
  /** Since when the current health holds (event time or clock time). */
  healthSince: Millis
  reconnectDeadline: Millis | null
  reconnectWindowSec: number
  recording: boolean
  /** Disconnects within the flapping window, newest last. */
  recentDisconnects: Millis[]
  lastEventAt: Millis | null
  lastEventType: string | null
  lastEventId: string | null
  viewerCount: number | null
  simulcastTargets: SimulcastTargetSnapshot[]
  evaluatedAt: Millis
  /** occurredAt of the event that set the current `connection`. */
  connectionSince?: Millis | null
  /** Present only on streams with a schedule: the schedule, its next slot and the watchdog's verdict. */
  schedule?: StreamSchedule
}

export interface HealthThresholds {
  /** Default reconnect window when the stream does not tell its own (s). */
  reconnectWindowSec: number
  /** After the reconnect deadline, how long until the picture is called stale (s). */
  staleAfterDeadlineSec: number
  /** `preparing` longer than this is degraded (s). */
  preparingStallSec: number
  /** A target `starting` longer than this while the parent is active is stalled (s). */
  simulcastStallSec: number
  /** This many disconnects … */
  flapCount: number
  /** … within this window (s) is flapping. */
  flapWindowSec: number
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  reconnectWindowSec: 60,
  staleAfterDeadlineSec: 15,
  preparingStallSec: 60,
  simulcastStallSec: 30,
  flapCount: 3,
  flapWindowSec: 300,
}

/** A change of a stream's or a target's health or state. */
export interface Transition {
  streamId: string
  /** Set when the transition is about a simulcast target. */
  targetId: string | null
  at: Millis
  fromHealth: Health | null
  toHealth: Health
  fromStatus: string | null
  toStatus: string
  /** Encoder link before/after, on stream transitions. */
  fromConnection?: Connection | null
  toConnection?: Connection
  reason: string
  /** The event that caused it, or null when the clock (or a reconcile) did. */
  eventId: string | null
  cause: 'event' | 'clock' | 'reconcile'
  /** Set when the watchdog's verdict turned to this (late, ended early, overrunning). */
  watch?: WatchState
}

/** One request header as kept with a rejected delivery (credentials replaced). */
export interface HeaderLine {
  name: string
  value: string
}

export interface RejectedDelivery {
  receivedAt: Millis
  reason: string
  /** HTTP status we answered. */
  status: number
  size: number
  /** At most a few hundred characters, secrets redacted. */
  preview: string
  /** The request's headers, bounded, the signature and every credential redacted; empty when not kept. */
  headers: HeaderLine[]
}

export interface ReceiverCounters {
  accepted: number
  duplicates: number
  rejected: number
  probes: number
  unverified: number
  /** Deliveries refused (503) because the hold of unverified ones was full (W10). */
  holdRefused: number
  /** The hold refused the last delivery offered to it: full until the secret is set or room frees. */
  holdFull: boolean
  lastDeliveryAt: Millis | null
  /** FastPix's latest unsigned validation probe. */
  lastProbeAt: Millis | null
}

export const HEALTH_ORDER: readonly Health[] = ['down', 'degraded', 'unknown', 'healthy', 'offline']
