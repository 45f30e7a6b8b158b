// @vitest-environment happy-dom
// FastPix refusing the workspace's access token: the banner on every page but the connect
// page (in words, with the way to fix it), the connect page's notice above the form (open
// at once), Settings' credentials row, and nothing of it in the demo.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Banners } from '../../../../src/renderer/src/components/Banners.tsx'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Connect } from '../../../../src/renderer/src/views/Connect.tsx'
import { WorkspaceSettings } from '../../../../src/renderer/src/views/WorkspaceSettings.tsx'
import type { CredentialRejection, WorkspaceStatus } from '../../../../src/shared/workspace.ts'
import { makeBatch, makeConnection, makeLiveConnection, makeSnapshot, T0 } from '../fixtures.ts'
import { fakeWorkspaceApi } from '../workspace-api.ts'

const UNAUTHORIZED =
  'FastPix rejected the Access Token ID or Secret Key (401). Check both values and that the token belongs to this workspace.'
const REJECTED: CredentialRejection = {
  status: 401,
  message: UNAUTHORIZED,
  during: 'reconcile',
  since: T0 - 120_000,
}

let fake: ReturnType<typeof fakeWorkspaceApi>

function load(status: WorkspaceStatus): void {
  useMonitor.getState().applySnapshot(makeSnapshot([], { workspace: status }))
  useMonitor.setState({ clockOffset: T0 - Date.now() })
  useTicker.setState({ now: Date.now() })
}

const rejectedLive = (rejected: CredentialRejection | null = REJECTED) =>
  makeLiveConnection({ signingSecretSet: true, fastpix: { state: 'error', error: UNAUTHORIZED, rejected } })

beforeEach(() => {
  resetMonitorState()
  fake = fakeWorkspaceApi()
  window.location.hash = '#/'
})
afterEach(() => {
  cleanup()
  fake.restore()
  window.location.hash = ''
})

describe('credentials rejected', () => {
  it('the banner says so in words, since when, and links to re-entering the credentials', async () => {
    load(rejectedLive())
    render(<Banners />)
    const banner = screen.getByTestId('banner-credentials')
    expect(banner.getAttribute('role')).toBe('alert')
    expect(banner.dataset.status).toBe('401')
    expect(banner.textContent).toContain('FastPix rejected the access token')
    expect(banner.textContent).toContain('(401, while reading your streams, 2 min ago)')
    expect(banner.textContent).toContain('no longer match a token of this workspace')
    expect(banner.textContent).toContain('missed webhooks are not corrected and stream actions fail')
    const fix = within(banner).getByRole('link', { name: 'Re-enter the Access Token ID and Secret Key' })
    expect(fix.getAttribute('href')).toBe('#/connect')

    // The next answered call clears it.
    useMonitor.getState().applyBatch(makeBatch(2, { workspace: rejectedLive(null) }))
    await waitFor(() => expect(screen.queryByTestId('banner-credentials')).toBeNull())
  })

  it('a 403 on a read names the missing permission', () => {
    const message =
      'This access token lacks permission for that (403). Give it FastPix Video Read (and Write for stream actions).'
    load(rejectedLive({ status: 403, message, during: 'viewers', since: T0 - 5_000 }))
    render(<Banners />)
    const banner = screen.getByTestId('banner-credentials')
    expect(banner.dataset.status).toBe('403')
    expect(banner.textContent).toContain('(403, while reading viewer counts')
    expect(banner.textContent).toContain('lacks the FastPix Video Read permission')
  })

  it('the connect page puts the notice above the open form, and no banner repeats it', () => {
    window.location.hash = '#/connect'
    load(rejectedLive())
    render(
      <>
        <Banners />
        <Connect />
      </>,
    )
    expect(screen.queryByTestId('banner-credentials')).toBeNull()
    const notice = screen.getByTestId('connect-rejected')
    expect(notice.textContent).toContain('FastPix rejected the access token')
    expect(notice.textContent).toContain(UNAUTHORIZED)
    expect(notice.textContent).toContain(
      'The saved token (Access Token ID ending a1b2) stopped working while reading your streams, 2 min ago.',
    )
    // The form is open at once, right under the notice (no "Change…" click needed).
    const form = screen.getByTestId('connect-form')
    expect(screen.queryByTestId('connect-change')).toBeNull()
    expect(notice.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(
      form.compareDocumentPosition(screen.getByTestId('guided-setup')) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy()
  })

  it('Settings says the saved credentials are rejected', () => {
    load(rejectedLive())
    render(<WorkspaceSettings />)
    const row = screen.getByTestId('workspace-credentials')
    expect(row.dataset.rejected).toBe('401')
    expect(row.textContent).toBe('set (Access Token ID ending a1b2) — rejected by FastPix (401)')
  })

  it('nothing of it while FastPix takes the token, nor in the demo', () => {
    load(rejectedLive(null))
    render(<Banners />)
    expect(screen.queryByTestId('banner-credentials')).toBeNull()
    cleanup()
    load(makeConnection({ fastpix: { rejected: REJECTED } }))
    render(<Banners />)
    expect(screen.queryByTestId('banner-credentials')).toBeNull()
  })
})
