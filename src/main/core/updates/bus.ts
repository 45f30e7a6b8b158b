// Collects what changed and hands it to subscribers as one batch at most every
// `intervalMs`, so a burst of deliveries never becomes a burst of messages. This is the
// one batching point between a commit and the page (IPC and the WebSocket send each
// batch as it comes). The first change after a quiet interval goes out at once (on the
// next turn of the event loop, after the fold that caused it); later ones coalesce.
import type { MonitorSettings, ReceiverStatus, UpdateBatch } from '../../../shared/api.ts'
import type { MonitorEvent, StreamSnapshot, Transition, WorkspaceHealth } from '../../../shared/domain.ts'
import type { Decision, NotificationStatus } from '../../../shared/notify.ts'
import type { WorkspaceStatus } from '../../../shared/workspace.ts'
import type { Logger } from '../logger.ts'

/** What a batch reads from the running monitor when it goes out. */
export interface MonitorView {
  streams(ids: Iterable<string>): { streams: StreamSnapshot[]; removed: string[] }
  receiver(): ReceiverStatus
  workspaceHealth(): WorkspaceHealth
  settings(): MonitorSettings
  notifications(): NotificationStatus
}

/** Everything a batch reads: the monitor's view and the workspace status its host keeps. */
export interface UpdateSource extends MonitorView {
  workspaceStatus(): WorkspaceStatus
}

type Listener = (batch: UpdateBatch) => void

/** The input half: what changed (read from the source when the batch goes out). */
export interface UpdateSink {
  streamChanged(id: string): void
  event(event: MonitorEvent): void
  transitions(list: readonly Transition[]): void
  receiverChanged(): void
  settingsChanged(): void
  decisions(list: readonly Decision[]): void
  notificationsChanged(): void
  workspaceStatusChanged(): void
  /** Emits pending changes now (used on shutdown and by tests). */
  flush(): void
}

export interface UpdateBus extends UpdateSink {
  /** Sequence number of the last batch handed out. */
  seq(): number
  subscribe(listener: Listener): () => void
  /**
   * Batches wait while `work` runs (changes still collect): for when the source cannot be
   * read, e.g. while the monitor it reads is still opening. They go out after it.
   */
  holding<T>(work: () => Promise<T>): Promise<T>
  close(): void
}

/** A source that reads whichever monitor `view()` gives at the moment a batch goes out. */
export function sourceOf(view: () => MonitorView, workspaceStatus: () => WorkspaceStatus): UpdateSource {
  return {
    streams: (ids) => view().streams(ids),
    receiver: () => view().receiver(),
    workspaceHealth: () => view().workspaceHealth(),
    settings: () => view().settings(),
    notifications: () => view().notifications(),
    workspaceStatus,
  }
}

/**
 * Under steady load a change waits at most this long for its batch: half a display frame,
 * so a change made just after a batch still reaches the next frame (P3 in the bench).
 */
export const UPDATE_INTERVAL_MS = 8

/** Events per batch are capped; the log view pages the rest from the store. */
const MAX_EVENTS_PER_BATCH = 500

export function createUpdateBus(
  source: UpdateSource,
  intervalMs = UPDATE_INTERVAL_MS,
  log?: Pick<Logger, 'error'>,
): UpdateBus {
  const listeners = new Set<Listener>()
  let seq = 0
  let timer: NodeJS.Timeout | null = null
  let immediate: NodeJS.Immediate | null = null
  let lastFlushAt = Number.NEGATIVE_INFINITY
  let closed = false
  let holds = 0
  let streamIds = new Set<string>()
  let events = new Map<string, MonitorEvent>()
  let transitions: Transition[] = []
  let receiverDirty = false
  let settingsDirty = false
  let decisions: Decision[] = []
  let notificationsDirty = false
  let workspaceStatusDirty = false

  function schedule(): void {
    if (timer || immediate || closed || holds > 0) return
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
    if (holds > 0) return
    const pending = streamIds.size + events.size + transitions.length + decisions.length
    if (pending === 0 && !receiverDirty && !settingsDirty && !notificationsDirty && !workspaceStatusDirty)
      return
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
      // Receiver counts carry the probe and the held deliveries the workspace status shows.
      workspace: workspaceStatusDirty || receiverAlso ? source.workspaceStatus() : null,
    }
    streamIds = new Set()
    events = new Map()
    transitions = []
    receiverDirty = false
    settingsDirty = false
    decisions = []
    notificationsDirty = false
    workspaceStatusDirty = false
    for (const listener of listeners) {
      try {
        listener(batch)
      } catch (error) {
        // A failing subscriber must not starve the others.
        log?.error(`update listener failed: ${(error as Error).message}`)
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
    workspaceStatusChanged() {
      workspaceStatusDirty = true
      schedule()
    },
    seq: () => seq,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    flush,
    async holding(work) {
      holds += 1
      cancel()
      try {
        return await work()
      } finally {
        holds -= 1
        schedule()
      }
    },
    close() {
      flush()
      closed = true
      listeners.clear()
    },
  }
}
