// The settings schemas: the hold of unsigned deliveries (W10) is a setting beside
// retention; bad values are refused in words that name the field and the range.
import { describe, expect, it } from 'vitest'
import { DEFAULT_THRESHOLDS } from '../../../src/shared/domain.ts'
import { DEFAULT_HOLD, settingsPatchSchema, settingsSchema } from '../../../src/shared/schemas.ts'

const firstIssue = (value: unknown): string => {
  const parsed = settingsPatchSchema.safeParse(value)
  if (parsed.success) return 'accepted'
  const issue = parsed.error.issues[0]
  return `${issue?.path.join('.')}: ${issue?.message}`
}

describe('hold settings', () => {
  it('default to 50 MiB and 10,000 deliveries', () => {
    expect(DEFAULT_HOLD).toEqual({ maxMiB: 50, maxDeliveries: 10_000 })
  })

  it('a patch may change either limit alone', () => {
    expect(settingsPatchSchema.parse({ hold: { maxMiB: 200 } })).toEqual({ hold: { maxMiB: 200 } })
    expect(settingsPatchSchema.parse({ hold: { maxDeliveries: 1 } })).toEqual({ hold: { maxDeliveries: 1 } })
    expect(settingsPatchSchema.parse({ hold: { maxMiB: 4096, maxDeliveries: 1_000_000 } })).toBeTruthy()
  })

  it('refuses what is not a whole number from 1 to the maximum, in words', () => {
    const mib = 'hold.maxMiB: must be a whole number of MiB from 1 to 4,096'
    expect(firstIssue({ hold: { maxMiB: 0 } })).toBe(mib)
    expect(firstIssue({ hold: { maxMiB: -5 } })).toBe(mib)
    expect(firstIssue({ hold: { maxMiB: 1.5 } })).toBe(mib)
    expect(firstIssue({ hold: { maxMiB: 4097 } })).toBe(mib)
    expect(firstIssue({ hold: { maxMiB: '50' } })).toBe(mib)
    expect(firstIssue({ hold: { maxMiB: null } })).toBe(mib)
    const count = 'hold.maxDeliveries: must be a whole number of deliveries from 1 to 1,000,000'
    expect(firstIssue({ hold: { maxDeliveries: 0 } })).toBe(count)
    expect(firstIssue({ hold: { maxDeliveries: 1_000_001 } })).toBe(count)
    expect(firstIssue({ hold: { maxDeliveries: Number.NaN } })).toBe(count)
    expect(firstIssue({ hold: { maxDeliveries: Number.POSITIVE_INFINITY } })).toBe(count)
    expect(firstIssue({ hold: { maxBytes: 10 } })).toMatch(/^hold: .*maxBytes/)
  })

  it('a settings file from before the hold setting existed gets the default hold', () => {
    const older = { thresholds: DEFAULT_THRESHOLDS, retention: { maxAgeDays: 7, maxEvents: 10 } }
    expect(settingsSchema.parse(older)).toEqual({ ...older, hold: DEFAULT_HOLD })
    expect(settingsSchema.safeParse({ ...older, hold: { maxMiB: 0, maxDeliveries: 10 } }).success).toBe(false)
  })
})
