import { CopyButton } from '../components/CopyButton.tsx'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { TunnelState } from '../components/TunnelState.tsx'
import { useMonitor } from '../stores/monitor-store.ts'
import { SigningSecretStep } from './SigningSecretStep.tsx'

function PublicWebhookUrl(): React.JSX.Element {
  const url = useMonitor((s) => s.connectionStatus?.publicUrl.webhookUrl ?? null)
  if (!url)
    return (
      <p className="muted" data-testid="webhook-public-url-pending">
        The URL appears here as soon as the public address is up.
      </p>
    )
  return (
    <p className="webhook">
      <code className="webhook-url" data-testid="webhook-public-url">
        {url}
      </code>
      <CopyButton text={url} label="public webhook URL" testId="copy-webhook-public-url" />
    </p>
  )
}

/** FastPix webhooks are configured only in its dashboard: these are the clicks. */
function FastPixSteps(): React.JSX.Element {
  return (
    <ol className="steps" data-testid="fastpix-steps">
      <li>
        Open{' '}
        <a href="https://dashboard.fastpix.io" target="_blank" rel="noreferrer">
          dashboard.fastpix.io
        </a>{' '}
        → <strong>Org Settings</strong> → <strong>Webhooks</strong>.
      </li>
      <li>Choose this workspace (environment).</li>
      <li>
        <strong>Add webhook</strong> (or <strong>Create</strong>), paste the URL above, and select the live
        stream and simulcast events (or all events).
      </li>
      <li>
        <strong>Save</strong>: FastPix sends an unsigned validation request to the URL.
      </li>
    </ol>
  )
}

function ProbeState(): React.JSX.Element {
  const at = useMonitor((s) => s.connectionStatus?.probeReceivedAt ?? null)
  const state = at === null ? 'waiting' : 'received'
  return (
    <p className={`probe-state probe-${state}`} data-testid="probe-state" data-state={state} role="status">
      {at === null ? (
        <>
          <span className="spinner" aria-hidden="true" />
          <span>Waiting for FastPix's validation request…</span>
        </>
      ) : (
        <>
          <span className="done-mark" aria-hidden="true">
            ✓
          </span>
          <span>
            Validation request received <RelativeTime at={at} />: FastPix can reach this monitor.
          </span>
        </>
      )}
    </p>
  )
}

/** After connecting: the public URL, the tunnel, the FastPix steps, the probe and the signing secret. */
export function GuidedSetup(): React.JSX.Element {
  return (
    <div className="guided-setup" data-testid="guided-setup">
      <section className="panel" aria-labelledby="setup-url-title">
        <h2 id="setup-url-title">Public webhook URL</h2>
        <PublicWebhookUrl />
        <TunnelState />
      </section>
      <section className="panel" aria-labelledby="setup-fastpix-title">
        <h2 id="setup-fastpix-title">Add it in FastPix</h2>
        <FastPixSteps />
        <ProbeState />
      </section>
      <SigningSecretStep />
    </div>
  )
}
