// @vitest-environment happy-dom
// With a real workspace: the guided webhook setup, the tunnel and URL warnings, the
// overview indicator and the Workspace section of Settings.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Banners } from '../../../../src/renderer/src/components/Banners.tsx'
import { OverviewBar } from '../../../../src/renderer/src/components/OverviewBar.tsx'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Connect } from '../../../../src/renderer/src/views/Connect.tsx'
import { Settings } from '../../../../src/renderer/src/views/Settings.tsx'
import type { TunnelStatus, WorkspaceStatus } from '../../../../src/shared/workspace.ts'
import { makeBatch, makeConnection, makeLiveConnection, makeReceiver, makeSnapshot, T0 } from '../fixtures.ts'
import { fakeWorkspaceApi, refusal } from '../workspace-api.ts'

let fake: ReturnType<typeof fakeWorkspaceApi>

function load(status: WorkspaceStatus): void {
  useMonitor.getState().applySnapshot(makeSnapshot([], { workspace: status }))
  useMonitor.setState({ clockOffset: T0 - Date.now() })
  useTicker.setState({ now: Date.now() })
}

const push = (seq: number, status: WorkspaceStatus) =>
  useMonitor.getState().applyBatch(makeBatch(seq, { workspace: status }))

const tunnel = (patch: Partial<TunnelStatus>): TunnelStatus => ({
  state: 'online',
  url: null,
  error: null,
  since: T0,
  attempt: 0,
  nextRetryAt: null,
  ...patch,
})

const OFFLINE = tunnel({
  state: 'offline',
  error: 'ngrok could not be reached (connect.ngrok-agent.com did not answer)',
  attempt: 3,
  nextRetryAt: T0 + 30_000,
})

beforeEach(() => {
  resetMonitorState()
  fake = fakeWorkspaceApi()
})
afterEach(() => {
  cleanup()
  fake.restore()
})

