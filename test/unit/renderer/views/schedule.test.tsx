// @vitest-environment happy-dom
// Schedules in the page: "next: Sun 10:00" on the board row, late shown as degraded with
// its reason, and the editor on the stream's page (checked with the core's schema, saved through MonitorApi).
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { useTicker } from '../../../../src/renderer/src/state/clock.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import { Board } from '../../../../src/renderer/src/views/Board.tsx'
import { ScheduleEditor } from '../../../../src/renderer/src/views/ScheduleEditor.tsx'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { StreamSnapshot } from '../../../../src/shared/domain.ts'
import type { Schedule } from '../../../../src/shared/schedule.ts'
import { makeSnapshot, makeStream } from '../fixtures.ts'

/** Sunday 2025-03-30 10:10 in Berlin. */
const NOW = Date.parse('2025-03-30T08:10:00Z')
const SUNDAY: Schedule = {
  kind: 'weekly',
  days: [0],
  time: '10:00',
  graceMin: 5,
  end: null,
  endGraceMin: 5,
  timeZone: 'Europe/Berlin',
}
const late = makeStream('s1', {
  name: 'Main Stage',
  status: 'idle',
  health: 'degraded',
  healthReason: 'expected live at 10:00, not live',
  schedule: {
    schedule: SUNDAY,
    next: { startsAt: Date.parse('2025-04-06T08:00:00Z'), endsAt: null },
    watch: 'late',
  },
})

const saved: [string, Schedule | null][] = []
function show(streams: StreamSnapshot[]): void {
  useMonitor.getState().applySnapshot(makeSnapshot(streams))
  useMonitor.setState({ clockOffset: 0 })
  useTicker.setState({ now: NOW })
}

beforeEach(() => {
  resetMonitorState()
  saved.length = 0
  setStateApi({
    async setSchedule(id: string, schedule: Schedule | null) {
      if (schedule?.kind === 'weekly' && schedule.time === '23:59') throw new Error('refused by the core')
      saved.push([id, schedule])
      return null
    },
  } as Partial<MonitorApi> as MonitorApi)
})
afterEach(() => {
  cleanup()
  setStateApi(null)
})

describe('board row', () => {
  it('says when the next slot is, in the schedule zone, and shows late as degraded with its reason', () => {
    show([late, makeStream('s2', { name: 'Plain' })])
    render(<Board />)
    const rows = screen.getAllByTestId('stream-row')
    const row = rows.find((r) => r.dataset.streamId === 's1')!
    expect(row.dataset.health).toBe('degraded')
    expect(row.querySelector('[data-testid="stream-reason"]')?.textContent).toBe(
      'expected live at 10:00, not live',
    )
    const next = row.querySelector('[data-testid="stream-next"]') as HTMLElement
    expect(next.textContent).toBe(' · next: Sun 10:00')
    expect(next.dataset.watch).toBe('late')
    const plain = rows.find((r) => r.dataset.streamId === 's2')!
    expect(plain.querySelector('[data-testid="stream-next"]')).toBeNull()
  })
})

