// Local time of day for quiet hours and for the times people read ("until 15:00").
// The zone is an injected offset function so tests never depend on the host's zone.
import type { Millis } from '../../../shared/domain.ts'
import type { QuietHours } from '../../../shared/notify.ts'

/** Minutes east of UTC at a moment (DST-aware when backed by the host's zone). */
export type UtcOffset = (at: Millis) => number

/** The host's zone, through the Date API (follows DST). */
export const hostUtcOffset: UtcOffset = (at) => -new Date(at).getTimezoneOffset()

const DAY_MS = 86_400_000

function local(at: Millis, offset: UtcOffset): Date {
  return new Date(at + offset(at) * 60_000)
}

const two = (n: number): string => String(n).padStart(2, '0')

/** "14:32" or, with seconds, "14:32:05" in local time. */
export function clockTime(at: Millis, offset: UtcOffset, withSeconds = false): string {
  const d = local(at, offset)
  const hm = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`
  return withSeconds ? `${hm}:${two(d.getUTCSeconds())}` : hm
}

/** "15:00" within a day of `now`, otherwise "2025-03-02 15:00". */
export function untilLabel(until: Millis, now: Millis, offset: UtcOffset): string {
  if (until - now < DAY_MS) return clockTime(until, offset)
  const d = local(until, offset)
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${clockTime(until, offset)}`
}

/** Minutes since local midnight (0–1439). */
export function minuteOfDay(at: Millis, offset: UtcOffset): number {
  const d = local(at, offset)
  return d.getUTCHours() * 60 + d.getUTCMinutes()
}

/** "22:30" → 1350. The settings schema guarantees the shape. */
export function parseTimeOfDay(value: string): number {
  const [h, m] = value.split(':')
  return Number(h) * 60 + Number(m)
}

/** Inside [start, end) local time; wraps midnight when end < start; never when equal or disabled. */
export function inQuietHours(at: Millis, quiet: QuietHours, offset: UtcOffset): boolean {
  if (!quiet.enabled) return false
  const start = parseTimeOfDay(quiet.start)
  const end = parseTimeOfDay(quiet.end)
  if (start === end) return false
  const m = minuteOfDay(at, offset)
  return start < end ? m >= start && m < end : m >= start || m < end
}
