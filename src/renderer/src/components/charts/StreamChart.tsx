// One stream's chart: viewers as a line over health bands, markers for the encoder's
// disconnects and reconnects and for target outages, and events per bucket in a shorter
// panel below (the two share the cursor). Ranges of 1 h to 7 d on the stream page; a fixed
// window (a broadcast) on its report. Refreshed every 15 s while the window ends now.
import { useEffect, useId, useMemo, useState } from 'react'
import uPlot from 'uplot'
import type { Health } from '../../../../shared/domain.ts'
import { MAX_SERIES_SPAN_MS, type SeriesMarkerKind, type StreamSeries } from '../../../../shared/series.ts'
import { useMonitor } from '../../state/monitor.ts'
import {
  CHART_RANGE_MS,
  CHART_RANGE_WORD,
  CHART_RANGES,
  type ChartRange,
  SERIES_REFRESH_MS,
  useSeries,
} from '../../state/series.ts'
import { Segmented } from '../Segmented.tsx'
import { COUNT_INCRS, countTicks, TIME_INCRS, timeTickSpace, timeTicks } from './axes.ts'
import { type ChartTheme, readChartTheme } from './chart-theme.ts'
import { HEALTH_WORD, readoutAt } from './stream-readout.ts'
import { useUplot } from './useUplot.ts'
import '../../styles/stream-chart.css'

/** A window of its own (a broadcast); `to: null` while it is still live (then it refreshes). */
export interface ChartWindow {
  from: number
  to: number | null
}

export interface StreamChartProps {
  streamId: string
  /** Without it the chart has its range buttons and ends now. */
  window?: ChartWindow
  title?: string
}

const MAIN_HEIGHT = 220
const EVENTS_HEIGHT = 90
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
const HEALTH_ORDER: readonly Health[] = ['healthy', 'degraded', 'down', 'unknown', 'offline']

/** How each kind of marker looks: colour (a theme key), dash and glyph. */
const MARKER_STYLE: Record<
  SeriesMarkerKind,
  { color: (t: ChartTheme) => string; dash: number[]; glyph: string; word: string }
> = {
  disconnect: { color: (t) => t.health.down, dash: [], glyph: '▼', word: 'encoder disconnected' },
  reconnect: { color: (t) => t.health.healthy, dash: [6, 4], glyph: '▲', word: 'encoder reconnected' },
  'target-down': { color: (t) => t.health.degraded, dash: [2, 3], glyph: '◆', word: 'target outage began' },
  'target-up': { color: (t) => t.accent, dash: [2, 3], glyph: '◇', word: 'target outage over' },
}
const MARKER_KINDS = Object.keys(MARKER_STYLE) as SeriesMarkerKind[]

const serverNow = (): number => Date.now() + useMonitor.getState().clockOffset

/** The window asked for: the fixed one (a live one ends now, at most 8 days long), or the picked range ending now. */
function windowOf(range: ChartRange, fixed: ChartWindow | undefined): { from: number; to: number } {
  if (fixed) {
    if (fixed.to !== null) return { from: fixed.from, to: fixed.to }
    const to = Math.max(fixed.from + 60_000, serverNow())
    return { from: Math.max(fixed.from, to - MAX_SERIES_SPAN_MS), to }
  }
  const to = serverNow()
  return { from: to - CHART_RANGE_MS[range], to }
}

export function StreamChart({ streamId, window, title = 'Viewers and health' }: StreamChartProps) {
  const key = useId()
  const titleId = `${key}-title`
  const range = useSeries((s) => s.range)
  const setRange = useSeries((s) => s.setRange)
  const loadSeries = useSeries((s) => s.loadSeries)
  const dropSeries = useSeries((s) => s.dropSeries)
  const chart = useSeries((s) => s.charts[key])
  const fixedFrom = window?.from
  const fixedTo = window?.to
  const live = window === undefined || window.to === null

  useEffect(() => {
    const fixed = fixedFrom === undefined ? undefined : { from: fixedFrom, to: fixedTo ?? null }
    const load = (): void => void loadSeries(key, streamId, windowOf(range, fixed))
    load()
    if (!live) return
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) load()
    }, SERIES_REFRESH_MS)
    return () => clearInterval(timer)
  }, [key, streamId, range, fixedFrom, fixedTo, live, loadSeries])
  useEffect(() => () => dropSeries(key), [key, dropSeries])

  const retry = (): void =>
    void loadSeries(
      key,
      streamId,
      windowOf(range, fixedFrom === undefined ? undefined : { from: fixedFrom, to: fixedTo ?? null }),
    )
  const during = window ? 'during this broadcast' : `in the last ${CHART_RANGE_WORD[range]}`
  const series = chart?.series ?? null
  const nothing =
    series !== null &&
    series.viewers.length === 0 &&
    series.health.length === 0 &&
    series.events.every((b) => b.count === 0)

  return (
    <section
      className="panel stream-chart"
      data-testid="stream-chart"
      data-state={chart?.state ?? 'loading'}
      data-samples={series?.viewers.length ?? 0}
      aria-labelledby={titleId}
    >
      <div className="panel-head">
        <h2 id={titleId}>{title}</h2>
        {window ? null : (
          <Segmented
            legend="Chart range"
            options={CHART_RANGES}
            value={range}
            onChange={setRange}
            word={(r) => CHART_RANGE_WORD[r]}
            testIdPrefix="chart-range-"
          />
        )}
      </div>
      {chart?.state === 'error' ? (
        <p className="error" role="alert" data-testid="stream-chart-error">
          {series ? 'Could not refresh the chart' : 'Could not load the chart'}: {chart.error}{' '}
          <button type="button" className="link-button" onClick={retry}>
            Try again
          </button>
        </p>
      ) : null}
      {series === null && chart?.state !== 'error' ? (
        <p className="muted" data-testid="stream-chart-loading">
          Loading the chart {during}…
        </p>
      ) : null}
      {nothing ? (
        <p className="empty" data-testid="stream-chart-empty">
          Nothing kept for this stream {during}: no viewer samples, health changes or events.
        </p>
      ) : null}
      {series !== null && !nothing ? (
        <>
          {series.viewers.length === 0 ? (
            <p className="muted small" data-testid="stream-chart-no-viewers">
              No viewer samples {during}.
            </p>
          ) : null}
          <ChartPanels
            series={series}
            frame={window ? `${streamId}|${window.from}` : `${streamId}|${range}`}
          />
        </>
      ) : null}
    </section>
  )
}

