import { describe, expect, it } from 'vitest'
import { createStageTiming, INGEST_STAGES } from '../../../../../src/main/core/perf/stages.ts'

describe('stage timing', () => {
  it('is off by default: marks and laps are 0 and nothing is counted', () => {
    const t = createStageTiming()
    expect(t.on).toBe(false)
    expect(t.mark()).toBe(0)
    expect(t.lap('verify', 0)).toBe(0)
    t.answered()
    t.posted()
    t.ackWaited(0)
    t.group({ writes: 3, batchUs: 100, commitUs: 80 })
    t.enable()
    const report = t.disable()
    expect(report.events).toBe(0)
    expect(report.groups).toBe(0)
    expect(Object.values(report.us).every((us) => us === 0)).toBe(true)
  })

  it('accumulates µs per stage, answers, messages and groups while on, from a fresh account', () => {
    const t = createStageTiming()
    t.enable()
    t.answered()
    t.enable() // restarts the account
    const start = t.mark()
    expect(start).toBeGreaterThan(0)
    const busyUntil = performance.now() + 2
    while (performance.now() < busyUntil) {
      // spin: a measurable stage
    }
    const next = t.lap('parse', start)
    expect(next).toBeGreaterThanOrEqual(busyUntil)
    t.lap('fold', next)
    t.answered()
    t.posted()
    t.group({ writes: 4, batchUs: 300, commitUs: 200 })
    t.group({ writes: 2, batchUs: 100, commitUs: 50 })
    const report = t.disable()
    expect(t.on).toBe(false)
    expect(Object.keys(report.us)).toEqual([...INGEST_STAGES])
    expect(report.us.parse).toBeGreaterThanOrEqual(2000)
    expect(report.us.verify).toBe(0)
    expect(report).toMatchObject({
      events: 1,
      messages: 1,
      groups: 2,
      groupWrites: 6,
      groupBatchUs: 400,
      groupCommitUs: 250,
    })
    // Off again: later laps leave the report alone.
    t.lap('parse', 0)
    expect(t.mark()).toBe(0)
  })
})
