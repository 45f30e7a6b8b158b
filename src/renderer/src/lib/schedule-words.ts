// Words for schedules on the board and the stream page: "next: Sun 10:00", in the
// schedule's own zone (the operator's), never the viewer's.
import type { Millis } from '../../../shared/domain.ts'
import {
  type Schedule,
  type StreamSchedule,
  type WatchState,
  WEEKDAY_NAMES,
} from '../../../shared/schedule.ts'

const formats = new Map<string, Intl.DateTimeFormat>()

function format(key: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = formats.get(`${key} ${timeZone}`)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', ...options })
    formats.set(`${key} ${timeZone}`, f)
  }
  return f
}

const WEEK = 7 * 86_400_000

/** "Sun 10:00" within a week of `now` (a DST hour more), else "30 Mar 2025 10:00", in `timeZone`. */
export function slotTime(at: Millis, timeZone: string, now: Millis): string {
  const hm = format('hm', timeZone, { hour: '2-digit', minute: '2-digit' }).format(at)
  if (at - now <= WEEK + 3_600_000) {
    return `${format('wd', timeZone, { weekday: 'short' }).format(at)} ${hm}`
  }
  return `${format('date', timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(at)} ${hm}`
}

/** "next: Sun 10:00"; null without a next slot. */
export function nextLabel(s: StreamSchedule, now: Millis): string | null {
  return s.next === null ? null : `next: ${slotTime(s.next.startsAt, s.schedule.timeZone, now)}`
}

export const WATCH_WORD: Readonly<Record<WatchState, string>> = {
  late: 'late',
  'ended-early': 'ended early',
  overrunning: 'overrunning',
}

function days(list: readonly number[]): string {
  if (list.length === 7) return 'every day'
  return `every ${list.map((d) => WEEKDAY_NAMES[d]).join(', ')}`
}

/** "every Sun 10:00 ± 5 min, until 11:30 (Europe/Berlin)" / "once, 30 Mar 2025 10:00 ± 5 min (…)". */
export function scheduleSummary(s: Schedule): string {
  const grace = `± ${s.graceMin} min`
  if (s.kind === 'weekly') {
    const end =
      s.end === null ? '' : s.end.kind === 'time' ? `, until ${s.end.time}` : `, for ${s.end.minutes} min`
    return `${days(s.days)} ${s.time} ${grace}${end} (${s.timeZone})`
  }
  const at = Date.parse(s.at)
  const start = slotTime(at, s.timeZone, at - 2 * WEEK)
  const end = s.endAt === null ? '' : `, until ${slotTime(Date.parse(s.endAt), s.timeZone, at - 2 * WEEK)}`
  return `once, ${start} ${grace}${end} (${s.timeZone})`
}
