// Where deliveries enter the monitor: stored first (the receiver answers 2xx only after
// the commit), then counted, folded into health and announced to the live log.
import type { MonitorEvent } from '../../../shared/domain.ts'
import { ingestStages as stages } from '../perf/stages.ts'
import type { ReceiverCountersMirror } from '../receiver/counters.ts'
import type { Intake } from '../receiver/intake.ts'
import type { CommitOutcome, Store } from '../store/types.ts'

/** State follows event time; an event stamped further ahead than this (a skewed clock) is placed at its arrival. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000

export interface IntakeOptions {
  store: Pick<Store, 'commitEvent' | 'recordEvent' | 'commitRejected' | 'commitProbe'>
  counters: ReceiverCountersMirror
  now: () => number
  signingKey(): Buffer | null
  /** Folds a stored, verified event into health. */
  apply(event: MonitorEvent, seq: number): void
  /** What the live log and the receiver panel hear. */
  updates: { event(event: MonitorEvent): void; receiverChanged(): void }
  /** Signature rejections within the last minutes went up to `recent`. */
  signatureRejected(recent: number): void
  addressedTo(origin: string): void
}

export interface MonitorIntake {
  /** What the webhook receiver hands deliveries to. */
  readonly intake: Intake
  /** An event the monitor made itself (a reconciler correction): stored, then folded. */
  record(event: MonitorEvent): Promise<CommitOutcome>
}

export function createIntake(options: IntakeOptions): MonitorIntake {
  const { store, counters, updates } = options

  // A future-dated event would win every later comparison until its time came.
  const placeInTime = (event: MonitorEvent): MonitorEvent => {
    const t = options.now()
    return event.occurredAt > t + MAX_FUTURE_SKEW_MS ? { ...event, occurredAt: t } : event
  }

  /** The event goes to the live log only when the store has it (not refused, not a pruned replay). */
  function announce(event: MonitorEvent, outcome: CommitOutcome): void {
    if (outcome.outcome === 'refused' || outcome.seq === null) updates.receiverChanged()
    else
      updates.event(
        event.duplicateCount === outcome.duplicateCount
          ? event
          : { ...event, duplicateCount: outcome.duplicateCount },
      )
  }

  const intake: Intake = {
    signingKey: () => options.signingKey(),
    async accept(delivered) {
      let t = stages.mark()
      const event = placeInTime(delivered)
      const committing = store.commitEvent(event)
      t = stages.lap('handoff', t)
      const outcome = await committing
      stages.ackWaited(t)
      t = stages.mark()
      counters.delivered(outcome, false)
      if (outcome.outcome === 'stored') options.apply(event, outcome.seq)
      announce(event, outcome)
      stages.lap('fold', t)
      return outcome
    },
    async hold(delivered, held) {
      const event = placeInTime(delivered)
      const outcome = await store.commitEvent(event, held)
      counters.delivered(outcome, true)
      announce(event, outcome)
      return outcome
    },
    async reject(rejected) {
      await store.commitRejected(rejected)
      counters.rejected(rejected)
      updates.receiverChanged()
      if (rejected.status === 401) options.signatureRejected(counters.recentRejections())
    },
    async probe(probe) {
      await store.commitProbe(probe)
      counters.probe(probe.receivedAt)
      updates.receiverChanged()
    },
    addressedTo: (origin) => options.addressedTo(origin),
  }

  return {
    intake,
    async record(made) {
      const event = placeInTime(made)
      const outcome = await store.recordEvent(event)
      if (outcome.outcome === 'stored') options.apply(event, outcome.seq)
      announce(event, outcome)
      return outcome
    },
  }
}
