import { useShallow } from 'zustand/react/shallow'
import { useServerNow } from '../stores/clock.ts'
import { retryConnection } from '../stores/connect.ts'
import { useMonitor } from '../stores/monitor-store.ts'

const WORD = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }

/** The link to the monitor: quiet when live, loud when not. */
export function ConnectionIndicator(): React.JSX.Element {
  const { status, nextRetryAt, error, offset } = useMonitor(
    useShallow((s) => ({
      status: s.connection.status,
      nextRetryAt: s.connection.nextRetryAt,
      error: s.connection.error,
      offset: s.clockOffset,
    })),
  )
  // nextRetryAt is on the local clock; useServerNow adds the server offset back.
  const now = useServerNow() - offset
  const retryIn = nextRetryAt !== null ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : null
  return (
    <div
      className={`connection connection-${status}`}
      data-testid="connection-status"
      data-status={status}
      role="status"
      title={error ?? (status === 'live' ? 'receiving live updates' : undefined)}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>{WORD[status]}</span>
      {status !== 'live' && retryIn !== null ? <span className="muted"> · retry in {retryIn} s</span> : null}
      {status === 'reconnecting' || status === 'offline' ? (
        <button type="button" className="link-button" onClick={retryConnection}>
          Retry now
        </button>
      ) : null}
    </div>
  )
}
