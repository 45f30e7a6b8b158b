// How a report says times, durations and states to a person, in one time zone. Shared by
// the Markdown and HTML exports so both read the same.
import type { Health } from '../../../shared/domain.ts'
import type { BroadcastReport } from '../../../shared/report.ts'

export interface Wording {
  /** "18:20:05" in the report's zone. */
  time(iso: string): string
  /** "Sun 6 Dec 2026, 18:00:00 UTC". */
  dateTime(iso: string): string
  /** The zone's short name ("UTC", "CET"). */
  zone: string
}

export function wording(timeZone: string): Wording {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
  const zoneName = (iso: string): string =>
    new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  return {
    time: (iso) => time.format(new Date(iso)),
    dateTime: (iso) => `${day.format(new Date(iso))}, ${time.format(new Date(iso))} ${zoneName(iso)}`,
    zone: timeZone,
  }
}

/** "1 h 02 min", "9 min 05 s", "25 s", "400 ms". */
export function span(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const two = (n: number): string => String(n).padStart(2, '0')
  if (h > 0) return `${h} h ${two(m)} min`
  if (m > 0) return s === 0 ? `${m} min` : `${m} min ${two(s)} s`
  return `${s} s`
}

export const HEALTH_WORDS: Readonly<Record<Health, string>> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
  offline: 'Offline',
}

export const OUTAGE_WORDS: Readonly<Record<string, string>> = {
  stalled: 'stalled',
  waiting: 'waiting for the encoder',
  disabled: 'disabled',
}

const ENDED_WORDS: Readonly<Record<NonNullable<BroadcastReport['broadcast']['endedBy']>, string>> = {
  idle: 'ended (idle)',
  disabled: 'ended (stream disabled)',
  deleted: 'ended (stream deleted)',
  window: 'ended: the encoder stayed away past the reconnect window',
}

export function endedWords(b: BroadcastReport['broadcast']): string {
  return b.endedBy === null ? 'still live' : ENDED_WORDS[b.endedBy]
}

export const title = (r: BroadcastReport): string =>
  `${r.stream.name ?? r.stream.id} — broadcast ${r.broadcast.number}`

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

/** The health states worth a row: every one with time in it, always at least "healthy". */
export function healthRows(b: BroadcastReport['broadcast']): { health: Health; ms: number; share: string }[] {
  const order: Health[] = ['healthy', 'degraded', 'down', 'unknown', 'offline']
  return order
    .filter((h) => h === 'healthy' || b.timeInHealthMs[h] > 0)
    .map((h) => ({
      health: h,
      ms: b.timeInHealthMs[h],
      share: b.durationMs > 0 ? `${((b.timeInHealthMs[h] / b.durationMs) * 100).toFixed(1)} %` : '—',
    }))
}
