// Slots of a schedule: weekly in a zone (across DST), a single time, grace and ends.
import { describe, expect, it } from 'vitest'
import { currentSlot, nextSlot, slotsBetween } from '../../../../../src/main/core/schedule/slots.ts'
import type { Schedule, WeeklySchedule } from '../../../../../src/shared/schedule.ts'

const MIN = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

function weekly(over: Partial<WeeklySchedule> = {}): WeeklySchedule {
  return {
    kind: 'weekly',
    days: [0],
    time: '10:00',
    graceMin: 5,
    end: null,
    endGraceMin: 5,
    timeZone: 'Europe/Berlin',
    ...over,
  }
}

describe('weekly slots', () => {
  it('every Sunday 10:00 in Berlin: 09:00Z in winter, 08:00Z after the end of March', () => {
    const slots = slotsBetween(weekly(), Date.parse('2025-03-20T00:00Z'), Date.parse('2025-04-10T00:00Z'))
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2025-03-23T09:00:00.000Z',
      '2025-03-30T08:00:00.000Z',
      '2025-04-06T08:00:00.000Z',
    ])
    expect(slots[0]).toMatchObject({ endsAt: null, graceMs: 5 * MIN, endGraceMs: 5 * MIN })
  })

  it('back to winter time at the end of October', () => {
    const slots = slotsBetween(weekly(), Date.parse('2025-10-20T00:00Z'), Date.parse('2025-11-03T00:00Z'))
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2025-10-26T09:00:00.000Z',
      '2025-11-02T09:00:00.000Z',
    ])
  })

  it('a time that does not exist on the DST day moves forward to the first real minute', () => {
    const slots = slotsBetween(
      weekly({ time: '02:30' }),
      Date.parse('2025-03-29T00:00Z'),
      Date.parse('2025-03-31T00:00Z'),
    )
    // 02:00–03:00 never happens in Berlin on 2025-03-30: 03:00 CEST, the first minute after the gap.
    expect(slots.map((x) => iso(x.startsAt))).toEqual(['2025-03-30T01:00:00.000Z'])
  })

  it('several days, in another zone, with an end time that wraps past midnight', () => {
    const s = weekly({
      days: [1, 3],
      time: '23:00',
      end: { kind: 'time', time: '01:15' },
      timeZone: 'America/New_York',
    })
    const slots = slotsBetween(s, Date.parse('2025-06-02T00:00Z'), Date.parse('2025-06-06T00:00Z'))
    expect(slots.map((x) => [iso(x.startsAt), iso(x.endsAt!)])).toEqual([
      ['2025-06-03T03:00:00.000Z', '2025-06-03T05:15:00.000Z'],
      ['2025-06-05T03:00:00.000Z', '2025-06-05T05:15:00.000Z'],
    ])
  })

  it('a duration end, and the end grace', () => {
    const s = weekly({ end: { kind: 'duration', minutes: 90 }, endGraceMin: 10 })
    const [slot] = slotsBetween(s, Date.parse('2025-01-05T00:00Z'), Date.parse('2025-01-06T00:00Z'))
    expect(slot).toEqual({
      startsAt: Date.parse('2025-01-05T09:00Z'),
      endsAt: Date.parse('2025-01-05T10:30Z'),
      graceMs: 5 * MIN,
      endGraceMs: 10 * MIN,
    })
  })

  it('[from, to): a slot at `from` is in, one at `to` is out', () => {
    const at = Date.parse('2025-01-05T09:00Z')
    expect(slotsBetween(weekly(), at, at + 1)).toHaveLength(1)
    expect(slotsBetween(weekly(), at - 1, at)).toHaveLength(0)
  })

  it('nextSlot is strictly after now; currentSlot starts its watch grace before the start', () => {
    const at = Date.parse('2025-01-05T09:00Z')
    expect(nextSlot(weekly(), at)?.startsAt).toBe(at + 7 * 86_400_000)
    expect(nextSlot(weekly(), at - 1)?.startsAt).toBe(at)
    expect(currentSlot(weekly(), at - 5 * MIN)?.startsAt).toBe(at)
    expect(currentSlot(weekly(), at - 5 * MIN - 1)?.startsAt).toBe(at - 7 * 86_400_000)
  })
})

describe('a single time', () => {
  const once: Schedule = {
    kind: 'once',
    at: '2025-03-30T10:00:00+02:00',
    graceMin: 2,
    endAt: '2025-03-30T11:30:00+02:00',
    endGraceMin: 0,
    timeZone: 'Europe/Berlin',
  }
  const start = Date.parse('2025-03-30T08:00Z')

  it('has one slot, inside the range only', () => {
    expect(slotsBetween(once, start - 1, start + 1)).toEqual([
      { startsAt: start, endsAt: Date.parse('2025-03-30T09:30Z'), graceMs: 2 * MIN, endGraceMs: 0 },
    ])
    expect(slotsBetween(once, start + 1, start + 86_400_000)).toEqual([])
  })

  it('is next until it starts, then current forever after', () => {
    expect(nextSlot(once, start - 1)?.startsAt).toBe(start)
    expect(nextSlot(once, start)).toBeNull()
    expect(currentSlot(once, start - 2 * MIN - 1)).toBeNull()
    expect(currentSlot(once, start + 30 * 86_400_000)?.startsAt).toBe(start)
  })
})
