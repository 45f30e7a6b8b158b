// A deliberately simple reference for F5: keeps every event and recomputes a
// stream's picture from scratch, replaying its events sorted by event time.
import { factsOf } from '../../../../../src/main/core/events/facts.ts'
import type {
  Health,
  HealthThresholds,
  MonitorEvent,
  StreamStatus,
  TargetState,
  WorkspaceHealth,
} from '../../../../../src/shared/domain.ts'
import { HEALTH_ORDER } from '../../../../../src/shared/domain.ts'

export interface View {
  status: StreamStatus
  connection: string
  health: Health
  targets: Record<string, TargetState>
}

interface Target {
  reported: TargetState
  since: number
  enabled: boolean
  reenabled: boolean
}

const byTime = (a: MonitorEvent, b: MonitorEvent) =>
  a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export class Reference {
  readonly events = new Map<string, MonitorEvent>()
  thresholds: HealthThresholds
  now: number
  constructor(thresholds: HealthThresholds, now: number) {
    this.thresholds = thresholds
    this.now = now
  }

  deliver(e: MonitorEvent): void {
    if (e.verification === 'verified' && e.streamId) this.events.set(e.id, e)
  }

  streams(): string[] {
    return [...new Set([...this.events.values()].map((e) => e.streamId!))]
  }

  view(stream: string): View {
    const th = this.thresholds
    const now = this.now
    const evs = [...this.events.values()]
      .filter((e) => e.streamId === stream && factsOf(e).known)
      .sort(byTime)
    let status: StreamStatus = 'unknown'
    let statusSince = 0
    let connection = 'unknown'
    let connectionAt = 0
    let connectionSince = 0
    let window = th.reconnectWindowSec
    let endedAt = -1
    const disconnects: number[] = []
    const targets = new Map<string, Target>()
    for (const e of evs) {
      const f = factsOf(e)
      if (f.status !== null) {
        if (f.status !== status) statusSince = e.occurredAt
        status = f.status
        if (f.status === 'idle' || f.status === 'disabled' || f.status === 'deleted') endedAt = e.occurredAt
      }
      if (f.connection !== null) {
        if (f.connection !== connection) connectionSince = e.occurredAt
        connection = f.connection
        connectionAt = e.occurredAt
      }
      if (f.reconnectWindowSec !== null) window = f.reconnectWindowSec
      if (e.type === 'video.live_stream.disconnected') disconnects.push(e.occurredAt)
      if (e.simulcastId) {
        const t = targets.get(e.simulcastId) ?? {
          reported: 'idle',
          since: e.occurredAt,
          enabled: true,
          reenabled: false,
        }
        targets.set(e.simulcastId, t)
        if (f.targetState !== null && f.targetState !== 'disabled')
          Object.assign(t, { reported: f.targetState, since: e.occurredAt, reenabled: false })
        if (f.targetEnabled === false) t.enabled = false
        if (f.targetEnabled === true && (!t.enabled || t.reenabled)) {
          Object.assign(t, { enabled: true, reported: 'idle', since: e.occurredAt, reenabled: true })
        }
      }
    }
    // Targets, derived.
    const out: Record<string, TargetState> = {}
    let stalled = false
    for (const [id, t] of targets) {
      let state: TargetState = t.reported === 'deleted' ? 'deleted' : t.enabled ? t.reported : 'disabled'
      let since = t.since
      if ((state === 'starting' || state === 'broadcasting') && endedAt > t.since) {
        state = 'idle'
        since = endedAt
      }
      // Live with the encoder gone: nothing reaches any enabled target, and nothing stalls.
      const encoderLost = (status === 'active' || status === 'preparing') && connection === 'disconnected'
      if (encoderLost && (state === 'idle' || state === 'starting' || state === 'broadcasting')) {
        state = 'waiting'
      }
      if (status === 'active' && (state === 'idle' || state === 'starting')) {
        // The stall counts from the latest of: the target's state, going active, the encoder (re)connecting.
        const reconnected = connection === 'connected' ? connectionSince : 0
        if (now - Math.max(since, statusSince, reconnected) > th.simulcastStallSec * 1000) {
          state = 'stalled'
          stalled = true
        }
      }
      out[id] = state
    }
    return {
      status,
      connection,
      health: this.health(status, statusSince, connection, connectionAt, window, disconnects, stalled),
      targets: out,
    }
  }

  private health(
    status: StreamStatus,
    statusSince: number,
    connection: string,
    connectionAt: number,
    windowSec: number,
    disconnects: number[],
    stalled: boolean,
  ): Health {
    const th = this.thresholds
    const now = this.now
    if (status === 'unknown') return 'unknown'
    if (status === 'idle' || status === 'disabled' || status === 'deleted') return 'offline'
    if (connection === 'disconnected') {
      const deadline = connectionAt + windowSec * 1000
      if (now > deadline + th.staleAfterDeadlineSec * 1000) return 'unknown'
      return status === 'active' ? 'down' : 'degraded'
    }
    const flapping = disconnects.filter((at) => now - at < th.flapWindowSec * 1000).length >= th.flapCount
    const preparingTooLong = status === 'preparing' && now - statusSince > th.preparingStallSec * 1000
    return flapping || stalled || preparingTooLong ? 'degraded' : 'healthy'
  }

  workspace(): WorkspaceHealth {
    const healths = this.streams().map((id) => {
      const v = this.view(id)
      return v.status === 'deleted' ? 'offline' : v.health
    })
    if (healths.length === 0) return 'empty'
    return HEALTH_ORDER.find((h) => healths.includes(h))!
  }
}
