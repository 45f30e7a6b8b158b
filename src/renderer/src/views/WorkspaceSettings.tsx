import { useShallow } from 'zustand/react/shallow'
import type { WorkspaceStatus } from '../../../shared/workspace.ts'
import { credentialRejection } from '../components/CredentialsNotice.tsx'
import { RelativeTime } from '../components/RelativeTime.tsx'
import { Address, LocalTag } from '../components/WebhookAddress.tsx'
import { formatCount } from '../lib/format.ts'
import { isLocalAddress } from '../lib/webhook-address.ts'
import { MODE_WORD, RECONCILE_WORD } from '../lib/workspace-words.ts'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { selectWebhookAddresses } from '../state/workspace.ts'

function ReconcileState(): React.JSX.Element | null {
  const reconcile = useMonitor((s) => s.workspaceStatus?.reconcile ?? null)
  const request = useMonitor((s) => s.reconcileRequest)
  const reconcileNow = useMonitor((s) => s.reconcileNow)
  if (!reconcile) return null
  const { state, lastAt, lastError, corrections } = reconcile
  return (
    <div className="reconcile" data-testid="reconcile-state" data-state={state}>
      <h3>Reconcile with FastPix</h3>
      <p className="muted small">
        Reads your streams from FastPix and corrects what missed webhooks left wrong; each correction is
        marked on its stream's timeline.
      </p>
      <p role="status">
        <strong>{RECONCILE_WORD[state]}</strong>
        {state === 'error' && lastError ? `: ${lastError}` : null}
      </p>
      <dl className="workspace-facts">
        <div>
          <dt>Last run</dt>
          <dd data-testid="reconcile-last">{lastAt === null ? 'not yet' : <RelativeTime at={lastAt} />}</dd>
        </div>
        <div>
          <dt>Corrections</dt>
          <dd data-testid="reconcile-corrections" data-count={corrections}>
            {formatCount(corrections)}
          </dd>
        </div>
      </dl>
      <p className="form-actions">
        <button
          type="button"
          data-testid="reconcile-now"
          disabled={state === 'off' || state === 'running' || request.state === 'sending'}
          onClick={() => void reconcileNow()}
        >
          {state === 'running' || request.state === 'sending' ? 'Reconciling…' : 'Reconcile now'}
        </button>
        {request.state === 'error' ? (
          <span className="error" role="alert">
            Could not start: {request.error}
          </span>
        ) : null}
      </p>
    </div>
  )
}

function PublicUrlWords({ status }: { status: WorkspaceStatus }): React.JSX.Element {
  const { mode, url, ngrokDomain } = status.publicUrl
  if (mode === null)
    return <>{status.mode === 'live' ? 'not set — FastPix cannot reach this monitor yet' : 'not set'}</>
  const tunnel = status.tunnel?.state ?? 'off'
  return (
    <>
      {mode === 'ngrok'
        ? `ngrok tunnel${ngrokDomain ? ` (static domain ${ngrokDomain})` : ''}`
        : 'your own URL'}
      {url ? (
        <>
          {' '}
          <code>{url}</code>
          {isLocalAddress(url) ? (
            <>
              {' '}
              <LocalTag />
            </>
          ) : null}
        </>
      ) : mode === 'ngrok' ? (
        ` — no public URL while the tunnel is ${tunnel === 'connecting' ? 'connecting' : tunnel === 'error' ? 'refused' : tunnel}`
      ) : null}
    </>
  )
}

/** The real workspace's receiver on this computer (what a proxy forwards to), when known. */
function ReceiverRow(): React.JSX.Element | null {
  const { live, local } = useMonitor(useShallow(selectWebhookAddresses))
  if (!live || !local) return null
  return (
    <div>
      <dt>Receiver</dt>
      <dd data-testid="workspace-receiver">
        <Address url={local} label="receiver URL" />
      </dd>
    </div>
  )
}

/** `serve` keeps the workspace choice in memory only, a desktop without a keyring its secrets: say so before anyone types a secret. */
export function NotKeptNote(): React.JSX.Element | null {
  const persistent = useMonitor((s) => s.workspaceStatus?.persistent ?? true)
  const secretsNotKept = useMonitor((s) =>
    s.workspaceStatus?.keyring.secretsPersisted === false ? s.workspaceStatus.keyring.reason : null,
  )
  if (persistent)
    return secretsNotKept ? (
      <p className="muted small" role="note" data-testid="secrets-not-kept">
        {secretsNotKept}
      </p>
    ) : null
  return (
    <p className="muted small" data-testid="workspace-not-kept">
      This monitor keeps what you enter here only while it runs: after a restart it starts with the workspace
      it was started with.
    </p>
  )
}

/** Top of Settings: which workspace is watched, what is set, and the way to change it. */
export function WorkspaceSettings(): React.JSX.Element | null {
  const status = useMonitor((s) => s.workspaceStatus)
  const change = useMonitor((s) => s.workspaceSwitch)
  const switchToDemo = useMonitor((s) => s.switchToDemo)
  if (!status) return null
  const { mode, fastpix } = status
  const live = mode === 'live'
  const rejected = credentialRejection(status)
  const busy = change.state === 'switching' || change.state === 'reloading'
  return (
    <section
      className="panel workspace-settings"
      aria-labelledby="workspace-title"
      data-testid="workspace-settings"
    >
      <h2 id="workspace-title">Workspace</h2>
      <dl className="workspace-facts">
        <div>
          <dt>Watching</dt>
          <dd data-testid="workspace-mode" data-mode={mode}>
            {MODE_WORD[mode]}
          </dd>
        </div>
        <div>
          <dt>FastPix credentials</dt>
          <dd
            data-testid="workspace-credentials"
            data-set={fastpix.credentialsSet}
            data-rejected={rejected?.status}
            className={rejected ? 'error' : undefined}
          >
            {fastpix.credentialsSet
              ? `set${fastpix.idHint ? ` (Access Token ID ending ${fastpix.idHint})` : ''}`
              : 'not set'}
            {rejected ? ` — rejected by FastPix (${rejected.status})` : null}
          </dd>
        </div>
        <div>
          <dt>Signing secret</dt>
          <dd data-testid="workspace-signing-secret" data-set={status.signingSecretSet}>
            {status.signingSecretSet ? 'set' : 'not set'}
          </dd>
        </div>
        <div>
          <dt>Public URL</dt>
          <dd data-testid="workspace-public-url" data-mode={status.publicUrl.mode ?? 'none'}>
            <PublicUrlWords status={status} />
          </dd>
        </div>
        <ReceiverRow />
      </dl>
      <NotKeptNote />
      <p className="form-actions">
        <a className="button" href={hrefOf({ view: 'connect' })} data-testid="workspace-connect">
          {live ? 'Webhook setup and connection…' : 'Connect a FastPix workspace…'}
        </a>
        {live ? (
          <button
            type="button"
            data-testid="workspace-demo"
            disabled={busy}
            onClick={() => void switchToDemo()}
          >
            {busy && change.target === 'demo' ? 'Switching…' : 'Switch to the demo workspace'}
          </button>
        ) : null}
        {change.state === 'error' && change.target === 'demo' ? (
          <span className="error" role="alert" data-testid="workspace-switch-error">
            Could not switch: {change.error}
          </span>
        ) : null}
      </p>
      <ReconcileState />
    </section>
  )
}
