import { useShallow } from 'zustand/react/shallow'
import { isLocalAddress } from '../lib/webhook-address.ts'
import { TUNNEL_WORD } from '../lib/workspace-words.ts'
import { useMonitor } from '../state/monitor.ts'
import { RetryIn } from './RetryIn.tsx'
import { LocalTag } from './WebhookAddress.tsx'

/** The ngrok tunnel in full: its state, the core's words when it fails, and "Retry now". */
export function TunnelState(): React.JSX.Element | null {
  const { urlMode, tunnel } = useMonitor(
    useShallow((s) => ({
      urlMode: s.workspaceStatus?.publicUrl.mode ?? null,
      tunnel: s.workspaceStatus?.tunnel ?? null,
    })),
  )
  const retry = useMonitor((s) => s.tunnelRetry)
  const reconnect = useMonitor((s) => s.reconnectTunnel)
  if (urlMode !== 'ngrok') return null
  const state = tunnel?.state ?? 'off'
  const trouble = state === 'error' || state === 'offline'
  return (
    <div className={`tunnel-state tunnel-${state}`} data-testid="tunnel-state" data-state={state}>
      <p role="status">
        <span className="tunnel-dot" aria-hidden="true" /> <strong>{TUNNEL_WORD[state]}</strong>
        {state === 'online' && tunnel?.url ? (
          <>
            {' '}
            at <code>{tunnel.url}</code>
            {isLocalAddress(tunnel.url) ? (
              <>
                {' '}
                <LocalTag />
              </>
            ) : null}
          </>
        ) : null}
        {state === 'connecting' && tunnel && tunnel.attempt > 1 ? ` (attempt ${tunnel.attempt})` : null}
        {trouble && tunnel?.error ? <span data-testid="tunnel-error">: {tunnel.error}</span> : null}
        {trouble && tunnel?.nextRetryAt ? (
          <span className="muted">
            {' '}
            · <RetryIn at={tunnel.nextRetryAt} />
          </span>
        ) : null}
      </p>
      {trouble ? (
        <p className="tunnel-actions">
          <button
            type="button"
            data-testid="tunnel-retry"
            disabled={retry.state === 'sending'}
            onClick={() => void reconnect()}
          >
            {retry.state === 'sending' ? 'Retrying…' : 'Retry now'}
          </button>
          {retry.state === 'error' ? (
            <span className="error" role="alert">
              Could not retry: {retry.error}
            </span>
          ) : null}
        </p>
      ) : null}
    </div>
  )
}
