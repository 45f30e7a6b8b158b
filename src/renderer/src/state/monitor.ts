// The renderer's one store, built from slices. Batches are applied with a single
// setState each (see connect.ts); components read it through narrow selectors.
import { create } from 'zustand'
import type { MonitorSnapshot, UpdateBatch } from '../../../shared/api.ts'
import type { LinkInfo } from '../api/link.ts'
import { createEventLogSlice, type EventLogSlice, eventLogOnBatch } from './events.ts'
import { createHistorySlice, type HistorySlice, historyOnBatch } from './history.ts'
import { initialLink, type LinkSlice, offsetAfter, serverTimeSeen } from './link.ts'
import { initialLiveEvents, LIVE_EVENT_LIMIT, type LiveEventsSlice, mergeEvents } from './live-events.ts'
import { createNotificationsSlice, mergeDecisions, type NotificationsSlice } from './notifications.ts'
import { createRejectedSlice, type RejectedSlice } from './rejected.ts'
import { createScheduleSlice, type ScheduleSlice } from './schedules.ts'
import { createSettingsSaveSlice, type SettingsSaveSlice } from './settings-save.ts'
import { initialStreams, type StreamsSlice, streamsFromSnapshot, streamsOnBatch } from './streams.ts'
import { initialTransitions, type TransitionsSlice, transitionsOnBatch } from './transitions.ts'
import { createUiSlice, type UiSlice } from './ui.ts'
import { createWorkspaceSlice, reloadOnce, type WorkspaceSlice, workspaceStatusSeen } from './workspace.ts'

export interface MonitorActions {
  applySnapshot(snapshot: MonitorSnapshot, localNow?: number): void
  applyBatch(batch: UpdateBatch, localNow?: number): void
  setLink(info: LinkInfo): void
  setLoadError(message: string): void
}

export type MonitorState = StreamsSlice &
  LiveEventsSlice &
  TransitionsSlice &
  LinkSlice &
  HistorySlice &
  UiSlice &
  RejectedSlice &
  SettingsSaveSlice &
  ScheduleSlice &
  EventLogSlice &
  NotificationsSlice &
  WorkspaceSlice &
  MonitorActions

export const useMonitor = create<MonitorState>()((set, get) => ({
  ...initialStreams,
  ...initialLiveEvents,
  ...initialTransitions,
  ...initialLink,
  ...createHistorySlice(set, get),
  ...createUiSlice(set),
  ...createRejectedSlice(set, get),
  ...createSettingsSaveSlice(set),
  ...createScheduleSlice(set),
  ...createEventLogSlice(set, get),
  ...createNotificationsSlice(set),
  ...createWorkspaceSlice(set, get),

  applySnapshot(snapshot, localNow = Date.now()) {
    const seen = workspaceStatusSeen(get(), snapshot.workspace)
    set({
      ...seen.state,
      ...streamsFromSnapshot(snapshot),
      notificationStatus: snapshot.notifications,
      load: 'ready',
      loadError: null,
      clockOffset: snapshot.serverTime - localNow,
    })
    if (seen.switched) reloadOnce(get, set)
  },

  applyBatch(batch, localNow = Date.now()) {
    // A batch from another workspace generation: the page reloads rather than mixing the two.
    const seen = workspaceStatusSeen(get(), batch.workspace)
    set((s) => {
      const history = historyOnBatch(s.history, batch)
      const clockOffset = offsetAfter(s.clockOffset, serverTimeSeen(batch), localNow)
      return {
        ...streamsOnBatch(s, batch),
        ...transitionsOnBatch(s, batch.transitions),
        ...(batch.events.length > 0
          ? { liveEvents: mergeEvents(s.liveEvents, batch.events, LIVE_EVENT_LIMIT) }
          : {}),
        ...eventLogOnBatch(s, batch.events),
        ...(history !== s.history ? { history } : {}),
        ...(batch.notifications ? { notificationStatus: batch.notifications } : {}),
        ...(batch.decisions.length > 0
          ? { notificationLog: mergeDecisions(s.notificationLog, batch.decisions) }
          : {}),
        ...seen.state,
        ...(clockOffset !== s.clockOffset ? { clockOffset } : {}),
        ...(s.load !== 'ready' ? { load: 'ready' as const, loadError: null } : {}),
      }
    })
    if (seen.switched) reloadOnce(get, set)
  },

  setLink: (link) =>
    set((s) => ({
      link,
      lostAt: link.status === 'live' ? null : (s.lostAt ?? (s.link.status === 'live' ? Date.now() : null)),
    })),
  setLoadError: (message) => set({ load: 'error', loadError: message }),
}))

/** Back to the state of a fresh page (tests call this between cases). */
export function resetMonitorState(): void {
  useMonitor.setState(useMonitor.getInitialState(), true)
}
