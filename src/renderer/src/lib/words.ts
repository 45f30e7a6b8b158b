// The words and colour classes the dashboard uses for the domain vocabulary (DESIGN.md).
import type { Connection, Health, TargetState, WorkspaceHealth } from '../../../shared/domain.ts'

export const HEALTH_WORD: Record<WorkspaceHealth, string> = {
  down: 'Down',
  degraded: 'Degraded',
  unknown: 'Unknown',
  healthy: 'Healthy',
  offline: 'Offline',
  empty: 'No streams',
}

export const HEALTH_HINT: Record<WorkspaceHealth, string> = {
  down: 'live but the encoder is disconnected',
  degraded: 'live or starting, but something is not right',
  unknown: 'our picture is stale',
  healthy: 'live and fine',
  offline: 'not expected to be live',
  empty: 'no streams seen yet',
}

export const CONNECTION_WORD: Record<Connection, string> = {
  connected: 'encoder connected',
  disconnected: 'encoder disconnected',
  unknown: 'encoder unknown',
}

export const TARGET_WORD: Record<TargetState, string> = {
  idle: 'idle',
  starting: 'starting',
  broadcasting: 'broadcasting',
  stalled: 'stalled',
  waiting: 'waiting for encoder',
  disabled: 'disabled',
  deleted: 'deleted',
}

export function healthClass(health: WorkspaceHealth): string {
  return `health-${health}`
}

export function healthWordFor(health: Health): string {
  return HEALTH_WORD[health]
}
