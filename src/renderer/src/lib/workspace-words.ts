// Plain words for the workspace connection: mode, tunnel, reconcile (DESIGN.md "Connecting a real workspace").
import type {
  ReconcileStatus,
  TunnelState,
  WorkspaceMode,
  WorkspaceStatus,
} from '../../../shared/workspace.ts'

export const MODE_WORD: Record<WorkspaceMode, string> = {
  demo: 'Demo workspace',
  live: 'Your FastPix workspace',
}

export const TUNNEL_WORD: Record<TunnelState, string> = {
  off: 'Tunnel off',
  connecting: 'Tunnel connecting…',
  online: 'Tunnel online',
  error: 'Tunnel error',
  offline: 'Tunnel offline',
}

export const RECONCILE_WORD: Record<ReconcileStatus['state'], string> = {
  off: 'Off until a FastPix workspace is connected',
  idle: 'Checking every few minutes',
  running: 'Reading FastPix now…',
  error: 'The last check failed',
}

/** The tunnel cannot carry webhooks and a person can do something about it. */
export function tunnelInTrouble(connection: WorkspaceStatus | null): boolean {
  if (connection?.mode !== 'live' || connection.publicUrl.mode !== 'ngrok') return false
  const state = connection.tunnel?.state
  return state === 'error' || state === 'offline'
}

export function pluralize(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}
