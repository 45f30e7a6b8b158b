// Broadcast schedules: when a stream is expected live (once, or weekly in a time zone),
// with a grace period, and optionally when it is expected to end. Zod and types only:
// the core (watchdog), the operation table and the renderer (editor, board) share it.
import { z } from 'zod'
import type { Millis } from './domain.ts'

/** 0 = Sunday … 6 = Saturday (as `Date.getDay` and cron count them). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6
export const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** Grace periods are whole minutes, 0–120. */
export const MAX_GRACE_MIN = 120
/** Without an expected end, a stream that never went live stops being late this long after its slot. */
export const LATE_WITHOUT_END_MS = 2 * 3_600_000

export interface OnceSchedule {
  kind: 'once'
  /** ISO 8601 instant the broadcast should be live. */
  at: string
  graceMin: number
  /** ISO 8601 instant it is expected to end; null: no expected end. */
  endAt: string | null
  endGraceMin: number
  /** IANA zone the operator reads clock times in ("expected live at 10:00"). */
  timeZone: string
}

export type WeeklyEnd = { kind: 'time'; time: string } | { kind: 'duration'; minutes: number }

export interface WeeklySchedule {
  kind: 'weekly'
  days: Weekday[]
  /** Local "HH:MM" in `timeZone`. */
  time: string
  graceMin: number
  /** An "HH:MM" end (the next one after the start) or a duration; null: no expected end. */
  end: WeeklyEnd | null
  endGraceMin: number
  timeZone: string
}

export type Schedule = OnceSchedule | WeeklySchedule

/** What the watchdog says about a scheduled stream right now. */
export type WatchState = 'late' | 'ended-early' | 'overrunning'

/** A stream's schedule as its snapshot carries it. */
export interface StreamSchedule {
  schedule: Schedule
  /** The next slot that starts after now; null when none is left (a past single time). */
  next: { startsAt: Millis; endsAt: Millis | null } | null
  watch: WatchState | null
}

/** The host's zone (the default of a new schedule). */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (24 h), e.g. 10:00')
const grace = z
  .number({ error: 'expected a number of minutes' })
  .int('expected whole minutes')
  .min(0, `grace must be between 0 and ${MAX_GRACE_MIN} min`)
  .max(MAX_GRACE_MIN, `grace must be between 0 and ${MAX_GRACE_MIN} min`)
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, {
    error: (issue) => `unknown time zone "${String(issue.input)}" (use an IANA name such as Europe/Berlin)`,
  })
const instant = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d\d-\d\dT/.test(s) && Number.isFinite(Date.parse(s)), {
    error: 'expected an ISO 8601 date and time, e.g. 2025-03-30T10:00:00Z',
  })

const onceSchema = z
  .strictObject({
    kind: z.literal('once'),
    at: instant,
    graceMin: grace.default(5),
    endAt: instant.nullable().default(null),
    endGraceMin: grace.default(5),
    timeZone: timeZone.default(hostTimeZone),
  })
  .refine((s) => s.endAt === null || Date.parse(s.endAt) > Date.parse(s.at), {
    error: 'the expected end must be after the start',
    path: ['endAt'],
  })

const weeklySchema = z.strictObject({
  kind: z.literal('weekly'),
  days: z
    .array(
      z
        .number()
        .int()
        .min(0, 'days are 0 (Sunday) to 6 (Saturday)')
        .max(6, 'days are 0 (Sunday) to 6 (Saturday)'),
    )
    .min(1, 'choose at least one day of the week')
    .max(7)
    .transform((days) => [...new Set(days)].sort() as Weekday[]),
  time: hhmm,
  graceMin: grace.default(5),
  end: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('time'), time: hhmm }),
      z.strictObject({
        kind: z.literal('duration'),
        minutes: z
          .number()
          .int('expected whole minutes')
          .min(1, 'a duration is 1 min to 24 h')
          .max(1440, 'a duration is 1 min to 24 h'),
      }),
    ])
    .nullable()
    .default(null),
  endGraceMin: grace.default(5),
  timeZone: timeZone.default(hostTimeZone),
})

export const scheduleSchema: z.ZodType<Schedule, unknown> = z.discriminatedUnion(
  'kind',
  [onceSchema, weeklySchema],
  { error: 'kind must be "once" (a single time) or "weekly"' },
) as unknown as z.ZodType<Schedule, unknown>

/** schedules.json: stream id → schedule. */
export const savedSchedulesSchema = z.strictObject({
  schedules: z.record(z.string().min(1).max(255), scheduleSchema),
})
export type SavedSchedules = { schedules: Record<string, Schedule> }

const partsFormats = new Map<string, Intl.DateTimeFormat>()

/** Wall-clock fields of an instant in `timeZone`. */
function wallOf(at: Millis, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', number> {
  let f = partsFormats.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    partsFormats.set(timeZone, f)
  }
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0 }
  for (const p of f.formatToParts(at)) if (p.type in out) out[p.type as keyof typeof out] = Number(p.value)
  return out
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** "2025-03-30T10:00": the instant as a wall clock in `timeZone` (the form's datetime-local value). */
export function wallClockOf(at: Millis, timeZone: string): string {
  const w = wallOf(at, timeZone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/**
 * The instant a wall clock "YYYY-MM-DDTHH:MM" in `timeZone` stands for; a time skipped
 * by DST moves forward by the gap, a repeated one takes its first occurrence. Null when malformed.
 */
export function instantOfWallClock(wall: string, timeZone: string): Millis | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(wall)
  if (m === null) return null
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  const offsetAt = (at: Millis): number => {
    const w = wallOf(at, timeZone)
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(at / 60_000) * 60_000
  }
  // The offset before and after the wall time: the earlier reading wins when both fit.
  const candidates = [asUtc - offsetAt(asUtc - 86_400_000), asUtc - offsetAt(asUtc + 86_400_000)]
  for (const at of candidates.sort((a, b) => a - b)) if (wallClockOf(at, timeZone) === wall) return at
  // Inside a DST gap: the later offset puts it after the gap.
  return asUtc - offsetAt(asUtc - 86_400_000)
}
