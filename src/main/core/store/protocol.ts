// Messages between the main-thread client and the store workers. Payloads and
// snapshots cross as JSON strings (serialized once, on the side that has them).
import type {
  EventQuery,
  RejectedPage,
  RejectedQuery,
  RetentionSettings,
  TransitionQuery,
} from '../../../shared/api.ts'
import type { ReceiverCounters, RejectedDelivery, Transition, Verification } from '../../../shared/domain.ts'
import type { StreamSeries } from '../../../shared/series.ts'
import type { WorkspaceSeries } from '../../../shared/workspace-series.ts'
import type { GroupTiming } from '../perf/stages.ts'
import type { DatabaseSettings } from './db.ts'
import type { SeriesArgs } from './series-query.ts'
import type {
  CommitOutcome,
  HoldLimits,
  PrunedIdBounds,
  SeriesQuery,
  StoredViewerSample,
  StoreStats,
} from './types.ts'
import type { SeriesRange } from './workspace-series.ts'

/** An event as the workers see it: names resolved, payload as minified JSON. */
export interface EventRow {
  seq: number
  id: string
  type: string
  streamId: string | null
  simulcastId: string | null
  workspaceId: string | null
  occurredAt: number
  receivedAt: number
  verification: Verification
  duplicateCount: number
  payload: string
}

export type EventInput = Omit<EventRow, 'seq' | 'verification' | 'duplicateCount'>

export type WriteOp =
  | {
      op: 'event'
      event: EventInput
      held: { raw: Uint8Array; signature: string | null } | null
      /** false: the monitor's own record (a reconciler correction), not counted as a delivery. Default true. */
      delivery?: boolean
    }
  | { op: 'rejected'; rejected: RejectedDelivery }
  | { op: 'probe'; receivedAt: number; size: number }
  | { op: 'transitions'; transitions: Transition[] }
  | { op: 'snapshots'; snapshots: { id: string; json: string }[]; throughSeq: number }
  | { op: 'releaseHeld'; eventId: string }
  | { op: 'rejectHeld'; eventId: string; rejected: RejectedDelivery }
  | { op: 'retention'; retention: RetentionSettings }
  | { op: 'holdLimits'; limits: HoldLimits }
  | { op: 'viewers'; samples: StoredViewerSample[] }
  | { op: 'decisions'; decisions: { id: string; at: number; streamId: string | null; json: string }[] }

export interface WriteResults {
  event: CommitOutcome
  rejected: null
  probe: null
  transitions: null
  snapshots: null
  releaseHeld: null
  rejectHeld: null
  retention: null
  holdLimits: null
  viewers: null
  decisions: null
}

export interface WireError {
  message: string
  code?: string
}

export type WriteResult = { ok: true; value: unknown } | { ok: false; error: WireError }

export interface WireHeldRow {
  eventId: string
  seq: number
  raw: Uint8Array
  signature: string | null
  receivedAt: number
}

/** Calls either worker can answer; the client sends reads to the reader. */
export interface ReadCalls {
  queryEvents: { args: EventQuery; result: { events: EventRow[]; nextCursor: string | null } }
  getEvent: { args: string; result: EventRow | null }
  eventsAfter: { args: { afterSeq: number; limit: number }; result: EventRow[] }
  listTransitions: { args: TransitionQuery; result: Transition[] }
  listRejected: { args: RejectedQuery; result: RejectedPage }
  countRejectedSince: { args: number; result: number }
  counters: { args: null; result: ReceiverCounters }
  listHeld: { args: number; result: WireHeldRow[] }
  loadSnapshots: { args: null; result: { json: string[]; throughSeq: number } }
  listViewerSamples: { args: SeriesQuery; result: StoredViewerSample[] }
  /** Decisions as stored (JSON), oldest first. */
  listDecisions: { args: SeriesQuery; result: string[] }
  /** The workspace overview over a resolved range (workspace-series.ts). */
  workspaceSeries: { args: SeriesRange; result: WorkspaceSeries }
  /** One stream's chart over a checked window (series-query.ts). */
  streamSeries: { args: SeriesArgs; result: StreamSeries }
}

/** Calls only the writer answers. */
export interface WriterCalls {
  applyRetention: { args: number; result: { deleted: number } }
  stats: { args: null; result: StoreStats }
  settings: { args: null; result: DatabaseSettings }
  /** Group-commit evidence: transactions committed and writes in them. */
  writeCounts: { args: null; result: { transactions: number; writes: number } }
}

export type Calls = ReadCalls & WriterCalls
export type CallName = keyof Calls

export type ToWorker =
  | { kind: 'write'; id: number; ops: WriteOp[] }
  | { kind: 'call'; id: number; name: CallName; args: unknown }
  | { kind: 'close'; id: number }

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; error: WireError }
  /** `group`: on the last message of a group, how long its transaction took. */
  | { kind: 'written'; id: number; results: WriteResult[]; group?: GroupTiming }
  | { kind: 'reply'; id: number; ok: true; value: unknown }
  | { kind: 'reply'; id: number; ok: false; error: WireError }
  | { kind: 'closed'; id: number }

export interface WorkerConfig {
  file: string
  role: 'writer' | 'reader'
  holdKey: Uint8Array | null
  /** Writer only: retention timer period (0 disables the timer). */
  retentionIntervalMs: number
  /** Writer only: rows deleted per retention transaction. */
  retentionChunk: number
  /** Writer only: retention used until setRetention stores one. */
  retention: RetentionSettings
  /** Writer only: most writes one transaction takes from the queue. */
  maxBatch: number
  /** Writer only: caps of the hold until setHoldLimits changes them, decided per delivery inside the write transaction. */
  holdLimits: HoldLimits
  /** Writer only: bounds of the pruned-id table. */
  prunedIds: PrunedIdBounds
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? { message: error.message, code } : { message: error.message }
  }
  return { message: String(error) }
}
