// A scripted broadcast played through the real health engine: the events, the transitions
// the engine made of them (as the monitor stores them), decisions and viewer samples, ready
// for the report builder. Deterministic ids and times, for golden files.
import { createHealthEngine } from '../../src/main/core/health/engine.ts'
import type { ReportInput } from '../../src/main/core/report/report.ts'
import { DEFAULT_THRESHOLDS, type MonitorEvent, type Transition } from '../../src/shared/domain.ts'
import type { Decision } from '../../src/shared/notify.ts'
import type { ViewerSample } from '../../src/shared/report.ts'

export const SCRIPT_STREAM = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'
export const SCRIPT_TARGET = 'f00dfeed00000000000000000000beef'
export const T0 = Date.UTC(2026, 11, 6, 18, 0, 0)
const MIN = 60_000

interface Step {
  at: number
  type: string
  data?: Record<string, unknown>
  target?: boolean
  /** Delivered this long after it happened (delivery lag). */
  lagMs?: number
  duplicates?: number
}

export function scriptedBroadcast(): ReportInput {
  const steps: Step[] = [
    {
      at: T0 - 5 * MIN,
      type: 'video.live_stream.created',
      data: { reconnectWindow: 60, metadata: { name: 'Sunday service' } },
    },
    {
      at: T0 - 4 * MIN,
      type: 'video.live_stream.simulcast_target.created',
      target: true,
      data: { isEnabled: true, metadata: { name: 'YouTube' } },
    },
    { at: T0 - 20_000, type: 'video.live_stream.connected', lagMs: 300 },
    { at: T0 - 10_000, type: 'video.live_stream.preparing', lagMs: 250 },
    { at: T0, type: 'video.live_stream.active', lagMs: 400, duplicates: 1 },
    { at: T0 + 5_000, type: 'video.live_stream.simulcast_target.starting', target: true, lagMs: 200 },
    { at: T0 + 12_000, type: 'video.live_stream.simulcast_target.broadcasting', target: true, lagMs: 200 },
    // The encoder drops and comes back 25 s later.
    { at: T0 + 20 * MIN, type: 'video.live_stream.disconnected', lagMs: 900 },
    { at: T0 + 20 * MIN + 25_000, type: 'video.live_stream.connected', lagMs: 2_500 },
    // The target restarts and never reaches broadcasting again: stalled after 30 s.
    {
      at: T0 + 20 * MIN + 26_000,
      type: 'video.live_stream.simulcast_target.starting',
      target: true,
      lagMs: 300,
    },
    // This one arrives after the next event (out of order).
    {
      at: T0 + 30 * MIN,
      type: 'video.live_stream.simulcast_target.broadcasting',
      target: true,
      lagMs: 8_000,
    },
    { at: T0 + 30 * MIN + 2_000, type: 'video.live_stream.recording', lagMs: 100 },
    { at: T0 + 60 * MIN, type: 'video.live_stream.idle', lagMs: 600 },
  ]
  const events: MonitorEvent[] = steps.map((s, i) => {
    const id = `evt-${String(i + 1).padStart(2, '0')}`
    const data = { streamId: SCRIPT_STREAM, ...(s.target ? { simulcastId: SCRIPT_TARGET } : {}), ...s.data }
    return {
      id,
      type: s.type,
      streamId: SCRIPT_STREAM,
      simulcastId: s.target ? SCRIPT_TARGET : null,
      workspaceId: 'ws',
      occurredAt: s.at,
      receivedAt: s.at + (s.lagMs ?? 500),
      verification: 'verified',
      duplicateCount: s.duplicates ?? 0,
      payload: { type: s.type, id, createdAt: new Date(s.at).toISOString(), data },
    }
  })
  // A reconcile at T0 + 40 min found nothing to correct; one at the end did.
  events.push({
    id: 'reconcile-1',
    type: 'monitor.reconciled',
    streamId: SCRIPT_STREAM,
    simulcastId: null,
    workspaceId: null,
    occurredAt: T0 + 45 * MIN,
    receivedAt: T0 + 45 * MIN,
    verification: 'verified',
    duplicateCount: 0,
    payload: {
      type: 'monitor.reconciled',
      id: 'reconcile-1',
      data: { streamId: SCRIPT_STREAM, status: 'active', previousStatus: 'active', missed: ['name changed'] },
    },
  })

  const engine = createHealthEngine({ thresholds: DEFAULT_THRESHOLDS })
  const transitions: Transition[] = []
  // Delivered in arrival order, with the clock ticking every 5 s in between.
  const arrivals = [...events].sort((a, b) => a.receivedAt - b.receivedAt)
  let clock = T0 - 6 * MIN
  for (const e of arrivals) {
    for (; clock + 5_000 < e.receivedAt; clock += 5_000) transitions.push(...engine.tick(clock))
    transitions.push(...engine.apply(e, e.receivedAt))
  }
  const now = T0 + 90 * MIN
  for (; clock < now; clock += 5_000) transitions.push(...engine.tick(clock))

  const decision = (
    at: number,
    rule: Decision['rule'],
    title: string,
    why = '',
    target: string | null = null,
  ): Decision => ({
    id: `d-${at}`,
    at: at + 1_000,
    rule,
    streamId: SCRIPT_STREAM,
    targetId: target,
    title,
    body: '',
    urgency: 'normal',
    sound: false,
    outcome: why === '' ? 'raised' : 'suppressed',
    why,
    transitionAt: at,
    folded: 0,
  })
  const decisions: Decision[] = [
    decision(T0, 'live', 'Sunday service is live'),
    decision(T0 + 20 * MIN, 'down', 'Sunday service is down: encoder disconnected'),
    decision(T0 + 20 * MIN + 25_000, 'recovered', 'Sunday service recovered', 'flap damping'),
    decision(T0 + 20 * MIN + 56_000, 'target-stalled', 'YouTube stalled', '', SCRIPT_TARGET),
    decision(T0 + 60 * MIN, 'ended', 'Sunday service ended', 'quiet hours'),
  ]
  const viewers: ViewerSample[] = []
  for (let m = 0; m <= 60; m += 5) viewers.push({ at: T0 + m * MIN, count: m === 20 ? 40 : 100 + m * 2 })

  return {
    stream: { id: SCRIPT_STREAM, name: 'Sunday service' },
    events,
    transitions,
    decisions,
    viewers,
    targetNames: new Map([[SCRIPT_TARGET, 'YouTube']]),
    thresholds: DEFAULT_THRESHOLDS,
    now,
  }
}
