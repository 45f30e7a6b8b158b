import { useShallow } from 'zustand/react/shallow'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { TunnelState } from '../components/TunnelState.tsx'
import { Address, LocalReceiver, NoPublicUrlWords } from '../components/WebhookAddress.tsx'
import { useMonitor } from '../state/monitor.ts'
import { selectWebhookAddresses } from '../state/workspace.ts'
import { SigningSecretStep } from './SigningSecretStep.tsx'

function PublicWebhookUrl(): React.JSX.Element {
  const { public: url, local } = useMonitor(useShallow(selectWebhookAddresses))
  const ngrok = useMonitor((s) => s.workspaceStatus?.publicUrl.mode === 'ngrok')
  if (!url)
    return (
      <>
        <p data-testid="webhook-public-url-pending">
          <strong>No public URL yet: FastPix cannot reach this monitor.</strong>{' '}
          {/* The tunnel's own state follows below, with why and "Retry now". */}
          {ngrok ? 'It appears here once the ngrok tunnel is online.' : <NoPublicUrlWords />}
        </p>
        {local ? <LocalReceiver url={local} testId="webhook-local-url" /> : null}
      </>
    )
  return (
    <p className="webhook">
      <Address
        url={url}
        label="public webhook URL"
        testId="webhook-public-url"
        copyTestId="copy-webhook-public-url"
      />
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
  const at = useMonitor((s) => s.workspaceStatus?.probeReceivedAt ?? null)
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
