// Restart: saved snapshots (through JSON, as the store keeps them) + the remaining
// events ≡ folding every event from scratch, whatever the order and the split point.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import { STATUS_RUN_CAP } from '../../../../../src/main/core/health/fold.ts'
import type { MonitorEvent, StreamSnapshot } from '../../../../../src/shared/domain.ts'
import { OTHER_STREAM, STREAM } from './factory.ts'
import { deliveriesArb, lifecycleArb } from './lifecycles.ts'

/** Everything but the path-dependent `healthSince`/`evaluatedAt`. */
function stateOf(list: StreamSnapshot[]) {
  return list
    .map(({ healthSince: _h, evaluatedAt: _e, ...rest }) => rest)
    .sort((a, b) => (a.id < b.id ? -1 : 1))
}

const scenario = fc
  .tuple(lifecycleArb(STREAM, { maxEvents: STATUS_RUN_CAP }), lifecycleArb(OTHER_STREAM, { maxEvents: 8 }))
  .chain(([a, b]) => deliveriesArb([...a, ...b]))
  .chain((deliveries) =>
    fc.record({ deliveries: fc.constant(deliveries), split: fc.nat({ max: deliveries.length }) }),
  )

describe('restore', () => {
  it('restore + further events ≡ all events from scratch', () => {
    fc.assert(
      fc.property(scenario, ({ deliveries, split }) => {
        const now = Math.max(...deliveries.map((e) => e.occurredAt)) + 1000
        const feed = (engine: ReturnType<typeof createHealthEngine>, events: readonly MonitorEvent[]) => {
          for (const e of events) engine.apply(e, now)
        }
        const scratch = createHealthEngine()
        feed(scratch, deliveries)
        scratch.tick(now)

        const before = createHealthEngine()
        feed(before, deliveries.slice(0, split))
        const saved = JSON.parse(JSON.stringify(before.snapshots())) as StreamSnapshot[]
        const after = createHealthEngine({ snapshots: saved })
        feed(after, deliveries.slice(split))
        after.tick(now)

        expect(stateOf(after.snapshots())).toEqual(stateOf(scratch.snapshots()))
        expect(after.workspaceHealth()).toBe(scratch.workspaceHealth())
      }),
      { seed: 4242, numRuns: 500 },
    )
  })
})
