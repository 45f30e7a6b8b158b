import { useShallow } from 'zustand/react/shallow'
import {
  Address,
  LocalReceiver,
  NoPublicUrlWords,
  useNoPublicUrlReason,
} from '../components/WebhookAddress.tsx'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectWebhookAddresses } from '../state/workspace.ts'

function FastPixSteps(): React.JSX.Element {
  return (
    <ol className="steps">
      <li>In the FastPix dashboard open Org Settings → Webhooks and add this URL.</li>
      <li>Copy the webhook's signing secret into the monitor, so each delivery can be verified.</li>
      <li>Start a live stream: it shows up here as soon as FastPix reports it.</li>
    </ol>
  )
}

/** A real workspace without a public URL: FastPix cannot reach it, so offer no URL to add. */
function NoPublicUrl({ local }: { local: string | null }): React.JSX.Element {
  const { reason } = useNoPublicUrlReason()
  return (
    <>
      <h2>No public URL yet — FastPix cannot reach this monitor</h2>
      <p data-testid="board-no-public-url" data-reason={reason}>
        <NoPublicUrlWords />
      </p>
      <p>
        <a href={hrefOf({ view: 'connect' })} data-testid="board-empty-setup">
          {reason === 'not-set' ? 'Set up ngrok or your own URL' : 'Open the guided webhook setup'}
        </a>
      </p>
      {local ? <LocalReceiver url={local} testId="board-local-url" /> : null}
    </>
  )
}

/** First run: nothing has arrived yet, so say where FastPix should send its webhooks. */
export function EmptyBoard(): React.JSX.Element {
  const receiver = useMonitor((s) => s.receiver)
  const clearFilters = useMonitor((s) => s.clearFilters)
  const hasStreams = useMonitor((s) => Object.keys(s.streams).length > 0)
  const addresses = useMonitor(useShallow(selectWebhookAddresses))
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
  const arrived = delivered ? (
    <p className="muted">Deliveries do arrive; none of them has been about a live stream so far.</p>
  ) : null
  if (!addresses.live) {
    // The demo's simulator posts on this computer: here the local address is the right one.
    return (
      <div className="empty" data-testid="board-empty">
        <h2>{delivered ? 'No live stream reported yet' : 'No deliveries yet — the demo is starting'}</h2>
        {addresses.local ? (
          <p className="webhook">
            <Address url={addresses.local} label="webhook URL" />
          </p>
        ) : null}
        <p>
          The demo's simulated FastPix posts to this local address on this computer; its streams show up here
          within seconds.
        </p>
        {arrived}
      </div>
    )
  }
  if (!addresses.public) {
    return (
      <div className="empty" data-testid="board-empty" data-public-url="none">
        <NoPublicUrl local={addresses.local} />
        {arrived}
      </div>
    )
  }
  return (
    <div className="empty" data-testid="board-empty">
      <h2>{delivered ? 'No live stream reported yet' : 'No deliveries yet — here is your webhook URL'}</h2>
      <p className="webhook">
        <Address url={addresses.public} label="public webhook URL" />
      </p>
      <FastPixSteps />
      <p>
        <a href={hrefOf({ view: 'connect' })} data-testid="board-empty-setup">
          Open the guided webhook setup
        </a>
      </p>
      {arrived}
    </div>
  )
}
