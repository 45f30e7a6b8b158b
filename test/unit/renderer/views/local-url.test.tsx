// @vitest-environment happy-dom
// Never offer an address FastPix cannot reach: with no public URL (none set, the tunnel
// offline or connecting) the pages say so and how to get one, and every local address
// shown (the receiver on 127.0.0.1, the demo's) is labelled local, copy buttons too.
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OverviewBar } from '../../../../src/renderer/src/components/OverviewBar.tsx'
import { TunnelIndicator } from '../../../../src/renderer/src/components/TunnelIndicator.tsx'
import { TunnelState } from '../../../../src/renderer/src/components/TunnelState.tsx'
import { isLocalAddress } from '../../../../src/renderer/src/lib/webhook-address.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { EmptyBoard } from '../../../../src/renderer/src/views/EmptyBoard.tsx'
import { EventLog } from '../../../../src/renderer/src/views/EventLog.tsx'
import { GuidedSetup } from '../../../../src/renderer/src/views/GuidedSetup.tsx'
import { WorkspaceSettings } from '../../../../src/renderer/src/views/WorkspaceSettings.tsx'
import type { TunnelStatus, WorkspaceStatus } from '../../../../src/shared/workspace.ts'
import { makeConnection, makeLiveConnection, makeReceiver, makeSnapshot, T0 } from '../fixtures.ts'
import { fakeWorkspaceApi } from '../workspace-api.ts'

const LOCAL = 'http://127.0.0.1:8790/webhooks/fastpix'
const PUBLIC = 'https://calm-otter.ngrok-free.app/webhooks/fastpix'
const OFFLINE: TunnelStatus = {
  state: 'offline',
  url: null,
  error: 'ngrok could not be reached (connect.ngrok-agent.com did not answer)',
  since: T0 - 30_000,
  attempt: 3,
  nextRetryAt: T0 + 30_000,
}

/** A live workspace whose tunnel is offline: no public URL. */
const ngrokOffline = (): WorkspaceStatus =>
  makeLiveConnection({ tunnel: OFFLINE, publicUrl: { url: null, webhookUrl: null } })
/** A live workspace with no way in set up yet (`serve --live`, or a secret only). */
const notSetUp = (): WorkspaceStatus =>
  makeLiveConnection({
    tunnel: null,
    publicUrl: { mode: null, url: null, webhookUrl: null, ngrokAuthtokenSet: false },
  })

let fake: ReturnType<typeof fakeWorkspaceApi>

function load(status: WorkspaceStatus, receiver = makeReceiver({ accepted: 0, probes: 0 })): void {
  useMonitor.getState().applySnapshot(makeSnapshot([], { workspace: status, receiver }))
  useMonitor.setState({ clockOffset: T0 - Date.now() })
  useTicker.setState({ now: Date.now() })
}

