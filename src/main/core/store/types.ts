// What the rest of the core may ask of the store. The implementation owns a
// node:sqlite database in a worker thread; every write is group-committed and
// its promise resolves only after the transaction (and its fsync) completed.
import type {
  EventPage,
  EventQuery,
  RejectedPage,
  RejectedQuery,
  RetentionSettings,
  TransitionQuery,
} from '../../../shared/api.ts'
import type { MonitorEvent, ReceiverCounters, RejectedDelivery, Transition } from '../../../shared/domain.ts'
import type { Decision } from '../../../shared/notify.ts'
import type { ViewerSample } from '../../../shared/report.ts'
import type { StreamSeries } from '../../../shared/series.ts'
import type { WorkspaceSeries } from '../../../shared/workspace-series.ts'
import type { FoldedSnapshot } from '../health/fold-state.ts'

/** A delivery kept until a signing secret exists (W8). Raw bytes are encrypted at rest. */
export interface HeldDelivery {
  raw: Buffer
  signature: string | null
}

export interface HeldRow {
  eventId: string
  seq: number
  raw: Buffer
  signature: string | null
  receivedAt: number
}

export type CommitOutcome =
  | { outcome: 'stored'; seq: number; duplicateCount: 0 }
  /** seq null: the event was deleted by retention and only its id is remembered (W12). */
  | { outcome: 'duplicate'; seq: number | null; duplicateCount: number }
  /** A delivery to hold that the hold has no room for (W10): nothing was stored. */
  | { outcome: 'refused'; seq: null; duplicateCount: 0 }

/** Caps of the hold of unverified deliveries, per workspace (W10). */
export interface HoldLimits {
  /** Raw bodies plus their stored event JSON, in bytes. */
  maxBytes: number
  maxDeliveries: number
}

/** How long and how many ids of pruned events are remembered (W12). */
export interface PrunedIdBounds {
  /** Days after pruning. */
  maxAgeDays: number
  maxIds: number
}

export interface StoredEvent {
  seq: number
  event: MonitorEvent
}

export interface SnapshotState {
  /** As the health engine keeps them, fold state included (saved as JSON: renaming a field breaks old saves). */
  snapshots: FoldedSnapshot[]
  /** Highest event seq whose effects the snapshots include. */
  throughSeq: number
}

/** One stream's viewer-count reading, as kept. */
export interface StoredViewerSample extends ViewerSample {
  streamId: string
}

/** Rows of one stream (or, without streamId, of all) with `from ≤ at < to`, oldest first. */
export interface SeriesQuery {
  streamId?: string
  from?: number
  to?: number
  /** Default 10,000, at most 100,000. */
  limit?: number
}

export interface StoreStats {
  events: number
  pageCount: number
  pageSize: number
  fileBytes: number
}

export interface Store {
  /**
   * Stores a new event or counts a duplicate of an existing (or pruned) id. With `held`,
   * the delivery is held unverified, or refused when the hold is full.
   */
  commitEvent(event: MonitorEvent, held?: HeldDelivery): Promise<CommitOutcome>
  /** Stores an event the monitor made itself (a reconciler correction): not counted as a delivery. */
  recordEvent(event: MonitorEvent): Promise<CommitOutcome>
  commitRejected(rejected: RejectedDelivery): Promise<void>
  commitProbe(probe: { receivedAt: number; size: number }): Promise<void>
  commitTransitions(transitions: Transition[]): Promise<void>
  commitViewerSamples(samples: StoredViewerSample[]): Promise<void>
  /** Notification decisions, raised and suppressed; one already kept (same id) is left as it is. */
  commitDecisions(decisions: Decision[]): Promise<void>
  saveSnapshots(snapshots: FoldedSnapshot[], throughSeq: number): Promise<void>
  loadSnapshots(): Promise<SnapshotState>
  /** Verified events with seq > afterSeq in seq order (for replay after restart). */
  eventsAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>

  listHeld(limit: number): Promise<HeldRow[]>
  /** Marks a held event verified (keeping its row) and drops its raw body. */
  releaseHeld(eventId: string): Promise<void>
  /** Deletes a held event whose signature failed and records the rejection. */
  rejectHeld(eventId: string, rejected: RejectedDelivery): Promise<void>

  queryEvents(query: EventQuery): Promise<EventPage>
  getEvent(id: string): Promise<MonitorEvent | null>
  listTransitions(query: TransitionQuery): Promise<Transition[]>
  listViewerSamples(query: SeriesQuery): Promise<StoredViewerSample[]>
  listDecisions(query: SeriesQuery): Promise<Decision[]>
  /** The workspace overview over `from ≤ t < to` (resolved, at most 8 days): see workspace-series.ts. */
  workspaceSeries(range: { from: number; to: number }): Promise<WorkspaceSeries>
  /** One stream's chart over `from ≤ t < to` (checked by the caller: at most 8 days). */
  streamSeries(args: { streamId: string; from: number; to: number }): Promise<StreamSeries>
  listRejected(query: RejectedQuery): Promise<RejectedPage>
  /** Signature rejections received at or after `since`. */
  countRejectedSince(since: number): Promise<number>
  counters(): Promise<ReceiverCounters>

  setRetention(retention: RetentionSettings): Promise<void>
  /**
   * New caps of the hold (W10), decided for every held delivery committed after this one;
   * the hold shows as full at once when what it holds already reaches them.
   */
  setHoldLimits(limits: HoldLimits): Promise<void>
  /** Runs one retention pass now (normally timer-driven, in small chunks). */
  applyRetention(now: number): Promise<{ deleted: number }>
  stats(): Promise<StoreStats>
  /** Pragmas and schema version, for D5. */
  settings(): Promise<{
    journalMode: string
    synchronous: number
    busyTimeout: number
    schemaVersion: number
  }>
  close(): Promise<void>
}
