import { useEffect } from 'react'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { formatCount } from '../lib/format.ts'
import { useMonitor } from '../stores/monitor-store.ts'

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** Deliveries the receiver refused: when, why, how big, and a redacted preview. */
export function Rejected(): React.JSX.Element {
  const list = useMonitor((s) => s.rejected)
  const loadRejected = useMonitor((s) => s.loadRejected)
  const total = useMonitor((s) => s.receiver?.rejected ?? null)
  const recentBad = useMonitor((s) => s.receiver?.recentSignatureRejections ?? 0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the first page whenever the receiver counts another rejection
  useEffect(() => {
    void loadRejected()
  }, [loadRejected, total])

  return (
    <section className="page" aria-labelledby="rejected-title" data-testid="rejected-view">
      <h1 id="rejected-title">Rejected deliveries</h1>
      <p className="muted">
        {total === null ? '' : `${formatCount(total)} rejected so far. `}
        {recentBad > 0
          ? `${formatCount(recentBad)} in the last 5 minutes had a bad or missing signature: check that the signing secret matches the one FastPix shows for this webhook.`
          : 'A bad signature, a malformed body or an oversized delivery ends up here.'}
      </p>
      {list.state === 'error' ? (
        <p className="error" role="alert">
          Could not load rejected deliveries: {list.error}{' '}
          <button type="button" className="link-button" onClick={() => void loadRejected()}>
            Try again
          </button>
        </p>
      ) : null}
      {list.items.length === 0 && list.state === 'ready' ? (
        <p className="empty muted" data-testid="rejected-empty">
          Nothing rejected. Every delivery so far was accepted, a duplicate or a probe.
        </p>
      ) : null}
      {list.items.length === 0 && list.state === 'loading' ? <p className="muted">Loading…</p> : null}
      {list.items.length > 0 ? (
        <table className="table" data-testid="rejected-list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Reason</th>
              <th scope="col">Answer</th>
              <th scope="col">Size</th>
              <th scope="col">Preview (redacted)</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.seq} data-testid="rejected-row">
                <td className="nowrap">
                  <RelativeTime at={r.receivedAt} />
                </td>
                <td>{r.reason}</td>
                <td>{r.status}</td>
                <td className="nowrap">{formatSize(r.size)}</td>
                <td>
                  <code className="preview">{r.preview || '(empty)'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.nextCursor ? (
        <p>
          <button type="button" onClick={() => void loadRejected(true)} disabled={list.state === 'loading'}>
            Load older
          </button>
        </p>
      ) : null}
    </section>
  )
}
