// Notification adapter: shows a list of already-decided notifications with
// Electron's Notification. Which transitions notify (rules, mutes, quiet hours,
// flap damping) is decided elsewhere (src/main/core/notify/, pure).
import type { Notification, NotificationConstructorOptions } from 'electron'
import type { Logger } from '../core/logger.ts'

export interface NotificationView<K> {
  title: string
  body: string
  /** Passed back on click (e.g. the stream to open). */
  key: K
  silent?: boolean
  urgency?: 'low' | 'normal' | 'critical'
}

export interface NotificationElectron {
  Notification: (new (options: NotificationConstructorOptions) => Notification) & { isSupported(): boolean }
}

export interface DesktopNotifications<K> {
  show(list: readonly NotificationView<K>[]): void
  closeAll(): void
}

/** Shown notifications are kept referenced until closed, or a garbage-collected one loses its click. */
const MAX_KEPT = 50

export function createDesktopNotifications<K>(
  electron: NotificationElectron,
  onClick: (key: K) => void,
  log: Logger,
): DesktopNotifications<K> {
  const kept = new Set<Notification>()
  let warned = false
  return {
    show(list) {
      if (list.length === 0) return
      if (!electron.Notification.isSupported()) {
        if (!warned) log.warn('desktop notifications are not supported here')
        warned = true
        return
      }
      for (const view of list) {
        const n = new electron.Notification({
          title: view.title.slice(0, 200),
          body: view.body.slice(0, 1000),
          silent: view.silent ?? true,
          ...(view.urgency ? { urgency: view.urgency } : {}),
        })
        const forget = (): void => {
          kept.delete(n)
        }
        n.on('click', () => {
          forget()
          onClick(view.key)
        })
        n.on('close', forget)
        n.on('failed', (_event, error) => {
          forget()
          log.warn(`notification failed: ${error}`)
        })
        kept.add(n)
        if (kept.size > MAX_KEPT) {
          const oldest = kept.values().next().value
          if (oldest) kept.delete(oldest)
        }
        n.show()
      }
    },
    closeAll() {
      for (const n of kept) n.close()
      kept.clear()
    },
  }
}
