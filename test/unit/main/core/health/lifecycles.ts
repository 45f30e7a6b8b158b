// Random but realistic lifecycles of one stream (and its simulcast targets), built by
// walking FastPix's documented state machine (SPEC §7) with random choices and gaps.
import fc from 'fast-check'
import type { MonitorEvent } from '../../../../../src/shared/domain.ts'
import { type LiveKind, live, S, type SimulcastKind, simulcast, T0, unknownType } from './factory.ts'

type Phase = 'none' | 'idle' | 'preparing' | 'active' | 'dropped' | 'disabled' | 'deleted'

interface TargetWalk {
  id: string
  reported: 'idle' | 'starting' | 'broadcasting' | 'deleted'
  enabled: boolean
}

interface Walk {
  stream: string
  phase: Phase
  at: number
  events: MonitorEvent[]
  targets: TargetWalk[]
  reconnectWindow: number | null
}

type Step = (w: Walk) => void

/** Gaps that straddle every threshold boundary (s). */
const GAPS = [0.001, 1, 2, 5, 10, 20, 29, 31, 45, 59, 61, 75, 90, 200, 320]

function emit(w: Walk, kind: LiveKind, status: string, next: Phase): void {
  const id = `${w.stream.slice(0, 8)}-0000-4000-8000-${w.events.length.toString(16).padStart(12, '0')}`
  w.events.push(live(kind, w.at, { id, stream: w.stream, status, reconnectWindow: w.reconnectWindow }))
  w.phase = next
  // When the stream ends, FastPix stops pushing to its targets.
  if (next === 'idle' || next === 'disabled' || next === 'deleted') {
    for (const t of w.targets)
      if (t.reported === 'starting' || t.reported === 'broadcasting') t.reported = 'idle'
  }
}

function emitTarget(w: Walk, kind: SimulcastKind, t: TargetWalk, isEnabled?: boolean): void {
  const id = `${w.stream.slice(0, 8)}-0000-4000-9000-${w.events.length.toString(16).padStart(12, '0')}`
  const options = isEnabled === undefined ? { id, stream: w.stream } : { id, stream: w.stream, isEnabled }
  w.events.push(simulcast(kind, t.id, w.at, options))
}

function targetSteps(w: Walk, pick: number): Step[] {
  const steps: Step[] = []
  const alive = w.targets.filter((t) => t.reported !== 'deleted')
  if (w.phase === 'idle' && w.targets.length < 2) {
    const create: Step = (w) => {
      const id = `${w.stream.slice(0, 24)}${w.targets.length.toString(16).padStart(8, '0')}`
      const t: TargetWalk = { id, reported: 'idle', enabled: true }
      w.targets.push(t)
      emitTarget(w, 'created', t)
    }
    // Targets can only be added while the stream is idle (SPEC §6.2): offer it often.
    steps.push(create, create, create)
  }
  for (const t of alive) {
    if (w.phase !== 'disabled' && pick % 4 === 1) {
      steps.push((w) => {
        t.enabled = !t.enabled
        if (t.enabled) t.reported = 'idle'
        emitTarget(w, 'updated', t, t.enabled)
      })
    }
    if (pick % 8 === 0) {
      steps.push((w) => {
        t.reported = 'deleted'
        emitTarget(w, 'deleted', t)
      })
    }
    if (w.phase === 'active' && t.enabled && t.reported === 'idle') {
      steps.push((w) => {
        t.reported = 'starting'
        emitTarget(w, 'starting', t)
      })
    }
    if (w.phase === 'active' && t.enabled && t.reported === 'starting') {
      const broadcast: Step = (w) => {
        t.reported = 'broadcasting'
        emitTarget(w, 'broadcasting', t)
      }
      steps.push(broadcast, broadcast)
    }
  }
  return steps
}

