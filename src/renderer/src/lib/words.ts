// The words and colour classes the dashboard uses for the domain vocabulary (DESIGN.md).
import type {
  Connection,
  Health,
  SimulcastTargetSnapshot,
  TargetState,
  WorkspaceHealth,
} from '../../../shared/domain.ts'

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

const KNOWN_DESTINATIONS: [RegExp, string][] = [
  [/youtube\.com$/, 'YouTube'],
  [/(twitch\.tv|live-video\.net)$/, 'Twitch'],
  [/facebook\.com$/, 'Facebook'],
  [/(instagram\.com|cdninstagram\.com)$/, 'Instagram'],
  [/linkedin\.com$/, 'LinkedIn'],
  [/(x\.com|twitter\.com|pscp\.tv)$/, 'X'],
  [/kick\.com$/, 'Kick'],
]

/** A short, recognisable name for a simulcast target: its platform or host, else its id. */
export function targetName(target: Pick<SimulcastTargetSnapshot, 'id' | 'destination'>): string {
  if (target.destination) {
    try {
      const host = new URL(target.destination).hostname
      for (const [pattern, name] of KNOWN_DESTINATIONS) if (pattern.test(host)) return name
      return host
    } catch {
      // Not a URL: fall through to the id.
    }
  }
  return `target ${target.id.slice(0, 6)}`
}

export function healthWordFor(health: Health): string {
  return HEALTH_WORD[health]
}
