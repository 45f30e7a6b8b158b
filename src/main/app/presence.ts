// Desktop presence: keeps a picture of the workspace (streams + health) from the
// MonitorApi and feeds it to the tray and notification adapters. What to show is
// a plug-in (`buildTrayView`, `decideNotifications`): presence-rules.ts connects the
// pure tray model and notification rules (src/main/core/tray/, src/main/core/notify/).
import type { MonitorApi, UpdateBatch } from '../../shared/api.ts'
import type { StreamSnapshot, WorkspaceHealth } from '../../shared/domain.ts'
import type { PauseChoice, PausedUntil } from '../../shared/notify.ts'
import type { WorkspaceStatus } from '../../shared/workspace.ts'
import type { Logger } from '../core/logger.ts'
import type { DesktopNotifications, NotificationView } from './notifications.ts'
import type { AppSignals } from './signals.ts'
import type { TrayAdapter, TrayView } from './tray.ts'

/** What a tray or notification click can ask for. */
export type PresenceAction =
  | { kind: 'show-window' }
  | { kind: 'open-stream'; streamId: string }
  | { kind: 'pause-notifications'; choice: PauseChoice }
  | { kind: 'resume-notifications' }
  | { kind: 'quit' }

export interface WorkspacePicture {
  workspaceHealth: WorkspaceHealth
  streams: ReadonlyMap<string, StreamSnapshot>
  /** Notifications paused until (as the core last said); null when not paused. */
  pausedUntil: PausedUntil | null
  /** FastPix refuses the workspace's access token (the workspace status's `fastpix.rejected`). */
  credentialsRejected?: boolean
}

export interface PresenceDeps {
  api: MonitorApi
  tray: TrayAdapter<PresenceAction>
  desktopNotifications: DesktopNotifications<PresenceAction>
  signals: AppSignals
  log: Logger
  buildTrayView(picture: WorkspacePicture, now: number): TrayView<PresenceAction>
  /** What to show from one update batch (the core's decisions in it). */
  decideNotifications(batch: UpdateBatch): NotificationView<PresenceAction>[]
  now?: () => number
  /** Pause/resume from the tray (the core owns them; the new state comes back in a batch); true when handled. */
  onNotificationAction?: (action: PresenceAction) => boolean
  /** Tray menus are rebuilt at most this often (ms). */
  trayIntervalMs?: number
}

export interface Presence {
  /** Runs an action from a tray item or a notification click. */
  act(action: PresenceAction): void
  picture(): WorkspacePicture
  stop(): void
}

export async function startPresence(deps: PresenceDeps): Promise<Presence> {
  const now = deps.now ?? Date.now
  const streams = new Map<string, StreamSnapshot>()
  let workspaceHealth: WorkspaceHealth = 'empty'
  let pausedUntil: PausedUntil | null = null
  let credentialsRejected = false
  const picture = (): WorkspacePicture => ({ workspaceHealth, streams, pausedUntil, credentialsRejected })
  /** Whether the workspace status changes what the tray says. */
  const tookWorkspaceStatus = (status: WorkspaceStatus | null | undefined): boolean => {
    const rejected = status?.fastpix.rejected != null
    if (status == null || rejected === credentialsRejected) return false
    credentialsRejected = rejected
    return true
  }
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  const render = (): void => {
    timer = null
    if (stopped) return
    try {
      deps.tray.show(deps.buildTrayView(picture(), now()))
    } catch (error) {
      deps.log.error(`tray update failed: ${(error as Error).message}`)
    }
  }
  const renderSoon = (): void => {
    if (!timer && !stopped) timer = setTimeout(render, deps.trayIntervalMs ?? 1000)
  }

  const apply = (batch: UpdateBatch): void => {
    for (const s of batch.streams) streams.set(s.id, s)
    for (const id of batch.removedStreamIds) streams.delete(id)
    if (batch.workspaceHealth) workspaceHealth = batch.workspaceHealth
    if (batch.notifications) pausedUntil = batch.notifications.pausedUntil
    const workspaceStatusChanged = tookWorkspaceStatus(batch.workspace)
    try {
      deps.desktopNotifications.show(deps.decideNotifications(batch))
    } catch (error) {
      deps.log.error(`notification decision failed: ${(error as Error).message}`)
    }
    if (
      batch.streams.length > 0 ||
      batch.removedStreamIds.length > 0 ||
      batch.workspaceHealth ||
      batch.notifications ||
      workspaceStatusChanged
    )
      renderSoon()
  }

  // Batches that arrive while the snapshot loads are applied after it (newer only).
  const early: UpdateBatch[] = []
  let loaded = false
  const unsubscribe = deps.api.onUpdate((batch) => (loaded ? apply(batch) : early.push(batch)))
  const snapshot = await deps.api.getSnapshot()
  for (const s of snapshot.streams) streams.set(s.id, s)
  workspaceHealth = snapshot.workspaceHealth
  pausedUntil = snapshot.notifications.pausedUntil
  tookWorkspaceStatus(snapshot.workspace)
  loaded = true
  for (const batch of early.splice(0)) if (batch.seq > snapshot.seq) apply(batch)
  render()
  // A pause or mute ends with the clock alone: look again every minute.
  const refresh = setInterval(renderSoon, 60_000)
  refresh.unref()

  return {
    act(action) {
      switch (action.kind) {
        case 'show-window':
          return deps.signals.emit('show-window')
        case 'open-stream':
          return deps.signals.emit('open-stream', action.streamId)
        case 'quit':
          return deps.signals.emit('quit')
        default:
          // Pausing belongs to the core; its new state arrives in the next batch.
          if (!deps.onNotificationAction?.(action))
            deps.log.info(`presence action not handled: ${action.kind}`)
      }
    },
    picture,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      clearInterval(refresh)
      unsubscribe()
      deps.desktopNotifications.closeAll()
      deps.tray.destroy()
    },
  }
}
