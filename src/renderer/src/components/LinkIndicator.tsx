import { useShallow } from 'zustand/react/shallow'
import { useServerNow } from '../state/clock.ts'
import { retryConnection } from '../state/connect.ts'
import { useMonitor } from '../state/monitor.ts'

const WORD = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting', offline: 'Offline' }

/** The link to the monitor: quiet when live, loud when not. */
export function LinkIndicator(): React.JSX.Element {
  const { status, nextRetryAt, error, offset } = useMonitor(
    useShallow((s) => ({
      status: s.link.status,
      nextRetryAt: s.link.nextRetryAt,
      error: s.link.error,
      offset: s.clockOffset,
    })),
  )
  // nextRetryAt is on the local clock; useServerNow adds the server offset back.
  const now = useServerNow() - offset
  const retryIn = nextRetryAt !== null ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : null
  return (
    <div
      className={`link-status link-${status}`}
      data-testid="link-status"
      data-status={status}
      role="status"
      title={error ?? (status === 'live' ? 'receiving live updates' : undefined)}
    >
      <span className="link-dot" aria-hidden="true" />
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
