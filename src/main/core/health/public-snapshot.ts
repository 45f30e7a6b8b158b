// Snapshots leave the core without the health model's fold state: the renderer
// never needs it and it is most of a snapshot's size.
import type { SimulcastTargetSnapshot, StreamSnapshot } from '../../../shared/domain.ts'
import type { FoldedSnapshot, FoldedTarget } from './fold-state.ts'

function publicTarget(target: FoldedTarget): SimulcastTargetSnapshot {
  const { fold: _fold, ...rest } = target
  return rest
}

export function publicSnapshot(snapshot: FoldedSnapshot): StreamSnapshot {
  const { fold: _fold, ...rest } = snapshot
  return { ...rest, simulcastTargets: snapshot.simulcastTargets.map(publicTarget) }
}