describe('guided setup', () => {
  it('shows the public webhook URL to copy and the FastPix steps', () => {
    load(makeLiveConnection())
    render(<Connect />)
    expect(screen.getByTestId('guided-setup')).toBeTruthy()
    expect(screen.queryByTestId('connect-form')).toBeNull()
    expect(screen.getByTestId('webhook-public-url').textContent).toBe(
      'https://calm-otter.ngrok-free.app/webhooks/fastpix',
    )
    expect(screen.getByRole('button', { name: 'Copy public webhook URL' })).toBeTruthy()
    const steps = within(screen.getByTestId('fastpix-steps')).getAllByRole('listitem')
    expect(steps.map((li) => li.textContent)).toEqual([
      'Open dashboard.fastpix.io → Org Settings → Webhooks.',
      'Choose this workspace (environment).',
      'Add webhook (or Create), paste the URL above, and select the live stream and simulcast events (or all events).',
      'Save: FastPix sends an unsigned validation request to the URL.',
    ])
    expect(screen.getByTestId('tunnel-state').dataset.state).toBe('online')
    // The form to change the connection is one click away.
    fireEvent.click(screen.getByTestId('connect-change'))
    expect(screen.getByTestId('connect-form')).toBeTruthy()
  })

  it('waits for the validation request until a batch says it came', async () => {
    load(makeLiveConnection())
    render(<Connect />)
    const probe = () => screen.getByTestId('probe-state')
    expect(probe().dataset.state).toBe('waiting')
    expect(probe().textContent).toContain("Waiting for FastPix's validation request")
    push(2, makeLiveConnection({ probeReceivedAt: T0 - 3_000 }))
    await waitFor(() => expect(probe().dataset.state).toBe('received'))
    expect(probe().textContent).toContain('Validation request received 3 s ago')
    expect(fake.reload).not.toHaveBeenCalled()
  })

  it('saves the signing secret and says what it released', async () => {
    load(makeLiveConnection({ heldDeliveries: 4 }))
    render(<Connect />)
    expect(screen.getByTestId('held-deliveries').textContent).toContain('4 deliveries held unverified')
    const secret = screen.getByTestId('signing-secret') as HTMLInputElement
    expect(secret.type).toBe('password')
    fireEvent.change(secret, { target: { value: 'not base64!' } })
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    expect(screen.getByTestId('signing-secret-error').textContent).toContain('Base64')
    expect(fake.api.setSigningSecret).not.toHaveBeenCalled()

    fireEvent.change(secret, { target: { value: ' c2lnbmluZy1zZWNyZXQ= ' } })
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    await waitFor(() => expect(screen.getByTestId('release-result')).toBeTruthy())
    expect(fake.api.setSigningSecret).toHaveBeenCalledWith('c2lnbmluZy1zZWNyZXQ=')
    expect(screen.getByTestId('release-result').textContent).toBe(
      'Signing secret saved. 3 held deliveries verified and released, 1 rejected (signature did not match).',
    )
    expect(screen.getByTestId('signing-secret-done')).toBeTruthy()
    expect(screen.queryByTestId('signing-secret')).toBeNull()
  })

  it('shows a secret already set as done, and lets it be replaced', async () => {
    load(makeLiveConnection({ signingSecretSet: true }))
    render(<Connect />)
    expect(screen.queryByTestId('signing-secret')).toBeNull()
    expect(screen.queryByTestId('held-deliveries')).toBeNull()
    fireEvent.click(screen.getByTestId('signing-secret-replace'))
    fireEvent.change(screen.getByTestId('signing-secret'), { target: { value: 'bmV3LXNlY3JldA==' } })
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    await waitFor(() => expect(screen.getByTestId('signing-secret-done')).toBeTruthy())
    expect(fake.api.setSigningSecret).toHaveBeenCalledWith('bmV3LXNlY3JldA==')
  })

  it("shows the core's error when the secret is refused", async () => {
    fake.api.setSigningSecret.mockRejectedValueOnce(refusal('the monitor could not store the secret'))
    load(makeLiveConnection())
    render(<Connect />)
    fireEvent.change(screen.getByTestId('signing-secret'), { target: { value: 'c2VjcmV0' } })
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    await waitFor(() =>
      expect(screen.getByTestId('signing-secret-error').textContent).toBe(
        'Not saved: the monitor could not store the secret',
      ),
    )
    expect(screen.queryByTestId('release-result')).toBeNull()
    // What was pasted stays, to try again or correct.
    expect((screen.getByTestId('signing-secret') as HTMLInputElement).value).toBe('c2VjcmV0')
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    await waitFor(() => expect(screen.getByTestId('signing-secret-done')).toBeTruthy())
    expect(fake.api.setSigningSecret).toHaveBeenLastCalledWith('c2VjcmV0')
  })

  it('forgets a replacement secret once saved, and on "Keep the current one"', async () => {
    load(makeLiveConnection({ signingSecretSet: true }))
    render(<Connect />)
    const field = () => screen.getByTestId('signing-secret') as HTMLInputElement
    fireEvent.click(screen.getByTestId('signing-secret-replace'))
    fireEvent.change(field(), { target: { value: 'bmV3LXNlY3JldA==' } })
    fireEvent.click(screen.getByRole('button', { name: 'Keep the current one' }))
    fireEvent.click(screen.getByTestId('signing-secret-replace'))
    expect(field().value).toBe('')
    fireEvent.change(field(), { target: { value: 'bmV3LXNlY3JldA==' } })
    fireEvent.click(screen.getByTestId('signing-secret-save'))
    await waitFor(() => expect(screen.getByTestId('signing-secret-done')).toBeTruthy())
    fireEvent.click(screen.getByTestId('signing-secret-replace'))
    expect(field().value).toBe('')
  })

  it('says why the tunnel is offline, when it retries, and retries now on request', async () => {
    load(makeLiveConnection({ tunnel: OFFLINE }))
    render(<Connect />)
    const state = screen.getByTestId('tunnel-state')
    expect(state.dataset.state).toBe('offline')
    expect(state.textContent).toContain('ngrok could not be reached (connect.ngrok-agent.com did not answer)')
    expect(state.textContent).toContain('next try in 30 s')
    fireEvent.click(screen.getByTestId('tunnel-retry'))
    await waitFor(() => expect(screen.getByTestId('tunnel-state').dataset.state).toBe('online'))
    expect(fake.api.reconnectTunnel).toHaveBeenCalledTimes(1)
    expect(screen.queryByTestId('tunnel-retry')).toBeNull()
  })

  it('has no tunnel status with an own public URL', () => {
    load(
      makeLiveConnection({
        tunnel: null,
        publicUrl: {
          mode: 'own',
          url: 'https://m.example.com',
          webhookUrl: 'https://m.example.com/webhooks/fastpix',
        },
      }),
    )
    render(<Connect />)
    expect(screen.queryByTestId('tunnel-state')).toBeNull()
    expect(screen.getByTestId('webhook-public-url').textContent).toBe(
      'https://m.example.com/webhooks/fastpix',
    )
  })
})

