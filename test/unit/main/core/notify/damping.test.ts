// Flap damping (one notification per stream per interval, then one summary) and
// bursts of rejected deliveries (once per burst window).
import { describe, expect, it } from 'vitest'
import { BURST_WINDOW_MS } from '../../../../../src/main/core/notify/notifier.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../../src/shared/notify.ts'
import { HOUR, harness, MIN, settingsWith, streamT, T0, targetT } from './helpers.ts'

describe('flap damping', () => {
  it('raises the first change, folds the rest, and sums them up when the interval ends', () => {
    const h = harness()
    expect(h.n.consider([streamT('down', { streamId: 'game' })])[0]!.outcome).toBe('raised')
    expect(h.n.nextWakeAt()).toBeNull()
    const steps = ['recovered', 'down', 'recovered', 'down'] as const
    for (const [i, shape] of steps.entries()) {
      h.set(T0 + (i + 1) * MIN)
      const [d] = h.n.consider([streamT(shape, { streamId: 'game', at: h.now() })])
      expect(d).toMatchObject({ outcome: 'suppressed', why: 'flap damping' })
    }
    h.set(T0 + 4 * MIN + 10_000)
    h.n.consider([streamT('flapping', { streamId: 'game', at: h.now() })])
    expect(h.n.nextWakeAt()).toBe(T0 + 5 * MIN)
    expect(h.n.tick(T0 + 5 * MIN - 1)).toEqual([])
    const [summary, ...rest] = h.n.tick(T0 + 5 * MIN)
    expect(rest).toEqual([])
    expect(summary).toMatchObject({
      rule: 'summary',
      streamId: 'game',
      outcome: 'raised',
      title: 'Gaming Night: 5 more changes in 5 min',
      body: 'Now degraded (flapping: 3 disconnects in 5 min).',
      urgency: 'critical',
      folded: 5,
      at: T0 + 5 * MIN,
      transitionAt: null,
    })
  })

  it('a raised summary starts the next interval; a quiet stream closes its window', () => {
    const h = harness()
    h.n.consider([streamT('down')])
    h.set(T0 + MIN)
    h.n.consider([streamT('recovered', { at: h.now() })])
    expect(h.n.tick(T0 + 5 * MIN)).toHaveLength(1)
    h.set(T0 + 6 * MIN)
    // Within the summary's interval: folded again.
    expect(h.n.consider([streamT('down', { at: h.now() })])[0]!.why).toBe('flap damping')
    expect(h.n.nextWakeAt()).toBe(T0 + 10 * MIN)
    expect(h.n.tick(T0 + 10 * MIN)[0]).toMatchObject({
      title: 'Main Stage: 1 more change in 5 min',
      folded: 1,
    })
    // Nothing folded in the next interval: no summary, and the next change raises.
    expect(h.n.nextWakeAt()).toBeNull()
    h.set(T0 + 15 * MIN)
    expect(h.n.tick(h.now())).toEqual([])
    expect(h.n.consider([streamT('recovered', { at: h.now() })])[0]!.outcome).toBe('raised')
  })

  it('damps per stream, counting its simulcast targets, not across streams', () => {
    const h = harness()
    const out = h.n.consider([
      streamT('live'),
      targetT('starting', 'stalled', { at: T0 }),
      streamT('live', { streamId: 'game' }),
    ])
    expect(out.map((d) => [d.streamId, d.outcome])).toEqual([
      ['main', 'raised'],
      ['main', 'suppressed'],
      ['game', 'raised'],
    ])
  })

  it('an overdue summary is emitted before the next transition is considered', () => {
    const h = harness()
    h.n.consider([streamT('down')])
    h.n.consider([streamT('recovered')])
    h.set(T0 + 7 * MIN)
    const out = h.n.consider([streamT('down', { at: h.now() })])
    expect(out.map((d) => [d.rule, d.outcome, d.why])).toEqual([
      ['summary', 'raised', ''],
      ['down', 'suppressed', 'flap damping'],
    ])
    expect(out[0]!.at).toBe(T0 + 7 * MIN)
  })

  it('a summary due while paused or muted is logged as suppressed and the window closes', () => {
    const h = harness()
    h.n.consider([streamT('down')])
    h.n.consider([streamT('recovered')])
    h.n.mute('main', T0 + HOUR)
    const [summary] = h.n.tick(T0 + 5 * MIN)
    expect(summary).toMatchObject({ outcome: 'suppressed', why: 'muted until 15:31', folded: 1 })
    expect(h.n.nextWakeAt()).toBeNull()
  })

  it('interval 0 turns damping off; a custom interval shows in the summary', () => {
    const off = harness({ settings: settingsWith({ flapIntervalSec: 0 }) })
    const out = off.n.consider([streamT('down'), streamT('recovered'), streamT('down')])
    expect(out.every((d) => d.outcome === 'raised')).toBe(true)
    const short = harness({ settings: settingsWith({ flapIntervalSec: 90 }) })
    short.n.consider([streamT('down'), streamT('recovered')])
    expect(short.n.nextWakeAt()).toBe(T0 + 90_000)
    expect(short.n.tick(T0 + 90_000)[0]!.title).toBe('Main Stage: 1 more change in 90 s')
  })

  it('suppressed decisions (muted, quiet, stale) never open a window', () => {
    const h = harness()
    h.n.mute('main', T0 + MIN)
    h.n.consider([streamT('down')])
    h.set(T0 + MIN)
    expect(h.n.consider([streamT('recovered', { at: h.now() })])[0]!.outcome).toBe('raised')
  })
})

describe('burst of rejected deliveries', () => {
  it('raises once at the threshold, then not again within the burst window', () => {
    const h = harness()
    expect(h.n.rejectedBurst(4, T0)).toEqual([])
    const [d] = h.n.rejectedBurst(5, T0)
    expect(d).toMatchObject({
      rule: 'rejected-burst',
      outcome: 'raised',
      streamId: null,
      title: 'Webhook deliveries rejected',
      body: '5 deliveries failed the signature check in the last 5 min — wrong signing secret?',
      urgency: 'critical',
    })
    expect(h.n.rejectedBurst(40, T0 + BURST_WINDOW_MS - 1)).toEqual([])
    expect(h.n.rejectedBurst(2, T0 + BURST_WINDOW_MS)).toEqual([])
    expect(h.n.rejectedBurst(9, T0 + BURST_WINDOW_MS + 1)[0]!.body).toMatch(/^9 deliveries/)
  })

  it('follows the threshold setting, the rule switch and the pause', () => {
    const rules = { ...DEFAULT_NOTIFICATION_SETTINGS.rules, 'rejected-burst': false }
    const h = harness({ settings: settingsWith({ burstThreshold: 2, rules }) })
    expect(h.n.rejectedBurst(2, T0)[0]).toMatchObject({ outcome: 'suppressed', why: 'rule off' })
    h.n.setSettings(settingsWith({ burstThreshold: 2 }))
    h.n.pause('indefinitely')
    expect(h.n.rejectedBurst(3, T0 + BURST_WINDOW_MS)[0]!.why).toBe('paused until resumed')
    expect(h.n.log().map((d) => d.rule)).toEqual(['rejected-burst', 'rejected-burst'])
  })
})
