// @vitest-environment happy-dom
// The workspace overview panel with uPlot replaced by a recorder (happy-dom has no canvas;
// the e2e drives the real one): closed and remembered, loading, charts with stacked
// columns, the readout (latest, then the hovered bucket), empty and error-with-retry states
// in words, range changes, the 15 s refresh, a colour-scheme change, and nothing left after unmount.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OverviewPanel } from '../../../../src/renderer/src/components/charts/OverviewPanel.tsx'
import { setStateApi } from '../../../../src/renderer/src/state/api-ref.ts'
import { resetMonitorState, useMonitor } from '../../../../src/renderer/src/state/monitor.ts'
import {
  resetWorkspaceSeries,
  useWorkspaceSeries,
} from '../../../../src/renderer/src/state/workspace-series.ts'
import type { MonitorApi } from '../../../../src/shared/api.ts'
import type { WorkspaceSeries } from '../../../../src/shared/workspace-series.ts'

interface FakePlot {
  opts: {
    series: { label?: string }[]
    bands?: { series: number[] }[]
    hooks: { setCursor: ((u: FakePlot) => void)[] }
  }
  data: unknown[][]
  cursor: { idx: number | null }
  destroyed: boolean
}

const plots = vi.hoisted(() => [] as FakePlot[])
vi.mock('uplot', () => ({
  default: class {
    opts: unknown
    data: unknown
    cursor = { idx: null as number | null }
    destroyed = false
    constructor(opts: unknown, data: unknown, el: HTMLElement) {
      this.opts = opts
      this.data = data
      el.appendChild(document.createElement('canvas'))
      plots.push(this as unknown as FakePlot)
    }
    setData(data: unknown) {
      this.data = data
    }
    setSize() {}
    destroy() {
      this.destroyed = true
    }
  },
}))

const MIN = 60_000
const NOW = 1_800_000_000_000

function series(patch: Partial<WorkspaceSeries> = {}): WorkspaceSeries {
  return {
    from: NOW - 3 * MIN,
    to: NOW,
    bucketMs: MIN,
    at: [NOW - 3 * MIN, NOW - 2 * MIN, NOW - MIN],
    streamsByHealth: {
      healthy: [3, 2, 1_200],
      degraded: [0, 1, 0],
      down: [1, 1, 2],
      unknown: [0, 0, 0],
      offline: [0, 0, 1],
    },
    deliveries: [10, 0, 2_500],
    rejections: [0, 3, 0],
    lagP50: [120, null, 1_500],
    lagP95: [900, null, 12_000],
    ...patch,
  }
}

let answer: () => Promise<WorkspaceSeries>
const getWorkspaceSeries = vi.fn((_range: { from?: number; to?: number }) => answer())

async function flush(): Promise<void> {
  await act(async () => {
    await Promise.resolve()
    await Promise.resolve()
  })
}

async function openPanel(): Promise<void> {
  render(<OverviewPanel />)
  fireEvent.click(screen.getByTestId('workspace-overview-toggle'))
  await flush()
}

const readoutValue = (key: string): string | null | undefined =>
  screen.getByTestId('workspace-overview-readout').querySelector(`[data-key="${key}"] dd`)?.textContent

beforeEach(() => {
  plots.length = 0
  localStorage.clear()
  resetMonitorState()
  useMonitor.setState({ clockOffset: 0 })
  resetWorkspaceSeries()
  getWorkspaceSeries.mockClear()
  answer = async () => series()
  setStateApi({ getWorkspaceSeries } as unknown as MonitorApi)
})
afterEach(() => {
  cleanup()
  setStateApi(null)
  vi.useRealTimers()
})

