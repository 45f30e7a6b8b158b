// The durable event store: a writer worker (group-committed writes, retention)
// and a reader worker (queries) over one SQLite file in WAL mode. Reads get their
// own thread so a long search never delays a commit, and the main thread never
// queries SQLite (it only holds the folder's lock).
import { dirname } from 'node:path'
import type { RetentionSettings } from '../../../shared/api.ts'
import type { MonitorEvent, RejectedDelivery } from '../../../shared/domain.ts'
import type { Decision } from '../../../shared/notify.ts'
import { payloadJson } from '../events/redact-json.ts'
import type { FoldedSnapshot } from '../health/fold-state.ts'
import { defaultWorkerUrl, MAX_BATCH, StoreError, startWorker, type WorkerClient } from './client.ts'
import { type FolderLock, lockFolder } from './folder-lock.ts'
import { checkHoldKey } from './held-crypto.ts'
import { holdLimitsOf, prunedIdsOf } from './limits.ts'
import type { EventInput, EventRow, WorkerConfig } from './protocol.ts'
import type { HeldDelivery, HoldLimits, PrunedIdBounds, Store } from './types.ts'

export { DEFAULT_HOLD_LIMITS, holdLimitsOf, holdLimitsOfSettings, PRUNED_IDS } from './limits.ts'

export interface OpenStoreOptions {
  /**
   * The SQLite file; created (with its schema, mode 0600) when missing. Its folder is
   * locked while the store is open (D6): a second store there fails with FolderInUseError.
   */
  file: string
  /** 32-byte key sealing held raw bodies at rest (W8). Without it, held commits reject. */
  holdKey?: Uint8Array | null
  /**
   * Retention to apply from now on (stored, as setRetention does). Without it the
   * last stored setting holds, or 30 days / 1,000,000 events on a new file.
   */
  retention?: RetentionSettings
  /** Retention timer period in the writer (ms); 0 disables it. Default 60 s. */
  retentionIntervalMs?: number
  /** Rows deleted per retention transaction. Default 1000. */
  retentionChunk?: number
  /** Most writes in one group-committed transaction. Default 500. */
  maxBatch?: number
  /** Caps of the hold of unverified deliveries (W10) until setHoldLimits; DEFAULT_HOLD_LIMITS for what is not given. */
  holdLimits?: Partial<HoldLimits>
  /** How long and how many pruned ids are remembered (W12); PRUNED_IDS for what is not given. */
  prunedIds?: Partial<PrunedIdBounds>
  /** Worker entry; defaults to the sibling worker.ts, or store-worker.js in the bundle. */
  workerUrl?: URL
}

export interface StoreHandle extends Store {
  /** Group-commit evidence: write transactions committed by this store and the writes in them. */
  writeCounts(): Promise<{ transactions: number; writes: number }>
}

export const DEFAULT_RETENTION: RetentionSettings = { maxAgeDays: 30, maxEvents: 1_000_000 }

export async function openStore(options: OpenStoreOptions): Promise<StoreHandle> {
  const holdKey = options.holdKey ? Uint8Array.from(options.holdKey) : null
  if (holdKey) checkHoldKey(holdKey)
  const common: Omit<WorkerConfig, 'role'> = {
    file: options.file,
    holdKey,
    retentionIntervalMs: options.retentionIntervalMs ?? 60_000,
    retentionChunk: Math.max(1, options.retentionChunk ?? 1000),
    retention: DEFAULT_RETENTION,
    maxBatch: Math.max(1, options.maxBatch ?? MAX_BATCH),
    holdLimits: holdLimitsOf(options.holdLimits),
    prunedIds: prunedIdsOf(options.prunedIds),
  }
  const lock = await lockFolder(dirname(options.file))
  let store: StoreHandle
  try {
    store = await startStore(options, common, lock)
  } catch (error) {
    lock.release()
    throw error
  }
  if (options.retention) {
    try {
      await store.setRetention(options.retention)
    } catch (error) {
      await store.close()
      throw error
    }
  }
  return store
}

