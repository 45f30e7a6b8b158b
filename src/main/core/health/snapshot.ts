// Empty snapshots and fold state, and the fold state of snapshots that lack one
// (built elsewhere, e.g. by a reconcile), so folding can always continue.
import type { TargetState } from '../../../shared/domain.ts'
import { targetDisplayNames, targetIdName } from '../../../shared/target-name.ts'
import type {
  EventStamp,
  FoldedSnapshot,
  FoldedTarget,
  StreamFoldState,
  TargetFoldState,
} from './fold-state.ts'

/** Stamp for a value whose event is not known: older than any event at the same time. */
function seedStamp(at: number | null | undefined): EventStamp {
  return { at: at ?? 0, id: '' }
}

export function emptyFold(): StreamFoldState {
  return {
    statusRun: [],
    statusBoundary: null,
    connection: null,
    name: null,
    reconnectWindowSec: null,
    reconnectWindow: null,
    recording: null,
    ended: null,
    disconnects: [],
  }
}

export function newSnapshot(id: string, at: number, reconnectWindowSec: number): FoldedSnapshot {
  return {
    id,
    name: null,
    status: 'unknown',
    connection: 'unknown',
    health: 'unknown',
    healthReason: 'never heard from this stream',
    statusSince: null,
    healthSince: at,
    reconnectDeadline: null,
    reconnectWindowSec,
    recording: false,
    recentDisconnects: [],
    lastEventAt: null,
    lastEventType: null,
    lastEventId: null,
    viewerCount: null,
    simulcastTargets: [],
    evaluatedAt: at,
    connectionSince: null,
    fold: emptyFold(),
  }
}

export function foldOf(s: FoldedSnapshot): StreamFoldState {
  if (s.fold) return s.fold
  const fold = emptyFold()
  if (s.status !== 'unknown') fold.statusRun = [seedStamp(s.statusSince)]
  if (s.connection !== 'unknown') fold.connection = seedStamp(s.connectionSince ?? s.statusSince)
  if (s.name !== null) fold.name = seedStamp(s.lastEventAt)
  if (s.recording) fold.recording = seedStamp(s.lastEventAt)
  if (s.status === 'idle' || s.status === 'disabled' || s.status === 'deleted') {
    fold.ended = seedStamp(s.statusSince)
  }
  fold.disconnects = s.recentDisconnects.map((at) => seedStamp(at))
  return fold
}

export function lastEventStamp(s: FoldedSnapshot): EventStamp | null {
  return s.lastEventAt === null ? null : { at: s.lastEventAt, id: s.lastEventId ?? '' }
}

export function newTarget(id: string, last: EventStamp, type: string): FoldedTarget {
  return {
    id,
    state: 'idle',
    reportedState: 'idle',
    enabled: true,
    stateSince: last.at,
    lastEventAt: last.at,
    lastEventType: type,
    destination: null,
    label: null,
    displayName: targetIdName(id),
    reason: null,
    fold: {
      reported: null,
      reportedAt: null,
      enabledAt: null,
      disabledAt: null,
      destinationAt: null,
      labelAt: null,
      lastEvent: last,
    },
  }
}

/**
 * Fills in every target's one display name (see shared/target-name.ts); a target whose
 * name did not change stays the same object, and so does the list.
 */
export function withDisplayNames(targets: readonly FoldedTarget[]): FoldedTarget[] {
  const names = targetDisplayNames(targets)
  let changed = false
  const out = targets.map((t) => {
    const displayName = names.get(t.id) ?? targetIdName(t.id)
    if (t.displayName === displayName) return t
    changed = true
    return { ...t, displayName }
  })
  return changed ? out : (targets as FoldedTarget[])
}

/** States no event reports (derived, or a flag): a seed fold starts them from `idle`. */
const DERIVED_ONLY: ReadonlySet<TargetState> = new Set(['disabled', 'stalled', 'waiting'])

export function targetFoldOf(t: FoldedTarget): TargetFoldState {
  if (t.fold) return t.fold
  const seed = seedStamp(t.stateSince)
  return {
    reported: DERIVED_ONLY.has(t.reportedState) ? 'idle' : t.reportedState,
    reportedAt: seed,
    enabledAt: null,
    disabledAt: t.enabled ? null : seed,
    destinationAt: t.destination === null ? null : seedStamp(t.lastEventAt),
    labelAt: t.label === undefined || t.label === null ? null : seedStamp(t.lastEventAt),
    lastEvent: seedStamp(t.lastEventAt),
  }
}
