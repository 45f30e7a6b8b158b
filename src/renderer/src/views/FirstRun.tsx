import { hrefOf } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'

/** Nothing chosen yet: the demo in one click, or connecting a real FastPix workspace. */
export function FirstRun(): React.JSX.Element {
  const change = useMonitor((s) => s.workspaceSwitch)
  const switchToDemo = useMonitor((s) => s.switchToDemo)
  const busy = change.state === 'switching' || change.state === 'reloading'
  return (
    <section className="page first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h1 id="first-run-title">Welcome to FastPix Live Monitor</h1>
      <p className="muted">
        It watches your live streams and simulcast targets and tells you when one drops. Choose how to start;
        you can switch at any time in Settings → Workspace.
      </p>
      <div className="choices">
        <div className="choice">
          <h2>Try the demo workspace</h2>
          <p>
            A simulated FastPix plays streams going live, dropping, reconnecting and simulcasting. Nothing to
            set up, and nothing in it is a real stream.
          </p>
          <button
            type="button"
            className="primary"
            data-testid="first-run-demo"
            disabled={busy}
            onClick={() => void switchToDemo()}
          >
            {busy && change.target === 'demo' ? 'Starting the demo…' : 'Try the demo workspace'}
          </button>
        </div>
        <div className="choice">
          <h2>Connect your FastPix workspace</h2>
          <p>
            You need an Access Token ID and Secret Key from the FastPix dashboard, and an ngrok authtoken or a
            public https URL of your own so FastPix can send its webhooks here.
          </p>
          <a className="button primary" href={hrefOf({ view: 'connect' })} data-testid="first-run-connect">
            Connect your FastPix workspace
          </a>
        </div>
      </div>
      {change.state === 'error' && change.target === 'demo' ? (
        <p className="error" role="alert" data-testid="first-run-error">
          Could not start the demo: {change.error}
        </p>
      ) : null}
    </section>
  )
}