describe('workspace overview panel', () => {
  it('starts closed, asks nothing, and remembers being opened', async () => {
    render(<OverviewPanel />)
    const toggle = screen.getByTestId('workspace-overview-toggle')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(screen.getByTestId('workspace-overview').textContent).toContain('Workspace overview')
    expect(getWorkspaceSeries).not.toHaveBeenCalled()
    fireEvent.click(toggle)
    await flush()
    expect(localStorage.getItem('fpm.overview.open')).toBe('1')
    expect(getWorkspaceSeries).toHaveBeenCalledTimes(1)
    fireEvent.click(toggle)
    expect(localStorage.getItem('fpm.overview.open')).toBe('0')
    expect(plots.every((p) => p.destroyed)).toBe(true)
  })

  it('says it is loading until the first answer, then draws three charts with the stack summed bottom up', async () => {
    let resolve: (s: WorkspaceSeries) => void = () => {}
    answer = () => new Promise((r) => (resolve = r))
    await openPanel()
    expect(screen.getByTestId('workspace-overview-loading').textContent).toBe(
      'Loading the overview for the last 1 h…',
    )
    await act(async () => resolve(series()))
    expect(screen.queryByTestId('workspace-overview-loading')).toBeNull()
    expect(screen.getByTestId('workspace-overview').querySelectorAll('canvas')).toHaveLength(3)
    const [health, rates, lag] = plots
    // healthy, offline, unknown, degraded, down: each column the running sum of those below.
    expect(health?.opts.series.slice(1).map((s) => s.label)).toEqual([
      'healthy',
      'offline',
      'unknown',
      'degraded',
      'down',
    ])
    expect(health?.data.slice(1)).toEqual([
      [3, 2, 1_200],
      [3, 2, 1_201],
      [3, 2, 1_201],
      [3, 3, 1_201],
      [4, 4, 1_203],
    ])
    expect(health?.opts.bands?.map((b) => b.series)).toEqual([
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
    ])
    expect(rates?.data).toEqual([series().at, [10, 0, 2_500], [0, 3, 0]])
    expect(lag?.data).toEqual([series().at, [120, null, 1_500], [900, null, 12_000]])
  })

  it('reads out the latest bucket, then the hovered one, in words with separators', async () => {
    await openPanel()
    const readout = screen.getByTestId('workspace-overview-readout')
    expect(within(readout).getByText('Latest')).toBeTruthy()
    expect(readoutValue('healthy')).toBe('1,200')
    expect(readoutValue('deliveries')).toBe('2,500/min')
    expect(readoutValue('p50')).toBe('1.5 s')
    expect(readoutValue('p95')).toBe('12 s')
    const health = plots[0] as FakePlot
    act(() => {
      health.cursor.idx = 1
      for (const hook of health.opts.hooks.setCursor) hook(health)
    })
    expect(within(readout).getByText('At')).toBeTruthy()
    expect(readoutValue('degraded')).toBe('1')
    expect(readoutValue('rejections')).toBe('3/min')
    expect(readoutValue('p50')).toBe('–')
    act(() => {
      health.cursor.idx = null
      for (const hook of health.opts.hooks.setCursor) hook(health)
    })
    expect(within(readout).getByText('Latest')).toBeTruthy()
  })

  it('says so when nothing was recorded in the range', async () => {
    const zeros = [0, 0, 0]
    answer = async () =>
      series({
        streamsByHealth: { healthy: zeros, degraded: zeros, down: zeros, unknown: zeros, offline: zeros },
        deliveries: zeros,
        rejections: zeros,
        lagP50: [null, null, null],
        lagP95: [null, null, null],
      })
    await openPanel()
    expect(screen.getByTestId('workspace-overview-empty').textContent).toBe(
      'Nothing recorded in the last 1 h: no streams, deliveries or rejections yet.',
    )
  })

  it('says why it could not load, and retries on request', async () => {
    answer = async () => {
      throw new Error(
        "The overview's range is refused: the window is 9 days long; a chart covers at most 8 days.",
      )
    }
    await openPanel()
    const error = screen.getByTestId('workspace-overview-error')
    expect(error.textContent).toContain(
      "Could not load the overview: The overview's range is refused: the window is 9 days long; a chart covers at most 8 days.",
    )
    answer = async () => series()
    fireEvent.click(within(error).getByRole('button', { name: 'Retry' }))
    await flush()
    expect(screen.queryByTestId('workspace-overview-error')).toBeNull()
    expect(plots).toHaveLength(3)
    expect(getWorkspaceSeries).toHaveBeenCalledTimes(2)
  })

  it('asks for the chosen range on the monitor clock, and rebuilds for its span', async () => {
    useMonitor.setState({ clockOffset: 5_000 })
    await openPanel()
    const before = Date.now()
    fireEvent.click(screen.getByTestId('workspace-overview-range-6h'))
    await flush()
    expect(screen.getByTestId('workspace-overview-range-6h').getAttribute('aria-pressed')).toBe('true')
    const from = getWorkspaceSeries.mock.calls.at(-1)?.[0].from ?? 0
    expect(from).toBeGreaterThanOrEqual(before + 5_000 - 6 * 60 * MIN - 1)
    expect(from).toBeLessThanOrEqual(Date.now() + 5_000 - 6 * 60 * MIN)
    // The first three were built for 1 h and are gone; three new ones draw 6 h.
    expect(plots.slice(0, 3).every((p) => p.destroyed)).toBe(true)
    expect(plots.slice(3)).toHaveLength(3)
  })

  it('refreshes every 15 s while open, feeding the same charts, and stops on unmount', async () => {
    vi.useFakeTimers()
    const { unmount } = render(<OverviewPanel />)
    fireEvent.click(screen.getByTestId('workspace-overview-toggle'))
    await flush()
    expect(getWorkspaceSeries).toHaveBeenCalledTimes(1)
    answer = async () => series({ deliveries: [1, 2, 3] })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(15_000)
    })
    expect(getWorkspaceSeries).toHaveBeenCalledTimes(2)
    expect(plots).toHaveLength(3)
    expect(plots[1]?.data[1]).toEqual([1, 2, 3])
    unmount()
    expect(plots.every((p) => p.destroyed)).toBe(true)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000)
    })
    expect(getWorkspaceSeries).toHaveBeenCalledTimes(2)
  })

  it('rebuilds the charts when the system switches between light and dark', async () => {
    const listeners: ((e: { matches: boolean }) => void)[] = []
    const original = window.matchMedia
    window.matchMedia = ((query: string) => ({
      matches: false,
      media: query,
      addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l),
      removeEventListener: () => {},
    })) as unknown as typeof window.matchMedia
    try {
      await openPanel()
      expect(plots).toHaveLength(3)
      act(() => {
        for (const l of listeners) l({ matches: true })
      })
      expect(plots.slice(0, 3).every((p) => p.destroyed)).toBe(true)
      expect(plots).toHaveLength(6)
    } finally {
      window.matchMedia = original
    }
  })

  it('keeps the last picture when a refresh fails, and says so', async () => {
    await openPanel()
    answer = async () => {
      throw new Error('the monitor is not answering')
    }
    await act(async () => {
      await useWorkspaceSeries.getState().load()
    })
    expect(screen.getByTestId('workspace-overview-error').textContent).toContain(
      'Could not refresh the overview: the monitor is not answering',
    )
    expect(plots.filter((p) => !p.destroyed)).toHaveLength(3)
  })
})
