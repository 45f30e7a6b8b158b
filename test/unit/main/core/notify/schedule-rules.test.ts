// The watchdog's own notification rules: late, and ended early / overrunning, with the words.
import { describe, expect, it } from 'vitest'
import { ruleFor } from '../../../../../src/main/core/notify/rules.ts'
import type { Transition } from '../../../../../src/shared/domain.ts'
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../../../src/shared/notify.ts'
import { harness, settingsWith, streamT, T0 } from './helpers.ts'

const late = streamT(
  {
    fromHealth: 'offline',
    toHealth: 'degraded',
    fromStatus: 'idle',
    toStatus: 'idle',
    fromConnection: 'unknown',
    toConnection: 'unknown',
    reason: 'expected live at 10:00, not live',
  },
  { cause: 'clock', eventId: null, watch: 'late' },
)
const early = streamT(
  {
    fromHealth: 'healthy',
    toHealth: 'degraded',
    fromStatus: 'active',
    toStatus: 'idle',
    fromConnection: 'connected',
    toConnection: 'connected',
    reason: 'ended early (expected until 11:30)',
  },
  { watch: 'ended-early' },
)
const overrun = streamT(
  {
    fromHealth: 'healthy',
    toHealth: 'degraded',
    fromStatus: 'active',
    toStatus: 'active',
    fromConnection: 'connected',
    toConnection: 'connected',
    reason: 'overrunning (expected to end at 11:30)',
  },
  { cause: 'clock', eventId: null, watch: 'overrunning' },
)

describe('watchdog notifications', () => {
  it.each([
    [late, 'late', 'Main Stage is late', 'Expected live at 10:00, not live.', 'critical'],
    [early, 'schedule-end', 'Main Stage ended early', 'Ended early (expected until 11:30).', 'normal'],
    [
      overrun,
      'schedule-end',
      'Main Stage is overrunning',
      'Overrunning (expected to end at 11:30).',
      'normal',
    ],
  ] as [Transition, string, string, string, string][])('%#: %s', (t, rule, title, body, urgency) => {
    expect(ruleFor(t)).toBe(rule)
    const [d, ...rest] = harness().n.consider([t])
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      rule,
      title,
      body,
      urgency,
      outcome: 'raised',
      streamId: 'main',
      transitionAt: T0,
    })
  })

  it('an early end is told as that, not as a plain "ended"', () => {
    const { watch: _, ...plain } = early
    expect(ruleFor(plain)).toBe('ended')
    expect(ruleFor(early)).toBe('schedule-end')
  })

  it('a degraded change without a watch verdict raises nothing', () => {
    expect(ruleFor({ ...late, watch: undefined })).toBeNull()
  })

  it('both rules are on by default and each can be switched off', () => {
    expect(DEFAULT_NOTIFICATION_SETTINGS.rules).toMatchObject({ late: true, 'schedule-end': true })
    const rules = { ...DEFAULT_NOTIFICATION_SETTINGS.rules, late: false }
    const h = harness({ settings: settingsWith({ rules }) })
    expect(h.n.consider([late]).map((d) => d.outcome)).not.toContain('raised')
    expect(h.n.consider([overrun]).map((d) => d.outcome)).toEqual(['raised'])
  })
})
