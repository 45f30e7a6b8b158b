// A verified MonitorEvent as the normalizer would hand it to the monitor, for tests
// that drive the monitor's intake directly.
import { randomUUID } from 'node:crypto'
import type { MonitorEvent } from '../../src/shared/domain.ts'

export const STREAM = 'aaaabbbbccccddddeeeeffff00001111'

export function monitorEvent(
  type: string,
  occurredAt: number,
  extra: Record<string, unknown> = {},
  streamId = STREAM,
): MonitorEvent {
  const id = randomUUID()
  return {
    id,
    type,
    streamId,
    simulcastId: null,
    workspaceId: 'ws',
    occurredAt,
    receivedAt: Date.now(),
    verification: 'verified',
    duplicateCount: 0,
    payload: { type, id, object: { type: 'live', id: streamId }, data: { streamId, ...extra } },
  }
}

/** A FastPix `active` webhook body for one stream, padded to a chosen size (hold-quota tests). */
export function activeDelivery(id: string, padding = 0, streamId = 'd'.repeat(32)): string {
  return JSON.stringify({
    type: 'video.live_stream.active',
    object: { type: 'live', id: streamId },
    id,
    data: { status: 'active', note: 'x'.repeat(padding) },
    createdAt: new Date().toISOString(),
  })
}