/** Deletion ends a lifecycle, so it is offered rarely (one pick in eight). */
function liveSteps(w: Walk, pick: number): Step[] {
  const rare = pick % 8 === 0
  switch (w.phase) {
    case 'none':
      return [(w) => emit(w, 'created', 'idle', 'idle')]
    case 'idle':
      return [
        (w) => emit(w, 'connected', 'preparing', 'preparing'),
        (w) => emit(w, 'connected', 'preparing', 'preparing'),
        (w) => emit(w, 'connected', 'idle', 'preparing'),
        (w) => emit(w, 'updated', 'idle', 'idle'),
        (w) => emit(w, 'disabled', 'disabled', 'disabled'),
        ...(rare ? [(w: Walk) => emit(w, 'deleted', 'idle', 'deleted')] : []),
      ]
    case 'preparing':
      return [
        (w) => emit(w, 'preparing', 'preparing', 'preparing'),
        (w) => emit(w, 'active', 'active', 'active'),
        (w) => emit(w, 'active', 'active', 'active'),
        (w) => emit(w, 'disconnected', 'preparing', 'idle'),
        (w) => emit(w, 'idle', 'idle', 'idle'),
        (w) => emit(w, 'updated', 'preparing', 'preparing'),
      ]
    case 'active':
      return [
        (w) => emit(w, 'recording', 'active', 'active'),
        (w) => emit(w, 'disconnected', 'active', 'dropped'),
        (w) => emit(w, 'disconnected', 'active', 'dropped'),
        (w) => emit(w, 'updated', 'active', 'active'),
        (w) => emit(w, 'idle', 'idle', 'idle'),
        (w) => emit(w, 'disabled', 'disabled', 'disabled'),
        (w) => {
          const id = `${w.stream.slice(0, 8)}-0000-4000-a000-${w.events.length.toString(16).padStart(12, '0')}`
          w.events.push(unknownType('video.live_stream.srt_detected', w.at, { id, stream: w.stream }))
        },
      ]
    case 'dropped':
      return [
        (w) => emit(w, 'connected', 'active', 'active'),
        (w) => emit(w, 'connected', 'active', 'active'),
        (w) => emit(w, 'idle', 'idle', 'idle'),
        (w) => emit(w, 'active', 'active', 'active'),
      ]
    case 'disabled':
      return [
        (w) => emit(w, 'enabled', 'idle', 'idle'),
        (w) => emit(w, 'updated', 'disabled', 'disabled'),
        (w) => emit(w, 'deleted', 'disabled', 'deleted'),
      ]
    case 'deleted':
      return []
  }
}

/** Events of one stream in event-time order (distinct occurredAt unless `ties`). */
export function lifecycleArb(
  stream: string,
  options: { maxEvents: number; ties?: boolean },
): fc.Arbitrary<MonitorEvent[]> {
  const gap = options.ties ? fc.constantFrom(0, ...GAPS) : fc.constantFrom(...GAPS)
  return fc
    .record({
      choices: fc.array(fc.tuple(fc.noBias(fc.nat({ max: 5039 })), gap), {
        minLength: Math.ceil(options.maxEvents / 2),
        maxLength: options.maxEvents,
        size: 'max',
      }),
      reconnectWindow: fc.constantFrom(null, 60, 60, 90, 300),
    })
    .map(({ choices, reconnectWindow }) => {
      const w: Walk = { stream, phase: 'none', at: T0, events: [], targets: [], reconnectWindow }
      for (const [pick, g] of choices) {
        const targets = w.phase === 'none' ? [] : targetSteps(w, pick)
        // While live, targets move as often as the stream does.
        const steps = [...liveSteps(w, pick), ...targets, ...(w.phase === 'active' ? targets : [])]
        if (steps.length === 0) break
        w.at += Math.round(g * S)
        steps[pick % steps.length]!(w)
      }
      return w.events
    })
}

/** A delivery order: every event at least once, some duplicated, all shuffled. */
export function deliveriesArb(events: readonly MonitorEvent[]): fc.Arbitrary<MonitorEvent[]> {
  const n = events.length
  return fc.array(fc.nat({ max: n - 1 }), { maxLength: n }).chain((dups) => {
    const all = [...events, ...dups.map((i) => events[i]!)]
    return fc
      .array(fc.double({ noNaN: true }), { minLength: all.length, maxLength: all.length })
      .map((keys) =>
        all
          .map((e, i) => ({ e, k: keys[i]! }))
          .sort((a, b) => a.k - b.k)
          .map(({ e }) => e),
      )
  })
}
