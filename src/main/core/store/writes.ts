// The writer worker's side of group commit: one batch of writes = one
// transaction. Each write runs under its own savepoint, so one bad write fails
// alone; if the transaction itself fails, every write in it fails.

import type { DatabaseSync } from 'node:sqlite'
import type { RejectedDelivery } from '../../../shared/domain.ts'
import { counterSaver, type Delta, delivered, emptyDelta, mergeDelta } from './counter-delta.ts'
import { get, message } from './db.ts'
import { sealHeld } from './held-crypto.ts'
import { DEFAULT_HOLD_LIMITS, holdLimitsOf } from './limits.ts'
import type { Names } from './names.ts'
import type { EventInput, WriteOp, WriteResult } from './protocol.ts'
import type { CommitOutcome, HoldLimits } from './types.ts'

export interface Writer {
  runBatch(ops: readonly WriteOp[]): WriteResult[]
  /** Transactions committed and writes in them since this writer started. */
  counts(): { transactions: number; writes: number }
  /** µs the last COMMIT took, its fsync included (the bench's per-stage account). */
  lastCommitUs(): number
}

export function createWriter(
  db: DatabaseSync,
  names: Names,
  holdKey: Uint8Array | null,
  holdLimits: HoldLimits = DEFAULT_HOLD_LIMITS,
): Writer {
  const s = {
    eventById: db.prepare('SELECT seq FROM events WHERE id = ?'),
    prunedById: db.prepare('SELECT 1 AS x FROM pruned_ids WHERE id = ?'),
    holdState: db.prepare('SELECT unverified, held_bytes FROM counters WHERE id = 1'),
    insertEvent: db.prepare(`INSERT INTO events (id, type, stream_id, simulcast_id, workspace_id,
      occurred_at, received_at, verification, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    bumpDuplicate: db.prepare(`UPDATE events SET duplicate_count = duplicate_count + 1,
      last_duplicate_at = max(coalesce(last_duplicate_at, ?), ?) WHERE seq = ? RETURNING duplicate_count`),
    insertHeld: db.prepare(
      'INSERT INTO held (seq, event_id, received_at, signature, sealed, bytes) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    heldById: db.prepare('SELECT seq FROM held WHERE event_id = ?'),
    deleteHeld: db.prepare('DELETE FROM held WHERE seq = ? RETURNING bytes'),
    verify: db.prepare(`UPDATE events SET verification = 'verified' WHERE seq = ?`),
    deleteEvent: db.prepare('DELETE FROM events WHERE seq = ?'),
    insertRejected: db.prepare(
      'INSERT INTO rejected (received_at, reason, status, size, preview, headers) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertProbe: db.prepare('INSERT INTO probes (received_at, size) VALUES (?, ?)'),
    // The latest probe outlives retention of the probes table (the connect screen shows it).
    lastProbe: db.prepare(`INSERT INTO meta (key, value) VALUES ('last_probe_at', ?)
      ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)`),
    insertTransition: db.prepare(`INSERT INTO transitions (stream_id, target_id, at, from_health, to_health,
      from_status, to_status, reason, event_id, cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    upsertSnapshot: db.prepare(
      'INSERT INTO snapshots (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    ),
    insertViewers: db.prepare('INSERT INTO viewer_samples (stream_id, at, count) VALUES (?, ?, ?)'),
    insertDecision: db.prepare(
      'INSERT INTO decisions (id, at, stream_id, json) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  }
  const saveCounters = counterSaver(db)
  let transactions = 0
  let writes = 0
  let lastCommitUs = 0
  // Caps set by a holdLimits write take effect for the writes after it, and stay only
  // if its transaction commits.
  let limits = holdLimits
  let pendingLimits: HoldLimits | null = null

  const ref = (value: string | null): number | null => (value === null ? null : names.intern(value))

  /**
   * W10: whether one more held delivery of `bytes` fits. Decided here, in the write
   * transaction, so concurrent deliveries are counted one after another and the cap
   * is never overshot. `batch` is what this transaction changed so far (the counters
   * row is only updated at its end).
   */
  function holdHasRoom(bytes: number, batch: Delta): boolean {
    const { count, size } = holdNow(batch)
    const caps = pendingLimits ?? limits
    return count + 1 <= caps.maxDeliveries && size + bytes <= caps.maxBytes
  }

  function holdNow(batch: Delta): { count: number; size: number } {
    const row = get<{ unverified: number; held_bytes: number }>(s.holdState)
    return {
      count: (row?.unverified ?? 0) + batch.unverified,
      size: (row?.held_bytes ?? 0) + batch.heldBytes,
    }
  }

  /** New caps: the hold is full at once when what it holds reaches them, and not full when there is room again. */
  function setHoldLimits(given: HoldLimits, d: Delta, batch: Delta): void {
    const next = holdLimitsOf(given)
    const { count, size } = holdNow(batch)
    d.holdFull = count >= next.maxDeliveries || size >= next.maxBytes
    pendingLimits = next
  }

  function commitEvent(
    e: EventInput,
    held: Extract<WriteOp, { op: 'event' }>['held'],
    delivery: boolean,
    d: Delta,
    batch: Delta,
  ): CommitOutcome {
    const existing = get<{ seq: number }>(s.eventById, e.id)
    if (delivery) delivered(d, e.receivedAt)
    if (existing) {
      const row = get<{ duplicate_count: number }>(s.bumpDuplicate, e.receivedAt, e.receivedAt, existing.seq)
      d.duplicates++
      return { outcome: 'duplicate', seq: existing.seq, duplicateCount: row?.duplicate_count ?? 1 }
    }
    // W12: a replay of an event retention deleted is still a duplicate, not a new event.
    if (get(s.prunedById, e.id)) {
      d.duplicates++
      return { outcome: 'duplicate', seq: null, duplicateCount: 1 }
    }
    if (held && !holdKey)
      throw new Error('the store was opened without a holdKey, so it cannot hold deliveries')
    const heldBytes = held ? held.raw.byteLength + Buffer.byteLength(e.payload) : 0
    if (held && !holdHasRoom(heldBytes, batch)) {
      d.holdRefused++
      d.holdFull = true
      return { outcome: 'refused', seq: null, duplicateCount: 0 }
    }
    const verification = held ? 'unverified' : 'verified'
    const { lastInsertRowid } = s.insertEvent.run(
      e.id,
      names.intern(e.type),
      ref(e.streamId),
      ref(e.simulcastId),
      ref(e.workspaceId),
      e.occurredAt,
      e.receivedAt,
      verification,
      e.payload,
    )
    const seq = Number(lastInsertRowid)
    if (held && holdKey) {
      s.insertHeld.run(seq, e.id, e.receivedAt, held.signature, sealHeld(holdKey, e.id, held.raw), heldBytes)
      d.unverified++
      d.heldBytes += heldBytes
      d.holdFull = false
    }
    if (delivery) d.accepted++
    d.stored++
    return { outcome: 'stored', seq, duplicateCount: 0 }
  }

  function insertRejected(r: RejectedDelivery): void {
    s.insertRejected.run(r.receivedAt, r.reason, r.status, r.size, r.preview, JSON.stringify(r.headers))
  }

  /** A held row leaves the hold (released or rejected): its bytes are free again. */
  function unhold(seq: number, d: Delta): void {
    const row = get<{ bytes: number }>(s.deleteHeld, seq)
    d.unverified--
    d.heldBytes -= row?.bytes ?? 0
    d.holdFull = false
  }

  function apply(w: WriteOp, d: Delta, batch: Delta): unknown {
    switch (w.op) {
      case 'event':
        return commitEvent(w.event, w.held, w.delivery !== false, d, batch)
      case 'rejected':
        insertRejected(w.rejected)
        d.rejected++
        delivered(d, w.rejected.receivedAt)
        return null
      case 'probe':
        s.insertProbe.run(w.receivedAt, w.size)
        s.lastProbe.run(String(w.receivedAt))
        d.probes++
        delivered(d, w.receivedAt)
        return null
      case 'transitions':
        for (const t of w.transitions) {
          s.insertTransition.run(
            t.streamId,
            t.targetId,
            t.at,
            t.fromHealth,
            t.toHealth,
            t.fromStatus,
            t.toStatus,
            t.reason,
            t.eventId,
            t.cause,
          )
        }
        return null
      case 'snapshots':
        for (const snap of w.snapshots) s.upsertSnapshot.run(snap.id, snap.json)
        s.setMeta.run('snapshot_through_seq', String(w.throughSeq))
        return null
      case 'releaseHeld': {
        // Idempotent: a second release (or one racing a reject) changes nothing.
        const held = get<{ seq: number }>(s.heldById, w.eventId)
        if (!held) return null
        s.verify.run(held.seq)
        unhold(held.seq, d)
        return null
      }
      case 'rejectHeld': {
        const held = get<{ seq: number }>(s.heldById, w.eventId)
        if (!held) return null
        unhold(held.seq, d)
        s.deleteEvent.run(held.seq)
        insertRejected(w.rejected)
        d.stored--
        d.rejected++
        return null
      }
      case 'retention':
        s.setMeta.run('retention', JSON.stringify(w.retention))
        return null
      case 'holdLimits':
        setHoldLimits(w.limits, d, batch)
        return null
      case 'viewers':
        for (const v of w.samples) s.insertViewers.run(v.streamId, v.at, v.count)
        return null
      case 'decisions':
        for (const x of w.decisions) s.insertDecision.run(x.id, x.at, x.streamId, x.json)
        return null
    }
  }

  const failAll = (count: number, why: string): WriteResult[] =>
    Array.from({ length: count }, () => ({ ok: false, error: { message: why } }) as const)

  function runBatch(ops: readonly WriteOp[]): WriteResult[] {
    try {
      db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      return failAll(ops.length, `store: could not start a transaction: ${message(error)}`)
    }
    const results: WriteResult[] = []
    const total = emptyDelta()
    pendingLimits = null
    try {
      for (const w of ops) {
        const d = emptyDelta()
        db.exec('SAVEPOINT write')
        try {
          const value = apply(w, d, total)
          db.exec('RELEASE write')
          mergeDelta(total, d)
          results.push({ ok: true, value })
        } catch (error) {
          names.reset()
          // Some errors (disk full, I/O) roll the whole transaction back: then all writes fail.
          if (!db.isTransaction) throw error
          db.exec('ROLLBACK TO write')
          db.exec('RELEASE write')
          results.push({ ok: false, error: { message: `store: ${describe(w)} failed: ${message(error)}` } })
        }
      }
      saveCounters(total)
      const committing = performance.now()
      db.exec('COMMIT')
      lastCommitUs = (performance.now() - committing) * 1000
    } catch (error) {
      names.reset()
      pendingLimits = null
      rollbackQuietly(db)
      return failAll(
        ops.length,
        `store: transaction failed, none of its ${ops.length} writes were saved: ${message(error)}`,
      )
    }
    if (pendingLimits) limits = pendingLimits
    pendingLimits = null
    transactions++
    writes += ops.length
    return results
  }

  return { runBatch, counts: () => ({ transactions, writes }), lastCommitUs: () => lastCommitUs }
}

function rollbackQuietly(db: DatabaseSync): void {
  try {
    if (db.isTransaction) db.exec('ROLLBACK')
  } catch {
    // Nothing more to undo: SQLite already ended the transaction.
  }
}

function describe(w: WriteOp): string {
  switch (w.op) {
    case 'event':
      return `commitEvent(${JSON.stringify(w.event.id)})`
    case 'releaseHeld':
    case 'rejectHeld':
      return `${w.op}(${JSON.stringify(w.eventId)})`
    default:
      return w.op
  }
}
