// @vitest-environment happy-dom
// The notification log, pause and mute controls and the notification settings form,
// driven against a fake MonitorApi that answers like the core.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { NotificationSettingsForm } from '../../../../src/renderer/src/views/NotificationSettingsForm.tsx'
import { Notifications } from '../../../../src/renderer/src/views/Notifications.tsx'
import { StreamDetail } from '../../../../src/renderer/src/views/StreamDetail.tsx'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import {
  CHOICE_MS,
  DEFAULT_NOTIFICATION_SETTINGS,
  type Decision,
  type NotificationStatus,
} from '../../../../src/shared/notify.ts'
import { makeBatch, makeSnapshot, makeStream, T0 } from '../fixtures.ts'

const decision = (id: string, at: number, over: Partial<Decision> = {}): Decision => ({
  id,
  at,
  rule: 'down',
  streamId: 's1',
  targetId: null,
  title: 'Main Stage is down',
  body: 'Encoder disconnected; must reconnect by 12:01',
  urgency: 'critical',
  sound: true,
  outcome: 'raised',
  why: '',
  transitionAt: at,
  folded: 0,
  ...over,
})

describe('notifications in the dashboard', () => {
  let status: NotificationStatus
  const calls: unknown[] = []
  beforeEach(() => {
    resetMonitorState()
    calls.length = 0
    status = { settings: DEFAULT_NOTIFICATION_SETTINGS, pausedUntil: null, mutes: {} }
    setStateApi({
      // The stream page lists its broadcasts (none in these tests).
      listBroadcasts: async () => [],
      async listNotifications(q) {
        calls.push(['list', q])
        return [
          decision('d2', T0 - 60_000, { outcome: 'suppressed', why: 'quiet hours', rule: 'recovered' }),
          decision('d1', T0 - 120_000),
        ]
      },
      async muteStream(id, choice) {
        calls.push(['mute', id, choice])
        const mutes = { ...status.mutes }
        if (choice) mutes[id] = T0 + CHOICE_MS[choice]
        else delete mutes[id]
        status = { ...status, mutes }
        return status
      },
      async pauseNotifications(choice) {
        calls.push(['pause', choice])
        status = {
          ...status,
          pausedUntil: choice === null ? null : choice === 'indefinitely' ? choice : T0 + 1,
        }
        return status
      },
      async updateNotificationSettings(patch) {
        calls.push(['settings', patch])
        status = { ...status, settings: { ...status.settings, ...(patch as object) } as never }
        return status
      },
      async listTransitions() {
        return []
      },
      async listEvents() {
        return { events: [], nextCursor: null }
      },
    } as Partial<MonitorApi> as MonitorApi)
    useMonitor.getState().applySnapshot(makeSnapshot([makeStream('s1', { name: 'Main Stage' })]))
    useMonitor.setState({ clockOffset: T0 - Date.now() })
    useTicker.setState({ now: Date.now() })
  })
  afterEach(() => {
    cleanup()
    setStateApi(null)
  })

  it('lists raised and suppressed decisions with the reason, newest first, and adds pushed ones', async () => {
    render(<Notifications />)
    await waitFor(() => expect(screen.getAllByTestId('decision-row')).toHaveLength(2))
    const rows = screen.getAllByTestId('decision-row')
    expect(rows.map((r) => r.dataset.outcome)).toEqual(['suppressed', 'raised'])
    expect(rows[0]!.textContent).toContain('quiet hours')
    expect(rows[1]!.textContent).toContain('Main Stage')
    useMonitor.getState().applyBatch(makeBatch(2, { decisions: [decision('d3', T0, { rule: 'ended' })] }))
    await waitFor(() => expect(screen.getAllByTestId('decision-row')).toHaveLength(3))
    expect(screen.getAllByTestId('decision-row')[0]!.dataset.rule).toBe('ended')
    fireEvent.click(screen.getByTestId('decisions-suppressed'))
    expect(screen.getAllByTestId('decision-row')).toHaveLength(1)
  })

  it('pauses all notifications and resumes', async () => {
    render(<Notifications />)
    fireEvent.click(screen.getByTestId('pause-indefinitely'))
    await waitFor(() => expect(screen.getByTestId('pause-state').textContent).toContain('until resumed'))
    fireEvent.click(screen.getByTestId('resume'))
    await waitFor(() => expect(screen.getByTestId('pause-1h')).toBeTruthy())
    expect(calls.filter((c) => (c as unknown[])[0] === 'pause')).toEqual([
      ['pause', 'indefinitely'],
      ['pause', null],
    ])
  })

  it('mutes a stream from its page, shows until when, and unmutes', async () => {
    render(<StreamDetail id="s1" />)
    fireEvent.click(screen.getByTestId('mute-4h'))
    await waitFor(() => expect(screen.getByTestId('mute-state').textContent).toMatch(/muted until \d/))
    expect(useMonitor.getState().notificationStatus?.mutes.s1).toBe(T0 + 4 * 3_600_000)
    fireEvent.click(screen.getByTestId('unmute'))
    await waitFor(() => expect(screen.getByTestId('mute-1h')).toBeTruthy())
    expect(calls).toContainEqual(['mute', 's1', '4h'])
    expect(calls).toContainEqual(['mute', 's1', null])
  })

  it('a mute pushed by another window shows up from the batch', async () => {
    render(<StreamDetail id="s1" />)
    useMonitor
      .getState()
      .applyBatch(makeBatch(2, { notifications: { ...status, mutes: { s1: T0 + 3_600_000 } } }))
    await waitFor(() => expect(screen.getByTestId('mute-state')).toBeTruthy())
  })

  it('saves rule switches, quiet hours and damping; refuses a bad value with words', async () => {
    render(<NotificationSettingsForm />)
    const saveButton = screen.getByTestId('notification-settings-save') as HTMLButtonElement
    expect(saveButton.disabled).toBe(true)
    fireEvent.click(screen.getByTestId('rule-live'))
    fireEvent.click(screen.getByTestId('quiet-enabled'))
    fireEvent.change(screen.getByTestId('quiet-start'), { target: { value: '23:30' } })
    fireEvent.change(screen.getByTestId('flap-interval'), { target: { value: '-5' } })
    fireEvent.submit(screen.getByTestId('notification-settings'))
    expect(screen.getByRole('status').textContent).toContain('Flap damping')
    expect(calls.filter((c) => (c as unknown[])[0] === 'settings')).toEqual([])
    fireEvent.change(screen.getByTestId('flap-interval'), { target: { value: '600' } })
    fireEvent.submit(screen.getByTestId('notification-settings'))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved.'))
    const [, sent] = calls.find((c) => (c as unknown[])[0] === 'settings') as [
      string,
      Record<string, unknown>,
    ]
    expect(sent).toMatchObject({
      rules: { live: false, down: true },
      quietHours: { enabled: true, start: '23:30', end: '07:00' },
      flapIntervalSec: 600,
    })
  })
})
