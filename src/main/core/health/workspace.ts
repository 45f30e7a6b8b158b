// Workspace health for the tray: the worst stream wins.
import type { Health, StreamSnapshot, WorkspaceHealth } from '../../../shared/domain.ts'
import { HEALTH_ORDER } from '../../../shared/domain.ts'

const RANK: ReadonlyMap<Health, number> = new Map(HEALTH_ORDER.map((h, i) => [h, i]))

/** down > degraded > unknown > healthy > offline; deleted streams are offline; no streams is 'empty'. */
export function workspaceHealth(
  snapshots: Iterable<Pick<StreamSnapshot, 'health' | 'status'>>,
): WorkspaceHealth {
  let worst: Health | null = null
  for (const s of snapshots) {
    const h: Health = s.status === 'deleted' ? 'offline' : s.health
    if (worst === null || RANK.get(h)! < RANK.get(worst)!) worst = h
    if (worst === 'down') break
  }
  return worst ?? 'empty'
}
