// The settings schema (defaults, migration of older saves, patches), the persisted
// state schema, and the time helpers behind quiet hours and "until 15:00".
import { describe, expect, it } from 'vitest'
import { clockTime, hostUtcOffset, untilLabel } from '../../../../../src/main/core/notify/clock.ts'
import {
  applyNotificationPatch,
  DEFAULT_NOTIFICATION_SETTINGS,
  muteUntil,
  NOTIFY_RULE_LABELS,
  NOTIFY_RULES,
  notificationSettingsPatchSchema,
  notificationSettingsSchema,
  notifierStateSchema,
  pauseUntil,
} from '../../../../../src/shared/notify.ts'
import { HOUR, T0 } from './helpers.ts'

describe('notification settings', () => {
  it('defaults: every rule on, 5 min damping, sound on, burst at 5, quiet hours off', () => {
    expect(notificationSettingsSchema.parse({})).toEqual(DEFAULT_NOTIFICATION_SETTINGS)
    expect(Object.values(DEFAULT_NOTIFICATION_SETTINGS.rules).every(Boolean)).toBe(true)
    expect(DEFAULT_NOTIFICATION_SETTINGS).toMatchObject({
      flapIntervalSec: 300,
      sound: true,
      burstThreshold: 5,
    })
    expect(Object.keys(NOTIFY_RULE_LABELS)).toEqual([...NOTIFY_RULES])
  })

  it('an older save without a newer rule gets that rule on', () => {
    const saved = { rules: { live: false, down: true }, flapIntervalSec: 60 }
    const parsed = notificationSettingsSchema.parse(saved)
    expect(parsed.rules).toMatchObject({ live: false, down: true, tunnel: true, 'rejected-burst': true })
    expect(parsed.flapIntervalSec).toBe(60)
  })

  it.each([
    { quietHours: { enabled: true, start: '24:00', end: '07:00' } },
    { quietHours: { enabled: true, start: '7:00', end: '07:00' } },
    { flapIntervalSec: -1 },
    { burstThreshold: 0 },
    { rules: { nonsense: true } },
    { extra: 1 },
  ])('rejects %j', (bad) => {
    expect(notificationSettingsSchema.safeParse(bad).success).toBe(false)
  })

  it('patches change only what they name', () => {
    const patch = notificationSettingsPatchSchema.parse({
      rules: { live: false },
      quietHours: { start: '23:00' },
    })
    const next = applyNotificationPatch(DEFAULT_NOTIFICATION_SETTINGS, patch)
    expect(next.rules.live).toBe(false)
    expect(next.rules.down).toBe(true)
    expect(next.quietHours).toEqual({ enabled: false, start: '23:00', end: '07:00' })
    expect(next.flapIntervalSec).toBe(300)
  })

  it('persisted state', () => {
    expect(notifierStateSchema.parse({ mutes: { a: 1 }, pausedUntil: 'indefinitely' })).toBeTruthy()
    expect(notifierStateSchema.parse({ mutes: {}, pausedUntil: null })).toBeTruthy()
    expect(notifierStateSchema.safeParse({ mutes: { a: -1 }, pausedUntil: null }).success).toBe(false)
    expect(notifierStateSchema.safeParse({ mutes: {}, pausedUntil: 'later' }).success).toBe(false)
  })

  it('pause and mute choices', () => {
    expect(pauseUntil('1h', T0)).toBe(T0 + HOUR)
    expect(pauseUntil('8h', T0)).toBe(T0 + 8 * HOUR)
    expect(pauseUntil('indefinitely', T0)).toBe('indefinitely')
    expect(muteUntil('4h', T0)).toBe(T0 + 4 * HOUR)
  })
})

describe('local time', () => {
  it('formats in the given zone', () => {
    expect(clockTime(T0, () => 0, true)).toBe('14:31:05')
    expect(clockTime(T0, () => 330)).toBe('20:01')
    expect(clockTime(T0, () => -600)).toBe('04:31')
  })

  it('"until" names the day when it is more than a day away', () => {
    expect(untilLabel(T0 + HOUR, T0, () => 0)).toBe('15:31')
    expect(untilLabel(T0 + 30 * HOUR, T0, () => 0)).toBe('2025-03-02 20:31')
  })

  it('the host zone follows Date', () => {
    expect(hostUtcOffset(T0)).toBe(-new Date(T0).getTimezoneOffset())
  })
})
