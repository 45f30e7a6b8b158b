// The slots of a schedule: when a stream is expected live, until when, and with what
// grace. Pure (the clock is an argument); weekly times are read in the schedule's zone
// by croner, which follows DST (a time that does not exist that day moves forward).
import { Cron } from 'croner'
import type { Millis } from '../../../shared/domain.ts'
import type { Schedule, WeeklySchedule } from '../../../shared/schedule.ts'

export interface Slot {
  startsAt: Millis
  /** Expected end; null when the schedule has none. */
  endsAt: Millis | null
  /** How long after `startsAt` the stream may still go live before it is late. */
  graceMs: number
  /** How far from `endsAt` an end or overrun is still on time. */
  endGraceMs: number
}

const MIN = 60_000
const WEEK = 7 * 86_400_000

function cronOf(time: string, days: string, timeZone: string): Cron {
  const [h, m] = time.split(':')
  // No callback: croner only computes, it never starts a timer.
  return new Cron(`${Number(m)} ${Number(h)} * * ${days}`, { timezone: timeZone })
}

function weeklyEnd(s: WeeklySchedule, startsAt: Millis): Millis | null {
  if (s.end === null) return null
  if (s.end.kind === 'duration') return startsAt + s.end.minutes * MIN
  // The first such time of day after the start (the next day when it is not later that day).
  return cronOf(s.end.time, '*', s.timeZone).nextRun(new Date(startsAt))?.getTime() ?? null
}

function weeklySlots(s: WeeklySchedule, from: Millis, to: Millis): Slot[] {
  const cron = cronOf(s.time, s.days.join(','), s.timeZone)
  const out: Slot[] = []
  // nextRun is strictly after its argument: one millisecond back includes `from` itself.
  let at = cron.nextRun(new Date(from - 1))
  while (at !== null && at.getTime() < to) {
    const startsAt = at.getTime()
    out.push({
      startsAt,
      endsAt: weeklyEnd(s, startsAt),
      graceMs: s.graceMin * MIN,
      endGraceMs: s.endGraceMin * MIN,
    })
    at = cron.nextRun(at)
  }
  return out
}

/** Slots starting in [from, to), oldest first. */
export function slotsBetween(schedule: Schedule, from: Millis, to: Millis): Slot[] {
  if (schedule.kind === 'weekly') return weeklySlots(schedule, from, to)
  const startsAt = Date.parse(schedule.at)
  if (startsAt < from || startsAt >= to) return []
  return [
    {
      startsAt,
      endsAt: schedule.endAt === null ? null : Date.parse(schedule.endAt),
      graceMs: schedule.graceMin * MIN,
      endGraceMs: schedule.endGraceMin * MIN,
    },
  ]
}

/** The first slot starting after `now`; null when there is none (a single time in the past). */
export function nextSlot(schedule: Schedule, now: Millis): Slot | null {
  // Every weekly schedule has a slot within a week (plus a DST hour).
  return slotsBetween(schedule, now + 1, now + WEEK + 2 * 3_600_000)[0] ?? null
}

/** The newest slot whose watch has begun by `now` (its start minus grace is past); null when none. */
export function currentSlot(schedule: Schedule, now: Millis): Slot | null {
  if (schedule.kind === 'once') {
    const slot = slotsBetween(schedule, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)[0]
    return slot !== undefined && slot.startsAt - slot.graceMs <= now ? slot : null
  }
  // A grace is at most 2 h: a slot starting up to then is already being watched.
  const list = slotsBetween(schedule, now - WEEK - 3 * 3_600_000, now + 3 * 3_600_000)
  let best: Slot | null = null
  for (const slot of list) if (slot.startsAt - slot.graceMs <= now) best = slot
  return best
}
