// In-memory mirror of the store's receiver counters, updated as deliveries are
// committed, so update batches never wait for a database round trip.
import type { ReceiverCounters, RejectedDelivery } from '../../../shared/domain.ts'
import type { CommitOutcome } from '../store/types.ts'

const RECENT_WINDOW_MS = 5 * 60_000
const MAX_RECENT = 10_000

export interface ReceiverCountersMirror {
  value(): ReceiverCounters
  delivered(outcome: CommitOutcome, held: boolean): void
  rejected(rejected: RejectedDelivery): void
  probe(at: number): void
  /** Signature rejections within the last five minutes. */
  recentRejections(): number
  seedRecentRejections(count: number): void
  reset(from: ReceiverCounters): void
  /** Takes the hold's size and state from the store (retention drops old held rows); true if changed. */
  syncHold(from: ReceiverCounters): boolean
}

export function createCounters(initial: ReceiverCounters, now: () => number): ReceiverCountersMirror {
  let c: ReceiverCounters = { ...initial }
  // Timestamps of recent signature rejections; seeded ones count as "now" until they age out.
  let recent: number[] = []

  const prune = (): void => {
    const cutoff = now() - RECENT_WINDOW_MS
    let drop = 0
    while (drop < recent.length && (recent[drop] as number) < cutoff) drop++
    if (drop > 0) recent = recent.slice(drop)
  }

  return {
    value: () => ({ ...c }),
    delivered(outcome, held) {
      c.lastDeliveryAt = now()
      if (outcome.outcome === 'refused') {
        c.holdRefused++
        c.holdFull = true
      } else if (outcome.outcome === 'duplicate') c.duplicates++
      else {
        c.accepted++
        if (held) {
          c.unverified++
          c.holdFull = false
        }
      }
    },
    rejected(r) {
      c.rejected++
      c.lastDeliveryAt = now()
      if (r.status === 401) {
        recent.push(r.receivedAt)
        if (recent.length > MAX_RECENT) recent = recent.slice(-MAX_RECENT)
      }
    },
    probe(at) {
      c.probes++
      c.lastProbeAt = Math.max(c.lastProbeAt ?? 0, at)
      c.lastDeliveryAt = at
    },
    recentRejections() {
      prune()
      return recent.length
    },
    seedRecentRejections(count) {
      const t = now()
      recent = Array.from({ length: Math.min(count, MAX_RECENT) }, () => t)
    },
    reset(from) {
      c = { ...from }
    },
    syncHold(from) {
      if (c.unverified === from.unverified && c.holdFull === from.holdFull) return false
      c.unverified = from.unverified
      c.holdFull = from.holdFull
      return true
    },
  }
}
