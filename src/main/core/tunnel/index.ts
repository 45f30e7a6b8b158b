// The ngrok tunnel to the webhook listener: its state machine, the real connector, and
// the check that FastPix still posts to the current public URL.
export { type Backoff, DEFAULT_BACKOFF, retryDelay } from './backoff.ts'
export { createNgrokConnector, type NgrokConnectorOptions } from './ngrok-connector.ts'
export {
  createTunnel,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REFUSED_RETRY_MS,
  type Tunnel,
  type TunnelOptions,
} from './tunnel.ts'
export {
  type TunnelConnection,
  type TunnelConnector,
  type TunnelConnectRequest,
  TunnelError,
  type TunnelErrorKind,
  type TunnelState,
  type TunnelStatus,
} from './types.ts'
export { deliveryOrigin, type HeaderBag, type UrlChange, urlChange } from './url-watch.ts'
