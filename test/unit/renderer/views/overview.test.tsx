// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Banners } from '../../../../src/renderer/src/components/Banners.tsx'
import { OverviewBar } from '../../../../src/renderer/src/components/OverviewBar.tsx'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { makeReceiver, makeSnapshot, makeStream, T0 } from '../fixtures.ts'

function load(
  patch: Parameters<typeof makeSnapshot>[1],
  streams = [makeStream('a', { health: 'down' })],
): void {
  useMonitor.getState().applySnapshot(makeSnapshot(streams, patch))
  useMonitor.setState({ clockOffset: 0 })
  useTicker.setState({ now: T0 })
}

describe('overview bar', () => {
  beforeEach(() => resetMonitorState())
  afterEach(() => cleanup())

  it('shows workspace health, counts, the webhook URL and delivery facts', () => {
    load(
      { workspaceHealth: 'down', receiver: makeReceiver({ accepted: 1234, lastDeliveryAt: T0 - 12_000 }) },
      [makeStream('a', { health: 'down' }), makeStream('b', { health: 'down' }), makeStream('c')],
    )
    render(<OverviewBar />)
    const health = screen.getByTestId('workspace-health')
    expect(health.dataset.health).toBe('down')
    expect(health.textContent).toBe('Down')
    expect(screen.getByTestId('health-count-down').dataset.count).toBe('2')
    expect(screen.getByTestId('health-count-healthy').dataset.count).toBe('1')
    expect(screen.getByTestId('webhook-url').textContent).toBe('http://127.0.0.1:8790/webhooks/fastpix')
    // The demo's receiver is on this computer: labelled local (a real workspace shows its public URL).
    expect(screen.getByRole('button', { name: 'Copy local webhook URL' })).toBeTruthy()
    expect(screen.getByTestId('receiver-accepted').textContent).toContain((1234).toLocaleString())
    expect(screen.getByTestId('receiver-last-delivery').textContent).toContain('12 s ago')
    expect(screen.getByTestId('link-status').dataset.status).toBe('connecting')
  })

  it('is grey for an empty workspace', () => {
    load({ workspaceHealth: 'empty' }, [])
    render(<OverviewBar />)
    expect(screen.getByTestId('workspace-health').textContent).toBe('No streams')
  })

  it('filters the board from a count', () => {
    load({})
    render(<OverviewBar />)
    fireEvent.click(screen.getByTestId('health-count-down'))
    expect(useMonitor.getState().filters.health).toEqual(['down'])
  })

  it('shows the connection trouble', () => {
    load({})
    useMonitor.getState().setLink({ status: 'reconnecting', attempt: 2, nextRetryAt: null, error: 'lost' })
    render(<OverviewBar />)
    expect(screen.getByTestId('link-status').textContent).toContain('Reconnecting')
    expect(screen.getByRole('button', { name: 'Retry now' })).toBeTruthy()
  })
})

describe('banners', () => {
  beforeEach(() => resetMonitorState())
  afterEach(() => cleanup())

  it('warns about a missing signing secret, bad signatures and the demo', () => {
    load({
      receiver: makeReceiver({
        signingSecretSet: false,
        unverified: 7,
        recentSignatureRejections: 3,
        demo: true,
      }),
    })
    render(<Banners />)
    expect(screen.getByTestId('banner-unsigned').textContent).toContain(
      'Signing secret not set — 7 events held unverified',
    )
    expect(screen.getByTestId('banner-bad-signature').textContent).toContain(
      '3 deliveries rejected for bad signature in the last 5 min (wrong secret?)',
    )
    expect(screen.getByTestId('banner-demo')).toBeTruthy()
  })

  it('with nothing held yet, the missing signing secret is said without a zero count', () => {
    load({ receiver: makeReceiver({ signingSecretSet: false, unverified: 0 }) })
    render(<Banners />)
    const text = screen.getByTestId('banner-unsigned').textContent ?? ''
    expect(text).toContain('Signing secret not set. Deliveries are held encrypted')
    expect(text).not.toMatch(/\b0 events\b/)
  })

  it('says when the hold is full, how many were refused and what to do (W10)', () => {
    load({
      receiver: makeReceiver({
        signingSecretSet: false,
        unverified: 10_000,
        holdFull: true,
        holdRefused: 42,
      }),
    })
    render(<Banners />)
    const banner = screen.getByTestId('banner-unsigned')
    expect(banner.textContent).toContain('10,000 events held unverified')
    expect(screen.getByTestId('banner-hold-full').textContent).toBe(
      'Hold full: 42 deliveries refused (FastPix retries them); enter the signing secret to release the held deliveries.',
    )
    expect(screen.getByTestId('banner-hold-limits').textContent).toBe(
      ' The hold takes at most 50 MiB and 10,000 deliveries (Settings).',
    )
    expect(screen.getByTestId('banner-hold-limits').querySelector('a')?.getAttribute('href')).toBe(
      '#/settings',
    )
  })

  it('says nothing of a full hold while it has room', () => {
    load({
      receiver: makeReceiver({ signingSecretSet: false, unverified: 3, holdRefused: 5, holdFull: false }),
    })
    render(<Banners />)
    expect(screen.queryByTestId('banner-hold-full')).toBeNull()
  })

  it('says the picture is stale while the connection is lost', () => {
    load({})
    useMonitor.getState().setLink({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
    useMonitor.getState().setLink({ status: 'reconnecting', attempt: 1, nextRetryAt: null, error: 'lost' })
    render(<Banners />)
    expect(screen.getByTestId('banner-stale').textContent).toContain('last known picture')
    cleanup()
    useMonitor.getState().setLink({ status: 'live', attempt: 0, nextRetryAt: null, error: null })
    render(<Banners />)
    expect(screen.queryByTestId('banner-stale')).toBeNull()
  })

  it('stays away when all is well', () => {
    load({})
    render(<Banners />)
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