/** Every place a URL is printed, and whether a "local" label sits beside it. */
function shownUrls(root: HTMLElement): { url: string; local: boolean }[] {
  return [...root.querySelectorAll('code')]
    .filter((c) => /^https?:\/\//.test(c.textContent ?? ''))
    .map((c) => ({
      url: c.textContent ?? '',
      local: c.parentElement?.querySelector('[data-testid="local-tag"]') !== null,
    }))
}

beforeEach(() => {
  resetMonitorState()
  fake = fakeWorkspaceApi()
})
afterEach(() => {
  cleanup()
  fake.restore()
})

describe('isLocalAddress', () => {
  it('loopback names and addresses are local; anything else is not', () => {
    for (const url of [
      LOCAL,
      'http://localhost:3000/x',
      'https://[::1]:8/x',
      'http://127.5.6.7/',
      'http://a.localhost/',
    ])
      expect(isLocalAddress(url)).toBe(true)
    for (const url of [PUBLIC, 'https://monitor.example.com/webhooks/fastpix', 'not a url'])
      expect(isLocalAddress(url)).toBe(false)
  })
})

describe('the empty board', () => {
  it('with nothing set up: no public URL yet, how to get one, the receiver labelled local', () => {
    load(notSetUp())
    const { container } = render(<EmptyBoard />)
    const board = screen.getByTestId('board-empty')
    expect(within(board).getByRole('heading').textContent).toBe(
      'No public URL yet — FastPix cannot reach this monitor',
    )
    const why = screen.getByTestId('board-no-public-url')
    expect(why.dataset.reason).toBe('not-set')
    expect(why.textContent).toContain('an ngrok tunnel')
    expect(why.textContent).toContain('your own URL')
    expect(screen.getByRole('link', { name: 'Set up ngrok or your own URL' }).getAttribute('href')).toBe(
      '#/connect',
    )
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    expect(screen.getByRole('button', { name: 'Copy local receiver URL' })).toBeTruthy()
    expect(board.textContent).not.toContain('add this URL')
  })

  it('with the tunnel offline: says so and why; still no URL to add in FastPix', () => {
    load(ngrokOffline())
    const { container } = render(<EmptyBoard />)
    const why = screen.getByTestId('board-no-public-url')
    expect(why.dataset.reason).toBe('offline')
    expect(why.textContent).toContain('The ngrok tunnel is offline')
    expect(why.textContent).toContain('connect.ngrok-agent.com did not answer')
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    expect(screen.queryByRole('button', { name: /Copy (public )?webhook URL/ })).toBeNull()
  })

  it('with the public URL up: that one, to add in FastPix, and no local one', () => {
    load(makeLiveConnection())
    const { container } = render(<EmptyBoard />)
    expect(screen.queryByTestId('board-no-public-url')).toBeNull()
    expect(shownUrls(container)).toEqual([{ url: PUBLIC, local: false }])
    expect(screen.getByRole('button', { name: 'Copy public webhook URL' })).toBeTruthy()
    expect(screen.getByTestId('board-empty').textContent).toContain('add this URL')
  })

  it('in the demo: the local URL is the right one, labelled local, and why', () => {
    load(makeConnection(), makeReceiver({ accepted: 0, probes: 0, demo: true }))
    const { container } = render(<EmptyBoard />)
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    expect(screen.getByRole('button', { name: 'Copy local webhook URL' })).toBeTruthy()
    expect(screen.getByTestId('board-empty').textContent).toContain(
      "The demo's simulated FastPix posts to this local address",
    )
    expect(screen.getByTestId('board-empty').textContent).not.toContain('FastPix dashboard')
  })
})

describe('the guided setup', () => {
  it('no public URL yet: says so, and shows the receiver labelled local', () => {
    load(ngrokOffline())
    const { container } = render(<GuidedSetup />)
    const pending = screen.getByTestId('webhook-public-url-pending')
    expect(pending.textContent).toContain('No public URL yet')
    expect(pending.textContent).toContain('once the ngrok tunnel is online')
    expect(screen.getByTestId('tunnel-state').dataset.state).toBe('offline')
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    expect(screen.getByRole('button', { name: 'Copy local receiver URL' })).toBeTruthy()
  })

  it('with the public URL: only that one is offered to paste into FastPix', () => {
    load(makeLiveConnection())
    const { container } = render(<GuidedSetup />)
    const urls = shownUrls(container)
    expect(urls).toContainEqual({ url: PUBLIC, local: false })
    expect(urls.some((u) => u.local)).toBe(false)
  })
})

describe('the tunnel state', () => {
  it('the overview indicator says there is no public URL when none is set up', () => {
    load(notSetUp())
    render(<TunnelIndicator />)
    const indicator = screen.getByTestId('tunnel-indicator')
    expect(indicator.dataset.state).toBe('none')
    expect(indicator.textContent).toBe('No public URL')
  })

  it('offline: says why and offers no address; online: the public one, not labelled local', () => {
    load(ngrokOffline())
    const { container } = render(<TunnelState />)
    expect(screen.getByTestId('tunnel-state').textContent).toContain('connect.ngrok-agent.com did not answer')
    expect(shownUrls(container)).toEqual([])
    cleanup()
    load(makeLiveConnection())
    const online = render(<TunnelState />)
    expect(shownUrls(online.container)).toEqual([{ url: 'https://calm-otter.ngrok-free.app', local: false }])
  })
})

describe('Settings: the workspace', () => {
  it('says when there is no public URL, and labels the receiver local', () => {
    load(notSetUp())
    const { container } = render(<WorkspaceSettings />)
    expect(screen.getByTestId('workspace-public-url').textContent).toBe(
      'not set — FastPix cannot reach this monitor yet',
    )
    expect(screen.getByTestId('workspace-receiver').textContent).toContain(LOCAL)
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    cleanup()
    load(ngrokOffline())
    render(<WorkspaceSettings />)
    expect(screen.getByTestId('workspace-public-url').textContent).toBe(
      'ngrok tunnel — no public URL while the tunnel is offline',
    )
  })
})

describe('the overview bar and the empty event log', () => {
  it('live with no public URL: says so, the receiver labelled local', () => {
    load(ngrokOffline())
    const { container } = render(<OverviewBar />)
    expect(screen.getByTestId('webhook-url').textContent).toBe(LOCAL)
    expect(screen.getByTestId('webhook-no-public-url').textContent).toBe('no public URL yet')
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
    expect(screen.getByRole('button', { name: 'Copy local webhook URL' })).toBeTruthy()
  })

  it('live with the public URL: that one, not the local listener', () => {
    // The receiver still names its local listener: the public URL is the one to show.
    load(makeLiveConnection())
    const { container } = render(<OverviewBar />)
    expect(shownUrls(container)).toEqual([{ url: PUBLIC, local: false }])
    expect(screen.getByRole('button', { name: 'Copy webhook URL' })).toBeTruthy()
  })

  it('the empty event log labels a local address too', async () => {
    fake.restore()
    fake = fakeWorkspaceApi({ listEvents: async () => ({ events: [], nextCursor: null }) })
    load(makeConnection(), makeReceiver({ accepted: 0, probes: 0, demo: true }))
    const { container } = render(<EventLog />)
    await screen.findByTestId('event-empty')
    expect(shownUrls(container)).toEqual([{ url: LOCAL, local: true }])
  })
})
