// @vitest-environment happy-dom
// The stream chart's states in words (loading, error with retry, empty, no viewers), its
// ranges and fixed window, its refresh and clean-up, and the hover readout. uPlot is faked
// (no canvas here): the fake keeps what the chart gave it and lets a test move the cursor.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StreamChart } from '../../../../src/renderer/src/components/charts/StreamChart.tsx'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { resetMonitorState } from '../../../../src/renderer/src/state/monitor.ts'
import { resetSeriesState } from '../../../../src/renderer/src/state/series.ts'
import { BroadcastReportView } from '../../../../src/renderer/src/views/BroadcastReport.tsx'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { BroadcastReport } from '../../../../src/shared/report.ts'
import type { SeriesWindow, StreamSeries } from '../../../../src/shared/series.ts'
import golden from '../../main/core/report/golden/scripted-broadcast.json'

interface Hooks {
  setCursor?: ((u: FakePlot) => void)[]
  drawClear?: ((u: FakePlot) => void)[]
  draw?: ((u: FakePlot) => void)[]
}

const { FakePlot } = vi.hoisted(() => {
  class FakePlot {
    static made: FakePlot[] = []
    static paths = { stepped: () => () => null, bars: () => () => null }
    opts: { width: number; height: number; hooks: Hooks; series: { label?: string }[] }
    data: number[][]
    destroyed = false
    cursor: { left?: number } = {}
    width: number
    bbox = { left: 0, top: 0, width: 1000, height: 200 }
    rects: { x: number; w: number; color: string }[] = []
    ctx = {
      save() {},
      restore() {},
      fillStyle: '',
      fillRect: (x: number, _y: number, w: number) => this.rects.push({ x, w, color: this.ctx.fillStyle }),
    }
    /** x axis: 1000 px over the window in seconds. */
    span: [number, number] = [0, 1]
    constructor(opts: FakePlot['opts'], data: number[][]) {
      this.opts = opts
      this.data = data
      this.width = opts.width
      FakePlot.made.push(this)
    }
    sets = 0
    setData(data: number[][]) {
      this.data = data
      this.sets++
    }
    setSize() {}
    redraw() {}
    destroy() {
      this.destroyed = true
    }
    posToVal(left: number) {
      return this.span[0] + (left / 1000) * (this.span[1] - this.span[0])
    }
    valToPos(val: number) {
      return ((val - this.span[0]) / (this.span[1] - this.span[0])) * 1000
    }
    /** Points the cursor at `at` (ms), as uPlot does on a mouse move. */
    hover(at: number, series: StreamSeries) {
      this.span = [series.from / 1000, series.to / 1000]
      this.cursor.left = this.valToPos(at / 1000)
      for (const h of this.opts.hooks.setCursor ?? []) h(this)
    }
  }
  return { FakePlot }
})
type FakePlot = InstanceType<typeof FakePlot>

vi.mock('uplot', () => ({ default: FakePlot }))

const MIN = 60_000
const HOUR = 60 * MIN
const FROM = Date.UTC(2026, 11, 6, 10, 0, 0)
const TO = FROM + HOUR

function makeSeries(overrides: Partial<StreamSeries> = {}): StreamSeries {
  return {
    streamId: 's1',
    from: FROM,
    to: TO,
    viewers: [
      { at: FROM - MIN, count: 900 },
      { at: FROM + 10 * MIN, count: 1234 },
      { at: FROM + 40 * MIN, count: 1 },
    ],
    health: [
      { from: FROM, to: FROM + 30 * MIN, health: 'healthy' },
      { from: FROM + 30 * MIN, to: TO, health: 'down' },
    ],
    markers: [{ at: FROM + 30 * MIN + 10_000, kind: 'disconnect', label: 'Encoder disconnected' }],
    bucketMs: MIN,
    events: Array.from({ length: 60 }, (_, i) => ({ at: FROM + i * MIN, count: i === 30 ? 3 : 0 })),
    ...overrides,
  }
}

