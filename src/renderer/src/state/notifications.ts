// Notification controls and log: the core's status (rules, pause, mutes) from the
// snapshot and batches, the log loaded on demand and extended by each batch's
// decisions, and the actions that change them through MonitorApi.
import type {
  Decision,
  MuteChoice,
  NotificationSettingsPatch,
  NotificationStatus,
  PauseChoice,
} from '../../../shared/notify.ts'
import { storeApi } from './api-ref.ts'

/** Newest decisions kept in the page (the core keeps its own 500). */
export const NOTIFICATION_LOG_LIMIT = 500

export interface NotificationLog {
  state: 'idle' | 'loading' | 'ready' | 'error'
  /** Newest first. */
  items: Decision[]
  error: string | null
}

export interface NotificationAction {
  state: 'idle' | 'saving' | 'saved' | 'error'
  error: string | null
}

export interface NotificationsSlice {
  notificationStatus: NotificationStatus | null
  notificationLog: NotificationLog
  notificationAction: NotificationAction
  loadNotificationLog(): Promise<void>
  updateNotificationSettings(patch: NotificationSettingsPatch): Promise<boolean>
  muteStream(streamId: string, choice: MuteChoice | null): Promise<boolean>
  pauseNotifications(choice: PauseChoice | null): Promise<boolean>
}

type State = Pick<NotificationsSlice, 'notificationStatus' | 'notificationLog' | 'notificationAction'>
type Set = (fn: (s: State) => Partial<State>) => void

export const initialNotifications: State = {
  notificationStatus: null,
  notificationLog: { state: 'idle', items: [], error: null },
  notificationAction: { state: 'idle', error: null },
}

/** A batch's new decisions go on top of the loaded log (ids already there are skipped). */
export function mergeDecisions(log: NotificationLog, fresh: readonly Decision[]): NotificationLog {
  if (fresh.length === 0) return log
  const known = new Set(log.items.map((d) => d.id))
  const added = fresh.filter((d) => !known.has(d.id)).reverse()
  if (added.length === 0) return log
  return { ...log, items: [...added, ...log.items].slice(0, NOTIFICATION_LOG_LIMIT) }
}

export function createNotificationsSlice(set: Set): NotificationsSlice {
  let request = 0
  async function act(call: () => Promise<NotificationStatus>): Promise<boolean> {
    set(() => ({ notificationAction: { state: 'saving', error: null } }))
    try {
      const status = await call()
      set(() => ({ notificationStatus: status, notificationAction: { state: 'saved', error: null } }))
      return true
    } catch (error) {
      set(() => ({ notificationAction: { state: 'error', error: (error as Error).message } }))
      return false
    }
  }
  return {
    ...initialNotifications,
    async loadNotificationLog() {
      const mine = ++request
      set((s) => ({ notificationLog: { ...s.notificationLog, state: 'loading', error: null } }))
      try {
        const items = await storeApi().listNotifications({ limit: NOTIFICATION_LOG_LIMIT })
        if (mine !== request) return
        // Decisions pushed while the request was in flight stay (merged by id).
        set((s) => ({
          notificationLog: mergeDecisions(
            { state: 'ready', items, error: null },
            [...s.notificationLog.items].reverse(),
          ),
        }))
      } catch (error) {
        if (mine !== request) return
        set((s) => ({
          notificationLog: { ...s.notificationLog, state: 'error', error: (error as Error).message },
        }))
      }
    },
    updateNotificationSettings: (patch) => act(() => storeApi().updateNotificationSettings(patch)),
    muteStream: (streamId, choice) => act(() => storeApi().muteStream(streamId, choice)),
    pauseNotifications: (choice) => act(() => storeApi().pauseNotifications(choice)),
  }
}
