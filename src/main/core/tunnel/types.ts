// What the tunnel manager shows and what it asks of a connector (the real one wraps
// @ngrok/ngrok; tests pass fakes).

export type { TunnelState, TunnelStatus } from '../../../shared/workspace.ts'

/**
 * unreachable: network trouble or no answer, retried with backoff.
 * refused: ngrok said no for a reason that can clear by itself (session limit, domain busy), retried slowly.
 * config: needs the user (bad authtoken, domain not on the account, ngrok module missing), not retried.
 */
export type TunnelErrorKind = 'unreachable' | 'refused' | 'config'

export class TunnelError extends Error {
  readonly kind: TunnelErrorKind

  constructor(kind: TunnelErrorKind, message: string) {
    super(message)
    this.name = 'TunnelError'
    this.kind = kind
  }
}

export interface TunnelConnectRequest {
  /** Always 127.0.0.1 and the webhook listener's port: nothing else is ever forwarded (T3). */
  upstream: { host: '127.0.0.1'; port: number }
  authtoken: string
  /** ngrok static domain (bare host name), or null for one ngrok assigns. */
  domain: string | null
  /** The connector calls this once when an established connection drops. */
  onLost(reason: string): void
}

export interface TunnelConnection {
  url: string
  close(): Promise<void>
}

export interface TunnelConnector {
  /** Rejects with a TunnelError; other errors count as `unreachable`. May never settle. */
  connect(request: TunnelConnectRequest): Promise<TunnelConnection>
}
