// One-line workspace summaries for the tray tooltip and the menu's status line.
import type { Health, Millis, StreamSnapshot } from '../../../shared/domain.ts'
import { HEALTH_ORDER } from '../../../shared/domain.ts'
import type { PausedUntil } from '../../../shared/notify.ts'
import { hostUtcOffset, type UtcOffset, untilLabel } from '../notify/clock.ts'

export const APP_NAME = 'FastPix Live Monitor'
/** The tray's words for the connection status's `fastpix.rejected`. */
export const CREDENTIALS_REJECTED = 'FastPix rejected the access token'
/** Windows truncates tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127

/** Deleted streams count as offline, as in the workspace health. */
export function trayHealthOf(s: Pick<StreamSnapshot, 'health' | 'status'>): Health {
  return s.status === 'deleted' ? 'offline' : s.health
}

export function healthCounts(
  snapshots: Iterable<Pick<StreamSnapshot, 'health' | 'status'>>,
): Record<Health, number> {
  const counts: Record<Health, number> = { down: 0, degraded: 0, unknown: 0, healthy: 0, offline: 0 }
  for (const s of snapshots) counts[trayHealthOf(s)]++
  return counts
}

/** "1 down, 2 degraded, 3 healthy" (worst first, zero counts left out); '' with no streams. */
export function countsLine(counts: Record<Health, number>): string {
  return HEALTH_ORDER.filter((h) => counts[h] > 0)
    .map((h) => `${counts[h]} ${h}`)
    .join(', ')
}

/** "1 late" / "2 late": scheduled streams not live by their time plus grace; null when none. */
export function lateLine(snapshots: Iterable<Pick<StreamSnapshot, 'schedule'>>): string | null {
  let late = 0
  for (const s of snapshots) if (s.schedule?.watch === 'late') late++
  return late === 0 ? null : `${late} late`
}

/** "notifications paused until 15:00" / "… until resumed"; null when not paused. */
export function pausedLine(paused: PausedUntil | null, now: Millis, offset: UtcOffset): string | null {
  if (paused === null) return null
  if (paused === 'indefinitely') return 'notifications paused until resumed'
  if (paused <= now) return null
  return `notifications paused until ${untilLabel(paused, now, offset)}`
}

export interface TooltipInput {
  snapshots: Iterable<Pick<StreamSnapshot, 'health' | 'status' | 'schedule'>>
  paused: PausedUntil | null
  now: Millis
  utcOffset?: UtcOffset
  credentialsRejected?: boolean
}

/** "FastPix Live Monitor — 1 down, 2 degraded, 3 healthy; 1 late; notifications paused until 15:00". */
export function trayTooltip(input: TooltipInput): string {
  const snapshots = [...input.snapshots]
  const counts = countsLine(healthCounts(snapshots))
  const parts = [counts === '' ? 'no streams yet' : counts]
  const late = lateLine(snapshots)
  if (late !== null) parts.push(late)
  // First, so Windows' 127 characters never cut it off.
  if (input.credentialsRejected) parts.unshift(CREDENTIALS_REJECTED)
  const paused = pausedLine(input.paused, input.now, input.utcOffset ?? hostUtcOffset)
  if (paused !== null) parts.push(paused)
  const text = `${APP_NAME} — ${parts.join('; ')}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}
