// The workspace overview on the board: a collapsible panel (its state remembered) with
// streams by health over time (stacked), deliveries and rejections per minute, and the
// delivery lag p50/p95; a range of 1 h / 6 h / 24 h / 7 d; a readout of the hovered
// (or latest) bucket; loading, empty and error states in words.
import { useCallback, useEffect, useMemo, useState } from 'react'
import uPlot from 'uplot'
import { useShallow } from 'zustand/react/shallow'
import { CHART_RANGE_WORD } from '../../state/series.ts'
import {
  OVERVIEW_RANGE_MS,
  OVERVIEW_RANGES,
  startOverviewRefresh,
  useWorkspaceSeries,
} from '../../state/workspace-series.ts'
import { Segmented } from '../Segmented.tsx'
import { OverviewChart, type OverviewChartSpec } from './OverviewChart.tsx'
import {
  isEmptySeries,
  lagColumns,
  rateColumns,
  readoutAt,
  STACK_ORDER,
  stackedHealth,
} from './overview-data.ts'
import { formatCountTick, formatLag, formatRateTick } from './overview-format.ts'
import { type OverviewTheme, readOverviewTheme, useColorScheme, withAlpha } from './overview-theme.ts'

function healthSpec(theme: OverviewTheme): OverviewChartSpec {
  // Counts hold for a bucket: steps, not slopes between buckets.
  const stepped = uPlot.paths?.stepped?.({ align: 1 })
  const series: uPlot.Series[] = STACK_ORDER.map((health) => ({
    label: health,
    // Areas only: a line along an empty area's top would draw the top colour over the others.
    stroke: 'transparent',
    fill: theme.healthFill[health],
    width: 0,
    ...(stepped ? { paths: stepped } : {}),
    points: { show: false },
  }))
  // Each area fills down to the one beneath it (series 1 is the bottom, filled to zero).
  const bands: uPlot.Band[] = STACK_ORDER.slice(1).map((_, i) => ({ series: [i + 2, i + 1] }))
  return { series, bands, yValues: formatCountTick }
}

function rateSpec(theme: OverviewTheme): OverviewChartSpec {
  return {
    series: [
      { label: 'deliveries', stroke: theme.accent, width: 1.5, points: { show: false } },
      {
        label: 'rejections',
        stroke: theme.warning,
        fill: withAlpha(theme.warning, 0.18),
        width: 1.5,
        points: { show: false },
      },
    ],
    yValues: formatRateTick,
  }
}

function lagSpec(theme: OverviewTheme): OverviewChartSpec {
  return {
    series: [
      { label: 'p50', stroke: theme.accent, width: 1.5, spanGaps: false, points: { show: false } },
      { label: 'p95', stroke: theme.text, width: 1, dash: [4, 3], spanGaps: false, points: { show: false } },
    ],
    yValues: formatLag,
    ySize: 56,
    yMinTop: 100,
  }
}

/** Colours of the readout's swatches, from the same properties the charts read. */
function swatches(theme: OverviewTheme): Record<string, string> {
  return {
    ...theme.health,
    deliveries: theme.accent,
    rejections: theme.warning,
    p50: theme.accent,
    p95: theme.text,
  }
}

