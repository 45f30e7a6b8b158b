// The workspace overview on the board: the chosen range, whether the panel is open
// (remembered on this device), and the series loaded through MonitorApi. Loads on a
// range change and every 15 s while the panel is open and the page visible.
import { create } from 'zustand'
import type { WorkspaceSeries } from '../../../shared/workspace-series.ts'
import { storeApi } from './api-ref.ts'
import { useMonitor } from './monitor.ts'
import { CHART_RANGE_MS, CHART_RANGES, type ChartRange, SERIES_REFRESH_MS } from './series.ts'

// The same ranges and refresh as a stream's chart.
export type OverviewRange = ChartRange
export const OVERVIEW_RANGES = CHART_RANGES
export const OVERVIEW_RANGE_MS = CHART_RANGE_MS
export const OVERVIEW_REFRESH_MS = SERIES_REFRESH_MS
const OPEN_KEY = 'fpm.overview.open'

export interface WorkspaceSeriesState {
  range: OverviewRange
  open: boolean
  /** idle: nothing asked yet; loading: the first answer for this range is on its way. */
  state: 'idle' | 'loading' | 'ready' | 'error'
  series: WorkspaceSeries | null
  error: string | null
  setRange(range: OverviewRange): void
  setOpen(open: boolean): void
  /** Asks for the current range now; an answer for an older request is dropped. */
  load(): Promise<void>
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

const rememberedOpen = (): boolean => storage()?.getItem(OPEN_KEY) === '1'

let request = 0

export const useWorkspaceSeries = create<WorkspaceSeriesState>()((set, get) => ({
  range: '1h',
  open: rememberedOpen(),
  state: 'idle',
  series: null,
  error: null,
  setRange(range) {
    if (range === get().range) return
    // The old range's picture would mislead while the new one loads.
    set({ range, series: null, state: 'loading', error: null })
    void get().load()
  },
  setOpen(open) {
    storage()?.setItem(OPEN_KEY, open ? '1' : '0')
    set({ open })
  },
  async load() {
    const mine = ++request
    const { range, series } = get()
    if (series === null) set({ state: 'loading', error: null })
    // On the monitor's clock (the demo's may run fast); the end is the monitor's now.
    const from = Math.max(
      0,
      Math.round(Date.now() + useMonitor.getState().clockOffset - OVERVIEW_RANGE_MS[range]),
    )
    try {
      const next = await storeApi().getWorkspaceSeries({ from })
      if (mine === request) set({ series: next, state: 'ready', error: null })
    } catch (error) {
      // A failed refresh says so; the last picture stays until the next one arrives.
      if (mine === request) set({ state: 'error', error: (error as Error).message })
    }
  },
}))

/** Loads now, then every 15 s while the page is visible; the returned function stops it. */
export function startOverviewRefresh(intervalMs = OVERVIEW_REFRESH_MS): () => void {
  const tick = (): void => {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden')
      void useWorkspaceSeries.getState().load()
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') tick()
  }
  document.addEventListener('visibilitychange', onVisible)
  return () => {
    clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisible)
    // Whatever is still on its way is dropped.
    request += 1
  }
}

/** For tests: back to a fresh, closed panel. */
export function resetWorkspaceSeries(): void {
  request += 1
  useWorkspaceSeries.setState({ range: '1h', open: false, state: 'idle', series: null, error: null })
}
