// Collects what changed and hands it to subscribers as one batch at most every
// `intervalMs`, so a burst of deliveries never becomes a burst of messages. This is the
// one batching point between a commit and the page (IPC and the WebSocket send each
// batch as it comes). The first change after a quiet interval goes out at once (on the
// next turn of the event loop, after the fold that caused it); later ones coalesce.
import type { MonitorSettings, ReceiverStatus, UpdateBatch } from '../../../shared/api.ts'
import type { ConnectionStatus } from '../../../shared/connection.ts'
import type { MonitorEvent, StreamSnapshot, Transition, WorkspaceHealth } from '../../../shared/domain.ts'
import type { Decision, NotificationStatus } from '../../../shared/notify.ts'

export interface UpdateSource {
  streams(ids: Iterable<string>): { streams: StreamSnapshot[]; removed: string[] }
  receiver(): ReceiverStatus
  workspaceHealth(): WorkspaceHealth
  settings(): MonitorSettings
  notifications(): NotificationStatus
  connection(): ConnectionStatus
}

type Listener = (batch: UpdateBatch) => void

export interface UpdateBus {
  streamChanged(id: string): void
  event(event: MonitorEvent): void
  transitions(list: readonly Transition[]): void
  receiverChanged(): void
  settingsChanged(): void
  decisions(list: readonly Decision[]): void
  notificationsChanged(): void
  connectionChanged(): void
  /** Sequence number of the last batch handed out. */
  seq(): number
  subscribe(listener: Listener): () => void
  /** Emits pending changes now (used on shutdown and by tests). */
  flush(): void
  close(): void
}

/**
 * Under steady load a change waits at most this long for its batch: half a display frame,
 * so a change made just after a batch still reaches the next frame (P3 in the bench).
 */
export const UPDATE_INTERVAL_MS = 8

/** Events per batch are capped; the log view pages the rest from the store. */
const MAX_EVENTS_PER_BATCH = 500

export function createUpdateBus(source: UpdateSource, intervalMs = UPDATE_INTERVAL_MS): UpdateBus {
  const listeners = new Set<Listener>()
  let seq = 0
  let timer: NodeJS.Timeout | null = null
  let immediate: NodeJS.Immediate | null = null
  let lastFlushAt = Number.NEGATIVE_INFINITY
  let closed = false
  let streamIds = new Set<string>()
  let events = new Map<string, MonitorEvent>()
  let transitions: Transition[] = []
  let receiverDirty = false
  let settingsDirty = false
  let decisions: Decision[] = []
  let notificationsDirty = false
  let connectionDirty = false

  function schedule(): void {
    if (timer || immediate || closed) return
    const wait = lastFlushAt + intervalMs - Date.now()
    if (wait > 0) {
      timer = setTimeout(flush, wait)
      timer.unref()
    } else {
      // Leading edge: after a quiet interval, without even a timer's 1 ms floor.
      immediate = setImmediate(flush)
      immediate.unref()
    }
  }

  function cancel(): void {
    if (timer) clearTimeout(timer)
    if (immediate) clearImmediate(immediate)
    timer = null
    immediate = null
  }

  function flush(): void {
    cancel()
    const pending = streamIds.size + events.size + transitions.length + decisions.length
    if (pending === 0 && !receiverDirty && !settingsDirty && !notificationsDirty && !connectionDirty) return
    lastFlushAt = Date.now()
    const { streams, removed } = source.streams(streamIds)
    const eventList = [...events.values()]
    const receiverAlso = receiverDirty || eventList.length > 0
    const batch: UpdateBatch = {
      seq: ++seq,
      streams,
      removedStreamIds: removed,
      events: eventList.slice(-MAX_EVENTS_PER_BATCH),
      transitions,
      receiver: receiverAlso ? source.receiver() : null,
      workspaceHealth: streamIds.size > 0 ? source.workspaceHealth() : null,
      settings: settingsDirty ? source.settings() : null,
      decisions,
      notifications: notificationsDirty ? source.notifications() : null,
      // Receiver counts carry the probe and the held deliveries the connection shows.
      connection: connectionDirty || receiverAlso ? source.connection() : null,
    }
    streamIds = new Set()
    events = new Map()
    transitions = []
    receiverDirty = false
    settingsDirty = false
    decisions = []
    notificationsDirty = false
    connectionDirty = false
    for (const listener of listeners) {
      try {
        listener(batch)
      } catch {
        // A failing subscriber must not starve the others.
      }
    }
  }

  return {
    streamChanged(id) {
      streamIds.add(id)
      schedule()
    },
    event(event) {
      events.set(event.id, event)
      schedule()
    },
    transitions(list) {
      if (list.length === 0) return
      transitions.push(...list)
      for (const t of list) streamIds.add(t.streamId)
      schedule()
    },
    receiverChanged() {
      receiverDirty = true
      schedule()
    },
    settingsChanged() {
      settingsDirty = true
      schedule()
    },
    decisions(list) {
      if (list.length === 0) return
      decisions.push(...list)
      schedule()
    },
    notificationsChanged() {
      notificationsDirty = true
      schedule()
    },
    connectionChanged() {
      connectionDirty = true
      schedule()
    },
    seq: () => seq,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    flush,
    close() {
      flush()
      closed = true
      listeners.clear()
    },
  }
}
