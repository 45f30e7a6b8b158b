// Plain-words times and numbers. Relative times are computed against the monitor's clock.

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "42 s", "3 min 12 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.floor(ms))
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)} s`
  if (abs < HOUR) {
    const m = Math.floor(abs / MINUTE)
    const s = Math.floor((abs % MINUTE) / SECOND)
    return s === 0 || m >= 10 ? `${m} min` : `${m} min ${s} s`
  }
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR)
    const m = Math.floor((abs % HOUR) / MINUTE)
    return m === 0 ? `${h} h` : `${h} h ${m} min`
  }
  const d = Math.floor(abs / DAY)
  const h = Math.floor((abs % DAY) / HOUR)
  return h === 0 ? `${d} d` : `${d} d ${h} h`
}

/** "just now", "12 s ago", "3 min ago"; a stamp slightly ahead of our clock reads "just now". */
export function formatAgo(at: number, now: number): string {
  const diff = now - at
  if (diff < 2 * SECOND) return 'just now'
  return `${formatDuration(diff)} ago`
}

// Formatters are built once: constructing one costs ~0.2 ms, and the board formats
// times for every row on every update.
const ABSOLUTE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})
const ABSOLUTE_MS = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
})
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const HOUR_MINUTE = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const COUNT = new Intl.NumberFormat()

export function formatAbsolute(at: number): string {
  return ABSOLUTE.format(at)
}

/** The absolute time to the millisecond (an event's age at receipt is often under a second). */
export function formatAbsoluteMs(at: number): string {
  return ABSOLUTE_MS.format(at)
}

/** "14:03:27" (local time). */
export function formatClock(at: number): string {
  return CLOCK.format(at)
}

/** "14:03" for axis ticks. */
export function formatHourMinute(at: number): string {
  return HOUR_MINUTE.format(at)
}

export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id
}

export function formatCount(n: number): string {
  return COUNT.format(n)
}

/** "video.live_stream.simulcast_target.broadcasting" → "simulcast target broadcasting". */
export function eventTypeLabel(type: string): string {
  return type
    .replace(/^video\.live_stream\./, '')
    .replace(/[._]/g, ' ')
    .trim()
}
