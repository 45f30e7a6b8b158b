// What the webhook receiver hands deliveries to. The monitor core implements it
// (store, then health); tests use an in-memory fake. Every promise resolves only
// after the delivery is durably committed, so the receiver can answer 2xx.
import type { MonitorEvent, RejectedDelivery } from '../../../shared/domain.ts'
import type { CommitOutcome, HeldDelivery } from '../store/types.ts'

export interface Intake {
  /** The decoded signing key in force right now, or null while none is configured. */
  signingKey(): Buffer | null
  /** A verified event: stored (or counted as duplicate), then applied to health. */
  accept(event: MonitorEvent): Promise<CommitOutcome>
  /** A delivery received while no signing secret exists: stored unverified with its raw body. */
  hold(event: MonitorEvent, held: HeldDelivery): Promise<CommitOutcome>
  reject(rejected: RejectedDelivery): Promise<void>
  probe(probe: { receivedAt: number; size: number }): Promise<void>
  /** The public origin a new, verified delivery was addressed to (for "FastPix uses the old URL"). */
  addressedTo?(origin: string): void
}