async function startStore(
  options: OpenStoreOptions,
  common: Omit<WorkerConfig, 'role'>,
  lock: FolderLock,
): Promise<StoreHandle> {
  const url = options.workerUrl ?? defaultWorkerUrl()
  // Both threads start at once (loading their code is most of the wait). The writer
  // creates and migrates the file; the reader retries until the schema is current.
  const stopReader = new AbortController()
  const starting = startWorker(
    url,
    { ...common, role: 'reader', retentionIntervalMs: 0 },
    MAX_BATCH,
    stopReader.signal,
  )
  starting.catch(() => {}) // settled below; never an unhandled rejection
  let writer: WorkerClient
  try {
    writer = await startWorker(url, { ...common, role: 'writer' }, options.maxBatch ?? MAX_BATCH)
  } catch (error) {
    stopReader.abort()
    throw error
  }
  let reader: WorkerClient
  try {
    reader = await starting
  } catch (error) {
    await writer.close()
    throw error
  }
  return createStore(writer, reader, lock)
}

function createStore(writer: WorkerClient, reader: WorkerClient, lock: FolderLock): StoreHandle {
  let closing: Promise<void> | null = null
  // Checked first in every method, so calls after close() reject at once with a clear error.
  const guard = (): void => {
    if (closing) throw new StoreError('store: the store is closed')
  }

  return {
    // Not async: the write's own promise goes back as it is (one hop less on the hot path).
    commitEvent(event: MonitorEvent, held?: HeldDelivery) {
      try {
        guard()
        return writer.write({
          op: 'event',
          event: toInput(event),
          held: held ? { raw: Uint8Array.from(held.raw), signature: held.signature } : null,
        })
      } catch (error) {
        return Promise.reject(error)
      }
    },
    async recordEvent(event: MonitorEvent) {
      guard()
      return writer.write({ op: 'event', event: toInput(event), held: null, delivery: false })
    },
    async commitRejected(rejected) {
      guard()
      await writer.write({ op: 'rejected', rejected: pickRejected(rejected) })
    },
    async commitProbe(probe) {
      guard()
      await writer.write({ op: 'probe', receivedAt: probe.receivedAt, size: probe.size })
    },
    async commitTransitions(transitions) {
      guard()
      if (transitions.length === 0) return
      await writer.write({ op: 'transitions', transitions })
    },
    async commitViewerSamples(samples) {
      guard()
      if (samples.length === 0) return
      const rows = samples.map((v) => ({ streamId: v.streamId, at: v.at, count: v.count }))
      await writer.write({ op: 'viewers', samples: rows })
    },
    async commitDecisions(decisions) {
      guard()
      if (decisions.length === 0) return
      const rows = decisions.map((d) => ({
        id: d.id,
        at: d.at,
        streamId: d.streamId,
        json: JSON.stringify(d),
      }))
      await writer.write({ op: 'decisions', decisions: rows })
    },
    async saveSnapshots(snapshots: FoldedSnapshot[], throughSeq: number) {
      guard()
      const rows = snapshots.map((s) => ({ id: s.id, json: JSON.stringify(s) }))
      await writer.write({ op: 'snapshots', snapshots: rows, throughSeq })
    },
    async loadSnapshots() {
      guard()
      const { json, throughSeq } = await reader.call('loadSnapshots', null)
      return { snapshots: json.map((j) => JSON.parse(j) as FoldedSnapshot), throughSeq }
    },
    async eventsAfter(afterSeq, limit) {
      guard()
      const rows = await reader.call('eventsAfter', { afterSeq, limit })
      return rows.map((r) => ({ seq: r.seq, event: toEvent(r) }))
    },
    async listHeld(limit) {
      guard()
      const rows = await reader.call('listHeld', limit)
      return rows.map((r) => ({ ...r, raw: Buffer.from(r.raw.buffer, r.raw.byteOffset, r.raw.byteLength) }))
    },
    async releaseHeld(eventId) {
      guard()
      await writer.write({ op: 'releaseHeld', eventId })
    },
    async rejectHeld(eventId, rejected) {
      guard()
      await writer.write({ op: 'rejectHeld', eventId, rejected: pickRejected(rejected) })
    },
    async queryEvents(query) {
      guard()
      const page = await reader.call('queryEvents', query)
      return { events: page.events.map(toEvent), nextCursor: page.nextCursor }
    },
    async getEvent(id) {
      guard()
      const row = await reader.call('getEvent', id)
      return row ? toEvent(row) : null
    },
    async listTransitions(query) {
      guard()
      return reader.call('listTransitions', query)
    },
    async listViewerSamples(query) {
      guard()
      return reader.call('listViewerSamples', query)
    },
    async listDecisions(query) {
      guard()
      const rows = await reader.call('listDecisions', query)
      return rows.map((json) => JSON.parse(json) as Decision)
    },
    async workspaceSeries(range) {
      guard()
      return reader.call('workspaceSeries', range)
    },
    async streamSeries(args) {
      guard()
      return reader.call('streamSeries', args)
    },
    async listRejected(query) {
      guard()
      return reader.call('listRejected', query)
    },
    async countRejectedSince(since) {
      guard()
      return reader.call('countRejectedSince', since)
    },
    async counters() {
      guard()
      return reader.call('counters', null)
    },
    async setRetention(retention) {
      guard()
      const valid = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0)
      if (!valid(retention.maxAgeDays) || !valid(retention.maxEvents) || !valid(retention.viewerDays)) {
        throw new StoreError('store: retention needs whole numbers ≥ 0 (0 = no limit)')
      }
      const { maxAgeDays, maxEvents, viewerDays } = retention
      await writer.write({
        op: 'retention',
        retention:
          viewerDays === undefined ? { maxAgeDays, maxEvents } : { maxAgeDays, maxEvents, viewerDays },
      })
    },
    async setHoldLimits(limits) {
      guard()
      await writer.write({ op: 'holdLimits', limits: holdLimitsOf(limits) })
    },
    async applyRetention(now) {
      guard()
      return writer.call('applyRetention', now)
    },
    async stats() {
      guard()
      return writer.call('stats', null)
    },
    async settings() {
      guard()
      return writer.call('settings', null)
    },
    async writeCounts() {
      guard()
      return writer.call('writeCounts', null)
    },
    close() {
      // Pending writes are flushed first; the reader goes before the writer so
      // the writer's close is the last connection and folds the WAL back in.
      // The folder's lock goes last, once nothing of this store writes any more.
      closing ??= writer
        .drain()
        .then(() => reader.close())
        .then(() => writer.close())
        .finally(() => lock.release())
      return closing
    },
  }
}

