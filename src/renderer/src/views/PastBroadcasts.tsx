import { useEffect, useState } from 'react'
import type { BroadcastSummary } from '../../../shared/report.ts'
import { formatAbsolute, formatDuration } from '../lib/format.ts'
import { hrefOf } from '../router.ts'
import { storeApi } from '../state/api-ref.ts'
import { useMonitor } from '../state/monitor.ts'

type State =
  | { state: 'loading' }
  | { state: 'ready'; broadcasts: BroadcastSummary[] }
  | { state: 'error'; error: string }

/** The stream's broadcasts, newest first; each opens its report. */
export function PastBroadcasts({ id }: { id: string }): React.JSX.Element {
  // A new broadcast starts or one ends when the status changes: list again then.
  const status = useMonitor((s) => s.streams[id]?.status ?? null)
  const [list, setList] = useState<State>({ state: 'loading' })
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: status and attempt are the reasons to list again
  useEffect(() => {
    let current = true
    storeApi()
      .listBroadcasts(id)
      .then(
        (broadcasts) => current && setList({ state: 'ready', broadcasts }),
        (error: unknown) => current && setList({ state: 'error', error: (error as Error).message }),
      )
    return () => {
      current = false
    }
  }, [id, status, attempt])

  return (
    <section className="panel" aria-labelledby="broadcasts-title" data-testid="past-broadcasts">
      <h2 id="broadcasts-title">Broadcasts</h2>
      {list.state === 'loading' ? <p className="muted">Loading…</p> : null}
      {list.state === 'error' ? (
        <p className="error" role="alert">
          Could not list the broadcasts: {list.error}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </p>
      ) : null}
      {list.state === 'ready' && list.broadcasts.length === 0 ? (
        <p className="empty">No broadcast yet: one starts when the stream goes active.</p>
      ) : null}
      {list.state === 'ready' && list.broadcasts.length > 0 ? (
        <ol className="broadcast-list" reversed>
          {list.broadcasts.map((b) => (
            <li key={b.number} data-testid="broadcast-row" data-number={b.number}>
              <a href={hrefOf({ view: 'broadcast', id, number: b.number })}>
                <span className="broadcast-number">#{b.number}</span>{' '}
                <span>{formatAbsolute(Date.parse(b.startedAt))}</span>
              </a>{' '}
              <span className="muted">
                {b.live ? 'live now' : formatDuration(b.durationMs)} ·{' '}
                {b.disconnects === 0
                  ? 'no disconnect'
                  : `${b.disconnects} disconnect${b.disconnects === 1 ? '' : 's'}`}
              </span>
              {b.live ? <span className="badge badge-live">live</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  )
}