function Readout({ index, spanMs, scheme }: { index: number | null; spanMs: number; scheme: string }) {
  const series = useWorkspaceSeries((s) => s.series)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours change with the scheme
  const colours = useMemo(() => swatches(readOverviewTheme()), [scheme])
  if (!series || series.at.length === 0) return null
  const shown = index ?? series.at.length - 1
  const readout = readoutAt(series, shown, spanMs)
  if (!readout) return null
  return (
    <dl className="wo-readout" data-testid="workspace-overview-readout">
      <div className="wo-readout-time">
        <dt>{index === null ? 'Latest' : 'At'}</dt>
        <dd>{readout.time}</dd>
      </div>
      {readout.items.map((item) => (
        <div key={item.key} data-key={item.key}>
          <dt>
            <span className="wo-swatch" style={{ background: colours[item.key] }} aria-hidden="true" />
            {item.label}
          </dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  )
}

function Charts({ scheme }: { scheme: string }): React.JSX.Element {
  const { range, state, series, error, load } = useWorkspaceSeries(
    useShallow((s) => ({ range: s.range, state: s.state, series: s.series, error: s.error, load: s.load })),
  )
  const [hovered, setHovered] = useState<number | null>(null)
  const spanMs = OVERVIEW_RANGE_MS[range]
  const columns = useMemo(
    () =>
      series ? { health: stackedHealth(series), rates: rateColumns(series), lag: lagColumns(series) } : null,
    [series],
  )
  const onHover = useCallback((i: number | null) => setHovered(i), [])

  useEffect(() => startOverviewRefresh(), [])

  if (!series || !columns) {
    if (state === 'error')
      return (
        <p className="wo-state wo-error" role="alert" data-testid="workspace-overview-error">
          Could not load the overview: {error}{' '}
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </p>
      )
    return (
      <p className="wo-state muted" data-testid="workspace-overview-loading">
        Loading the overview for the last {CHART_RANGE_WORD[range]}…
      </p>
    )
  }
  return (
    <>
      {state === 'error' ? (
        <p className="wo-state wo-error" role="alert" data-testid="workspace-overview-error">
          Could not refresh the overview: {error}{' '}
          <button type="button" onClick={() => void load()}>
            Retry
          </button>
        </p>
      ) : null}
      {isEmptySeries(series) ? (
        <p className="wo-state muted" data-testid="workspace-overview-empty">
          Nothing recorded in the last {CHART_RANGE_WORD[range]}: no streams, deliveries or rejections yet.
        </p>
      ) : null}
      <div className="wo-charts">
        <OverviewChart
          label="Streams by health"
          testId="overview-chart-health"
          columns={columns.health}
          spanMs={spanMs}
          scheme={scheme}
          spec={healthSpec}
          onHover={onHover}
        />
        <OverviewChart
          label="Deliveries and rejections per minute"
          testId="overview-chart-rates"
          columns={columns.rates}
          spanMs={spanMs}
          scheme={scheme}
          spec={rateSpec}
          onHover={onHover}
        />
        <OverviewChart
          label="Delivery lag p50 / p95"
          testId="overview-chart-lag"
          columns={columns.lag}
          spanMs={spanMs}
          scheme={scheme}
          spec={lagSpec}
          onHover={onHover}
        />
      </div>
      <Readout index={hovered} spanMs={spanMs} scheme={scheme} />
    </>
  )
}

export function OverviewPanel(): React.JSX.Element {
  const { open, range, setOpen, setRange } = useWorkspaceSeries(
    useShallow((s) => ({ open: s.open, range: s.range, setOpen: s.setOpen, setRange: s.setRange })),
  )
  const scheme = useColorScheme()
  return (
    <section className="workspace-overview" data-testid="workspace-overview" aria-labelledby="wo-title">
      <div className="wo-head">
        <button
          type="button"
          className="wo-toggle"
          aria-expanded={open}
          aria-controls="wo-body"
          data-testid="workspace-overview-toggle"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true" className="wo-caret">
            {open ? '▾' : '▸'}
          </span>{' '}
          <span id="wo-title">Workspace overview</span>
        </button>
        {open ? (
          <Segmented
            className="wo-ranges"
            legend="Range"
            options={OVERVIEW_RANGES}
            value={range}
            onChange={setRange}
            word={(r) => CHART_RANGE_WORD[r]}
            testIdPrefix="workspace-overview-range-"
          />
        ) : null}
      </div>
      {open ? (
        <div id="wo-body" className="wo-body">
          <Charts scheme={scheme} />
        </div>
      ) : null}
    </section>
  )
}
