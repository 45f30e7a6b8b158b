// The demo's late stream: played through the real health engine for ten simulated minutes,
// it turns late at its slot plus grace with the exact words, then goes live.
import { describe, expect, it } from 'vitest'
import { buildDemoPlan } from '../../../../../src/main/core/demo/plan.ts'
import { DEMO_SLOT_MS, demoSchedules } from '../../../../../src/main/core/demo/schedules.ts'
import { normalizeDelivery } from '../../../../../src/main/core/events/normalize.ts'
import { createHealthEngine } from '../../../../../src/main/core/health/engine.ts'
import type { Transition } from '../../../../../src/shared/domain.ts'

const START = Date.parse('2026-06-01T10:00:00.000Z')
const MIN = 60_000

/** Cycles 0 and 1 delivered when planned, the engine's clock ticking in between. */
function play(seed: number, untilMs: number) {
  const plans = [0, 1].map((cycle) => buildDemoPlan({ seed, startAt: START, cycle }))
  const schedules = demoSchedules(plans[0]!, 'Europe/Berlin')
  const engine = createHealthEngine({ schedules })
  const out: Transition[] = []
  const catchUp = (to: number) => {
    for (let at = engine.nextWakeAt(); at !== null && at <= to; at = engine.nextWakeAt())
      out.push(...engine.tick(at))
  }
  const deliveries = plans
    // Each cycle's offsets already count from the demo start.
    .flatMap((p) => p.deliveries)
    .filter((d) => !d.probe && !d.lost && d.atMs <= untilMs)
    .sort((a, b) => a.atMs - b.atMs)
  for (const d of deliveries) {
    const now = START + d.atMs
    catchUp(now)
    const normalized = normalizeDelivery(d.body, { receivedAt: now, verification: 'verified' })
    if (normalized.ok) out.push(...engine.apply(normalized.event, now))
  }
  catchUp(START + untilMs)
  const lateId = Object.keys(schedules)[0]!
  return { out: out.filter((t) => t.streamId === lateId && t.targetId === null), lateId }
}

describe('the demo stream that misses its slot', () => {
  it('has a schedule five minutes in, with a minute of grace', () => {
    const plan = buildDemoPlan({ seed: 42, startAt: START })
    const schedules = demoSchedules(plan, 'Europe/Berlin')
    expect(Object.values(schedules)).toEqual([
      {
        kind: 'once',
        at: new Date(START + DEMO_SLOT_MS).toISOString(),
        graceMin: 1,
        endAt: null,
        endGraceMin: 5,
        timeZone: 'Europe/Berlin',
      },
    ])
  })

  it.each([42, 1, 7, 2024])('seed %i: late at 6:00 in words, then live', (seed) => {
    const { out } = play(seed, 10 * MIN)
    const lateAt = out.findIndex((t) => t.watch === 'late')
    expect(lateAt).toBeGreaterThanOrEqual(0)
    // 10:05Z is 12:05 in Berlin (summer time).
    expect(out[lateAt]).toMatchObject({
      at: START + 6 * MIN,
      cause: 'clock',
      toHealth: 'degraded',
      reason: 'expected live at 12:05, not live',
    })
    const live = out.slice(lateAt).find((t) => t.toStatus === 'active')
    expect(live).toMatchObject({ toHealth: 'healthy', reason: 'live', cause: 'event' })
    expect(live!.at).toBeGreaterThan(START + 6 * MIN)
    expect(live!.at).toBeLessThan(START + 8 * MIN)
    // Nothing late before the slot, nor after it went live.
    expect(out.filter((t) => t.watch === 'late')).toHaveLength(1)
    expect(out.filter((t) => t.at < START + 6 * MIN).every((t) => !/expected live/.test(t.reason))).toBe(true)
  })
})