describe('workspace banners and indicator', () => {
  it('warns that FastPix uses an old URL, with the new one to copy', () => {
    load(
      makeLiveConnection({
        urlWarning:
          'FastPix is configured with the old URL https://old-otter.ngrok-free.app/webhooks/fastpix',
      }),
    )
    render(<Banners />)
    const banner = screen.getByTestId('url-warning')
    expect(banner.getAttribute('role')).toBe('alert')
    expect(banner.textContent).toContain('FastPix is configured with the old URL https://old-otter')
    expect(banner.textContent).toContain('https://calm-otter.ngrok-free.app/webhooks/fastpix')
    expect(within(banner).getByRole('button', { name: 'Copy new webhook URL' })).toBeTruthy()
  })

  it('says when the tunnel is down, links to the setup, and clears when it is back', async () => {
    load(makeLiveConnection({ tunnel: tunnel({ state: 'error', error: 'ngrok refused the authtoken' }) }))
    render(<Banners />)
    const banner = screen.getByTestId('tunnel-banner')
    expect(banner.textContent).toContain('ngrok refused the authtoken')
    expect(within(banner).getByRole('link').getAttribute('href')).toBe('#/connect')
    push(2, makeLiveConnection())
    await waitFor(() => expect(screen.queryByTestId('tunnel-banner')).toBeNull())
  })

  it('points a live workspace without a signing secret to the setup', () => {
    useMonitor.getState().applySnapshot(
      makeSnapshot([], {
        receiver: makeReceiver({ signingSecretSet: false, unverified: 2 }),
        workspace: makeLiveConnection({ heldDeliveries: 2 }),
      }),
    )
    render(<Banners />)
    const banner = screen.getByTestId('banner-unsigned')
    expect(banner.textContent).toContain('from the FastPix dashboard is entered: set the signing secret.')
    expect(within(banner).getByRole('link').getAttribute('href')).toBe('#/connect')
  })

  it('has no tunnel banner or indicator in the demo', () => {
    load(makeConnection({ tunnel: OFFLINE }))
    render(
      <>
        <Banners />
        <OverviewBar />
      </>,
    )
    expect(screen.queryByTestId('tunnel-banner')).toBeNull()
    expect(screen.queryByTestId('tunnel-indicator')).toBeNull()
  })

  it('shows the tunnel in the overview bar, or that the URL is our own', () => {
    load(makeLiveConnection({ tunnel: OFFLINE }))
    render(<OverviewBar />)
    const indicator = screen.getByTestId('tunnel-indicator')
    expect(indicator.dataset.state).toBe('offline')
    expect(indicator.textContent).toBe('Tunnel offline')
    push(2, makeLiveConnection({ tunnel: null, publicUrl: { mode: 'own', url: 'https://m.example.com' } }))
    return waitFor(() => expect(screen.getByTestId('tunnel-indicator').dataset.state).toBe('own'))
  })

  it('reloads the page when a batch brings another workspace', () => {
    load(makeConnection({ generation: 1 }))
    render(<Banners />)
    push(2, makeLiveConnection({ generation: 2 }))
    expect(fake.reload).toHaveBeenCalledTimes(1)
  })
})

