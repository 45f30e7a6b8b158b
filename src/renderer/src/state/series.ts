// The stream chart's state: the range the operator picked (kept while the app runs) and
// the series each open chart shows, loaded through MonitorApi. A refresh keeps the series
// on screen until the new one arrives; a failed refresh keeps it too, with the error.
import { create } from 'zustand'
import type { StreamSeries } from '../../../shared/series.ts'
import { storeApi } from './api-ref.ts'

export type ChartRange = '1h' | '6h' | '24h' | '7d'
export const CHART_RANGES: readonly ChartRange[] = ['1h', '6h', '24h', '7d']
export const CHART_RANGE_MS: Record<ChartRange, number> = {
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
}
export const CHART_RANGE_WORD: Record<ChartRange, string> = {
  '1h': '1 h',
  '6h': '6 h',
  '24h': '24 h',
  '7d': '7 d',
}

/** How often an open chart of a window ending now asks again. */
export const SERIES_REFRESH_MS = 15_000

export interface ChartSeries {
  streamId: string
  state: 'loading' | 'ready' | 'error'
  /** The newest series loaded for this chart (kept through refreshes and their failures). */
  series: StreamSeries | null
  error: string | null
  /** Numbers the requests, so an older answer never replaces a newer one. */
  request: number
}

export interface SeriesState {
  range: ChartRange
  /** Open charts by key (one per mounted chart). */
  charts: Record<string, ChartSeries>
  setRange(range: ChartRange): void
  loadSeries(key: string, streamId: string, window: { from: number; to: number }): Promise<void>
  dropSeries(key: string): void
}

let requests = 0

export const useSeries = create<SeriesState>()((set, get) => ({
  range: '1h',
  charts: {},
  setRange: (range) => set({ range }),
  async loadSeries(key, streamId, window) {
    const request = ++requests
    const before = get().charts[key]
    // Another stream's series is not shown while this one loads.
    const kept = before?.streamId === streamId ? before : null
    set((s) => ({
      charts: {
        ...s.charts,
        [key]: {
          streamId,
          state: kept?.series ? kept.state : 'loading',
          series: kept?.series ?? null,
          error: kept?.series ? kept.error : null,
          request,
        },
      },
    }))
    const settle = (patch: Partial<ChartSeries>): void =>
      set((s) => {
        const current = s.charts[key]
        if (!current || current.request !== request) return s
        return { charts: { ...s.charts, [key]: { ...current, ...patch } } }
      })
    try {
      const series = await storeApi().getStreamSeries(streamId, window)
      settle({ state: 'ready', series, error: null })
    } catch (error) {
      settle({ state: 'error', error: (error as Error).message })
    }
  },
  dropSeries: (key) =>
    set((s) => {
      if (!(key in s.charts)) return s
      const { [key]: _, ...rest } = s.charts
      return { charts: rest }
    }),
}))

/** Between tests. */
export function resetSeriesState(): void {
  useSeries.setState({ range: '1h', charts: {} })
}
