// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { StreamDetail } from '../../../../src/renderer/src/views/StreamDetail.tsx'
import type { EventQuery, MonitorApi, TransitionQuery } from '../../../../src/shared/api.ts'
import { makeEvent, makeSnapshot, makeStream, makeTarget, makeTransition, T0 } from '../fixtures.ts'

describe('stream detail', () => {
  const queries: (EventQuery | TransitionQuery)[] = []
  beforeEach(() => {
    resetMonitorState()
    queries.length = 0
    setStateApi({
      // The stream page lists its broadcasts (none in these tests).
      listBroadcasts: async () => [],
      async listTransitions(q: TransitionQuery) {
        queries.push(q)
        return [
          makeTransition('s1', T0 - 600_000, {
            fromHealth: 'healthy',
            toHealth: 'down',
            reason: 'encoder disconnected',
          }),
          makeTransition('s1', T0 - 300_000, { targetId: 't1', fromStatus: 'starting', toStatus: 'stalled' }),
        ]
      },
      async listEvents(q: EventQuery) {
        queries.push(q)
        return {
          events: [makeEvent('e1', T0 - 600_000, { type: 'video.live_stream.disconnected' })],
          nextCursor: null,
        }
      },
    } as Partial<MonitorApi> as MonitorApi)
    useMonitor.getState().applySnapshot(
      makeSnapshot([
        makeStream('s1', {
          name: 'Main Stage',
          health: 'down',
          healthReason: 'encoder disconnected',
          reconnectDeadline: T0 + 30_000,
          simulcastTargets: [
            makeTarget('t1', {
              state: 'stalled',
              reportedState: 'starting',
              reason: 'starting for 45 s without broadcasting',
              displayName: 'Main channel',
            }),
          ],
        }),
      ]),
    )
    useMonitor.setState({ clockOffset: T0 - Date.now() })
    useTicker.setState({ now: Date.now() })
  })
  afterEach(() => {
    cleanup()
    setStateApi(null)
  })

  it('shows health, reason, countdown, timeline, changes, targets and events', async () => {
    render(<StreamDetail id="s1" />)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Main Stage')
    expect(screen.getByTestId('detail-health').dataset.health).toBe('down')
    expect(screen.getByTestId('detail-reason').textContent).toBe('encoder disconnected')
    expect(screen.getByTestId('reconnect-countdown').textContent).toMatch(/must reconnect within \d+ s/)
    await waitFor(() => expect(screen.getByTestId('timeline')).toBeTruthy())
    expect(screen.getAllByTestId('timeline-target')).toHaveLength(1)
    const rows = screen.getAllByTestId('transition-row')
    expect(rows.map((r) => r.dataset.toStatus)).toEqual(['stalled', 'active'])
    expect(
      within(screen.getByTestId('target-list')).getByText(/starting for 45 s without broadcasting/),
    ).toBeTruthy()
    expect(screen.getByTestId('recent-event').dataset.eventType).toBe('video.live_stream.disconnected')
    expect(queries[0]).toMatchObject({ streamId: 's1' })
  })

  it("names the target by the core's display name in the target list, the changes and the timeline", async () => {
    render(<StreamDetail id="s1" />)
    await waitFor(() => expect(screen.getByTestId('timeline')).toBeTruthy())
    expect(within(screen.getByTestId('target-list')).getByTestId('target-chip').textContent).toContain(
      'Main channel',
    )
    const targetRow = screen.getAllByTestId('transition-row').find((r) => r.dataset.target === 'target')
    expect(targetRow?.textContent).toContain('Main channel')
    expect(screen.getByTestId('timeline-target').textContent).toContain('Main channel')
    expect(screen.getByTestId('target-list').textContent).toContain('last reported starting')
  })

  it('reloads the history for another range', async () => {
    render(<StreamDetail id="s1" />)
    await waitFor(() => expect(screen.getByTestId('timeline')).toBeTruthy())
    const before = queries.length
    fireEvent.click(screen.getByTestId('range-24h'))
    await waitFor(() => expect(queries.length).toBeGreaterThan(before))
    const from = (queries.at(-1) as TransitionQuery).from ?? 0
    expect(T0 - from).toBeGreaterThanOrEqual(86_400_000 - 5_000)
    expect(screen.getByTestId('range-24h').getAttribute('aria-pressed')).toBe('true')
  })

  it('says when the stream is not known', () => {
    render(<StreamDetail id="nope" />)
    expect(screen.getByTestId('stream-detail-missing').textContent).toContain('not known')
  })
})
