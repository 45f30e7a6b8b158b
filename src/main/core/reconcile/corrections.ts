// What FastPix's REST answer says that our picture does not: each difference becomes a
// correction event the monitor records and folds like any other event, stamped with the
// moment we asked. So a webhook that happened after that moment still wins (no rollback),
// and a stream touched by a webhook just before it is left alone (FastPix's REST view may
// lag its own webhooks); the next round looks again.
import { randomUUID } from 'node:crypto'
import type { MonitorEvent, StreamSnapshot, StreamStatus } from '../../../shared/domain.ts'
import { RECONCILED, RECONCILED_TARGET } from '../../../shared/event-types.ts'
import { redactRecord, redactUrl } from '../events/redact.ts'
import type { FastPixStream } from '../fastpix/schemas.ts'
import type { FoldedSnapshot } from '../health/fold-state.ts'

const REST_STATUSES: ReadonlySet<string> = new Set(['idle', 'preparing', 'active', 'disabled'])

export interface CorrectionOptions {
  /** When we asked FastPix (our clock): the corrections' event time. */
  observedAt: number
  /** A stream with an event this recent is trusted as it is. */
  graceMs: number
}

function nameOf(rest: FastPixStream): string | null {
  const meta = rest.metadata ?? {}
  for (const key of ['name', 'livestream_name', 'title']) {
    const v = meta[key]
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 200)
  }
  return null
}

function recentlyHeard(ours: StreamSnapshot, o: CorrectionOptions): boolean {
  return ours.lastEventAt !== null && ours.lastEventAt > o.observedAt - o.graceMs
}

function correction(
  type: string,
  streamId: string,
  simulcastId: string | null,
  data: Record<string, unknown>,
  o: CorrectionOptions,
): MonitorEvent {
  const id = `reconcile-${randomUUID()}`
  return {
    id,
    type,
    streamId,
    simulcastId,
    workspaceId: null,
    occurredAt: o.observedAt,
    receivedAt: o.observedAt,
    verification: 'verified',
    duplicateCount: 0,
    payload: redactRecord({
      type,
      id,
      object: { type: simulcastId === null ? 'live' : 'simulcast', id: simulcastId ?? streamId },
      source: 'FastPix REST API',
      createdAt: new Date(o.observedAt).toISOString(),
      data: { streamId, ...(simulcastId === null ? {} : { simulcastId }), ...data },
    }),
  }
}

/**
 * Corrections for one stream FastPix reported (its targets too, when the answer lists them).
 * `ours` may be the engine's own snapshot, fold state included, or a public one without it.
 */
export function streamCorrections(
  ours: FoldedSnapshot | undefined,
  rest: FastPixStream,
  o: CorrectionOptions,
): MonitorEvent[] {
  if (!REST_STATUSES.has(rest.status)) return []
  if (ours !== undefined && recentlyHeard(ours, o)) return []
  const status = rest.status as StreamStatus
  const name = nameOf(rest)
  const window = rest.reconnectWindow ?? null
  const out: MonitorEvent[] = []
  const missed: string[] = []
  if (ours === undefined) missed.push('stream not seen before')
  else {
    if (ours.status !== status) missed.push(`status ${ours.status} → ${status}`)
    if (name !== null && ours.name !== name) missed.push('name changed')
    if (window !== null && ours.reconnectWindowSec !== window && ours.fold?.reconnectWindowSec !== window)
      missed.push('reconnect window changed')
  }
  // Still active past its reconnect deadline: FastPix would have ended it, so the encoder came back.
  const backOnline =
    ours !== undefined &&
    status === 'active' &&
    ours.status === 'active' &&
    ours.connection === 'disconnected' &&
    ours.reconnectDeadline !== null &&
    o.observedAt > ours.reconnectDeadline + o.graceMs
  if (backOnline) missed.push('encoder reconnected')
  if (missed.length > 0) {
    out.push(
      correction(
        RECONCILED,
        rest.streamId,
        null,
        {
          status,
          ...(backOnline ? { connection: 'connected' } : {}),
          ...(name !== null ? { metadata: { name } } : {}),
          ...(window !== null ? { reconnectWindow: window } : {}),
          previousStatus: ours?.status ?? null,
          missed,
        },
        o,
      ),
    )
  }
  if (rest.simulcastResponses !== undefined) out.push(...targetCorrections(ours, rest, o))
  return out
}

function targetCorrections(
  ours: StreamSnapshot | undefined,
  rest: FastPixStream,
  o: CorrectionOptions,
): MonitorEvent[] {
  const out: MonitorEvent[] = []
  const listed = rest.simulcastResponses ?? []
  const known = new Map((ours?.simulcastTargets ?? []).map((t) => [t.id, t]))
  for (const t of listed) {
    const mine = known.get(t.simulcastId)
    const enabled = t.isEnabled ?? true
    if (mine !== undefined && mine.enabled === enabled) continue
    out.push(
      correction(
        RECONCILED_TARGET,
        rest.streamId,
        t.simulcastId,
        {
          isEnabled: enabled,
          ...(t.url ? { url: redactUrl(t.url) } : {}),
          missed: [mine === undefined ? 'target not seen before' : enabled ? 'enabled' : 'disabled'],
        },
        o,
      ),
    )
  }
  const present = new Set(listed.map((t) => t.simulcastId))
  for (const t of ours?.simulcastTargets ?? []) {
    if (present.has(t.id) || t.state === 'deleted') continue
    out.push(
      correction(RECONCILED_TARGET, rest.streamId, t.id, { deleted: true, missed: ['target deleted'] }, o),
    )
  }
  return out
}

/** A stream we know that FastPix no longer has (a complete list, or a 404 for it). */
export function deletedCorrection(ours: StreamSnapshot, o: CorrectionOptions): MonitorEvent[] {
  if (ours.status === 'deleted' || recentlyHeard(ours, o)) return []
  return [
    correction(
      RECONCILED,
      ours.id,
      null,
      { status: 'deleted', previousStatus: ours.status, missed: ['stream deleted'] },
      o,
    ),
  ]
}