describe('schedule editor', () => {
  it('shows the current schedule, its next slot and the verdict', () => {
    show([late])
    render(<ScheduleEditor stream={late} />)
    expect(screen.getByTestId('schedule-current').textContent).toBe(
      'every Sun 10:00 ± 5 min (Europe/Berlin) · next: Sun 10:00 · late',
    )
    expect((screen.getByTestId('schedule-time') as HTMLInputElement).value).toBe('10:00')
    expect((screen.getByTestId('schedule-day-0') as HTMLInputElement).checked).toBe(true)
  })

  it('saves a weekly schedule with an end, through MonitorApi', async () => {
    const plain = makeStream('s2')
    show([plain])
    render(<ScheduleEditor stream={plain} />)
    expect(screen.getByTestId('schedule-current').textContent).toContain('No schedule')
    fireEvent.click(screen.getByTestId('schedule-kind-weekly'))
    fireEvent.click(screen.getByTestId('schedule-day-0'))
    fireEvent.click(screen.getByTestId('schedule-day-3'))
    fireEvent.change(screen.getByTestId('schedule-time'), { target: { value: '18:30' } })
    fireEvent.change(screen.getByTestId('schedule-end-kind'), { target: { value: 'duration' } })
    fireEvent.change(screen.getByTestId('schedule-end-minutes'), { target: { value: '90' } })
    fireEvent.change(screen.getByTestId('schedule-grace'), { target: { value: '10' } })
    fireEvent.change(screen.getByTestId('schedule-zone'), { target: { value: 'Asia/Tokyo' } })
    fireEvent.click(screen.getByTestId('schedule-save'))
    await waitFor(() => expect(screen.getByTestId('schedule-status').textContent).toBe('Saved.'))
    expect(saved).toEqual([
      [
        's2',
        {
          kind: 'weekly',
          days: [3],
          time: '18:30',
          graceMin: 10,
          end: { kind: 'duration', minutes: 90 },
          endGraceMin: 5,
          timeZone: 'Asia/Tokyo',
        },
      ],
    ])
  })

  it('a single time is read in the chosen zone (Berlin summer time from 30 March)', async () => {
    const plain = makeStream('s2')
    show([plain])
    render(<ScheduleEditor stream={plain} />)
    fireEvent.click(screen.getByTestId('schedule-kind-once'))
    fireEvent.change(screen.getByTestId('schedule-zone'), { target: { value: 'Europe/Berlin' } })
    fireEvent.change(screen.getByTestId('schedule-once-at'), { target: { value: '2025-03-30T10:00' } })
    fireEvent.change(screen.getByTestId('schedule-once-end'), { target: { value: '2025-03-30T11:30' } })
    fireEvent.click(screen.getByTestId('schedule-save'))
    await waitFor(() => expect(saved).toHaveLength(1))
    expect(saved[0]![1]).toEqual({
      kind: 'once',
      at: '2025-03-30T08:00:00.000Z',
      endAt: '2025-03-30T09:30:00.000Z',
      graceMin: 5,
      endGraceMin: 5,
      timeZone: 'Europe/Berlin',
    })
  })

  it.each([
    [
      { 'schedule-zone': 'Mars/Olympus' },
      'Time zone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin).',
    ],
    [{ 'schedule-grace': '500' }, 'Grace: grace must be between 0 and 120 min.'],
    [{ 'schedule-day-0': 'uncheck' }, 'Days: choose at least one day of the week.'],
  ])('refuses %j in words, without saving', (changes, words) => {
    const plain = makeStream('s2')
    show([plain])
    render(<ScheduleEditor stream={plain} />)
    fireEvent.click(screen.getByTestId('schedule-kind-weekly'))
    for (const [testId, value] of Object.entries(changes)) {
      if (value === 'uncheck') fireEvent.click(screen.getByTestId(testId))
      else fireEvent.change(screen.getByTestId(testId), { target: { value } })
    }
    fireEvent.click(screen.getByTestId('schedule-save'))
    expect(screen.getByTestId('schedule-status').textContent).toBe(words)
    expect(saved).toEqual([])
  })

  it('clears a schedule, and says so when the core refuses', async () => {
    show([late])
    render(<ScheduleEditor stream={late} />)
    fireEvent.change(screen.getByTestId('schedule-time'), { target: { value: '23:59' } })
    fireEvent.click(screen.getByTestId('schedule-save'))
    await waitFor(() =>
      expect(screen.getByTestId('schedule-status').textContent).toBe('Not saved: refused by the core'),
    )
    fireEvent.click(screen.getByTestId('schedule-kind-none'))
    expect(screen.getByTestId('schedule-save').textContent).toBe('Clear the schedule')
    fireEvent.click(screen.getByTestId('schedule-save'))
    await waitFor(() => expect(saved).toEqual([['s1', null]]))
  })
})

describe('schedule words', () => {
  it('a single time is told with its date', async () => {
    const { scheduleSummary } = await import('../../../../src/renderer/src/lib/schedule-words.ts')
    expect(
      scheduleSummary({
        kind: 'once',
        at: '2025-03-30T08:00:00Z',
        graceMin: 2,
        endAt: '2025-03-30T09:30:00Z',
        endGraceMin: 5,
        timeZone: 'Europe/Berlin',
      }),
    ).toBe('once, 30 Mar 2025 10:00 ± 2 min, until 30 Mar 2025 11:30 (Europe/Berlin)')
    expect(
      scheduleSummary({ ...SUNDAY, days: [0, 1, 2, 3, 4, 5, 6], end: { kind: 'time', time: '11:30' } }),
    ).toBe('every day 10:00 ± 5 min, until 11:30 (Europe/Berlin)')
  })
})
