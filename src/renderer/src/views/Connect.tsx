import { useEffect, useState } from 'react'
import { ConnectCredentialsNotice, credentialRejection } from '../components/CredentialsNotice.tsx'
import { draftFrom } from '../lib/connect-form.ts'
import { hrefOf } from '../router.ts'
import { useMonitor } from '../state/monitor.ts'
import { ConnectForm } from './ConnectForm.tsx'
import { GuidedSetup } from './GuidedSetup.tsx'
import { NotKeptNote } from './WorkspaceSettings.tsx'

/**
 * `#/connect`: in the demo, the form that connects a real workspace (the page reloads into
 * it, still here); with a real workspace, the guided webhook setup, the form behind a button
 * (open at once while no public URL is set up). While FastPix rejects the saved token, what
 * it said and the form come first.
 */
export function Connect(): React.JSX.Element {
  const status = useMonitor((s) => s.workspaceStatus)
  const loadWorkspaceStatus = useMonitor((s) => s.loadWorkspaceStatus)
  const [editing, setEditing] = useState(false)

  useEffect(() => {
    if (!status) void loadWorkspaceStatus()
  }, [status, loadWorkspaceStatus])

  if (!status) return <p className="page muted">Loading the workspace…</p>
  const live = status.mode === 'live'
  // FastPix refuses the saved token: what it said and the form come first, the setup after.
  if (live && credentialRejection(status)) {
    return (
      <section className="page connect" aria-labelledby="connect-title" data-testid="connect-view">
        <p className="small">
          <a href={hrefOf({ view: 'settings' })}>← Settings</a>
        </p>
        <h1 id="connect-title">Your FastPix workspace</h1>
        <ConnectCredentialsNotice />
        <NotKeptNote />
        <ConnectForm initial={draftFrom(status)} />
        <GuidedSetup />
      </section>
    )
  }
  return (
    <section className="page connect" aria-labelledby="connect-title" data-testid="connect-view">
      <p className="small">
        <a href={hrefOf({ view: 'settings' })}>← Settings</a>
      </p>
      <h1 id="connect-title">{live ? 'Your FastPix workspace' : 'Connect your FastPix workspace'}</h1>
      {live ? (
        <GuidedSetup />
      ) : (
        <p className="muted">
          Two steps here, then the monitor switches to your workspace and walks you through adding its webhook
          in FastPix. The demo's data is kept apart; you can switch back in Settings.
        </p>
      )}
      {live && !editing && status.publicUrl.mode !== null ? (
        <p>
          <button type="button" data-testid="connect-change" onClick={() => setEditing(true)}>
            Change the credentials or the public URL…
          </button>
        </p>
      ) : (
        <>
          {live ? <h2 className="connect-again">Change the connection</h2> : null}
          <NotKeptNote />
          <ConnectForm initial={draftFrom(status)} />
        </>
      )}
    </section>
  )
}
