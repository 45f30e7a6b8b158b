import { useEffect, useRef } from 'react'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { formatCount } from '../lib/format.ts'
import { formatSize, rejectionWords } from '../lib/rejected-words.ts'
import { hrefOf, navigate, useRoute } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { RejectedDetail } from './RejectedDetail.tsx'
import '../styles/rejected.css'

const openHref = (seq: number): string => hrefOf({ view: 'rejected', seq })

function RejectedList({ focusSeq }: { focusSeq: number | null }): React.JSX.Element | null {
  const list = useMonitor((s) => s.rejected)
  const table = useRef<HTMLTableElement | null>(null)
  // Back from a detail: the keyboard is where it was, on that delivery's row.
  useEffect(() => {
    if (focusSeq === null) return
    table.current?.querySelector<HTMLElement>(`[data-seq="${focusSeq}"] a`)?.focus()
  }, [focusSeq])
  if (list.items.length === 0) return null
  return (
    <table className="table rejected-list" data-testid="rejected-list" ref={table}>
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
          // The link in the first cell is the keyboard's way in; a click anywhere on the row does the same.
          <tr
            key={r.seq}
            data-testid="rejected-row"
            data-seq={r.seq}
            className="rejected-row"
            onClick={(event) => {
              if (!(event.target instanceof HTMLAnchorElement)) navigate({ view: 'rejected', seq: r.seq })
            }}
          >
            <td className="nowrap">
              <a href={openHref(r.seq)} data-testid="rejected-open" title="Open the details">
                <RelativeTime at={r.receivedAt} />
              </a>
            </td>
            <td>
              {r.reason}
              <span className="muted small rejected-kind"> — {rejectionWords(r).title}</span>
            </td>
            <td>{r.status}</td>
            <td className="nowrap">{formatSize(r.size)}</td>
            <td>
              <code className="preview">{r.preview || '(empty)'}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function NotLoaded({ seq }: { seq: number }): React.JSX.Element {
  const list = useMonitor((s) => s.rejected)
  if (list.state === 'loading' || list.state === 'idle') return <p className="muted">Loading…</p>
  return (
    <p className="panel" data-testid="rejected-missing">
      Rejected delivery #{seq} is not among the {formatCount(list.items.length)} loaded: it may have been
      removed by retention{list.nextCursor ? ', or it is older (Load older below)' : ''}.{' '}
      <a href={hrefOf({ view: 'rejected' })}>All rejected deliveries</a>
    </p>
  )
}

/** Deliveries the receiver refused: when, why, how big, and a redacted preview; each opens to its detail. */
export function Rejected(): React.JSX.Element {
  const route = useRoute()
  const seq = route.view === 'rejected' ? (route.seq ?? null) : null
  const list = useMonitor((s) => s.rejected)
  const loadRejected = useMonitor((s) => s.loadRejected)
  const total = useMonitor((s) => s.receiver?.rejected ?? null)
  const recentBad = useMonitor((s) => s.receiver?.recentSignatureRejections ?? 0)
  const lastOpened = useRef<number | null>(null)
  if (seq !== null) lastOpened.current = seq
  const open = seq === null ? null : (list.items.find((r) => r.seq === seq) ?? null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the first page whenever the receiver counts another rejection
  useEffect(() => {
    void loadRejected()
  }, [loadRejected, total])

  useEffect(() => {
    if (seq === null) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      navigate({ view: 'rejected' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [seq])

  return (
    <section className="page" aria-labelledby="rejected-title" data-testid="rejected-view">
      <h1 id="rejected-title">Rejected deliveries</h1>
      {seq !== null ? (
        open ? (
          <RejectedDetail key={open.seq} record={open} />
        ) : (
          <NotLoaded seq={seq} />
        )
      ) : (
        <p className="muted">
          {total === null ? '' : `${formatCount(total)} rejected so far. `}
          {recentBad > 0
            ? `${formatCount(recentBad)} in the last 5 minutes had a bad or missing signature: check that the signing secret matches the one FastPix shows for this webhook.`
            : 'A bad signature, a malformed body or an oversized delivery ends up here. Open one to see its headers and what to do.'}
        </p>
      )}
      {list.state === 'error' ? (
        <p className="error" role="alert">
          Could not load rejected deliveries: {list.error}{' '}
          <button type="button" className="link-button" onClick={() => void loadRejected()}>
            Try again
          </button>
        </p>
      ) : null}
      {seq === null && list.items.length === 0 && list.state === 'ready' ? (
        <p className="empty muted" data-testid="rejected-empty">
          Nothing rejected. Every delivery so far was accepted, a duplicate or a probe.
        </p>
      ) : null}
      {seq === null && list.items.length === 0 && list.state === 'loading' ? (
        <p className="muted">Loading…</p>
      ) : null}
      {seq === null ? <RejectedList focusSeq={lastOpened.current} /> : null}
      {list.nextCursor && (seq === null || open === null) ? (
        <p>
          <button type="button" onClick={() => void loadRejected(true)} disabled={list.state === 'loading'}>
            Load older
          </button>
        </p>
      ) : null}
    </section>
  )
}
