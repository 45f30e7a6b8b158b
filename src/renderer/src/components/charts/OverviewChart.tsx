// One uPlot chart of the workspace overview: built from the theme read at build time
// (rebuilt when the colour scheme or the range's span changes), fed new columns with
// setData, sized to its box, destroyed on unmount. The cursor is shared by the panel's
// charts (one sync key) and reported as the hovered bucket.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Columns } from './overview-data.ts'
import { formatAxisTime } from './overview-format.ts'
import { type OverviewTheme, readOverviewTheme } from './overview-theme.ts'

export const OVERVIEW_SYNC_KEY = 'workspace-overview'
const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'

/** What a chart adds to the shared frame: its series (after the time), bands, y axis words. */
export interface OverviewChartSpec {
  series: uPlot.Series[]
  bands?: uPlot.Band[]
  yValues(value: number): string
  ySize?: number
  /** Lowest top of the y scale (an empty chart still has an axis). */
  yMinTop?: number
}

interface Props {
  label: string
  testId: string
  columns: Columns
  spanMs: number
  /** Changes with the colour scheme: the chart is rebuilt with the new colours. */
  scheme: string
  spec(theme: OverviewTheme): OverviewChartSpec
  onHover(index: number | null): void
  height?: number
}

function options(
  props: Props,
  width: number,
  onHover: { current: (i: number | null) => void },
): uPlot.Options {
  const theme = readOverviewTheme()
  const spec = props.spec(theme)
  const axis = (values: (v: number) => string, size?: number): uPlot.Axis => ({
    stroke: theme.muted,
    font: FONT,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
    values: (_u, splits) => splits.map(values),
    ...(size ? { size } : {}),
  })
  return {
    width,
    height: props.height ?? 120,
    ms: 1,
    legend: { show: false },
    // Room on the right for the last time label, which is centred on its tick.
    padding: [8, 20, 0, 0],
    cursor: {
      sync: { key: OVERVIEW_SYNC_KEY },
      y: false,
      drag: { x: false, y: false, setScale: false },
      points: { size: 6 },
    },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, Math.max(spec.yMinTop ?? 1, max * 1.08)] },
    },
    axes: [
      { ...axis((v) => formatAxisTime(v, props.spanMs)), space: 64 },
      { ...axis(spec.yValues, spec.ySize ?? 44), space: 28 },
    ],
    series: [{}, ...spec.series],
    ...(spec.bands ? { bands: spec.bands } : {}),
    hooks: { setCursor: [(u) => onHover.current(u.cursor.idx ?? null)] },
  }
}

export function OverviewChart(props: Props): React.JSX.Element {
  const box = useRef<HTMLDivElement | null>(null)
  const chart = useRef<uPlot | null>(null)
  const latest = useRef(props)
  latest.current = props
  const hover = useRef(props.onHover)
  hover.current = props.onHover
  const { scheme, spanMs } = props

  // Built once per colour scheme and span; the data goes in through setData below.
  useEffect(() => {
    const el = box.current
    if (!el) return
    const width = (): number => Math.max(160, Math.floor(el.clientWidth || 320))
    const u = new uPlot(
      options({ ...latest.current, scheme, spanMs }, width(), hover),
      latest.current.columns as uPlot.AlignedData,
      el,
    )
    chart.current = u
    const height = latest.current.height ?? 120
    const resize =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => u.setSize({ width: width(), height }))
    resize?.observe(el)
    return () => {
      resize?.disconnect()
      u.destroy()
      chart.current = null
    }
  }, [scheme, spanMs])

  useEffect(() => {
    chart.current?.setData(props.columns as uPlot.AlignedData)
  }, [props.columns])

  return (
    <figure className="wo-chart" data-testid={props.testId}>
      <figcaption className="wo-chart-title">{props.label}</figcaption>
      <div className="wo-canvas" ref={box} />
    </figure>
  )
}