/**
 * The two panels. `frame` names what they show (the stream and its range, or a broadcast): a
 * new frame rebuilds the charts; a refresh (the window moved on to now) only gives them new data.
 */
function ChartPanels({ series, frame }: { series: StreamSeries; frame: string }): React.JSX.Element {
  const [hover, setHover] = useState<number | null>(null)
  const syncKey = useId()
  const spanMs = series.to - series.from
  const latest = useLatest(series)

  const viewerData = useMemo<uPlot.AlignedData>(
    () => [series.viewers.map((v) => v.at / 1000), series.viewers.map((v) => v.count)],
    [series.viewers],
  )
  const eventData = useMemo<uPlot.AlignedData>(
    () => [series.events.map((b) => b.at / 1000), series.events.map((b) => b.count)],
    [series.events],
  )

  const main = useUplot({
    key: frame,
    height: MAIN_HEIGHT,
    data: viewerData,
    options: () => chartOptions(latest, syncKey, setHover, 'main'),
  })
  const events = useUplot({
    key: frame,
    height: EVENTS_HEIGHT,
    data: eventData,
    options: () => chartOptions(latest, syncKey, setHover, 'events'),
  })
  // A refresh may bring new bands and markers with the same data arrays' lengths: redraw.
  // biome-ignore lint/correctness/useExhaustiveDependencies: redrawn when the series changes.
  useEffect(() => {
    main.plot.current?.redraw(false, false)
    events.plot.current?.redraw(false, false)
  }, [series])

  const readout = hover === null ? null : readoutAt(series, hover, spanMs / 100)
  const healths = HEALTH_ORDER.filter((h) => series.health.some((s) => s.health === h))
  const kinds = MARKER_KINDS.filter((k) => series.markers.some((m) => m.kind === k))
  return (
    <div className="chart-body">
      <p className="chart-readout" data-testid="stream-chart-readout">
        {readout ? (
          <>
            <strong>{readout.time}</strong>
            <span>{readout.viewers}</span>
            <span>
              {readout.healthState ? (
                <i className={`chart-swatch band-${readout.healthState}`} aria-hidden="true" />
              ) : null}
              {readout.health}
            </span>
            <span>{readout.events}</span>
            {readout.marker ? <span className="chart-readout-marker">{readout.marker}</span> : null}
          </>
        ) : (
          <span className="muted">Point at the chart for the time, viewers, health and events.</span>
        )}
      </p>
      <div className="chart-canvas" ref={main.ref} data-testid="stream-chart-viewers" />
      <div className="chart-panel-label muted small">Events per {bucketWords(series.bucketMs)}</div>
      <div className="chart-canvas" ref={events.ref} data-testid="stream-chart-events" />
      <ul className="chart-legend" aria-label="Legend">
        <li>
          <i className="chart-swatch line-viewers" aria-hidden="true" />
          viewers
        </li>
        {healths.map((h) => (
          <li key={h}>
            <i className={`chart-swatch band-${h}`} aria-hidden="true" />
            {HEALTH_WORD[h]}
          </li>
        ))}
        {kinds.map((k) => (
          <li key={k} data-testid={`chart-legend-${k}`}>
            <i className={`chart-mark mark-${k}`} aria-hidden="true">
              {MARKER_STYLE[k].glyph}
            </i>
            {MARKER_STYLE[k].word}
          </li>
        ))}
      </ul>
    </div>
  )
}

function bucketWords(ms: number): string {
  const min = Math.round(ms / 60_000)
  if (min === 1) return 'minute'
  if (min < 60) return `${min} minutes`
  const h = Math.round(min / 60)
  return h === 1 ? 'hour' : h === 24 ? 'day' : `${h} hours`
}

