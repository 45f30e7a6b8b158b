// Broadcasts: one session of a stream, from its first `active` to the `idle` (or finish,
// disable, delete) that ends it. A disconnect that reconnects inside the reconnect window
// continues the same broadcast; one that doesn't ends it when the window runs out, whether
// or not FastPix's `idle` ever arrives. Derived from stored events in event-time order, so
// redeliveries and late arrivals give the same broadcasts as the clean sequence.
import type { Connection, Millis, StreamStatus } from '../../../shared/domain.ts'

/** What segmentation reads from one of a stream's events (see events/facts.ts). */
export interface LifecycleFact {
  id: string
  at: Millis
  status: StreamStatus | null
  connection: Connection | null
  /** The stream's own reconnect window (s), when the event states it. */
  reconnectWindowSec: number | null
}

export interface Disconnect {
  at: Millis
  /** Until the reconnect, or until the window ran out (or the end came first); null while still open. */
  durationMs: number | null
  /** The encoder came back inside the reconnect window. */
  reconnected: boolean
}

/** Why a broadcast ended: the stream's own status, or the reconnect window running out. */
export type BroadcastEnd = 'idle' | 'disabled' | 'deleted' | 'window'

export interface BroadcastSpan {
  startedAt: Millis
  /** null while the broadcast is still live. */
  endedAt: Millis | null
  endedBy: BroadcastEnd | null
  disconnects: Disconnect[]
  /** The reconnect window (s) in force during this broadcast (the newest one stated before it ended). */
  reconnectWindowSec: number
}

const ENDS: ReadonlySet<StreamStatus> = new Set(['idle', 'disabled', 'deleted'])

/** Facts in event-time order (ties by id), each event once. */
export function orderedFacts(facts: readonly LifecycleFact[]): LifecycleFact[] {
  const byId = new Map<string, LifecycleFact>()
  for (const f of facts) if (!byId.has(f.id)) byId.set(f.id, f)
  return [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * The broadcasts of one stream, oldest first. `now` decides whether a broadcast whose
 * encoder is still away has run out of its window; `reconnectWindowSec` applies until an
 * event states the stream's own.
 */
export function segmentBroadcasts(
  facts: readonly LifecycleFact[],
  options: { reconnectWindowSec: number; now: Millis },
): BroadcastSpan[] {
  const out: BroadcastSpan[] = []
  let windowMs = options.reconnectWindowSec * 1000
  let current: BroadcastSpan | null = null
  let open: { at: Millis; deadline: Millis } | null = null

  const end = (at: Millis, by: BroadcastEnd): void => {
    if (!current) return
    let endAt = at
    let endBy = by
    if (open) {
      if (open.deadline <= at) {
        endAt = open.deadline
        endBy = 'window'
      }
      current.disconnects.push({ at: open.at, durationMs: endAt - open.at, reconnected: false })
      open = null
    }
    current.endedAt = endAt
    current.endedBy = endBy
    current = null
  }

  for (const f of orderedFacts(facts)) {
    if (f.reconnectWindowSec !== null) {
      windowMs = f.reconnectWindowSec * 1000
      if (current && !open) current.reconnectWindowSec = f.reconnectWindowSec
    }
    if (f.status !== null && ENDS.has(f.status)) {
      end(f.at, f.status as BroadcastEnd)
      continue
    }
    // Time alone ends a broadcast whose encoder stayed away past its window.
    if (open && f.at > open.deadline) end(open.deadline, 'window')
    if (open && current && f.connection === 'connected') {
      current.disconnects.push({ at: open.at, durationMs: f.at - open.at, reconnected: true })
      open = null
    }
    if (!current && f.status === 'active') {
      current = {
        startedAt: f.at,
        endedAt: null,
        endedBy: null,
        disconnects: [],
        reconnectWindowSec: windowMs / 1000,
      }
      out.push(current)
    }
    if (current && !open && f.connection === 'disconnected') open = { at: f.at, deadline: f.at + windowMs }
  }
  if (current && open) {
    if (options.now >= open.deadline) end(open.deadline, 'window')
    else current.disconnects.push({ at: open.at, durationMs: null, reconnected: false })
  }
  return out
}
