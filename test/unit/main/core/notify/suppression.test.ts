// Each way a notification is suppressed, and what the log says about it.
import { describe, expect, it } from 'vitest'
import { createNotifier } from '../../../../../src/main/core/notify/notifier.ts'
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../../../../../src/shared/notify.ts'
import { HOUR, harness, MIN, settingsWith, streamT, T0, targetT } from './helpers.ts'

const quiet = (start: string, end: string): NotificationSettings =>
  settingsWith({ quietHours: { enabled: true, start, end } })

describe('suppression', () => {
  it('rule off: suppressed and logged, other rules still raise', () => {
    const rules = { ...DEFAULT_NOTIFICATION_SETTINGS.rules, live: false }
    const h = harness({ settings: settingsWith({ rules }) })
    const [live] = h.n.consider([streamT('live')])
    expect(live).toMatchObject({ outcome: 'suppressed', why: 'rule off', title: 'Main Stage is live' })
    expect(h.n.consider([streamT('down', { streamId: 'game' })])[0]!.outcome).toBe('raised')
  })

  it('mute until: suppressed for that stream only, with the end time; raises again after it', () => {
    const h = harness()
    h.n.mute('main', T0 + HOUR)
    expect(h.n.mutedUntil('main')).toBe(T0 + HOUR)
    const [muted, other] = h.n.consider([streamT('down'), streamT('down', { streamId: 'game' })])
    expect(muted).toMatchObject({ outcome: 'suppressed', why: 'muted until 15:31' })
    expect(other!.outcome).toBe('raised')
    h.set(T0 + HOUR - 1)
    expect(h.n.consider([streamT('ended', { at: h.now() })])[0]!.why).toBe('muted until 15:31')
    h.set(T0 + HOUR)
    expect(h.n.mutedUntil('main')).toBeNull()
    expect(h.n.consider([streamT('recovered', { at: T0 + HOUR })])[0]!.outcome).toBe('raised')
  })

  it('mute covers the stream’s simulcast targets; unmute lifts it', () => {
    const h = harness()
    h.n.mute('main', T0 + 4 * HOUR)
    expect(h.n.consider([targetT('starting', 'stalled')])[0]!.why).toBe('muted until 18:31')
    h.n.unmute('main')
    expect(h.n.consider([targetT('stalled', 'broadcasting')])[0]!.outcome).toBe('raised')
  })

  it('pause until a time, and until resumed', () => {
    const h = harness()
    h.n.pause(T0 + 8 * HOUR)
    expect(h.n.pausedUntil()).toBe(T0 + 8 * HOUR)
    expect(h.n.consider([streamT('down')])[0]).toMatchObject({
      outcome: 'suppressed',
      why: 'paused until 22:31',
    })
    h.n.pause('indefinitely')
    expect(h.n.consider([streamT('recovered', { streamId: 'game' })])[0]!.why).toBe('paused until resumed')
    h.n.resume()
    expect(h.n.pausedUntil()).toBeNull()
    expect(h.n.consider([streamT('down', { streamId: 'talk' })])[0]!.outcome).toBe('raised')
  })

  it('a pause ends by itself', () => {
    const h = harness()
    h.n.pause(T0 + HOUR)
    h.set(T0 + HOUR - 1)
    expect(h.n.consider([streamT('live', { streamId: 'game', at: h.now() })])[0]!.why).toBe(
      'paused until 15:31',
    )
    h.set(T0 + HOUR)
    expect(h.n.pausedUntil()).toBeNull()
    expect(h.n.consider([streamT('down', { at: T0 + HOUR })])[0]!.outcome).toBe('raised')
  })

  it.each([
    { zone: 0, start: '14:00', end: '15:00', at: T0, quiet: true },
    { zone: 0, start: '14:32', end: '15:00', at: T0, quiet: false },
    { zone: 0, start: '13:00', end: '14:31', at: T0, quiet: false },
    // Wrapping midnight: 22:00–07:00.
    { zone: 0, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 1, 23, 30), quiet: true },
    { zone: 0, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 2, 3, 0), quiet: true },
    { zone: 0, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 2, 7, 0), quiet: false },
    { zone: 0, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 1, 21, 59), quiet: false },
    // The zone decides: 21:30 UTC is 23:30 at UTC+2, 13:30 at UTC−8.
    { zone: 120, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 1, 21, 30), quiet: true },
    { zone: -480, start: '22:00', end: '07:00', at: Date.UTC(2025, 2, 1, 21, 30), quiet: false },
    // Equal start and end: never quiet.
    { zone: 0, start: '10:00', end: '10:00', at: T0, quiet: false },
  ])('quiet hours $start–$end at UTC$zone min: quiet=$quiet', ({ zone, start, end, at, quiet: q }) => {
    const h = harness({ settings: quiet(start, end), utcOffset: () => zone })
    h.set(at)
    const [d] = h.n.consider([streamT('down', { at })])
    expect(d!.outcome).toBe(q ? 'suppressed' : 'raised')
    if (q) expect(d!.why).toBe('quiet hours')
  })

  it('quiet hours switched off are ignored', () => {
    const s = quiet('00:00', '23:59')
    const h = harness({ settings: { ...s, quietHours: { ...s.quietHours, enabled: false } } })
    expect(h.n.consider([streamT('down')])[0]!.outcome).toBe('raised')
  })

  it('stale: a transition older than 2 min when considered (replay) is never raised', () => {
    const h = harness()
    const [old, fresh] = h.n.consider([
      streamT('down', { at: T0 - 2 * MIN - 1 }),
      streamT('down', { streamId: 'game', at: T0 - 2 * MIN }),
    ])
    expect(old).toMatchObject({ outcome: 'suppressed', why: 'stale', transitionAt: T0 - 2 * MIN - 1 })
    expect(fresh!.outcome).toBe('raised')
  })

  it('startup catch-up: clock and reconcile transitions right after start are not raised, events are', () => {
    let t = T0
    const n = createNotifier({ now: () => t, utcOffset: () => 0 })
    const out = n.consider([
      streamT('unknown', { cause: 'clock', eventId: null }),
      streamT('ended', { streamId: 'game', cause: 'reconcile', eventId: null }),
      streamT('down', { streamId: 'talk' }),
    ])
    expect(out.map((d) => d.why)).toEqual(['startup catch-up', 'startup catch-up', ''])
    t = T0 + 30_000
    expect(n.consider([streamT('unknown', { streamId: 'x', cause: 'clock', at: t })])[0]!.outcome).toBe(
      'raised',
    )
  })

  it('order of reasons: rule off, stale, paused, muted, quiet hours, flap damping', () => {
    const rules = { ...DEFAULT_NOTIFICATION_SETTINGS.rules, down: false }
    const h = harness({ settings: { ...quiet('00:00', '23:59'), rules } })
    h.n.pause('indefinitely')
    h.n.mute('main', T0 + HOUR)
    const whys = () => [
      h.n.consider([streamT('down')])[0]!.why,
      h.n.consider([streamT('recovered', { at: T0 - HOUR })])[0]!.why,
      h.n.consider([streamT('recovered')])[0]!.why,
    ]
    expect(whys()).toEqual(['rule off', 'stale', 'paused until resumed'])
    h.n.resume()
    expect(whys()).toEqual(['rule off', 'stale', 'muted until 15:31'])
    h.n.unmute('main')
    expect(whys()).toEqual(['rule off', 'stale', 'quiet hours'])
    h.n.setSettings({ ...h.n.settings(), quietHours: { enabled: false, start: '00:00', end: '23:59' } })
    expect(whys()).toEqual(['rule off', 'stale', ''])
    expect(whys()).toEqual(['rule off', 'stale', 'flap damping'])
  })

  it('the log keeps raised and suppressed decisions, newest first, bounded', () => {
    const h = harness({ logCapacity: 3 })
    h.n.mute('game', T0 + HOUR)
    h.n.consider([streamT('live'), streamT('live', { streamId: 'game' })])
    expect(h.n.log().map((d) => [d.streamId, d.outcome, d.why])).toEqual([
      ['game', 'suppressed', 'muted until 15:31'],
      ['main', 'raised', ''],
    ])
    h.n.consider([streamT('live', { streamId: 'talk' }), streamT('live', { streamId: 'x' })])
    expect(h.n.log().map((d) => d.streamId)).toEqual(['x', 'talk', 'game'])
    expect(h.n.log(1).map((d) => d.streamId)).toEqual(['x'])
    expect(new Set(h.n.log().map((d) => d.id)).size).toBe(3)
  })

  it('mutes and pause survive a restart through state()', () => {
    const h = harness()
    h.n.mute('main', T0 + HOUR)
    h.n.mute('old', T0 - 1)
    h.n.pause(T0 + 4 * HOUR)
    const saved = h.n.state()
    expect(saved).toEqual({ mutes: { main: T0 + HOUR }, pausedUntil: T0 + 4 * HOUR })
    const again = createNotifier({ now: () => T0, state: saved, utcOffset: () => 0 })
    expect(again.mutedUntil('main')).toBe(T0 + HOUR)
    expect(again.pausedUntil()).toBe(T0 + 4 * HOUR)
  })

  it('setSettings applies to the next decision', () => {
    const h = harness()
    h.n.setSettings(settingsWith({ sound: false }))
    expect(h.n.settings().sound).toBe(false)
    expect(h.n.consider([streamT('down')])[0]!.sound).toBe(false)
  })
})

describe('tunnel lost / restored', () => {
  it('lost is critical with the reason, restored names the URL; the rule switch and a pause suppress', () => {
    const h = harness()
    const [lost] = h.n.tunnel(false, 'could not reach ngrok (no internet?)', T0)
    expect(lost).toMatchObject({ rule: 'tunnel', outcome: 'raised', urgency: 'critical', streamId: null })
    expect(lost!.body).toContain('could not reach ngrok')
    const [back] = h.n.tunnel(true, 'https://x.ngrok.app', T0 + MIN)
    expect(back).toMatchObject({ title: 'Tunnel restored', outcome: 'raised', urgency: 'normal' })
    expect(back!.body).toContain('https://x.ngrok.app')
    h.n.pause('indefinitely')
    expect(h.n.tunnel(false, 'gone', T0 + 2 * MIN)[0]!.why).toBe('paused until resumed')
    const off = harness({
      settings: settingsWith({ rules: { ...DEFAULT_NOTIFICATION_SETTINGS.rules, tunnel: false } }),
    })
    expect(off.n.tunnel(false, 'gone', T0)[0]!.why).toBe('rule off')
  })
})
