// "FastPix rejected the access token": a workspace-wide decision of its own rule, raised
// when told of a refusal and again (normal urgency) when FastPix takes the token back.
import { describe, expect, it } from 'vitest'
import { DEFAULT_NOTIFICATION_SETTINGS, NOTIFY_RULE_LABELS } from '../../../../../src/shared/notify.ts'
import { harness, MIN, settingsWith, T0 } from './helpers.ts'

const REFUSAL =
  'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.'

describe('credentials rejected / accepted again', () => {
  it('rejected is critical, names FastPix’s words and the way to fix it; accepted again is normal', () => {
    const h = harness()
    const [rejected] = h.n.credentials(REFUSAL, T0)
    expect(rejected).toMatchObject({
      rule: 'credentials',
      title: 'FastPix rejected the access token',
      outcome: 'raised',
      urgency: 'critical',
      sound: true,
      streamId: null,
      targetId: null,
    })
    expect(rejected!.body).toContain(REFUSAL)
    expect(rejected!.body).toContain('Settings → Webhook setup and connection')
    const [back] = h.n.credentials(null, T0 + MIN)
    expect(back).toMatchObject({
      rule: 'credentials',
      title: 'FastPix accepts the access token again',
      outcome: 'raised',
      urgency: 'normal',
    })
    expect(h.n.log().map((d) => d.rule)).toEqual(['credentials', 'credentials'])
  })

  it('obeys its own rule switch, the pause and quiet hours; on by default with a label', () => {
    expect(DEFAULT_NOTIFICATION_SETTINGS.rules.credentials).toBe(true)
    expect(NOTIFY_RULE_LABELS.credentials).toMatch(/rejected the access token/)
    const off = harness({
      settings: settingsWith({ rules: { ...DEFAULT_NOTIFICATION_SETTINGS.rules, credentials: false } }),
    })
    expect(off.n.credentials(REFUSAL, T0)[0]).toMatchObject({ outcome: 'suppressed', why: 'rule off' })
    const paused = harness()
    paused.n.pause('indefinitely')
    expect(paused.n.credentials(REFUSAL, T0)[0]!.why).toBe('paused until resumed')
  })
})
