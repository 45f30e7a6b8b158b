// The writer worker's side of group commit: one batch of writes = one
// transaction. Each write runs under its own savepoint, so one bad write fails
// alone; if the transaction itself fails, every write in it fails.

import type { DatabaseSync } from 'node:sqlite'
import type { RejectedDelivery } from '../../../shared/domain.ts'
import { get, message } from './db.ts'
import { sealHeld } from './held-crypto.ts'
import type { Names } from './names.ts'
import type { EventInput, WriteOp, WriteResult } from './protocol.ts'
import type { CommitOutcome } from './types.ts'

export interface Writer {
  runBatch(ops: readonly WriteOp[]): WriteResult[]
  /** Transactions committed and writes in them since this writer started. */
  counts(): { transactions: number; writes: number }
}

interface Delta {
  accepted: number
  duplicates: number
  rejected: number
  probes: number
  unverified: number
  stored: number
  lastDeliveryAt: number | null
}

const emptyDelta = (): Delta => ({
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  probes: 0,
  unverified: 0,
  stored: 0,
  lastDeliveryAt: null,
})

export function createWriter(db: DatabaseSync, names: Names, holdKey: Uint8Array | null): Writer {
  const s = {
    eventById: db.prepare('SELECT seq FROM events WHERE id = ?'),
    insertEvent: db.prepare(`INSERT INTO events (id, type, stream_id, simulcast_id, workspace_id,
      occurred_at, received_at, verification, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    bumpDuplicate: db.prepare(`UPDATE events SET duplicate_count = duplicate_count + 1,
      last_duplicate_at = max(coalesce(last_duplicate_at, ?), ?) WHERE seq = ? RETURNING duplicate_count`),
    insertHeld: db.prepare(
      'INSERT INTO held (seq, event_id, received_at, signature, sealed) VALUES (?, ?, ?, ?, ?)',
    ),
    heldById: db.prepare('SELECT seq FROM held WHERE event_id = ?'),
    deleteHeld: db.prepare('DELETE FROM held WHERE seq = ?'),
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
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    counters: db.prepare(`UPDATE counters SET accepted = accepted + ?, duplicates = duplicates + ?,
      rejected = rejected + ?, probes = probes + ?, unverified = unverified + ?, stored = stored + ?,
      last_delivery_at = CASE WHEN ? IS NULL THEN last_delivery_at
        ELSE max(coalesce(last_delivery_at, ?), ?) END WHERE id = 1`),
  }
  let transactions = 0
  let writes = 0

  const ref = (value: string | null): number | null => (value === null ? null : names.intern(value))
  const delivered = (d: Delta, at: number): void => {
    d.lastDeliveryAt = d.lastDeliveryAt === null ? at : Math.max(d.lastDeliveryAt, at)
  }

  function commitEvent(
    e: EventInput,
    held: Extract<WriteOp, { op: 'event' }>['held'],
    delivery: boolean,
    d: Delta,
  ): CommitOutcome {
    const existing = get<{ seq: number }>(s.eventById, e.id)
    if (delivery) delivered(d, e.receivedAt)
    if (existing) {
      const row = get<{ duplicate_count: number }>(s.bumpDuplicate, e.receivedAt, e.receivedAt, existing.seq)
      d.duplicates++
      return { outcome: 'duplicate', seq: existing.seq, duplicateCount: row?.duplicate_count ?? 1 }
    }
    if (held && !holdKey)
      throw new Error('the store was opened without a holdKey, so it cannot hold deliveries')
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
      s.insertHeld.run(seq, e.id, e.receivedAt, held.signature, sealHeld(holdKey, e.id, held.raw))
      d.unverified++
    }
    if (delivery) d.accepted++
    d.stored++
    return { outcome: 'stored', seq, duplicateCount: 0 }
  }

  function insertRejected(r: RejectedDelivery): void {
    s.insertRejected.run(r.receivedAt, r.reason, r.status, r.size, r.preview, JSON.stringify(r.headers))
  }

  function apply(w: WriteOp, d: Delta): unknown {
    switch (w.op) {
      case 'event':
        return commitEvent(w.event, w.held, w.delivery !== false, d)
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
        s.deleteHeld.run(held.seq)
        d.unverified--
        return null
      }
      case 'rejectHeld': {
        const held = get<{ seq: number }>(s.heldById, w.eventId)
        if (!held) return null
        s.deleteHeld.run(held.seq)
        s.deleteEvent.run(held.seq)
        insertRejected(w.rejected)
        d.unverified--
        d.stored--
        d.rejected++
        return null
      }
      case 'retention':
        s.setMeta.run('retention', JSON.stringify(w.retention))
        return null
    }
  }

  function merge(into: Delta, d: Delta): void {
    into.accepted += d.accepted
    into.duplicates += d.duplicates
    into.rejected += d.rejected
    into.probes += d.probes
    into.unverified += d.unverified
    into.stored += d.stored
    if (d.lastDeliveryAt !== null) delivered(into, d.lastDeliveryAt)
  }

  function saveCounters(d: Delta): void {
    const changed = d.accepted || d.duplicates || d.rejected || d.probes || d.unverified || d.stored
    if (!changed && d.lastDeliveryAt === null) return
    const at = d.lastDeliveryAt
    s.counters.run(d.accepted, d.duplicates, d.rejected, d.probes, d.unverified, d.stored, at, at, at)
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
    try {
      for (const w of ops) {
        const d = emptyDelta()
        db.exec('SAVEPOINT write')
        try {
          const value = apply(w, d)
          db.exec('RELEASE write')
          merge(total, d)
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
      db.exec('COMMIT')
    } catch (error) {
      names.reset()
      rollbackQuietly(db)
      return failAll(
        ops.length,
        `store: transaction failed, none of its ${ops.length} writes were saved: ${message(error)}`,
      )
    }
    transactions++
    writes += ops.length
    return results
  }

  return { runBatch, counts: () => ({ transactions, writes }) }
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
