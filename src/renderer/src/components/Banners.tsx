import { useShallow } from 'zustand/react/shallow'
import { formatAgo, formatCount } from '../lib/format.ts'
import { TUNNEL_WORD, tunnelInTrouble } from '../lib/workspace-words.ts'
import { hrefOf } from '../router.ts'
import { useTicker } from '../state/clock.ts'
import { useMonitor } from '../state/monitor.ts'
import { CopyButton } from './CopyButton.tsx'
import { CredentialsBanner, useCredentialsBanner } from './CredentialsNotice.tsx'
import { RetryIn } from './RetryIn.tsx'

/** A local-clock "12 s ago" (the moment the link dropped is a browser time). */
function LocalAgo({ at }: { at: number }): React.JSX.Element {
  const now = useTicker((s) => s.now)
  return <>{formatAgo(at, Math.max(now, at))}</>
}

/** FastPix posts to an older public URL than ours: the webhook in FastPix needs the new one. */
function UrlWarning({
  message,
  webhookUrl,
}: {
  message: string
  webhookUrl: string | null
}): React.JSX.Element {
  return (
    <div className="banner banner-warn" role="alert" data-testid="url-warning">
      <strong>{message}</strong>{' '}
      {webhookUrl ? (
        <>
          Update the webhook in FastPix to <code className="webhook-url">{webhookUrl}</code>{' '}
          <CopyButton text={webhookUrl} label="new webhook URL" testId="url-warning-copy" />
        </>
      ) : null}
    </div>
  )
}

/** The tunnel is down, so FastPix's deliveries are not reaching the monitor. */
function TunnelBanner(): React.JSX.Element | null {
  const tunnel = useMonitor((s) => s.workspaceStatus?.tunnel ?? null)
  if (!tunnel) return null
  return (
    <div className="banner banner-error" role="alert" data-testid="tunnel-banner" data-state={tunnel.state}>
      <strong>{TUNNEL_WORD[tunnel.state]}: webhooks from FastPix cannot reach the monitor.</strong>{' '}
      {tunnel.error}
      {tunnel.nextRetryAt !== null ? (
        <>
          {' '}
          (<RetryIn at={tunnel.nextRetryAt} />)
        </>
      ) : null}{' '}
      <a href={hrefOf({ view: 'connect' })}>Check the connection</a>
    </div>
  )
}

/** The few things that need a person's attention before any stream does. */
export function Banners(): React.JSX.Element | null {
  const { receiver, link, load, loadError, lostAt, urlWarning, webhookUrl, tunnelTrouble, live, hold } =
    useMonitor(
      useShallow((s) => ({
        receiver: s.receiver,
        link: s.link,
        load: s.load,
        loadError: s.loadError,
        lostAt: s.lostAt,
        urlWarning: s.workspaceStatus?.urlWarning ?? null,
        webhookUrl: s.workspaceStatus?.publicUrl.webhookUrl ?? null,
        tunnelTrouble: tunnelInTrouble(s.workspaceStatus),
        live: s.workspaceStatus?.mode === 'live',
        hold: s.settings?.hold ?? null,
      })),
    )
  const credentials = useCredentialsBanner()
  const items: React.JSX.Element[] = []
  if (link.status === 'offline' && link.error) {
    items.push(
      <div key="conn" className="banner banner-error" role="alert" data-testid="banner-connection">
        <strong>Not connected to the monitor.</strong> {link.error}
      </div>,
    )
  } else if (lostAt !== null) {
    items.push(
      <div key="stale" className="banner banner-warn" role="alert" data-testid="banner-stale">
        <strong>Connection to the monitor lost — reconnecting.</strong> What you see is the last known
        picture, from <LocalAgo at={lostAt} />.
      </div>,
    )
  } else if (load === 'error' && loadError) {
    items.push(
      <div key="load" className="banner banner-error" role="alert" data-testid="banner-load-error">
        <strong>Could not load the current state.</strong> {loadError}
      </div>,
    )
  }
  if (credentials) items.push(<CredentialsBanner key="credentials" />)
  if (tunnelTrouble) items.push(<TunnelBanner key="tunnel" />)
  if (urlWarning) items.push(<UrlWarning key="url" message={urlWarning} webhookUrl={webhookUrl} />)
  if (receiver && !receiver.signingSecretSet) {
    items.push(
      <div key="unsigned" className="banner banner-warn" role="alert" data-testid="banner-unsigned">
        <strong>
          {receiver.unverified === 0
            ? 'Signing secret not set.'
            : `Signing secret not set — ${formatCount(receiver.unverified)} ${receiver.unverified === 1 ? 'event' : 'events'} held unverified.`}
        </strong>{' '}
        {receiver.unverified === 0 ? 'Deliveries are held' : 'They are kept'} encrypted and applied once the
        webhook signing secret from the FastPix dashboard is{' '}
        {live ? (
          <>
            entered: <a href={hrefOf({ view: 'connect' })}>set the signing secret</a>.
          </>
        ) : (
          'configured (FASTPIX_WEBHOOK_SECRET).'
        )}
        {receiver.holdFull ? (
          <>
            {' '}
            <strong data-testid="banner-hold-full">
              Hold full: {formatCount(receiver.holdRefused)}{' '}
              {receiver.holdRefused === 1 ? 'delivery' : 'deliveries'} refused (FastPix retries them); enter
              the signing secret to release the held deliveries.
            </strong>
            {hold ? (
              <span data-testid="banner-hold-limits">
                {' '}
                The hold takes at most {formatCount(hold.maxMiB)} MiB and {formatCount(hold.maxDeliveries)}{' '}
                deliveries (<a href={hrefOf({ view: 'settings' })}>Settings</a>).
              </span>
            ) : null}
          </>
        ) : null}
      </div>,
    )
  }
  if (receiver && receiver.recentSignatureRejections > 0) {
    const n = receiver.recentSignatureRejections
    items.push(
      <div key="badsig" className="banner banner-error" role="alert" data-testid="banner-bad-signature">
        <strong>
          {formatCount(n)} {n === 1 ? 'delivery' : 'deliveries'} rejected for bad signature in the last 5 min
          (wrong secret?)
        </strong>{' '}
        <a href={hrefOf({ view: 'rejected' })}>See rejected deliveries</a>
      </div>,
    )
  }
  if (receiver?.demo) {
    items.push(
      <div key="demo" className="banner banner-info" data-testid="banner-demo">
        <strong>Demo workspace.</strong> A simulated FastPix is playing scenarios (drops, reconnects, a
        flapping encoder, a stalled simulcast target, a webhook that never arrives); nothing here is a real
        stream.
      </div>,
    )
  }
  if (items.length === 0) return null
  return (
    <section className="banners" aria-label="Notices">
      {items}
    </section>
  )
}
