// The notification log: the newest decisions, raised and suppressed, bounded.
import type { Decision } from '../../../shared/notify.ts'

export interface DecisionLog {
  add(decision: Decision): void
  /** Newest first; at most `limit` (default: all kept). */
  list(limit?: number): Decision[]
  size(): number
}

export function createDecisionLog(capacity = 500): DecisionLog {
  const ring: Decision[] = new Array(capacity)
  let next = 0
  let count = 0
  return {
    add(decision) {
      ring[next] = decision
      next = (next + 1) % capacity
      count = Math.min(count + 1, capacity)
    },
    list(limit = count) {
      const n = Math.max(0, Math.min(limit, count))
      const out: Decision[] = []
      for (let i = 1; i <= n; i++) out.push(ring[(next - i + capacity) % capacity]!)
      return out
    },
    size: () => count,
  }
}
