// Plugs the core's pure tray model and notification decisions into the desktop
// presence: what the tray shows, which decisions become desktop notifications,
// pause/resume from the tray, and the summaries flap damping owes later.
import { join } from 'node:path'
import type { UpdateBatch } from '../../shared/api.ts'
import type { Decision } from '../../shared/notify.ts'
import { pauseUntil } from '../../shared/notify.ts'
import type { Notifier as CoreNotifier } from '../core/notify/index.ts'
import { buildTrayMenu, type MenuAction, trayIconFor, trayTooltip } from '../core/tray/index.ts'
import type { NotificationView } from './notifications.ts'
import type { PresenceAction, WorkspacePicture } from './presence.ts'
import type { TrayItemView, TrayView } from './tray.ts'

export interface PresenceRulesDeps {
  notifier: CoreNotifier
  /** Folder holding `icons/tray/*.png` (build/ in development, resources when packaged). */
  resourcesDir: string
  platform: NodeJS.Platform
  darkMenus: () => boolean
}

export interface PresenceRules {
  buildTrayView(picture: WorkspacePicture, now: number): TrayView<PresenceAction>
  decideNotifications(
    batch: UpdateBatch,
    picture: WorkspacePicture,
    now: number,
  ): NotificationView<PresenceAction>[]
  /** Pause/resume from the tray; true when the action was about notifications. */
  act(action: PresenceAction, now: number): boolean
  /** Summaries that fall due with no new batch (flap damping), shown through `show`. */
  startClock(show: (views: NotificationView<PresenceAction>[]) => void, now: () => number): () => void
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
  const { notifier } = deps
  return {
    buildTrayView(picture, now) {
      const snapshots = [...picture.streams.values()]
      const paused = notifier.pausedUntil()
      const icon = trayIconFor(picture.workspaceHealth, {
        paused: paused !== null,
        theme: deps.darkMenus() ? 'dark' : 'light',
        size: deps.platform === 'linux' ? 24 : 16,
      })
      const menu = buildTrayMenu({ snapshots, workspaceHealth: picture.workspaceHealth, paused, now })
      return {
        icon: join(deps.resourcesDir, 'icons', icon.file),
        tooltip: trayTooltip({ snapshots, paused, now }),
        items: toView(menu.items),
      }
    },
    decideNotifications(batch, picture, now) {
      const decisions = notifier.consider(batch.transitions, { streams: [...picture.streams.values()] })
      if (batch.receiver)
        decisions.push(...notifier.rejectedBurst(batch.receiver.recentSignatureRejections, now))
      return toNotificationViews(decisions)
    },
    act(action, now) {
      if (action.kind === 'pause-notifications') {
        notifier.pause(pauseUntil(action.choice, now))
        return true
      }
      if (action.kind === 'resume-notifications') {
        notifier.resume()
        return true
      }
      return false
    },
    startClock(show, now) {
      let timer: NodeJS.Timeout | null = null
      const arm = (): void => {
        const at = notifier.nextWakeAt()
        // Re-checked at least every minute: settings or a pause may move the next moment.
        const delay = at === null ? 60_000 : Math.min(60_000, Math.max(250, at - now()))
        timer = setTimeout(() => {
          show(toNotificationViews(notifier.tick(now())))
          arm()
        }, delay)
        timer.unref()
      }
      arm()
      return () => {
        if (timer) clearTimeout(timer)
      }
    },
  }
}
