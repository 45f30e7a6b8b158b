// Property tests over random transition sequences, clock advances, mutes, pauses,
// quiet hours and damping intervals (fixed seed). Invariants:
// 1. consider() returns the summaries now due, then exactly one decision per
//    transition that matches a rule, in order (same stream, target, rule, time).
// 2. Nothing is raised while its stream is muted, while paused, or in quiet hours.
// 3. Per stream, raised notifications (summaries included) are at least one
//    damping interval apart; bursts at least one burst window apart.
// 4. Every 'flap damping' suppression is folded into exactly one summary: after
//    a final tick, the summaries' `folded` add up to the suppressions, per stream.
// 5. nextWakeAt() is exact: tick() before it returns nothing, tick() at it returns
//    something; null means tick() returns nothing.
// 6. The log holds every decision exactly once, newest first; raised ⇔ why is ''.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BURST_WINDOW_MS, createNotifier } from '../../../../../src/main/core/notify/notifier.ts'
import { ruleFor } from '../../../../../src/main/core/notify/rules.ts'
import type { Transition } from '../../../../../src/shared/domain.ts'
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type Decision,
  NOTIFY_RULES,
  type NotificationSettings,
} from '../../../../../src/shared/notify.ts'
import { SHAPES, type ShapeName, streamT, T0, targetT } from './helpers.ts'

const STREAMS = ['main', 'game', 'talk']
const SHAPE_NAMES = Object.keys(SHAPES) as ShapeName[]
const TARGET_MOVES: [string, string][] = [
  ['starting', 'stalled'],
  ['stalled', 'broadcasting'],
  ['starting', 'broadcasting'],
]
const CAUSES = ['event', 'clock', 'reconcile'] as const

type Cmd =
  | { k: 'advance'; ms: number }
  | { k: 'batch'; items: { stream: number; shape: number; lag: number; cause: number }[] }
  | { k: 'tick' }
  | { k: 'wake' }
  | { k: 'mute'; stream: number; forMs: number }
  | { k: 'unmute'; stream: number }
  | { k: 'pause'; forMs: number | null }
  | { k: 'resume' }
  | { k: 'burst'; count: number }

const streamIx = fc.nat({ max: STREAMS.length - 1 })
/** Mute and pause lengths: random, or short ones that end right at a clock step. */
const lengthArb = fc.oneof(fc.nat({ max: 3 * 3_600_000 }), fc.constantFrom(1, 1000, 60_000, 300_000))
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('advance' as const),
      // Mostly small steps, some right around the damping intervals' edges.
      ms: fc.oneof(
        fc.nat({ max: 400_000 }),
        fc.nat({ max: 20_000 }),
        fc.constantFrom(1, 999, 1000, 59_000, 59_999, 60_000, 299_000, 299_999, 300_000),
      ),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('batch' as const),
      items: fc.array(
        fc.record({
          stream: streamIx,
          shape: fc.nat({ max: SHAPE_NAMES.length + TARGET_MOVES.length - 1 }),
          lag: fc.oneof(fc.constant(0), fc.nat({ max: 200_000 })),
          cause: fc.nat({ max: 2 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ k: 'tick' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'wake' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('mute' as const), stream: streamIx, forMs: lengthArb }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('unmute' as const), stream: streamIx }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('pause' as const), forMs: fc.option(lengthArb) }),
  },
  { weight: 1, arbitrary: fc.constant({ k: 'resume' as const }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('burst' as const), count: fc.nat({ max: 12 }) }) },
)

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

const configArb = fc.record({
  flapIntervalSec: fc.constantFrom(0, 60, 300),
  quiet: fc.option(fc.tuple(fc.nat({ max: 1439 }), fc.nat({ max: 1439 })), { freq: 2 }),
  zone: fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
  rulesOff: fc.subarray([...NOTIFY_RULES], { maxLength: 2 }),
})

/** Independent of the implementation: local minute of day, then the window check. */
function quietAt(at: number, s: NotificationSettings, zone: number): boolean {
  if (!s.quietHours.enabled) return false
  const toMin = (v: string) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3))
  const [start, end] = [toMin(s.quietHours.start), toMin(s.quietHours.end)]
  const m = (((Math.floor((at + zone * 60_000) / 60_000) % 1440) + 1440) % 1440) as number
  if (start === end) return false
  return start < end ? m >= start && m < end : m >= start || m < end
}

function transitionOf(
  item: { stream: number; shape: number; lag: number; cause: number },
  now: number,
): Transition {
  const over = {
    streamId: STREAMS[item.stream]!,
    at: now - item.lag,
    cause: CAUSES[item.cause]!,
    eventId: item.cause === 0 ? `e-${now}` : null,
  }
  const shape = SHAPE_NAMES[item.shape]
  if (shape !== undefined) return streamT(shape, over)
  const [from, to] = TARGET_MOVES[item.shape - SHAPE_NAMES.length]!
  return targetT(from, to, over)
}

type Config = typeof configArb extends fc.Arbitrary<infer C> ? C : never

