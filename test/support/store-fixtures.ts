// Shared helpers for the store tests: temp dirs, events, small deterministic RNG.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MonitorEvent, RejectedDelivery, Transition } from '../../src/shared/domain.ts'

export const HOLD_KEY = Buffer.alloc(32, 0x5a)

export interface TempDir {
  dir: string
  file: string
  remove(): void
}

export function tempDir(prefix = 'fpm-store-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    file: join(dir, 'monitor.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export function makeEvent(id: string, overrides: Partial<MonitorEvent> = {}): MonitorEvent {
  const streamId = overrides.streamId === undefined ? 'stream-a' : overrides.streamId
  const type = overrides.type ?? 'video.live_stream.active'
  return {
    id,
    type,
    streamId,
    simulcastId: null,
    workspaceId: 'ws-1',
    occurredAt: 1_700_000_000_000,
    receivedAt: 1_700_000_000_100,
    verification: 'verified',
    duplicateCount: 0,
    payload: {
      id,
      type,
      object: { type: 'live', id: streamId },
      data: { status: 'active', streamKey: '[redacted]' },
    },
    ...overrides,
  }
}

export function makeRejected(receivedAt: number, status = 401, reason = 'bad signature'): RejectedDelivery {
  return {
    receivedAt,
    reason,
    status,
    size: 120,
    preview: '{"type":"video.live_stream.active"…',
    headers: [
      { name: 'content-type', value: 'application/json' },
      { name: 'fastpix-signature', value: '[redacted]' },
    ],
  }
}

export function makeTransition(
  streamId: string,
  at: number,
  overrides: Partial<Transition> = {},
): Transition {
  return {
    streamId,
    targetId: null,
    at,
    fromHealth: 'healthy',
    toHealth: 'down',
    fromStatus: 'active',
    toStatus: 'active',
    reason: 'encoder disconnected',
    eventId: `ev-${at}`,
    cause: 'event',
    ...overrides,
  }
}

/** mulberry32 (the demo's PRNG): small, seeded, good enough to pick test inputs reproducibly. */
export { mulberry32 as seeded } from '../../src/main/core/demo/prng.ts'
