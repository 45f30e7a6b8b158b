// W8: deliveries received before a signing secret existed are verified against
// their stored raw bytes once it is set; good ones are applied, bad ones rejected.

import type { MonitorEvent } from '../../../shared/domain.ts'
import { previewOf } from '../receiver/delivery.ts'
import { verifySignature } from '../receiver/signature.ts'
import type { Store } from '../store/types.ts'

const PAGE = 500

export async function releaseHeldDeliveries(
  store: Store,
  key: Buffer,
  apply: (event: MonitorEvent, seq: number) => void,
): Promise<{ released: number; rejected: number }> {
  let released = 0
  let rejected = 0
  for (let rows = await store.listHeld(PAGE); rows.length > 0; rows = await store.listHeld(PAGE)) {
    const verified: { seq: number; event: MonitorEvent }[] = []
    for (const row of rows) {
      if (verifySignature(row.raw, row.signature, key)) {
        await store.releaseHeld(row.eventId)
        const event = await store.getEvent(row.eventId)
        if (event) verified.push({ seq: row.seq, event })
        released++
      } else {
        await store.rejectHeld(row.eventId, {
          receivedAt: row.receivedAt,
          reason: row.signature
            ? 'held delivery: signature does not match the signing secret'
            : 'held delivery: no signature',
          status: 401,
          size: row.raw.length,
          preview: previewOf(row.raw),
          // The hold keeps the body and its signature, not the request's headers.
          headers: [],
        })
        rejected++
      }
    }
    // Folding is order-independent, but applying in event time keeps transitions readable.
    verified.sort((a, b) => a.event.occurredAt - b.event.occurredAt)
    for (const { seq, event } of verified) apply(event, seq)
  }
  return { released, rejected }
}