/** The stored form of an event (checked, payload minified); shared with the PostgreSQL store. */
export function toInput(e: MonitorEvent): EventInput {
  if (typeof e.id !== 'string' || e.id === '')
    throw new StoreError('store: an event needs a non-empty string id')
  if (typeof e.type !== 'string' || e.type === '') throw new StoreError(`store: event ${e.id} has no type`)
  return {
    id: e.id,
    type: e.type,
    streamId: e.streamId ?? null,
    simulcastId: e.simulcastId ?? null,
    workspaceId: e.workspaceId ?? null,
    occurredAt: e.occurredAt,
    receivedAt: e.receivedAt,
    // Minified: no whitespace to pay for on disk. A delivery's text was made when it was redacted.
    payload: e.payload ? payloadJson(e.payload) : '{}',
  }
}

export function toEvent(r: EventRow): MonitorEvent {
  return {
    id: r.id,
    type: r.type,
    streamId: r.streamId,
    simulcastId: r.simulcastId,
    workspaceId: r.workspaceId,
    occurredAt: r.occurredAt,
    receivedAt: r.receivedAt,
    verification: r.verification,
    duplicateCount: r.duplicateCount,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }
}

function pickRejected(r: RejectedDelivery): RejectedDelivery {
  return {
    receivedAt: r.receivedAt,
    reason: r.reason,
    status: r.status,
    size: r.size,
    preview: r.preview,
    headers: r.headers.map((h) => ({ name: h.name, value: h.value })),
  }
}
