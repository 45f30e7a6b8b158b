// Plugs the core's pure tray model and its notification decisions into the desktop
// presence: what the tray shows, which decisions become desktop notifications, and
// pause/resume from the tray (the core decides and remembers; its new state comes
// back in the next update batch).
import { join } from 'node:path'
import type { MonitorApi, UpdateBatch } from '../../shared/api.ts'
import { type Decision, pauseInForce } from '../../shared/notify.ts'
import type { Logger } from '../core/logger.ts'
import { trayIconFor } from '../core/tray/icons.ts'
import { buildTrayMenu, type MenuAction } from '../core/tray/menu.ts'
import { trayTooltip } from '../core/tray/summary.ts'
import type { NotificationView } from './notifications.ts'
import type { PresenceAction, WorkspacePicture } from './presence.ts'
import type { TrayItemView, TrayView } from './tray.ts'

export interface PresenceRulesDeps {
  api: Pick<MonitorApi, 'pauseNotifications'>
  /** Folder holding `icons/tray/*.png` (build/ in development, resources when packaged). */
  resourcesDir: string
  platform: NodeJS.Platform
  darkMenus: () => boolean
  log: Logger
}

export interface PresenceRules {
  buildTrayView(picture: WorkspacePicture, now: number): TrayView<PresenceAction>
  decideNotifications(batch: UpdateBatch): NotificationView<PresenceAction>[]
  /** Pause/resume from the tray; true when the action was about notifications. */
  act(action: PresenceAction): boolean
}

function toPresence(action: MenuAction): PresenceAction {
  return action.kind === 'open-dashboard' ? { kind: 'show-window' } : action
}

function toView(items: ReturnType<typeof buildTrayMenu>['items']): TrayItemView<PresenceAction>[] {
  return items.map((item): TrayItemView<PresenceAction> => {
    if (item.type === 'separator') return { type: 'separator' }
    if (item.type === 'submenu') return { type: 'submenu', label: item.label, items: toView(item.items) }
    return {
      type: 'item',
      label: item.label,
      enabled: item.enabled,
      ...(item.action ? { action: toPresence(item.action) } : {}),
    }
  })
}

/** Only raised decisions become notifications; clicking one opens its stream. */
export function toNotificationViews(decisions: readonly Decision[]): NotificationView<PresenceAction>[] {
  return decisions
    .filter((d) => d.outcome === 'raised')
    .map((d) => ({
      title: d.title,
      body: d.body,
      key: d.streamId ? { kind: 'open-stream', streamId: d.streamId } : { kind: 'show-window' },
      silent: !d.sound,
      urgency: d.urgency,
    }))
}

export function createPresenceRules(deps: PresenceRulesDeps): PresenceRules {
  return {
    buildTrayView(picture, now) {
      const snapshots = [...picture.streams.values()]
      const paused = pauseInForce(picture.pausedUntil, now)
      const icon = trayIconFor(picture.workspaceHealth, {
        paused: paused !== null,
        theme: deps.darkMenus() ? 'dark' : 'light',
        size: deps.platform === 'linux' ? 24 : 16,
      })
      const credentialsRejected = picture.credentialsRejected ?? false
      const menu = buildTrayMenu({
        snapshots,
        workspaceHealth: picture.workspaceHealth,
        paused,
        now,
        credentialsRejected,
      })
      return {
        icon: join(deps.resourcesDir, 'icons', icon.file),
        tooltip: trayTooltip({ snapshots, paused, now, credentialsRejected }),
        items: toView(menu.items),
      }
    },
    decideNotifications: (batch) => toNotificationViews(batch.decisions),
    act(action) {
      if (action.kind !== 'pause-notifications' && action.kind !== 'resume-notifications') return false
      const choice = action.kind === 'pause-notifications' ? action.choice : null
      deps.api.pauseNotifications(choice).catch((error: unknown) => {
        deps.log.warn(`could not change the notification pause: ${(error as Error).message}`)
      })
      return true
    },
  }
}
