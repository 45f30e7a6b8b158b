// W4 (QUALITY.md): random permutations and duplications of a stream's lifecycle →
// the derived status equals that of the newest event (1,000 runs, fixed seed).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { factsOf } from '../../../../../src/main/core/events/facts.ts'
import { applyEvent, evaluate } from '../../../../../src/main/core/health/evaluate.ts'
import { STATUS_RUN_CAP } from '../../../../../src/main/core/health/fold.ts'
import type { MonitorEvent, StreamSnapshot } from '../../../../../src/shared/domain.ts'
import { DEFAULT_THRESHOLDS } from '../../../../../src/shared/domain.ts'
import { STREAM } from './factory.ts'
import { deliveriesArb, lifecycleArb } from './lifecycles.ts'

const RUNS = { seed: 4242, numRuns: 1000 }

function newestCarrying<K extends 'status' | 'connection'>(events: readonly MonitorEvent[], key: K) {
  let best: { at: number; value: NonNullable<ReturnType<typeof factsOf>[K]> } | null = null
  for (const e of events) {
    const facts = factsOf(e)
    const value = facts[key]
    if (!facts.known || value === null) continue
    if (best === null || e.occurredAt > best.at)
      best = { at: e.occurredAt, value: value as NonNullable<typeof value> }
  }
  return best?.value ?? 'unknown'
}

/** Start of the newest run of equal statuses, and how many events it has. */
function statusRun(events: readonly MonitorEvent[]) {
  const withStatus = events
    .map((e) => ({ at: e.occurredAt, facts: factsOf(e) }))
    .filter((x) => x.facts.known && x.facts.status !== null)
    .sort((a, b) => a.at - b.at)
  const last = withStatus.at(-1)
  if (!last) return { since: null, length: 0 }
  let i = withStatus.length - 1
  while (i > 0 && withStatus[i - 1]!.facts.status === last.facts.status) i--
  return { since: withStatus[i]!.at, length: withStatus.length - i }
}

function foldAll(deliveries: readonly MonitorEvent[], now: number): StreamSnapshot {
  let s: StreamSnapshot | undefined
  for (const e of deliveries)
    s = applyEvent(s, e, DEFAULT_THRESHOLDS, Math.max(now - 3_600_000, e.occurredAt))
  return evaluate(s!, DEFAULT_THRESHOLDS, now)
}

/** Everything but the path-dependent `healthSince`/`evaluatedAt`. */
function stateOf(s: StreamSnapshot) {
  const { healthSince: _h, evaluatedAt: _e, ...rest } = s
  return rest
}

const scenario = lifecycleArb(STREAM, { maxEvents: 40 }).chain((events) =>
  deliveriesArb(events).map((deliveries) => ({ events, deliveries })),
)

describe('W4: out-of-order and duplicated deliveries', () => {
  it('status and connection are those of the newest event carrying one', () => {
    fc.assert(
      fc.property(scenario, ({ events, deliveries }) => {
        const now = events.at(-1)!.occurredAt + 1000
        const s = foldAll(deliveries, now)
        expect(s.status).toBe(newestCarrying(events, 'status'))
        expect(s.connection).toBe(newestCarrying(events, 'connection'))
        const run = statusRun(events)
        if (run.length < STATUS_RUN_CAP) expect(s.statusSince).toBe(run.since)
        expect(s.lastEventAt).toBe(events.at(-1)!.occurredAt)
      }),
      RUNS,
    )
  })

  it('any order and duplication gives the same snapshot as delivery in event order', () => {
    const small = lifecycleArb(STREAM, { maxEvents: STATUS_RUN_CAP, ties: true }).chain((events) =>
      deliveriesArb(events).map((deliveries) => ({ events, deliveries })),
    )
    fc.assert(
      fc.property(small, fc.constantFrom(0, 30_000, 400_000), ({ events, deliveries }, after) => {
        const now = events.at(-1)!.occurredAt + after
        expect(stateOf(foldAll(deliveries, now))).toEqual(stateOf(foldAll(events, now)))
      }),
      RUNS,
    )
  })
})
