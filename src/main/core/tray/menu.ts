// The tray menu as plain data; the Electron shell turns it into a real Menu and
// performs the actions.
import type { Health, Millis, StreamSnapshot, WorkspaceHealth } from '../../../shared/domain.ts'
import { HEALTH_ORDER } from '../../../shared/domain.ts'
import { PAUSE_CHOICES, type PauseChoice, type PausedUntil } from '../../../shared/notify.ts'
import { shortId } from '../health/format.ts'
import { hostUtcOffset, type UtcOffset } from '../notify/clock.ts'
import {
  CREDENTIALS_REJECTED,
  countsLine,
  healthCounts,
  lateLine,
  pausedLine,
  trayHealthOf,
} from './summary.ts'

export type MenuAction =
  | { kind: 'open-stream'; streamId: string }
  | { kind: 'open-dashboard' }
  | { kind: 'pause-notifications'; choice: PauseChoice }
  | { kind: 'resume-notifications' }
  | { kind: 'quit' }

export type MenuItem =
  | {
      type: 'item'
      id: string
      label: string
      enabled: boolean
      /** Absent on informational rows. */
      action?: MenuAction
      /** Stream rows: the health, for a coloured dot. */
      health?: Health
    }
  | { type: 'separator'; id: string }
  | { type: 'submenu'; id: string; label: string; items: MenuItem[] }

export interface MenuModel {
  items: MenuItem[]
}

export type MenuStream = Pick<
  StreamSnapshot,
  'id' | 'name' | 'status' | 'health' | 'healthReason' | 'healthSince' | 'reconnectDeadline' | 'schedule'
>

export interface TrayMenuInput {
  snapshots: readonly MenuStream[]
  workspaceHealth: WorkspaceHealth
  paused: PausedUntil | null
  now: Millis
  utcOffset?: UtcOffset
  /** Stream rows shown (default 8). */
  maxStreams?: number
  /** FastPix refuses the workspace's access token (the connection status says so). */
  credentialsRejected?: boolean
}

export const MAX_MENU_STREAMS = 8
const MAX_LABEL = 80

const PAUSE_LABELS: Readonly<Record<PauseChoice, string>> = {
  '1h': 'For 1 hour',
  '4h': 'For 4 hours',
  '8h': 'For 8 hours',
  indefinitely: 'Until resumed',
}

const CREDENTIALS_ITEM: MenuItem = {
  type: 'item',
  id: 'credentials',
  label: `${CREDENTIALS_REJECTED} — open to re-enter it…`,
  enabled: true,
  action: { kind: 'open-dashboard' },
}

const RANK: ReadonlyMap<Health, number> = new Map(HEALTH_ORDER.map((h, i) => [h, i]))

function clip(text: string): string {
  return text.length <= MAX_LABEL ? text : `${text.slice(0, MAX_LABEL - 1)}…`
}

function nameOf(s: MenuStream): string {
  return s.name !== null && s.name.trim() !== '' ? s.name.trim() : shortId(s.id)
}

/** "down (must reconnect within 42 s)", "degraded (preparing for 75 s)", "healthy". */
export function streamState(s: MenuStream, now: Millis): string {
  const health = trayHealthOf(s)
  if (health === 'down' && s.reconnectDeadline !== null && now <= s.reconnectDeadline) {
    return `down (must reconnect within ${Math.ceil((s.reconnectDeadline - now) / 1000)} s)`
  }
  const reason = s.status === 'deleted' ? 'deleted' : s.healthReason
  return reason === '' || reason === health || reason === 'live' ? health : `${health} (${reason})`
}

/** Worst health first, then the most recent change, then name. */
export function worstFirst(a: MenuStream, b: MenuStream): number {
  return (
    RANK.get(trayHealthOf(a))! - RANK.get(trayHealthOf(b))! ||
    b.healthSince - a.healthSince ||
    nameOf(a).localeCompare(nameOf(b)) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

function statusLine(input: TrayMenuInput): string {
  if (input.workspaceHealth === 'empty' || input.snapshots.length === 0) return 'No streams yet'
  const late = lateLine(input.snapshots)
  const counts = countsLine(healthCounts(input.snapshots))
  return `Workspace ${input.workspaceHealth} — ${counts}${late === null ? '' : `; ${late}`}`
}

function notificationItems(input: TrayMenuInput, offset: UtcOffset): MenuItem {
  const paused = pausedLine(input.paused, input.now, offset)
  if (paused !== null) {
    return {
      type: 'item',
      id: 'resume',
      label: `Resume notifications (${paused.replace('notifications ', '')})`,
      enabled: true,
      action: { kind: 'resume-notifications' },
    }
  }
  return {
    type: 'submenu',
    id: 'pause',
    label: 'Pause notifications',
    items: PAUSE_CHOICES.map((choice) => ({
      type: 'item',
      id: `pause:${choice}`,
      label: PAUSE_LABELS[choice],
      enabled: true,
      action: { kind: 'pause-notifications', choice },
    })),
  }
}

export function buildTrayMenu(input: TrayMenuInput): MenuModel {
  const max = input.maxStreams ?? MAX_MENU_STREAMS
  const sorted = [...input.snapshots].sort(worstFirst)
  const items: MenuItem[] = [{ type: 'item', id: 'status', label: statusLine(input), enabled: false }]
  // Above the streams: while FastPix refuses the token, the picture may be missing changes.
  if (input.credentialsRejected) items.push(CREDENTIALS_ITEM)
  if (sorted.length > 0) items.push({ type: 'separator', id: 'sep-streams' })
  for (const s of sorted.slice(0, max)) {
    items.push({
      type: 'item',
      id: `stream:${s.id}`,
      label: clip(`${nameOf(s)} — ${streamState(s, input.now)}`),
      enabled: true,
      action: { kind: 'open-stream', streamId: s.id },
      health: trayHealthOf(s),
    })
  }
  const more = sorted.length - max
  if (more > 0) {
    items.push({
      type: 'item',
      id: 'more',
      label: `${more} more ${more === 1 ? 'stream' : 'streams'}…`,
      enabled: true,
      action: { kind: 'open-dashboard' },
    })
  }
  items.push(
    { type: 'separator', id: 'sep-actions' },
    notificationItems(input, input.utcOffset ?? hostUtcOffset),
    {
      type: 'item',
      id: 'open-dashboard',
      label: 'Open dashboard',
      enabled: true,
      action: { kind: 'open-dashboard' },
    },
    { type: 'separator', id: 'sep-quit' },
    { type: 'item', id: 'quit', label: 'Quit', enabled: true, action: { kind: 'quit' } },
  )
  return { items }
}
