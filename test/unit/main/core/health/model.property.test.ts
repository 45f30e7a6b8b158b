// F5 (QUALITY.md): model-based test with fc.commands. Deliveries (new, duplicate or
// older), clock steps, threshold changes and restarts (restore from JSON snapshots);
// after every command the engine must agree with a reference that recomputes from scratch.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHealthEngine, type HealthEngine } from '../../../../../src/main/core/health/engine.ts'
import { STATUS_RUN_CAP } from '../../../../../src/main/core/health/fold.ts'
import type { HealthThresholds, MonitorEvent, StreamSnapshot } from '../../../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'
import { OTHER_STREAM, STREAM, T0 } from './factory.ts'
import { lifecycleArb } from './lifecycles.ts'
import { Reference, type View } from './reference.ts'

interface Real {
  engine: HealthEngine
}

const PRESETS: HealthThresholds[] = [
  DEFAULT_THRESHOLDS,
  {
    reconnectWindowSec: 30,
    staleAfterDeadlineSec: 5,
    preparingStallSec: 20,
    simulcastStallSec: 10,
    flapCount: 2,
    flapWindowSec: 120,
  },
  {
    reconnectWindowSec: 120,
    staleAfterDeadlineSec: 60,
    preparingStallSec: 90,
    simulcastStallSec: 45,
    flapCount: 5,
    flapWindowSec: 600,
  },
]

function viewOf(s: StreamSnapshot | undefined): View | undefined {
  if (s === undefined) return undefined
  return {
    status: s.status,
    connection: s.connection,
    health: s.health,
    targets: Object.fromEntries(s.simulcastTargets.map((t) => [t.id, t.state])),
  }
}

/** Every health and target state the reference produced, to show the generator reaches them all. */
const seen = new Set<string>()

function agreeOn(model: Reference, engine: HealthEngine, id: string): void {
  const v = model.view(id)
  for (const k of [v.health, ...Object.values(v.targets)]) seen.add(k)
  expect(viewOf(engine.get(id)), id).toEqual(model.view(id))
}

function agree(model: Reference, engine: HealthEngine): void {
  for (const id of model.streams()) agreeOn(model, engine, id)
  expect(engine.workspaceHealth()).toBe(model.workspace())
}

class Deliver implements fc.Command<Reference, Real> {
  readonly event: MonitorEvent
  constructor(event: MonitorEvent) {
    this.event = event
  }
  check = () => true
  run(model: Reference, real: Real): void {
    // Events arrive after they happened; a late one arrives at a later `now`.
    model.now = Math.max(model.now, this.event.occurredAt + 200)
    model.deliver(this.event)
    real.engine.apply(this.event, model.now)
    // The stream an event touched is current at once, without a tick.
    agreeOn(model, real.engine, this.event.streamId!)
    real.engine.tick(model.now)
    agree(model, real.engine)
  }
  toString = () =>
    `deliver(${this.event.type.replace('video.live_stream.', '')} @${this.event.occurredAt - T0})`
}

class Advance implements fc.Command<Reference, Real> {
  readonly ms: number
  constructor(ms: number) {
    this.ms = ms
  }
  check = () => true
  run(model: Reference, real: Real): void {
    model.now += this.ms
    real.engine.tick(model.now)
    const wake = real.engine.nextWakeAt()
    if (wake !== null) expect(wake).toBeGreaterThan(model.now)
    agree(model, real.engine)
  }
  toString = () => `advance(${this.ms})`
}

class SetThresholds implements fc.Command<Reference, Real> {
  readonly preset: number
  constructor(preset: number) {
    this.preset = preset
  }
  check = () => true
  run(model: Reference, real: Real): void {
    model.thresholds = PRESETS[this.preset]!
    real.engine.setThresholds(model.thresholds, model.now)
    agree(model, real.engine)
  }
  toString = () => `thresholds(${this.preset})`
}

class Restart implements fc.Command<Reference, Real> {
  check = () => true
  run(model: Reference, real: Real): void {
    const saved = JSON.parse(JSON.stringify(real.engine.snapshots())) as StreamSnapshot[]
    real.engine = createHealthEngine({ thresholds: model.thresholds, snapshots: saved })
    real.engine.tick(model.now)
    agree(model, real.engine)
  }
  toString = () => 'restart'
}

// Two streams, each with a realistic lifecycle short enough for exact status runs.
const pool = fc
  .tuple(
    lifecycleArb(STREAM, { maxEvents: STATUS_RUN_CAP - 1, ties: true }),
    lifecycleArb(OTHER_STREAM, { maxEvents: 8 }),
  )
  .map(([a, b]) => [...a, ...b])

describe('F5: engine equals a from-scratch reference model', () => {
  it('after every delivery, clock step, threshold change and restart', () => {
    const scenario = pool.chain((events) =>
      fc.record({
        events: fc.constant(events),
        commands: fc.commands(
          [
            fc.nat({ max: events.length - 1 }).map((i) => new Deliver(events[i]!)),
            fc.nat({ max: events.length - 1 }).map((i) => new Deliver(events[i]!)),
            fc
              .constantFrom(1, 999, 1000, 1001, 5000, 14_999, 15_001, 29_999, 30_001, 61_000, 301_000)
              .map((ms) => new Advance(ms)),
            fc.nat({ max: PRESETS.length - 1 }).map((i) => new SetThresholds(i)),
            fc.constant(new Restart()),
          ],
          { maxCommands: 60, size: 'max' },
        ),
      }),
    )
    fc.assert(
      fc.property(scenario, ({ commands }) => {
        const model = new Reference(DEFAULT_THRESHOLDS, T0 - 1000)
        fc.modelRun(
          () => ({ model, real: { engine: createHealthEngine({ thresholds: DEFAULT_THRESHOLDS }) } }),
          commands,
        )
      }),
      { seed: 4242, numRuns: 500 },
    )
    const all = [
      'healthy',
      'degraded',
      'down',
      'unknown',
      'offline',
      'idle',
      'starting',
      'broadcasting',
      'stalled',
      'waiting',
      'disabled',
      'deleted',
    ]
    expect([...seen].sort()).toEqual(all.sort())
  })
})
