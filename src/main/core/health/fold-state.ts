// The health model's own state: what it needs to keep folding a stream's events, kept
// on its snapshots and saved with them (the store keeps snapshots as JSON, field names
// included). It never leaves the core: `publicSnapshot` drops it.
import type { Millis, SimulcastTargetSnapshot, StreamSnapshot, TargetState } from '../../../shared/domain.ts'

/** Order key of a last-writer-wins field: event time first, event id breaks ties. */
export interface EventStamp {
  at: Millis
  id: string
}

/**
 * What the health model needs to keep folding a stream's events after a restore.
 * Every field is a join over the events seen (newest stamp wins, sets keyed by
 * event id), so any order or duplication of the same events gives the same value.
 */
export interface StreamFoldState {
  /** Status events of the current status run, oldest first; the first one started the run (bounded). */
  statusRun: EventStamp[]
  /** The newest status event before the run (it carried a different status). */
  statusBoundary: EventStamp | null
  connection: EventStamp | null
  name: EventStamp | null
  /** `data.reconnectWindow` reported by the stream itself (s), and the event that set it. */
  reconnectWindowSec: number | null
  reconnectWindow: EventStamp | null
  recording: EventStamp | null
  /** Newest event that put the stream in `idle`, `disabled` or `deleted`. */
  ended: EventStamp | null
  /** `disconnected` events, oldest first, bounded to the newest few. */
  disconnects: EventStamp[]
  /** Events of the current encoder-link run, oldest first (bounded); absent in folds saved before it existed. */
  connectionRun?: EventStamp[]
  /** The newest connection event before the run (it carried the other link state). */
  connectionBoundary?: EventStamp | null
}

/** Fold state of one simulcast target (see StreamFoldState). */
export interface TargetFoldState {
  /** Last of created (`idle`) / starting / broadcasting / deleted. */
  reported: TargetState | null
  reportedAt: EventStamp | null
  /** Newest event with `isEnabled: true` / `false`. */
  enabledAt: EventStamp | null
  disabledAt: EventStamp | null
  destinationAt: EventStamp | null
  /** Newest event that carried `metadata` (it sets `label`); absent in folds saved before it existed. */
  labelAt?: EventStamp | null
  lastEvent: EventStamp
}

/** A target as the health model keeps it. */
export interface FoldedTarget extends SimulcastTargetSnapshot {
  /** Fold state (absent on targets not built by the health model). */
  fold?: TargetFoldState
}

/** A stream snapshot as the health model keeps (and the store saves) it. */
export interface FoldedSnapshot extends StreamSnapshot {
  simulcastTargets: FoldedTarget[]
  /** Fold state (absent on snapshots not built by the health model, e.g. saved by an older version). */
  fold?: StreamFoldState
}