describe('workspace in settings', () => {
  it('shows the live workspace, what is set, and the reconcile state', async () => {
    load(
      makeLiveConnection({
        signingSecretSet: true,
        reconcile: { state: 'idle', lastAt: T0 - 120_000, corrections: 2 },
        publicUrl: { ngrokDomain: 'calm-otter.ngrok-free.app' },
      }),
    )
    render(<Settings />)
    expect(screen.getByTestId('workspace-mode').dataset.mode).toBe('live')
    expect(screen.getByTestId('workspace-credentials').textContent).toBe('set (Access Token ID ending a1b2)')
    expect(screen.getByTestId('workspace-signing-secret').textContent).toBe('set')
    expect(screen.getByTestId('workspace-public-url').textContent).toContain(
      'ngrok tunnel (static domain calm-otter.ngrok-free.app)',
    )
    expect(screen.getByTestId('workspace-connect').getAttribute('href')).toBe('#/connect')
    const reconcile = screen.getByTestId('reconcile-state')
    expect(reconcile.dataset.state).toBe('idle')
    expect(screen.getByTestId('reconcile-last').textContent).toBe('2 min ago')
    expect(screen.getByTestId('reconcile-corrections').textContent).toBe('2')

    fireEvent.click(screen.getByTestId('reconcile-now'))
    await waitFor(() => expect(screen.getByTestId('reconcile-state').dataset.state).toBe('running'))
    expect(fake.api.reconcileNow).toHaveBeenCalledTimes(1)
    expect((screen.getByTestId('reconcile-now') as HTMLButtonElement).disabled).toBe(true)
    push(2, makeLiveConnection({ reconcile: { state: 'idle', lastAt: T0, corrections: 5 } }))
    await waitFor(() => expect(screen.getByTestId('reconcile-corrections').textContent).toBe('5'))
  })

  it('switches a live workspace to the demo and reloads', async () => {
    load(makeLiveConnection())
    render(<Settings />)
    fireEvent.click(screen.getByTestId('workspace-demo'))
    await waitFor(() => expect(fake.reload).toHaveBeenCalledTimes(1))
    expect(fake.api.useDemo).toHaveBeenCalledTimes(1)
  })

  it('says when the desktop keeps secrets only until it quits (no OS keyring), in Settings and Connect', () => {
    const reason = 'No OS keyring is available to encrypt secrets, so they are kept only until the app quits.'
    load(makeLiveConnection({ keyring: { secretsPersisted: false, reason } }))
    const { unmount } = render(<Settings />)
    expect(screen.getByTestId('secrets-not-kept').textContent).toBe(reason)
    expect(screen.queryByTestId('workspace-not-kept')).toBeNull()
    unmount()
    // The connect form (from the demo), before anything is typed.
    load(makeConnection({ keyring: { secretsPersisted: false, reason } }))
    render(<Connect />)
    expect(screen.getByTestId('connect-form')).toBeTruthy()
    expect(screen.getByTestId('secrets-not-kept').textContent).toBe(reason)
    cleanup()
    load(makeLiveConnection())
    render(<Settings />)
    expect(screen.queryByTestId('secrets-not-kept')).toBeNull()
  })

  it('offers to connect from the demo, and reconcile is off there', () => {
    load(makeConnection())
    render(<Settings />)
    expect(screen.getByTestId('workspace-mode').textContent).toBe('Demo workspace')
    expect(screen.getByTestId('workspace-credentials').textContent).toBe('not set')
    expect(screen.getByTestId('workspace-connect').textContent).toBe('Connect a FastPix workspace…')
    expect(screen.queryByTestId('workspace-demo')).toBeNull()
    expect(screen.getByTestId('reconcile-state').dataset.state).toBe('off')
    expect((screen.getByTestId('reconcile-now') as HTMLButtonElement).disabled).toBe(true)
  })
})
