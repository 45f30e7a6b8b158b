// Axis and readout words for the overview charts: local times (HH:mm, with the day's
// name over multi-day ranges), counts with thousands separators, lags in ms / s / min.
import { formatCount } from '../../lib/format.ts'

const DAY = 86_400_000
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })
const DAY_TIME = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})
const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short' })

/** A tick on the time axis: "14:05"; over ranges longer than a day "Tue" at midnight, else "Tue 12:00". */
export function formatAxisTime(ms: number, spanMs: number): string {
  if (spanMs <= 1.5 * DAY) return TIME.format(ms)
  const d = new Date(ms)
  return d.getHours() === 0 && d.getMinutes() === 0 ? WEEKDAY.format(ms) : DAY_TIME.format(ms)
}

/** The hovered bucket: "14:05–14:06", or "Tue 14:00–14:30" over ranges longer than a day. */
export function formatReadoutTime(start: number, bucketMs: number, spanMs: number): string {
  const first = spanMs > 1.5 * DAY ? DAY_TIME.format(start) : TIME.format(start)
  return `${first}–${TIME.format(start + bucketMs)}`
}

/** "850 ms", "2.4 s", "12 s", "3.5 min". */
export function formatLag(ms: number): string {
  if (ms < 1_000) return `${formatCount(Math.round(ms))} ms`
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toLocaleString()} s`
  if (ms < 60_000) return `${formatCount(Math.round(ms / 1_000))} s`
  return `${(Math.round(ms / 6_000) / 10).toLocaleString()} min`
}

/** A count tick: whole numbers only, with separators ("1,200"); fractions of a stream are not drawn. */
export function formatCountTick(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : ''
}

/** A rate tick, per minute: "1,200", "2.5". */
export function formatRateTick(n: number): string {
  return formatCount(Math.round(n * 10) / 10)
}
