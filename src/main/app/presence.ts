// Desktop presence: keeps a picture of the workspace (streams + health) from the
// MonitorApi and feeds it to the tray and notification adapters. What to show is
// a plug-in (`buildTrayView`, `decideNotifications`): the pure tray model and the
// notification rules (src/main/core/tray/, src/main/core/notify/) go there; until
// they are wired, a basic menu and no notifications.
import type { MonitorApi, UpdateBatch } from '../../shared/api.ts'
import type { StreamSnapshot, WorkspaceHealth } from '../../shared/domain.ts'
import type { Logger } from '../core/logger.ts'
import type { AppEvents } from './events.ts'
import type { NotificationView, Notifier } from './notifications.ts'
import type { TrayAdapter, TrayView } from './tray.ts'

/** What a tray or notification click can ask for. */
export type PresenceAction =
  | { kind: 'show-window' }
  | { kind: 'open-stream'; streamId: string }
  | { kind: 'pause-notifications'; minutes: number | null }
  | { kind: 'resume-notifications' }
  | { kind: 'quit' }

export interface WorkspacePicture {
  workspaceHealth: WorkspaceHealth
  streams: ReadonlyMap<string, StreamSnapshot>
}

export interface PresenceDeps {
  api: MonitorApi
  tray: TrayAdapter<PresenceAction>
  notifier: Notifier<PresenceAction>
  events: AppEvents
  log: Logger
  buildTrayView(picture: WorkspacePicture, now: number): TrayView<PresenceAction>
  /** Decides from one update batch (the transitions in it) what to raise. */
  decideNotifications(
    batch: UpdateBatch,
    picture: WorkspacePicture,
    now: number,
  ): NotificationView<PresenceAction>[]
  now?: () => number
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
  const picture = (): WorkspacePicture => ({ workspaceHealth, streams })
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
    try {
      deps.notifier.show(deps.decideNotifications(batch, picture(), now()))
    } catch (error) {
      deps.log.error(`notification decision failed: ${(error as Error).message}`)
    }
    if (batch.streams.length > 0 || batch.removedStreamIds.length > 0 || batch.workspaceHealth) renderSoon()
  }

  // Batches that arrive while the snapshot loads are applied after it (newer only).
  const early: UpdateBatch[] = []
  let loaded = false
  const unsubscribe = deps.api.onUpdate((batch) => (loaded ? apply(batch) : early.push(batch)))
  const snapshot = await deps.api.getSnapshot()
  for (const s of snapshot.streams) streams.set(s.id, s)
  workspaceHealth = snapshot.workspaceHealth
  loaded = true
  for (const batch of early.splice(0)) if (batch.seq > snapshot.seq) apply(batch)
  render()

  return {
    act(action) {
      switch (action.kind) {
        case 'show-window':
          return deps.events.emit('show-window')
        case 'open-stream':
          return deps.events.emit('open-stream', action.streamId)
        case 'quit':
          return deps.events.emit('quit')
        default:
          // Pausing belongs to the notification rules; logged until they are wired.
          deps.log.info(`presence action not wired yet: ${action.kind}`)
      }
    },
    picture,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      unsubscribe()
      deps.notifier.closeAll()
      deps.tray.destroy()
    },
  }
}

const HEALTH_WORDS: Record<WorkspaceHealth, string> = {
  down: 'a stream is down',
  degraded: 'a stream is degraded',
  unknown: 'a stream’s state is unknown',
  healthy: 'all live streams healthy',
  offline: 'no stream live',
  empty: 'no streams yet',
}

/** Stand-in until the tray model is wired: status line, open, quit. */
export function basicTrayView(iconFile: string) {
  return (picture: WorkspacePicture): TrayView<PresenceAction> => {
    const status = `FastPix Live Monitor — ${HEALTH_WORDS[picture.workspaceHealth]}`
    return {
      icon: iconFile,
      tooltip: status,
      items: [
        { type: 'item', label: status },
        { type: 'separator' },
        { type: 'item', label: 'Open dashboard', action: { kind: 'show-window' } },
        { type: 'item', label: 'Quit', action: { kind: 'quit' } },
      ],
    }
  }
}
