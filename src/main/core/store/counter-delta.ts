// What one write (and then one transaction) changes in the receiver counters row.
// Writes add to a delta; the transaction saves the sum with one UPDATE at its end, so
// the counters are exact and cost one row write per batch, not one per delivery.
import type { DatabaseSync } from 'node:sqlite'

export interface Delta {
  accepted: number
  duplicates: number
  rejected: number
  probes: number
  unverified: number
  stored: number
  lastDeliveryAt: number | null
  /** W10: bytes the hold gained (or lost). */
  heldBytes: number
  holdRefused: number
  /** Whether the hold refused the last delivery offered to it; null: unchanged. */
  holdFull: boolean | null
}

export const emptyDelta = (): Delta => ({
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  probes: 0,
  unverified: 0,
  stored: 0,
  lastDeliveryAt: null,
  heldBytes: 0,
  holdRefused: 0,
  holdFull: null,
})

export function delivered(d: Delta, at: number): void {
  d.lastDeliveryAt = d.lastDeliveryAt === null ? at : Math.max(d.lastDeliveryAt, at)
}

export function mergeDelta(into: Delta, d: Delta): void {
  into.accepted += d.accepted
  into.duplicates += d.duplicates
  into.rejected += d.rejected
  into.probes += d.probes
  into.unverified += d.unverified
  into.stored += d.stored
  into.heldBytes += d.heldBytes
  into.holdRefused += d.holdRefused
  if (d.holdFull !== null) into.holdFull = d.holdFull
  if (d.lastDeliveryAt !== null) delivered(into, d.lastDeliveryAt)
}

/** Saves a transaction's delta into the counters row (nothing when nothing changed). */
export function counterSaver(db: DatabaseSync): (d: Delta) => void {
  const update = db.prepare(`UPDATE counters SET accepted = accepted + ?, duplicates = duplicates + ?,
    rejected = rejected + ?, probes = probes + ?, unverified = unverified + ?, stored = stored + ?,
    held_bytes = held_bytes + ?, hold_refused = hold_refused + ?, hold_full = coalesce(?, hold_full),
    last_delivery_at = CASE WHEN ? IS NULL THEN last_delivery_at
      ELSE max(coalesce(last_delivery_at, ?), ?) END WHERE id = 1`)
  return (d) => {
    const changed =
      d.accepted || d.duplicates || d.rejected || d.probes || d.unverified || d.stored || d.heldBytes
    if (!changed && !d.holdRefused && d.holdFull === null && d.lastDeliveryAt === null) return
    const at = d.lastDeliveryAt
    const full = d.holdFull === null ? null : d.holdFull ? 1 : 0
    update.run(
      d.accepted,
      d.duplicates,
      d.rejected,
      d.probes,
      d.unverified,
      d.stored,
      d.heldBytes,
      d.holdRefused,
      full,
      at,
      at,
      at,
    )
  }
}