function run(config: Config, cmds: Cmd[]) {
  const rules = { ...DEFAULT_NOTIFICATION_SETTINGS.rules }
  for (const r of config.rulesOff) rules[r] = false
  const settings: NotificationSettings = {
    ...DEFAULT_NOTIFICATION_SETTINGS,
    rules,
    flapIntervalSec: config.flapIntervalSec,
    quietHours: config.quiet
      ? { enabled: true, start: hhmm(config.quiet[0]), end: hhmm(config.quiet[1]) }
      : DEFAULT_NOTIFICATION_SETTINGS.quietHours,
  }
  let now = T0
  const n = createNotifier({ settings, now: () => now, utcOffset: () => config.zone, logCapacity: 100_000 })
  let paused: number | 'indefinitely' | null = null
  const mutes = new Map<string, number>()
  const all: Decision[] = []
  const intervalMs = settings.flapIntervalSec * 1000

  const check = (out: Decision[]) => {
    for (const d of out) {
      expect(d.outcome === 'raised').toBe(d.why === '')
      if (d.outcome !== 'raised') continue
      expect(paused === 'indefinitely' || (paused !== null && d.at < paused), 'raised while paused').toBe(
        false,
      )
      const mute = d.streamId === null ? undefined : mutes.get(d.streamId)
      expect(mute !== undefined && d.at < mute, 'raised while muted').toBe(false)
      expect(quietAt(d.at, settings, config.zone), 'raised in quiet hours').toBe(false)
    }
    all.push(...out)
  }
  const tickExpectingWake = (at: number) => {
    const wake = n.nextWakeAt()
    const out = n.tick(at)
    if (wake === null || at < wake) expect(out).toEqual([])
    else expect(out.length).toBeGreaterThan(0)
    check(out)
  }

  for (const c of cmds) {
    switch (c.k) {
      case 'advance':
        now += c.ms
        break
      case 'batch': {
        const ts = c.items.map((i) => transitionOf(i, now))
        const out = n.consider(ts)
        const decided = out.filter((d) => d.rule !== 'summary')
        const matching = ts.filter((t) => ruleFor(t) !== null)
        expect(out.slice(0, out.length - decided.length).every((d) => d.rule === 'summary')).toBe(true)
        expect(decided.map((d) => [d.streamId, d.targetId, d.rule, d.transitionAt])).toEqual(
          matching.map((t) => [t.streamId, t.targetId, ruleFor(t), t.at]),
        )
        check(out)
        break
      }
      case 'tick':
        tickExpectingWake(now)
        break
      case 'wake': {
        const wake = n.nextWakeAt()
        if (wake === null) break
        if (wake > now) {
          expect(n.tick(wake - 1)).toEqual([])
          now = wake
        }
        tickExpectingWake(now)
        break
      }
      case 'mute':
        mutes.set(STREAMS[c.stream]!, now + c.forMs)
        n.mute(STREAMS[c.stream]!, now + c.forMs)
        break
      case 'unmute':
        mutes.delete(STREAMS[c.stream]!)
        n.unmute(STREAMS[c.stream]!)
        break
      case 'pause':
        paused = c.forMs === null ? 'indefinitely' : now + c.forMs
        n.pause(paused)
        break
      case 'resume':
        paused = null
        n.resume()
        break
      case 'burst':
        check(n.rejectedBurst(c.count, now))
        break
    }
  }
  // Flush every open window.
  now += 2 * 86_400_000
  tickExpectingWake(now)
  expect(n.nextWakeAt()).toBeNull()
  return { all, n, intervalMs }
}

describe('notifier properties', () => {
  it('holds the invariants over random sequences (seed 4242, 400 runs)', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(configArb, fc.array(cmdArb, { maxLength: 60 }), (config, cmds) => {
        const { all, n, intervalMs } = run(config, cmds)
        for (const d of all)
          seen.add(d.outcome === 'raised' ? `raised:${d.rule}` : d.why.replace(/ until .*/, ''))
        for (const s of STREAMS) {
          const mine = all.filter((d) => d.streamId === s)
          const raised = mine.filter((d) => d.outcome === 'raised').map((d) => d.at)
          for (let i = 1; i < raised.length; i++)
            expect(raised[i]! - raised[i - 1]!).toBeGreaterThanOrEqual(intervalMs)
          const damped = mine.filter((d) => d.why === 'flap damping').length
          const folded = mine.filter((d) => d.rule === 'summary').reduce((sum, d) => sum + d.folded, 0)
          expect(folded).toBe(damped)
        }
        const bursts = all.filter((d) => d.rule === 'rejected-burst').map((d) => d.at)
        for (let i = 1; i < bursts.length; i++)
          expect(bursts[i]! - bursts[i - 1]!).toBeGreaterThanOrEqual(BURST_WINDOW_MS)
        expect(n.log()).toEqual([...all].reverse())
        expect(new Set(all.map((d) => d.id)).size).toBe(all.length)
      }),
      { seed: 4242, numRuns: 400 },
    )
    // The generator reaches every outcome the invariants are about.
    for (const k of [
      'raised:summary',
      'raised:down',
      'raised:rejected-burst',
      'flap damping',
      'muted',
      'paused',
      'quiet hours',
      'stale',
      'startup catch-up',
      'rule off',
    ]) {
      expect(seen, k).toContain(k)
    }
  })
})