const pad = (n: number): string => String(n).padStart(2, '0')
const clock = (at: number): string => {
  const d = new Date(at)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

let calls: { streamId: string; window: SeriesWindow }[] = []
let answer: (streamId: string, window: SeriesWindow) => Promise<StreamSeries>

beforeEach(() => {
  resetMonitorState()
  resetSeriesState()
  FakePlot.made = []
  calls = []
  answer = async () => makeSeries()
  setStateApi({
    getStreamSeries: (streamId: string, window: SeriesWindow) => {
      calls.push({ streamId, window })
      return answer(streamId, window)
    },
  } as Partial<MonitorApi> as MonitorApi)
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('stream chart', () => {
  it('says it is loading, then draws the viewers and the events in two uPlot panels', async () => {
    let release: (s: StreamSeries) => void = () => {}
    answer = () => new Promise((resolve) => (release = resolve))
    render(<StreamChart streamId="s1" />)
    expect(screen.getByTestId('stream-chart-loading').textContent).toBe('Loading the chart in the last 1 h…')
    expect(FakePlot.made).toHaveLength(0)
    await act(async () => release(makeSeries()))
    expect(FakePlot.made).toHaveLength(2)
    const [main, events] = FakePlot.made as [FakePlot, FakePlot]
    expect(main.data).toEqual([
      [(FROM - MIN) / 1000, (FROM + 10 * MIN) / 1000, (FROM + 40 * MIN) / 1000],
      [900, 1234, 1],
    ])
    expect(main.opts.series[1]?.label).toBe('Viewers')
    expect(events.data[1]).toHaveLength(60)
    expect(events.opts.height).toBeLessThan(main.opts.height)
    expect(screen.getByText('Events per minute')).toBeTruthy()
    // The legend names what is on the chart: the bands present and the marker kinds.
    const legend = screen.getByRole('list', { name: 'Legend' })
    expect(legend.textContent).toBe('viewershealthydown▼encoder disconnected')
    expect(screen.getByTestId('stream-chart').getAttribute('data-samples')).toBe('3')
  })

  it('asks for the hour before the server clock, then 7 days when picked', async () => {
    render(<StreamChart streamId="s1" />)
    await waitFor(() => expect(calls).toHaveLength(1))
    const first = calls[0]?.window as { from: number; to: number }
    expect(first.to - first.from).toBe(HOUR)
    expect(Math.abs(first.to - Date.now())).toBeLessThan(5000)
    fireEvent.click(screen.getByRole('button', { name: '7 d' }))
    await waitFor(() => expect(calls).toHaveLength(2))
    const week = calls[1]?.window as { from: number; to: number }
    expect(week.to - week.from).toBe(7 * 24 * HOUR)
    expect(screen.getByRole('button', { name: '7 d' }).getAttribute('aria-pressed')).toBe('true')
  })

  it('shows an error in words with a retry that loads again', async () => {
    answer = async () => {
      throw new Error(
        "The chart's window is refused: the window is 9 days long; a chart covers at most 8 days.",
      )
    }
    render(<StreamChart streamId="s1" />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(
      "Could not load the chart: The chart's window is refused: the window is 9 days long",
    )
    answer = async () => makeSeries()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('keeps the chart when a refresh fails, and says so', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    render(<StreamChart streamId="s1" />)
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    answer = async () => {
      throw new Error('the link to the monitor is down')
    }
    await act(async () => vi.advanceTimersByTime(15_000))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Could not refresh the chart: the link to the monitor is down',
    )
    expect(screen.getByTestId('stream-chart-viewers')).toBeTruthy()
  })

  it('says when nothing is kept, and when only viewer samples are missing', async () => {
    answer = async () =>
      makeSeries({ viewers: [], health: [], markers: [], events: [{ at: FROM, count: 0 }] })
    const { unmount } = render(<StreamChart streamId="s1" />)
    expect((await screen.findByTestId('stream-chart-empty')).textContent).toBe(
      'Nothing kept for this stream in the last 1 h: no viewer samples, health changes or events.',
    )
    expect(FakePlot.made).toHaveLength(0)
    unmount()
    resetSeriesState()
    answer = async () => makeSeries({ viewers: [] })
    render(<StreamChart streamId="s1" />)
    fireEvent.click(await screen.findByRole('button', { name: '6 h' }))
    expect((await screen.findByTestId('stream-chart-no-viewers')).textContent).toBe(
      'No viewer samples in the last 6 h.',
    )
  })

  it('refreshes every 15 s while open, and stops and destroys its charts when closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { unmount } = render(<StreamChart streamId="s1" />)
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    expect(calls).toHaveLength(1)
    await act(async () => vi.advanceTimersByTime(15_000))
    expect(calls).toHaveLength(2)
    // The window moved on to now: the same charts are given the new data, not rebuilt.
    expect(FakePlot.made).toHaveLength(2)
    expect(FakePlot.made.map((p) => p.sets)).toEqual([1, 1])
    const moved = calls[1]?.window as { from: number; to: number }
    expect(moved.to - moved.from).toBe(HOUR)
    unmount()
    expect(FakePlot.made.every((p) => p.destroyed)).toBe(true)
    await act(async () => vi.advanceTimersByTime(60_000))
    expect(calls).toHaveLength(2)
  })

  it('with a fixed window (a broadcast) has no range buttons, asks for that window and does not refresh', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    render(<StreamChart streamId="s1" window={{ from: FROM, to: TO }} title="During the broadcast" />)
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    expect(calls).toEqual([{ streamId: 's1', window: { from: FROM, to: TO } }])
    expect(screen.queryByRole('button', { name: '1 h' })).toBeNull()
    expect(screen.getByRole('heading', { name: 'During the broadcast' })).toBeTruthy()
    await act(async () => vi.advanceTimersByTime(60_000))
    expect(calls).toHaveLength(1)
  })

  it('reads out the time, viewers, health, events of the bucket and a marker nearby on hover', async () => {
    const series = makeSeries()
    answer = async () => series
    render(<StreamChart streamId="s1" />)
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    const readout = screen.getByTestId('stream-chart-readout')
    expect(readout.textContent).toBe('Point at the chart for the time, viewers, health and events.')
    const at = FROM + 30 * MIN + 5000
    act(() => FakePlot.made[0]?.hover(at, series))
    expect(readout.textContent).toBe(
      `${clock(at)}${(1234).toLocaleString()} viewersdown3 events in 1 min from ${clock(FROM + 30 * MIN)}` +
        `Encoder disconnected at ${clock(FROM + 30 * MIN + 10_000)}`,
    )
    // Pointing at the events panel reads out the same moment; leaving clears it.
    act(() => FakePlot.made[1]?.hover(FROM + 45 * MIN, series))
    expect(readout.textContent).toBe(
      `${clock(FROM + 45 * MIN)}1 viewerdown0 events in 1 min from ${clock(FROM + 45 * MIN)}`,
    )
    act(() => {
      const main = FakePlot.made[0] as FakePlot
      main.cursor.left = -10
      for (const h of main.opts.hooks.setCursor ?? []) h(main)
    })
    expect(readout.textContent).toBe('Point at the chart for the time, viewers, health and events.')
  })

  it('fills one band per health span, in the health colours, clipped to the plot', async () => {
    const series = makeSeries()
    answer = async () => series
    render(<StreamChart streamId="s1" />)
    await waitFor(() => expect(FakePlot.made).toHaveLength(2))
    const main = FakePlot.made[0] as FakePlot
    main.span = [FROM / 1000, TO / 1000]
    for (const h of main.opts.hooks.drawClear ?? []) h(main)
    expect(main.rects).toEqual([
      { x: 0, w: 500, color: expect.any(String) },
      { x: 500, w: 500, color: expect.any(String) },
    ])
    expect(main.rects[0]?.color).not.toBe(main.rects[1]?.color)
  })

  it("on a broadcast's report, shows the chart of exactly that broadcast", async () => {
    const report = golden as BroadcastReport
    setStateApi({
      getBroadcastReport: async () => report,
      getStreamSeries: (streamId: string, window: SeriesWindow) => {
        calls.push({ streamId, window })
        return answer(streamId, window)
      },
    } as Partial<MonitorApi> as MonitorApi)
    render(<BroadcastReportView id={report.stream.id} number={1} />)
    const chart = await screen.findByTestId('stream-chart')
    expect(chart.textContent).toContain('Viewers and health during the broadcast')
    await waitFor(() => expect(calls).toHaveLength(1))
    expect(calls[0]).toEqual({
      streamId: report.stream.id,
      window: {
        from: Date.parse(report.broadcast.startedAt),
        // Through the event that ended it: the series is [from, to).
        to: Date.parse(report.broadcast.endedAt as string) + 1,
      },
    })
    expect(screen.queryByRole('button', { name: '7 d' })).toBeNull()
  })
})
