// The schedule schema: defaults, and refusals in words an operator can act on.
import { describe, expect, it } from 'vitest'
import { hostTimeZone, scheduleSchema } from '../../../src/shared/schedule.ts'

function firstError(input: unknown): string {
  const r = scheduleSchema.safeParse(input)
  if (r.success) return 'accepted'
  const issue = r.error.issues[0]
  return `${issue?.path.join('.')}: ${issue?.message}`
}

const weekly = { kind: 'weekly', days: [0], time: '10:00' }

describe('scheduleSchema', () => {
  it('fills in grace 5 min, no end and the host zone; days sorted and unique', () => {
    expect(scheduleSchema.parse({ ...weekly, days: [3, 0, 3] })).toEqual({
      kind: 'weekly',
      days: [0, 3],
      time: '10:00',
      graceMin: 5,
      end: null,
      endGraceMin: 5,
      timeZone: hostTimeZone(),
    })
    expect(scheduleSchema.parse({ kind: 'once', at: '2025-03-30T08:00:00Z' })).toMatchObject({
      endAt: null,
      graceMin: 5,
    })
  })

  it.each([
    [
      { ...weekly, timeZone: 'Mars/Olympus' },
      'timeZone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin)',
    ],
    [{ ...weekly, time: '25:00' }, 'time: expected a time of day as HH:MM (24 h), e.g. 10:00'],
    [{ ...weekly, time: '9:00' }, 'time: expected a time of day as HH:MM (24 h), e.g. 10:00'],
    [{ ...weekly, graceMin: 121 }, 'graceMin: grace must be between 0 and 120 min'],
    [{ ...weekly, endGraceMin: -1 }, 'endGraceMin: grace must be between 0 and 120 min'],
    [{ ...weekly, days: [] }, 'days: choose at least one day of the week'],
    [{ ...weekly, days: [7] }, 'days.0: days are 0 (Sunday) to 6 (Saturday)'],
    [
      { ...weekly, end: { kind: 'time', time: '11:70' } },
      'end.time: expected a time of day as HH:MM (24 h), e.g. 10:00',
    ],
    [{ kind: 'once', at: 'tomorrow' }, 'at: expected an ISO 8601 date and time, e.g. 2025-03-30T10:00:00Z'],
    [
      { kind: 'once', at: '2025-03-30T10:00:00Z', endAt: '2025-03-30T09:00:00Z' },
      'endAt: the expected end must be after the start',
    ],
    [{ kind: 'daily', time: '10:00' }, 'kind: kind must be "once" (a single time) or "weekly"'],
  ])('%j → %s', (input, words) => {
    expect(firstError(input)).toBe(words)
  })
})
