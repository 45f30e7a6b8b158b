// Transitions: what changed between two evaluations of one stream.
import type { Health, StreamSnapshot, TargetState, Transition } from '../../../shared/domain.ts'

/** Health a target state stands for on the timeline and in alerts. */
export const TARGET_HEALTH: Readonly<Record<TargetState, Health>> = {
  broadcasting: 'healthy',
  starting: 'healthy',
  stalled: 'degraded',
  // Nothing reaches the destination while the stream's encoder is gone.
  waiting: 'down',
  idle: 'offline',
  disabled: 'offline',
  deleted: 'offline',
}

export interface Cause {
  at: number
  eventId: string | null
  cause: Transition['cause']
}

/** One transition for the stream when health, status or connection changed, one per target whose state changed. */
export function transitionsBetween(
  before: StreamSnapshot | undefined,
  after: StreamSnapshot,
  cause: Cause,
): Transition[] {
  const out: Transition[] = []
  if (
    before === undefined ||
    before.health !== after.health ||
    before.status !== after.status ||
    before.connection !== after.connection ||
    (before.schedule?.watch ?? null) !== (after.schedule?.watch ?? null)
  ) {
    const watch = after.schedule?.watch ?? null
    out.push({
      streamId: after.id,
      targetId: null,
      at: cause.at,
      fromHealth: before?.health ?? null,
      toHealth: after.health,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      fromConnection: before?.connection ?? null,
      toConnection: after.connection,
      reason: after.healthReason,
      eventId: cause.eventId,
      cause: cause.cause,
      ...(watch !== null && watch !== (before?.schedule?.watch ?? null) ? { watch } : {}),
    })
  }
  if (before?.simulcastTargets === after.simulcastTargets) return out
  const previous = new Map((before?.simulcastTargets ?? []).map((t) => [t.id, t]))
  for (const t of after.simulcastTargets) {
    const prev = previous.get(t.id)
    if (prev !== undefined && prev.state === t.state) continue
    out.push({
      streamId: after.id,
      targetId: t.id,
      at: cause.at,
      fromHealth: prev === undefined ? null : TARGET_HEALTH[prev.state],
      toHealth: TARGET_HEALTH[t.state],
      fromStatus: prev?.state ?? null,
      toStatus: t.state,
      reason: t.reason === null ? t.state : t.state === 'stalled' ? `stalled (${t.reason})` : t.reason,
      eventId: cause.eventId,
      cause: cause.cause,
    })
  }
  return out
}