/** A ref that always holds the newest value (the chart's hooks read the series through it). */
function useLatest<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }))
  ref.current = value
  return ref
}

function chartOptions(
  latest: { current: StreamSeries },
  syncKey: string,
  onHover: (at: number | null) => void,
  panel: 'main' | 'events',
): Omit<uPlot.Options, 'width' | 'height'> {
  let theme = readChartTheme()
  const span = (): number => latest.current.to - latest.current.from
  const axisStroke = (): string => theme.muted
  const grid = { stroke: () => theme.grid, width: 1 }
  const values = panel === 'main' ? 'viewers' : 'events'
  return {
    padding: [panel === 'main' ? 16 : 6, 12, 0, 0],
    legend: { show: false },
    cursor: {
      sync: { key: syncKey, scales: ['x', null] },
      y: false,
      drag: { x: false, y: false, setScale: false },
      points: { show: panel === 'main' },
    },
    scales: {
      x: { time: true, range: () => [latest.current.from / 1000, latest.current.to / 1000] },
      y: {
        range: (_u, _min, max) => [0, Math.max(panel === 'main' ? 10 : 4, Math.ceil((max ?? 0) * 1.15))],
      },
    },
    series: [
      {},
      panel === 'main'
        ? {
            label: 'Viewers',
            stroke: () => theme.accent,
            width: 2,
            paths: uPlot.paths.stepped?.({ align: 1 }),
            points: { show: false },
          }
        : {
            label: 'Events',
            stroke: () => theme.muted,
            fill: () => theme.muted,
            width: 0,
            paths: uPlot.paths.bars?.({ align: 1, size: [0.85, 40] }),
            points: { show: false },
          },
    ],
    axes: [
      {
        stroke: axisStroke,
        font: AXIS_FONT,
        grid,
        ticks: { stroke: () => theme.grid, width: 1 },
        values: timeTicks(span),
        incrs: TIME_INCRS,
        space: () => timeTickSpace(span()),
        ...(panel === 'main' ? { size: 28 } : { size: 30 }),
      },
      {
        stroke: axisStroke,
        font: AXIS_FONT,
        grid,
        ticks: { stroke: () => theme.grid, width: 1 },
        values: countTicks,
        incrs: COUNT_INCRS,
        size: 64,
        space: panel === 'main' ? 36 : 18,
        label: values,
        labelFont: AXIS_FONT,
        labelSize: 16,
      },
    ],
    hooks: {
      drawClear: [
        (u) => {
          theme = readChartTheme()
          drawBands(u, latest.current, theme, panel === 'main' ? 1 : 0.5)
        },
      ],
      draw: [(u) => drawMarkers(u, latest.current, theme, panel === 'main')],
      setCursor: [
        (u) => {
          const left = u.cursor.left
          onHover(left === undefined || left < 0 ? null : u.posToVal(left, 'x') * 1000)
        },
      ],
    },
  }
}

/** Health spans as translucent bands behind everything (canvas pixels). */
function drawBands(u: uPlot, series: StreamSeries, theme: ChartTheme, strength: number): void {
  const { ctx } = u
  const { left, top, width, height } = u.bbox
  ctx.save()
  ctx.globalAlpha = theme.bandAlpha * strength
  for (const s of series.health) {
    const x0 = Math.max(left, u.valToPos(s.from / 1000, 'x', true))
    const x1 = Math.min(left + width, u.valToPos(s.to / 1000, 'x', true))
    if (x1 <= x0) continue
    ctx.fillStyle = theme.health[s.health]
    ctx.fillRect(x0, top, x1 - x0, height)
  }
  ctx.restore()
}

/** Markers as vertical lines (dash per kind) with a glyph at the top of the main panel. */
function drawMarkers(u: uPlot, series: StreamSeries, theme: ChartTheme, glyphs: boolean): void {
  const { ctx } = u
  const { left, top, width, height } = u.bbox
  const px = devicePixelRatio || 1
  ctx.save()
  ctx.lineWidth = 1.5 * px
  ctx.textAlign = 'center'
  ctx.textBaseline = 'bottom'
  ctx.font = `${10 * px}px system-ui, sans-serif`
  // Glyphs of markers at (nearly) the same moment sit side by side instead of hiding each other.
  let lastX = Number.NEGATIVE_INFINITY
  let stack = 0
  for (const m of series.markers) {
    const x = Math.round(u.valToPos(m.at / 1000, 'x', true)) + 0.5
    if (x < left || x > left + width) continue
    const style = MARKER_STYLE[m.kind]
    const color = style.color(theme)
    ctx.strokeStyle = color
    ctx.setLineDash(style.dash.map((d) => d * px))
    ctx.beginPath()
    ctx.moveTo(x, top)
    ctx.lineTo(x, top + height)
    ctx.stroke()
    if (glyphs) {
      stack = x - lastX < 8 * px ? stack + 1 : 0
      lastX = x
      ctx.fillStyle = color
      ctx.fillText(style.glyph, x + stack * 9 * px, top)
    }
  }
  ctx.restore()
}
