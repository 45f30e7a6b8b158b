// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Board, VIRTUALIZE_OVER } from '../../../../src/renderer/src/views/Board.tsx'
import { makeReceiver, makeSnapshot, makeStream, makeTarget, T0 } from '../fixtures.ts'

function load(streams: ReturnType<typeof makeStream>[], receiver = makeReceiver()): void {
  useMonitor.getState().applySnapshot(makeSnapshot(streams, { receiver }), Date.now())
  useMonitor.setState({ clockOffset: 0 })
  useTicker.setState({ now: T0 })
}

const rows = () => screen.queryAllByTestId('stream-row')

describe('streams board', () => {
  beforeEach(() => resetMonitorState())
  afterEach(() => cleanup())

  it('shows one row per stream, worst first, with health word, reason, countdown and chips', () => {
    load([
      makeStream('ok', { name: 'Lobby Cam', viewerCount: 12, recording: true }),
      makeStream('dn', {
        name: 'Main Stage',
        health: 'down',
        connection: 'disconnected',
        healthReason: 'encoder disconnected',
        healthSince: T0 - 18_000,
        reconnectDeadline: T0 + 42_000,
        simulcastTargets: [
          makeTarget('t1'),
          makeTarget('t2', { state: 'stalled', destination: 'rtmp://live.twitch.tv/app' }),
        ],
      }),
    ])
    render(<Board />)
    expect(rows().map((r) => r.dataset.health)).toEqual(['down', 'healthy'])
    const main = screen.getByRole('listitem', { name: /^Main Stage/ })
    expect(within(main).getByTestId('stream-health').textContent).toBe('Down')
    expect(within(main).getByTestId('stream-reason').textContent).toBe('encoder disconnected')
    expect(within(main).getByTestId('reconnect-countdown').textContent).toBe('must reconnect within 42 s')
    expect(within(main).getByText('for 18 s')).toBeTruthy()
    const chips = within(main).getAllByTestId('target-chip')
    expect(chips.map((c) => c.dataset.state)).toEqual(['broadcasting', 'stalled'])
    expect(chips[1]?.textContent).toContain('Twitch')
    const lobby = screen.getByRole('listitem', { name: /^Lobby Cam/ })
    expect(within(lobby).getByTestId('viewer-count').textContent).toBe('12 viewers')
    expect(within(lobby).getByTestId('stream-recording')).toBeTruthy()
    expect(within(lobby).queryByTestId('reconnect-countdown')).toBeNull()
  })

  it('filters by text and by health, and hides deleted streams unless asked', () => {
    load([
      makeStream('a', { name: 'Main Stage', health: 'down' }),
      makeStream('b', { name: 'Lobby Cam' }),
      makeStream('c', { name: 'Old Show', status: 'deleted', health: 'offline' }),
    ])
    render(<Board />)
    expect(rows()).toHaveLength(2)
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'lobby' } })
    expect(rows().map((r) => r.dataset.streamName)).toEqual(['Lobby Cam'])
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: '' } })
    fireEvent.click(screen.getByTestId('filter-down'))
    expect(rows().map((r) => r.dataset.streamName)).toEqual(['Main Stage'])
    fireEvent.click(screen.getByTestId('filter-down'))
    fireEvent.click(screen.getByTestId('show-deleted'))
    expect(rows().map((r) => r.dataset.streamName)).toEqual(['Main Stage', 'Lobby Cam', 'Old Show'])
  })

  it('says where to send webhooks when nothing has arrived', () => {
    load([], makeReceiver({ accepted: 0, probes: 0, lastDeliveryAt: null }))
    render(<Board />)
    expect(screen.getByText(/No deliveries yet/)).toBeTruthy()
    expect(screen.getByText('http://127.0.0.1:8790/webhooks/fastpix')).toBeTruthy()
  })

  it('says when filters hide everything', () => {
    load([makeStream('a', { name: 'Main Stage' })])
    useMonitor.getState().setSearchText('nothing like it')
    render(<Board />)
    expect(screen.getByTestId('board-empty-filtered')).toBeTruthy()
  })

  it('a target of a stream whose encoder is gone says "waiting for encoder", never green broadcasting', () => {
    load([
      makeStream('dn', {
        name: 'Main Stage',
        health: 'down',
        connection: 'disconnected',
        healthReason: 'encoder disconnected',
        reconnectDeadline: T0 + 42_000,
        simulcastTargets: [
          makeTarget('t1', {
            state: 'waiting',
            reportedState: 'broadcasting',
            reason: 'encoder disconnected',
          }),
        ],
      }),
    ])
    render(<Board />)
    const chip = screen.getByTestId('target-chip')
    expect(chip.dataset.state).toBe('waiting')
    expect(chip.className).toContain('target-waiting')
    expect(chip.className).not.toContain('target-broadcasting')
    expect(within(chip).getByText('waiting for encoder')).toBeTruthy()
    expect(chip.textContent).not.toContain('broadcasting')
    expect(chip.title).toContain('last reported broadcasting')
    expect(chip.title).toContain('encoder disconnected')
  })

  it('a chip shows the name the core derived, not one of its own', () => {
    load([
      makeStream('ok', {
        name: 'Lobby Cam',
        simulcastTargets: [
          makeTarget('t1', { destination: 'rtmp://a.rtmp.youtube.com', displayName: 'Main channel' }),
        ],
      }),
    ])
    render(<Board />)
    expect(within(screen.getByTestId('target-chip')).getByText('Main channel')).toBeTruthy()
    expect(screen.getByTestId('target-chip').textContent).not.toContain('YouTube')
  })

  it('moves the selection with the arrow keys', () => {
    load([makeStream('a', { name: 'A', health: 'down' }), makeStream('b', { name: 'B' })])
    render(<Board />)
    fireEvent.keyDown(window, { key: 'ArrowDown' })
    expect(useMonitor.getState().selectedStreamId).toBe('a')
    fireEvent.keyDown(window, { key: 'ArrowDown' })
    expect(useMonitor.getState().selectedStreamId).toBe('b')
    fireEvent.keyDown(window, { key: 'ArrowUp' })
    expect(useMonitor.getState().selectedStreamId).toBe('a')
    fireEvent.keyDown(window, { key: 'Enter' })
    expect(window.location.hash).toBe('#/streams/a')
  })

  it('renders only part of a long board', () => {
    const many = Array.from({ length: VIRTUALIZE_OVER + 400 }, (_, i) =>
      makeStream(`s${i}`, { name: `Stream ${i}` }),
    )
    load(many)
    // happy-dom lays nothing out: give every element a size so the virtualizer has a viewport.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(76)
    render(<Board />)
    expect(rows().length).toBeGreaterThan(0)
    expect(rows().length).toBeLessThan(100)
    expect(screen.getByTestId('board-count').textContent).toBe(`${many.length} streams`)
  })
})
