// In-memory Intake for receiver tests: dedupes on event id at commit time (like the
// store), counts everything, and can delay, gate or fail commits.

import type { Intake } from '../../src/main/core/receiver/intake.ts'
import type { CommitOutcome, HeldDelivery } from '../../src/main/core/store/types.ts'
import type { MonitorEvent, RejectedDelivery } from '../../src/shared/domain.ts'

export interface MemoryIntakeOptions {
  /** Decoded signing key; null (default) = no secret configured yet. */
  key?: Buffer | null
  /** Artificial commit latency (ms) before each event commit. */
  commitDelayMs?: number
  /** Awaited before each event commit, e.g. `() => s.schedule(Promise.resolve())` for fc.scheduler. */
  gate?: (label: string) => Promise<unknown>
}

export interface MemoryIntakeCounters {
  accepted: number
  duplicates: number
  held: number
  rejected: number
  probes: number
  signingKeyCalls: number
  commits: number
}

export interface MemoryIntake extends Intake {
  readonly events: Map<string, MonitorEvent>
  readonly held: Map<string, HeldDelivery>
  readonly rejected: RejectedDelivery[]
  readonly probes: Array<{ receivedAt: number; size: number }>
  readonly counters: MemoryIntakeCounters
  setKey(key: Buffer | null): void
  setCommitDelay(ms: number): void
  /** Every later commit (event, rejection, probe) throws this error; null heals. */
  failWith(error: Error | null): void
}

export function createMemoryIntake(options: MemoryIntakeOptions = {}): MemoryIntake {
  let key = options.key ?? null
  let commitDelayMs = options.commitDelayMs ?? 0
  let failure: Error | null = null
  let seq = 0
  const events = new Map<string, MonitorEvent>()
  const seqs = new Map<string, number>()
  const held = new Map<string, HeldDelivery>()
  const rejected: RejectedDelivery[] = []
  const probes: Array<{ receivedAt: number; size: number }> = []
  const counters: MemoryIntakeCounters = {
    accepted: 0,
    duplicates: 0,
    held: 0,
    rejected: 0,
    probes: 0,
    signingKeyCalls: 0,
    commits: 0,
  }

  async function beforeCommit(label: string): Promise<void> {
    if (commitDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, commitDelayMs))
    if (options.gate) await options.gate(label)
    if (failure) throw failure
  }

  // Check-and-insert happens synchronously after the wait, so concurrent commits of
  // one id can never both store it.
  async function commit(event: MonitorEvent, heldDelivery?: HeldDelivery): Promise<CommitOutcome> {
    await beforeCommit(`commit ${event.id}`)
    counters.commits++
    const existing = events.get(event.id)
    if (existing) {
      existing.duplicateCount++
      counters.duplicates++
      return { outcome: 'duplicate', seq: seqs.get(event.id) ?? 0, duplicateCount: existing.duplicateCount }
    }
    seq++
    events.set(event.id, { ...event, duplicateCount: 0 })
    seqs.set(event.id, seq)
    if (heldDelivery) {
      held.set(event.id, heldDelivery)
      counters.held++
    } else {
      counters.accepted++
    }
    return { outcome: 'stored', seq, duplicateCount: 0 }
  }

  return {
    events,
    held,
    rejected,
    probes,
    counters,
    setKey(next) {
      key = next
    },
    setCommitDelay(ms) {
      commitDelayMs = ms
    },
    failWith(error) {
      failure = error
    },
    signingKey() {
      counters.signingKeyCalls++
      return key
    },
    accept: (event) => commit(event),
    hold: (event, heldDelivery) => commit(event, heldDelivery),
    async reject(delivery) {
      if (failure) throw failure
      rejected.push(delivery)
      counters.rejected++
    },
    async probe(probe) {
      if (failure) throw failure
      probes.push(probe)
      counters.probes++
    },
  }
}
