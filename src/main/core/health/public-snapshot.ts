// Snapshots leave the core without the health model's fold state: the renderer
// never needs it and it is most of a snapshot's size.
import type { SimulcastTargetSnapshot, StreamSnapshot } from '../../../shared/domain.ts'

function publicTarget(target: SimulcastTargetSnapshot): SimulcastTargetSnapshot {
  const { fold: _fold, ...rest } = target
  return rest
}

export function publicSnapshot(snapshot: StreamSnapshot): StreamSnapshot {
  const { fold: _fold, ...rest } = snapshot
  return { ...rest, simulcastTargets: snapshot.simulcastTargets.map(publicTarget) }
}
