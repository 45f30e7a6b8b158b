// @vitest-environment happy-dom
// The Rejected view: the list, and each delivery's detail (opened by click or the row's
// link, closed with Esc, linkable), with the advice for its reason and no secret.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Rejected } from '../../../../src/renderer/src/views/Rejected.tsx'
import type { MonitorApi, RejectedRecord } from '../../../../src/shared/api.ts'
import { T0 } from '../fixtures.ts'

const SIGNATURE = 'q0hM1yBq0nKJ0m3b1Ew2g6V7S8Nf5pD4tR9uW2xY6zA='

const records: RejectedRecord[] = [
  {
    seq: 2,
    receivedAt: T0 - 5_000,
    reason: 'signature mismatch',
    status: 401,
    size: 230,
    preview: '{"type":"video.live_stream.active","data":{"streamKey":"[redacted]"}}',
    headers: [
      { name: 'content-type', value: 'application/json' },
      { name: 'user-agent', value: 'FastPix-Webhooks/1.0' },
      { name: 'fastpix-signature', value: '[redacted]' },
    ],
  },
  {
    seq: 1,
    receivedAt: T0 - 60_000,
    reason: 'unsupported content type',
    status: 415,
    size: 12,
    preview: 'a=1&b=2',
    headers: [],
  },
]

function fakeApi(list = records): void {
  setStateApi({
    listRejected: async () => ({ rejected: list, nextCursor: null }),
  } as Partial<MonitorApi> as MonitorApi)
}

const go = (hash: string) =>
  act(() => {
    window.location.hash = hash
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  })

beforeEach(() => {
  resetMonitorState()
  useMonitor.setState({ clockOffset: T0 - Date.now() })
  useTicker.setState({ now: Date.now() })
  fakeApi()
  window.location.hash = '#/rejected'
})
afterEach(() => {
  cleanup()
  setStateApi(null)
})

describe('rejected view', () => {
  it('lists each delivery with a link to its detail, and opens it on a click of the row', async () => {
    render(<Rejected />)
    const rows = await screen.findAllByTestId('rejected-row')
    expect(rows).toHaveLength(2)
    const link = within(rows[0]!).getByTestId('rejected-open')
    expect(link.getAttribute('href')).toBe('#/rejected/2')
    expect(rows[0]!.textContent).toContain('The signature does not match the signing secret')

    fireEvent.click(rows[0]!.querySelectorAll('td')[3]!)
    expect(window.location.hash).toBe('#/rejected/2')
  })

  it('shows the detail: time, reason, status, size, headers without secrets, preview and advice', async () => {
    window.location.hash = '#/rejected/2'
    render(<Rejected />)
    const detail = await screen.findByTestId('rejected-detail')
    expect(detail.dataset.kind).toBe('bad-signature')
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(
      'The signature does not match the signing secret',
    )
    expect(screen.getByTestId('rejected-reason').textContent).toBe('signature mismatch')
    expect(screen.getByTestId('rejected-status').textContent).toBe('401 Unauthorized')
    expect(screen.getByTestId('rejected-size').textContent).toBe('230 B')
    expect(screen.getByTestId('rejected-time').textContent).toContain('5 s ago')
    expect(screen.getByTestId('rejected-advice').textContent).toContain(
      "Check that the signing secret in Settings matches the webhook's in FastPix",
    )
    const headers = within(screen.getByTestId('rejected-headers')).getAllByRole('row').slice(1)
    expect(headers.map((r) => r.textContent)).toEqual([
      'content-typeapplication/json',
      'user-agentFastPix-Webhooks/1.0',
      'fastpix-signature[redacted]',
    ])
    expect(screen.getByTestId('rejected-preview').textContent).toContain('"streamKey":"[redacted]"')
    expect(document.body.textContent).not.toContain(SIGNATURE)
    expect(screen.queryByTestId('rejected-list')).toBeNull()
  })

  it('closes with Esc, back on the row it came from', async () => {
    render(<Rejected />)
    await screen.findAllByTestId('rejected-row')
    go('#/rejected/1')
    expect(screen.getByTestId('rejected-detail').dataset.kind).toBe('content-type')
    expect(screen.getByTestId('rejected-no-headers')).toBeTruthy()
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(window.location.hash).toBe('#/rejected')
    act(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
    await waitFor(() => expect(screen.queryByTestId('rejected-detail')).toBeNull())
    const row = screen.getAllByTestId('rejected-row').find((r) => r.dataset.seq === '1')!
    await waitFor(() => expect(document.activeElement).toBe(within(row).getByTestId('rejected-open')))
  })

  it('says so when a linked delivery is not among those loaded', async () => {
    window.location.hash = '#/rejected/99'
    render(<Rejected />)
    const missing = await screen.findByTestId('rejected-missing')
    expect(missing.textContent).toContain('Rejected delivery #99 is not among the 2 loaded')
  })
})
