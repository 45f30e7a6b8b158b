// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { EventLog } from '../../../../src/renderer/src/views/EventLog.tsx'
import type { EventQuery, MonitorApi } from '../../../../src/shared/api.ts'
import type { MonitorEvent } from '../../../../src/shared/domain.ts'
import { makeBatch, makeEvent, makeSnapshot, makeStream, makeTarget, T0 } from '../fixtures.ts'

const payload = (status: string, name: string) => ({
  type: `video.live_stream.${status}`,
  data: { status, streamKey: '[redacted]', metadata: { name } },
})

const STORED: MonitorEvent[] = [
  makeEvent('e3', T0, { type: 'video.live_stream.active', payload: payload('active', 'Main Stage') }),
  makeEvent('e2', T0 - 5_000, {
    type: 'video.live_stream.preparing',
    payload: payload('preparing', 'Main Stage'),
    duplicateCount: 1,
  }),
  makeEvent('e1', T0 - 9_000, { streamId: 's2', verification: 'unverified', payload: payload('idle', 'B') }),
]

describe('event log view', () => {
  const queries: EventQuery[] = []
  let stored: MonitorEvent[] = []
  beforeEach(() => {
    resetMonitorState()
    queries.length = 0
    stored = [...STORED]
    setStateApi({
      async listEvents(q: EventQuery) {
        queries.push(q)
        const events = stored.filter(
          (e) =>
            (q.streamId === undefined || e.streamId === q.streamId) &&
            (q.to === undefined || e.receivedAt < q.to),
        )
        return { events: events.slice(0, q.limit ?? 100), nextCursor: null }
      },
      async getEvent(id: string) {
        return stored.find((e) => e.id === id) ?? null
      },
    } as Partial<MonitorApi> as MonitorApi)
    useMonitor
      .getState()
      .applySnapshot(
        makeSnapshot([makeStream('s1', { name: 'Main Stage' }), makeStream('s2', { name: 'B' })]),
      )
    useMonitor.setState({ clockOffset: T0 - Date.now() })
    useTicker.setState({ now: Date.now() })
    // happy-dom lays nothing out: give the scroller a viewport so the virtualizer renders rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  })
  afterEach(() => {
    cleanup()
    setStateApi(null)
  })

  const rows = () => screen.queryAllByTestId('event-row')

  it('lists events newest first with stream names and delivery tags', async () => {
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(rows().map((r) => r.dataset.eventId)).toEqual(['e3', 'e2', 'e1'])
    expect(within(rows()[0] as HTMLElement).getByText('Main Stage')).toBeTruthy()
    expect(rows()[1]?.textContent).toContain('delivered 2×')
    expect(rows()[2]?.textContent).toContain('unverified')
    expect(screen.getByTestId('event-follow').getAttribute('aria-pressed')).toBe('true')
  })

  it("names a simulcast target as the stream's snapshot does, in the row and the facts", async () => {
    stored = [
      makeEvent('e4', T0 + 1_000, {
        type: 'video.live_stream.simulcast_target.broadcasting',
        simulcastId: 'c3c3c3c3c3c3c3c3',
        payload: {
          type: 'video.live_stream.simulcast_target.broadcasting',
          data: { simulcastId: 'c3c3c3c3c3c3c3c3' },
        },
      }),
      makeEvent('e5', T0 + 2_000, {
        type: 'video.live_stream.simulcast_target.starting',
        simulcastId: 'ffffeeeeddddcccc',
      }),
    ]
    useMonitor.getState().applySnapshot(
      makeSnapshot([
        makeStream('s1', {
          name: 'Main Stage',
          simulcastTargets: [makeTarget('c3c3c3c3c3c3c3c3', { displayName: 'Facebook' })],
        }),
      ]),
    )
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(2))
    const [unknown, known] = rows() as [HTMLElement, HTMLElement]
    expect(known.querySelector('.ev-target')?.textContent).toBe('Facebook')
    // A target the monitor does not know: the same short id the core would use.
    expect(unknown.querySelector('.ev-target')?.textContent).toBe('ffffeeee')
    fireEvent.click(known)
    const detail = await screen.findByTestId('event-detail')
    await waitFor(() => expect(within(detail).getByTestId('event-target').textContent).toContain('Facebook'))
  })

  it('filters by stream through the query', async () => {
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    fireEvent.change(screen.getByTestId('event-filter-stream'), { target: { value: 's2' } })
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(queries.at(-1)?.streamId).toBe('s2')
  })

  it('opens the detail with the redacted JSON and the diff; Esc closes it', async () => {
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    fireEvent.click(rows()[0] as HTMLElement)
    const detail = await screen.findByTestId('event-detail')
    await waitFor(() => expect(within(detail).getByTestId('event-json').textContent).toContain('[redacted]'))
    expect(within(detail).getByTestId('event-signature').dataset.verification).toBe('verified')
    const diff = await within(detail).findByText('data.status')
    expect(diff.closest('li')?.dataset.kind).toBe('changed')
    expect(within(detail).getByTestId('event-diff').textContent).toContain('"preparing"')
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(screen.queryByTestId('event-detail')).toBeNull()
  })

  it('moves with the arrows and opens with Enter', async () => {
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    fireEvent.keyDown(window, { key: 'ArrowDown' })
    fireEvent.keyDown(window, { key: 'ArrowDown' })
    expect(useMonitor.getState().eventLog.selectedId).toBe('e2')
    expect(rows()[1]?.getAttribute('aria-selected')).toBe('true')
    fireEvent.keyDown(window, { key: 'Enter' })
    await waitFor(() => expect(screen.getByTestId('event-detail').dataset.eventId).toBe('e2'))
  })

  it('shows "N new events" while paused and jumps back up', async () => {
    render(<EventLog />)
    await waitFor(() => expect(rows()).toHaveLength(3))
    fireEvent.click(screen.getByTestId('event-follow'))
    expect(screen.getByTestId('event-follow').getAttribute('aria-pressed')).toBe('false')
    act(() => useMonitor.getState().applyBatch(makeBatch(2, { events: [makeEvent('e4', T0 + 1)] })))
    expect(screen.getByTestId('event-new-count').textContent).toContain('1 new event')
    expect(rows()).toHaveLength(3)
    fireEvent.click(screen.getByTestId('event-new-count'))
    expect(rows()[0]?.dataset.eventId).toBe('e4')
    expect(screen.queryByTestId('event-new-count')).toBeNull()
  })

  it('invites the first delivery when there is none', async () => {
    stored.length = 0
    render(<EventLog />)
    const empty = await screen.findByTestId('event-empty')
    expect(empty.textContent).toContain('No deliveries yet')
    expect(empty.textContent).toContain('http://127.0.0.1:8790/webhooks/fastpix')
  })
})
