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
