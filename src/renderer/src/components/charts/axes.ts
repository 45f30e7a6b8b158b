// Readable axes: local times (HH:mm; a day name on ranges over a day and a half) and whole
// counts with thousands separators. uPlot's x values are seconds.
import type uPlot from 'uplot'
import { formatCount } from '../../lib/format.ts'

// 24-hour clock whatever the locale's habit ("14:05", not "2:05 PM"): compact and unambiguous on an axis.
const HOUR_MINUTE = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})
const DAY_NAME = new Intl.DateTimeFormat(undefined, { weekday: 'short' })

const DAY_AND_HALF_MS = 36 * 3_600_000

/** "14:05" — or on long ranges "Mon 14:05". */
export function formatAxisTime(at: number, spanMs: number): string {
  return spanMs > DAY_AND_HALF_MS
    ? `${DAY_NAME.format(at)} ${HOUR_MINUTE.format(at)}`
    : HOUR_MINUTE.format(at)
}

/** "Mon 14:05" whatever the range (the hover readout on long ranges). */
export const formatDayTime = (at: number): string => `${DAY_NAME.format(at)} ${HOUR_MINUTE.format(at)}`

/** "14:05:09" (the hover readout on short ranges). */
export const formatClock24 = (at: number): string => CLOCK.format(at)

/** Room (CSS px) between time ticks: day names need more. */
export const timeTickSpace = (spanMs: number): number => (spanMs > DAY_AND_HALF_MS ? 110 : 70)

/** Tick labels of a time axis over `spanMs` (splits in seconds). */
export const timeTicks =
  (spanMs: () => number) =>
  (_u: uPlot, splits: number[]): string[] =>
    splits.map((s) => formatAxisTime(s * 1000, spanMs()))

/** Tick labels of a count axis: whole numbers with separators; fractional splits stay blank. */
export const countTicks = (_u: uPlot, splits: number[]): string[] =>
  splits.map((s) => (Number.isInteger(s) ? formatCount(s) : ''))

/** Tick steps of a count axis: whole numbers only. */
export const COUNT_INCRS: number[] = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2.5e3, 5e3, 1e4, 2e4, 2.5e4, 5e4, 1e5, 2e5, 2.5e5,
  5e5, 1e6, 2e6, 5e6, 1e7,
]

/** Time tick steps (seconds): minutes to days, aligned so the labels fall on round local times. */
export const TIME_INCRS: number[] = [
  60,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10800,
  21600,
  43200,
  86400,
  2 * 86400,
]
