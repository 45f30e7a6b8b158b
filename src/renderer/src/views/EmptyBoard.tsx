import { CopyButton } from '../components/CopyButton.tsx'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../stores/monitor-store.ts'

/** First run: nothing has arrived yet, so say where FastPix should send its webhooks. */
export function EmptyBoard(): React.JSX.Element {
  const receiver = useMonitor((s) => s.receiver)
  const clearFilters = useMonitor((s) => s.clearFilters)
  const hasStreams = useMonitor((s) => Object.keys(s.streams).length > 0)
  const live = useMonitor((s) => s.connectionStatus?.mode === 'live')
  // With a real workspace, the URL FastPix needs is the public one, not the local listener.
  const publicUrl = useMonitor((s) => s.connectionStatus?.publicUrl.webhookUrl ?? null)
  if (hasStreams) {
    return (
      <div className="empty" data-testid="board-empty-filtered">
        <p>No stream matches these filters.</p>
        <button type="button" onClick={clearFilters}>
          Clear filters
        </button>
      </div>
    )
  }
  const delivered = receiver !== null && receiver.accepted + receiver.probes > 0
  const webhookUrl = publicUrl ?? receiver?.webhookUrl ?? null
  return (
    <div className="empty" data-testid="board-empty">
      <h2>{delivered ? 'No live stream reported yet' : 'No deliveries yet — here is your webhook URL'}</h2>
      {webhookUrl ? (
        <p className="webhook">
          <code>{webhookUrl}</code> <CopyButton text={webhookUrl} label="webhook URL" />
        </p>
      ) : null}
      <ol className="steps">
        <li>In the FastPix dashboard open Org Settings → Webhooks and add this URL.</li>
        <li>Copy the webhook's signing secret into the monitor, so each delivery can be verified.</li>
        <li>Start a live stream: it shows up here as soon as FastPix reports it.</li>
      </ol>
      {live ? (
        <p>
          <a href={hrefOf({ view: 'connect' })} data-testid="board-empty-setup">
            Open the guided webhook setup
          </a>
        </p>
      ) : null}
      {delivered ? (
        <p className="muted">Deliveries do arrive; none of them has been about a live stream so far.</p>
      ) : null}
    </div>
  )
}
